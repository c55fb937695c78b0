import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedMessage, FeedPacket, OrderEntryMessage, SessionPacket, TimeInForce } from './codes.ts';
import { FEED_PACKET_HEADER_LENGTH, FeedPacketWriter } from './FeedPacketWriter.ts';
import { readField, type FieldSpec } from './layout.ts';
import { encodeFeedOrderDelete, FEED_ORDER_DELETE_LENGTH } from './marketDataCodec.ts';
import { FeedOrderDelete } from './marketDataMessages.ts';
import { getText, wireView } from './wire.ts';
import { ALL_LAYOUTS } from './layouts.ts';
import { encodeEnterOrder } from './orderEntryCodec.ts';
import { OrderEntryVenueDecoder } from './OrderEntryDecoder.ts';
import { EnterOrder, getOriginNs, SystemEvent, setOriginNs } from './orderEntryMessages.ts';
import {
  MAX_CLIENT_ORDER_ENTRY_BODY,
  SEQUENCED_HEADER_LENGTH,
  UNSEQUENCED_HEADER_LENGTH,
  writeControlFrame,
  writeSequencedHeader,
  writeUnsequencedHeader,
} from './sessionPackets.ts';
import { MAX_CLIENT_MARKET_DATA_BODY } from './FeedPacketWriter.ts';
import { assign, isConstantField, messageArbitrary, snapshot, WIRE_CASES, type Fields, type WireCase } from './testkit.ts';

const buf = new Uint8Array(1024);
const view = wireView(buf);

function roundTrip(c: WireCase, values: Fields): { sent: Fields; got: Fields | null; n: number } {
  const sent = assign(c.make(), values);
  const n = c.frame(view, 0, sent);
  return { sent, got: c.decode(view, 2, n), n };
}

describe('every packet and message type round-trips', () => {
  it('covers every layout that is a single packet or message', () => {
    const covered = new Set(WIRE_CASES.map((c) => c.spec.key));
    const headerOnly = new Set(['oe.SequencedData', 'oe.UnsequencedData', 'oe.Control', 'md.Data', 'md.Snapshot', 'md.Block']);
    for (const l of ALL_LAYOUTS) if (!headerOnly.has(l.key)) expect(covered.has(l.key), l.key).toBe(true);
  });

  for (const c of WIRE_CASES) {
    describe(c.spec.title, () => {
      it('unit: the smallest and the largest value of every field', () => {
        for (const pick of ['min', 'max'] as const) {
          const values: Fields = {};
          for (const f of c.spec.fields) {
            if (isConstantField(f)) continue;
            values[f.name] = edgeValue(f.type, f.length, pick, c.make()[f.name]);
          }
          const { sent, got, n } = roundTrip(c, values);
          expect(n).toBe(c.layoutOffset + c.spec.length);
          expect(got).not.toBeNull();
          expect(snapshot(got!)).toEqual(snapshot(sent));
        }
      });

      it('property: random field values → encode → decode gives them back', () => {
        fc.assert(
          fc.property(messageArbitrary(c), (values) => {
            const { sent, got } = roundTrip(c, values);
            expect(got).not.toBeNull();
            expect(snapshot(got!)).toEqual(snapshot(sent));
          }),
          { numRuns: 300 },
        );
      });

      it('every field sits at its documented offset, length and type', () => {
        fc.assert(
          fc.property(messageArbitrary(c), (values) => {
            const { sent, n } = roundTrip(c, values);
            expect(n).toBe(c.layoutOffset + c.spec.length);
            for (const f of c.spec.fields) {
              const v = readField(buf, c.layoutOffset, f);
              if (f.name === 'length') expect(v).toBe(n - 2);
              else if (f.type === 'char') expect(v).toBe(c.spec.letter.charCodeAt(0));
              else if (f.type === 'text') expect([...(v as Uint8Array)]).toEqual([...(sent[f.name] as Uint8Array)]);
              else expect(v, f.name).toBe(sent[f.name]);
            }
          }),
          { numRuns: 100 },
        );
      });
    });
  }
});

function edgeValue(type: string, length: number, pick: 'min' | 'max', current: number | Uint8Array): number | Uint8Array {
  const hi = pick === 'max';
  switch (type) {
    case 'u16':
      return hi ? 0xffff : 0;
    case 'u32':
      return hi ? 0xffffffff : 0;
    case 'i32':
      return hi ? 0x7fffffff : -0x80000000;
    case 'u64':
      return hi ? Number.MAX_SAFE_INTEGER : 0;
    case 'i64':
      return hi ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
    case 'side':
      return hi ? -1 : 1;
    case 'text':
      return new Uint8Array(length).fill(hi ? 0x7e : 0x20);
    default:
      return current; // alpha: the class default is a valid code
  }
}

describe('encoders refuse what the wire cannot carry (caller bugs throw, nothing is written short)', () => {
  const m = (): EnterOrder => Object.assign(new EnterOrder(), { token: 1, side: 1, quantity: 10, instrument: 1, price: 100, account: 1 });

  it.each([
    ['token', -1],
    ['token', 2 ** 53],
    ['token', 1.5],
    ['quantity', 2 ** 32],
    ['quantity', -1],
    ['instrument', 65536],
    ['price', Number.NaN],
    ['price', 2 ** 53],
    ['side', 0],
    ['timeInForce', 65],
    ['marketDataSeq', -3],
  ])('%s = %s', (field, value) => {
    const o = m();
    (o as unknown as Record<string, number>)[field] = value;
    expect(() => encodeEnterOrder(view, 0, o)).toThrow(RangeError);
  });

  it('a buffer without room', () => {
    expect(() => encodeEnterOrder(new DataView(new ArrayBuffer(36)), 0, m())).toThrow(RangeError);
    expect(() => encodeEnterOrder(view, buf.length - 10, m())).toThrow(RangeError);
    expect(() => encodeEnterOrder(view, -1, m())).toThrow(RangeError);
  });
});

describe('order entry specifics', () => {
  it('negative prices and the session origin survive the trip', () => {
    const enter = Object.assign(new EnterOrder(), { token: 9, side: -1, quantity: 5, instrument: 2, price: -123_456_789, timeInForce: TimeInForce.ImmediateOrCancel, account: 3 });
    const n = writeUnsequencedHeader(view, 0, encodeEnterOrder(view, UNSEQUENCED_HEADER_LENGTH, enter));
    const d = new OrderEntryVenueDecoder();
    expect(d.decode(view, 2, n)).toBe('U'.charCodeAt(0));
    expect(d.messageType).toBe(OrderEntryMessage.EnterOrder);
    expect(d.enterOrder).toEqual(enter);

    const ev = new SystemEvent();
    for (const ns of [0n, 1340251200000000000n, -1n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      setOriginNs(ev, ns);
      expect(getOriginNs(ev)).toBe(ns);
    }
  });
});

describe('limits the venue readers are configured with', () => {
  it('the longest client frames', () => {
    const lengths = (keys: string[]): number[] => WIRE_CASES.filter((c) => keys.includes(c.spec.key)).map((c) => c.layoutOffset + c.spec.length - 2);
    expect(Math.max(...lengths(['oe.LoginRequest', 'oe.EnterOrder', 'oe.ReplaceOrder', 'oe.CancelOrder']))).toBe(MAX_CLIENT_ORDER_ENTRY_BODY);
    expect(Math.max(...lengths(['md.RetransmitRequest', 'md.SnapshotRequest']))).toBe(MAX_CLIENT_MARKET_DATA_BODY);
  });
});

describe('packet headers sit at their documented offsets', () => {
  const field = (key: string, name: string): FieldSpec => ALL_LAYOUTS.find((l) => l.key === key)!.fields.find((f) => f.name === name)!;

  it('order entry: Sequenced Data, Unsequenced Data, control packets', () => {
    const n = writeSequencedHeader(view, 0, 123_456_789_012, 5);
    expect(readField(buf, 0, field('oe.SequencedData', 'length'))).toBe(n - 2);
    expect(readField(buf, 0, field('oe.SequencedData', 'packetType'))).toBe(SessionPacket.SequencedData);
    expect(readField(buf, 0, field('oe.SequencedData', 'sequence'))).toBe(123_456_789_012);
    expect(n).toBe(SEQUENCED_HEADER_LENGTH + 5);
    expect(ALL_LAYOUTS.find((l) => l.key === 'oe.SequencedData')!.length).toBe(SEQUENCED_HEADER_LENGTH);
    expect(ALL_LAYOUTS.find((l) => l.key === 'oe.UnsequencedData')!.length).toBe(UNSEQUENCED_HEADER_LENGTH);
    const u = writeUnsequencedHeader(view, 0, 7);
    expect([readField(buf, 0, field('oe.UnsequencedData', 'length')), buf[2]]).toEqual([u - 2, SessionPacket.UnsequencedData]);
    for (const t of [SessionPacket.ClientHeartbeat, SessionPacket.ServerHeartbeat, SessionPacket.LogoutRequest, SessionPacket.EndOfSession]) {
      expect([...buf.subarray(0, writeControlFrame(view, 0, t))]).toEqual([0, 1, t]);
    }
    expect(() => writeControlFrame(view, 0, SessionPacket.LoginRequest)).toThrow(RangeError);
  });

  it('market data: Data and Snapshot packets, message blocks', () => {
    const w = new FeedPacketWriter();
    w.setSession('ABC');
    for (const [key, type] of [['md.Data', FeedPacket.SequencedData], ['md.Snapshot', FeedPacket.Snapshot]] as const) {
      w.begin(view, 10, type, 987_654_321);
      w.commit(encodeFeedOrderDelete(view, w.messageOffset, Object.assign(new FeedOrderDelete(), { orderRef: 5 })));
      w.commit(encodeFeedOrderDelete(view, w.messageOffset, Object.assign(new FeedOrderDelete(), { orderRef: 6 })));
      const n = w.end();
      expect(n).toBe(FEED_PACKET_HEADER_LENGTH + 2 * (2 + FEED_ORDER_DELETE_LENGTH));
      expect(readField(buf, 10, field(key, 'length'))).toBe(n - 2);
      expect(readField(buf, 10, field(key, 'packetType'))).toBe(type);
      expect(getText(readField(buf, 10, field(key, 'session')) as Uint8Array)).toBe('ABC');
      expect(buf[10 + 3]).toBe(0x20); // right-aligned
      expect(readField(buf, 10, field(key, 'sequence'))).toBe(987_654_321);
      expect(readField(buf, 10, field(key, 'count'))).toBe(2);
      expect(readField(buf, 10 + FEED_PACKET_HEADER_LENGTH, field('md.Block', 'length'))).toBe(FEED_ORDER_DELETE_LENGTH);
      expect(buf[10 + FEED_PACKET_HEADER_LENGTH + 2]).toBe(FeedMessage.OrderDelete);
    }
  });
});
