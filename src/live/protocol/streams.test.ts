import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedPacket } from './codes.ts';
import { FeedPacketWriter } from './FeedPacketWriter.ts';
import { FrameReader } from './FrameReader.ts';
import {
  encodeFeedAddOrder,
  encodeFeedOrderCancel,
  encodeFeedOrderDelete,
  encodeFeedOrderExecuted,
  encodeFeedSystemEvent,
  encodeFeedTrade,
} from './marketDataCodec.ts';
import { MarketDataDecoder } from './MarketDataDecoder.ts';
import { FeedAddOrder } from './marketDataMessages.ts';
import { OrderEntryClientDecoder } from './OrderEntryDecoder.ts';
import { SEQUENCED_HEADER_LENGTH } from './sessionPackets.ts';
import { assign, messageArbitrary, snapshot, WIRE_CASES, type Fields } from './testkit.ts';
import { putU64, wireView } from './wire.ts';

/** Cuts `stream` at random fractions and feeds the pieces to `reader`, calling `onFrame` per frame. */
function feed(stream: Uint8Array, fractions: number[], reader: FrameReader, onFrame: () => void): void {
  const cuts = [...new Set(fractions.map((f) => Math.floor(f * stream.length))), stream.length].sort((a, b) => a - b);
  let at = 0;
  for (const c of cuts) {
    reader.push(stream.subarray(at, c));
    while (reader.next()) onFrame();
    at = c;
  }
}

const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 });

describe('order entry: a venue → client stream, split anywhere, decodes to the same messages in order', () => {
  const outbound = WIRE_CASES.filter((c) => c.layoutOffset === SEQUENCED_HEADER_LENGTH);
  const pick = (d: OrderEntryClientDecoder, key: string): Fields => {
    const by: Record<string, object> = {
      'oe.SystemEvent': d.systemEvent,
      'oe.Accepted': d.accepted,
      'oe.Replaced': d.replaced,
      'oe.Executed': d.executed,
      'oe.Cancelled': d.cancelled,
      'oe.Rejected': d.rejected,
    };
    return by[key] as unknown as Fields;
  };
  const message = fc.nat(outbound.length - 1).chain((i) => messageArbitrary(outbound[i]).map((v) => ({ i, v })));

  it('property', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 80 }), fractions, (msgs, cuts) => {
        const stream = new Uint8Array(msgs.length * 64);
        const sv = wireView(stream);
        let n = 0;
        msgs.forEach(({ i, v }, k) => {
          const at = n;
          n += outbound[i].frame(sv, at, assign(outbound[i].make(), v));
          putU64(sv, at + 3, k + 1, 'sequence');
        });
        const reader = new FrameReader({ initialCapacity: 64 });
        const d = new OrderEntryClientDecoder(reader.errors);
        let k = 0;
        feed(stream.subarray(0, n), cuts, reader, () => {
          expect(d.decode(reader.view, reader.start, reader.end)).not.toBe(0);
          const { i, v } = msgs[k];
          expect(d.sequence).toBe(k + 1);
          expect(d.messageType).toBe(outbound[i].spec.letter.charCodeAt(0));
          expect(snapshot(pick(d, outbound[i].spec.key))).toEqual(snapshot(assign(outbound[i].make(), v)));
          k++;
        });
        expect(k).toBe(msgs.length);
        expect(reader.errors.total).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('market data: messages packed into packets of any size, split anywhere, arrive with consecutive sequence numbers', () => {
  const kinds = ['md.SystemEvent', 'md.AddOrder', 'md.OrderExecuted', 'md.OrderCancel', 'md.OrderDelete', 'md.Trade'];
  const cases = kinds.map((k) => WIRE_CASES.find((c) => c.spec.key === k)!);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the message type varies per kind
  const encoders: ((b: DataView, o: number, m: any) => number)[] = [
    encodeFeedSystemEvent,
    encodeFeedAddOrder,
    encodeFeedOrderExecuted,
    encodeFeedOrderCancel,
    encodeFeedOrderDelete,
    encodeFeedTrade,
  ];
  const pick = (d: MarketDataDecoder, i: number): Fields =>
    [d.systemEvent, d.addOrder, d.orderExecuted, d.orderCancel, d.orderDelete, d.trade][i] as unknown as Fields;
  const message = fc.nat(kinds.length - 1).chain((i) => messageArbitrary(cases[i]).map((v) => ({ i, v, closesPacket: false })));
  const messages = fc.array(fc.tuple(message, fc.boolean()).map(([m, closes]) => ({ ...m, closesPacket: closes })), { minLength: 1, maxLength: 120 });

  it('property', () => {
    fc.assert(
      fc.property(messages, fc.integer({ min: 1, max: 1e9 }), fractions, (msgs, firstSeq, cuts) => {
        const stream = new Uint8Array(msgs.length * 80 + 64);
        const sv = wireView(stream);
        const w = new FeedPacketWriter();
        let n = 0;
        let open = false;
        msgs.forEach(({ i, v, closesPacket }, k) => {
          if (!open) {
            w.begin(sv, n, FeedPacket.SequencedData, firstSeq + k);
            open = true;
          }
          w.commit(encoders[i](sv, w.messageOffset, assign(cases[i].make(), v)));
          if (closesPacket) {
            n += w.end();
            open = false;
          }
        });
        if (open) n += w.end();
        n += w.heartbeat(sv, n, firstSeq + msgs.length);

        const reader = new FrameReader({ initialCapacity: 64 });
        const d = new MarketDataDecoder(reader.errors);
        let k = 0;
        let heartbeats = 0;
        feed(stream.subarray(0, n), cuts, reader, () => {
          expect(d.decodePacket(reader.view, reader.start, reader.end)).toBe(FeedPacket.SequencedData);
          if (d.isHeartbeat) {
            heartbeats++;
            expect(d.sequence).toBe(firstSeq + k);
          }
          for (let t = d.nextMessage(); t !== 0; t = d.nextMessage()) {
            const { i, v } = msgs[k];
            expect(t).toBe(cases[i].spec.letter.charCodeAt(0));
            expect(d.messageSequence).toBe(firstSeq + k);
            expect(snapshot(pick(d, i))).toEqual(snapshot(assign(cases[i].make(), v)));
            k++;
          }
        });
        expect([k, heartbeats, reader.errors.total]).toEqual([msgs.length, 1, 0]);
      }),
      { numRuns: 200 },
    );
  });

  it('a packet holds at most 65535 bytes: the writer says when it is full', () => {
    const stream = new Uint8Array(1 << 20);
    const sv = wireView(stream);
    const w = new FeedPacketWriter();
    const add = Object.assign(new FeedAddOrder(), { instrument: 1, timestampNs: 1, orderRef: 1, side: 1, quantity: 1, price: 1 });
    w.begin(sv, 0, FeedPacket.SequencedData, 1);
    while (w.room >= 32) w.commit(encodeFeedAddOrder(sv, w.messageOffset, add));
    const n = w.end();
    expect(n).toBeLessThanOrEqual(65537);
    expect(w.count).toBe(Math.floor((65535 - 21) / 34));
    const d = new MarketDataDecoder();
    expect(d.decodePacket(sv, 2, n)).toBe(FeedPacket.SequencedData);
    expect(d.count).toBe(w.count);
    expect(() => {
      w.begin(sv, 0, FeedPacket.SequencedData, 1);
      for (let i = 0; i < 2000; i++) w.commit(encodeFeedAddOrder(sv, w.messageOffset, add));
    }).toThrow(RangeError);
  });
});
