import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedMessage, FeedPacket, SessionPacket, WireReason } from './codes.ts';
import { FeedPacketWriter, writeRetransmitRequestFrame } from './FeedPacketWriter.ts';
import { FrameReader } from './FrameReader.ts';
import { encodeFeedAddOrder, encodeFeedOrderDelete } from './marketDataCodec.ts';
import { MALFORMED_MESSAGE, MarketDataDecoder, MarketDataRequestDecoder } from './MarketDataDecoder.ts';
import { FeedAddOrder, FeedOrderDelete, RetransmitRequest } from './marketDataMessages.ts';
import { encodeEnterOrder, encodeOrderAccepted } from './orderEntryCodec.ts';
import { OrderEntryClientDecoder, OrderEntryVenueDecoder } from './OrderEntryDecoder.ts';
import { EnterOrder, OrderAccepted } from './orderEntryMessages.ts';
import { ProtocolError, ProtocolErrorAction, protocolErrorAction } from './ProtocolError.ts';
import {
  LoginAccepted,
  SEQUENCED_HEADER_LENGTH,
  UNSEQUENCED_HEADER_LENGTH,
  writeControlFrame,
  writeLoginAcceptedFrame,
  writeSequencedHeader,
  writeUnsequencedHeader,
} from './sessionPackets.ts';
import { WIRE_CASES } from './testkit.ts';
import { wireView as V } from './wire.ts';

const ch = (s: string): number => s.charCodeAt(0);

function acceptedFrame(): Uint8Array {
  const b = new Uint8Array(128);
  const m = Object.assign(new OrderAccepted(), { timestampNs: 5, token: 42, quantity: 100, instrument: 1, price: 5_850_000, account: 7, orderRef: 1001 });
  const n = writeSequencedHeader(V(b), 0, 17, encodeOrderAccepted(V(b), SEQUENCED_HEADER_LENGTH, m));
  return b.slice(0, n);
}

function enterFrame(): Uint8Array {
  const b = new Uint8Array(128);
  const m = Object.assign(new EnterOrder(), { token: 77, quantity: 100, instrument: 1, price: 5_850_000, account: 7 });
  return b.slice(0, writeUnsequencedHeader(V(b), 0, encodeEnterOrder(V(b), UNSEQUENCED_HEADER_LENGTH, m)));
}

/** A frame with its body changed by `edit` and the length prefix fixed up. */
function edited(frame: Uint8Array, edit: (body: number[]) => void): Uint8Array {
  const body = [...frame.subarray(2)];
  edit(body);
  return Uint8Array.from([body.length >> 8, body.length & 0xff, ...body]);
}

describe('order entry: malformed frames are counted, reported by code, never thrown', () => {
  const client = (f: Uint8Array, d = new OrderEntryClientDecoder()): OrderEntryClientDecoder => {
    expect(d.decode(V(f), 2, f.length)).toBe(0);
    return d;
  };

  it('unknown packet type', () => {
    const d = client(edited(acceptedFrame(), (b) => (b[0] = ch('Q'))));
    expect(d.error).toBe(ProtocolError.UnknownPacketType);
    expect(d.errors.toJSON()).toEqual({ UnknownPacketType: 1 });
  });

  it('unknown message type keeps the lost sequence number', () => {
    const d = client(edited(acceptedFrame(), (b) => (b[9] = ch('Z'))));
    expect(d.error).toBe(ProtocolError.UnknownMessageType);
    expect(d.sequence).toBe(17);
    expect(protocolErrorAction(d.error)).toBe(ProtocolErrorAction.Skip);
  });

  it('a message one byte short, one byte long, or without a message at all', () => {
    expect(client(edited(acceptedFrame(), (b) => b.pop())).error).toBe(ProtocolError.Truncated);
    expect(client(edited(acceptedFrame(), (b) => b.push(0))).error).toBe(ProtocolError.BadLength);
    expect(client(edited(acceptedFrame(), (b) => b.splice(9))).error).toBe(ProtocolError.Truncated);
    expect(client(Uint8Array.from([0, 0])).error).toBe(ProtocolError.EmptyFrame);
  });

  it('fields outside their domain name the field', () => {
    const side = client(edited(acceptedFrame(), (b) => (b[9 + 17] = ch('X'))));
    expect([side.error, side.errorField]).toEqual([ProtocolError.BadField, 'side']);
    expect(side.accepted.token).toBe(42); // the other fields were read
    const token = client(edited(acceptedFrame(), (b) => (b[9 + 9] = 0x00, b[9 + 10] = 0x20)));
    expect([token.error, token.errorField]).toEqual([ProtocolError.BadField, 'token']); // 2^53 + …: not exact as a number
    const price = client(edited(acceptedFrame(), (b) => (b[9 + 24] = 0x80)));
    expect(price.errorField).toBe('price');
    const state = client(edited(acceptedFrame(), (b) => (b[9 + 45] = ch('Q'))));
    expect(state.errorField).toBe('orderState');
  });

  it('session packets: a heartbeat with a payload, a non-printable session id', () => {
    const hb = new Uint8Array(8);
    const n = writeControlFrame(V(hb), 0, SessionPacket.ServerHeartbeat);
    expect(client(edited(hb.subarray(0, n), (b) => b.push(1))).error).toBe(ProtocolError.BadLength);
    const la = new Uint8Array(64);
    const m = writeLoginAcceptedFrame(V(la), 0, new LoginAccepted());
    const d = client(edited(la.subarray(0, m), (b) => (b[3] = 7)));
    expect([d.error, d.errorField]).toEqual([ProtocolError.BadField, 'session']);
  });

  it('the venue decodes the token of a bad request so it can reject it', () => {
    const v = new OrderEntryVenueDecoder();
    const f = edited(enterFrame(), (b) => (b[1 + 24] = ch('9')));
    expect(v.decode(V(f), 2, f.length)).toBe(0);
    expect([v.error, v.errorField, v.enterOrder.token]).toEqual([ProtocolError.BadField, 'timeInForce', 77]);
    expect(v.rejectReason()).toBe(WireReason.InvalidTimeInForce);
    const s = edited(enterFrame(), (b) => (b[1 + 9] = 0));
    v.decode(V(s), 2, s.length);
    expect(v.rejectReason()).toBe(WireReason.InvalidSide);
  });

  it('a packet of the other direction is an unknown packet type', () => {
    const v = new OrderEntryVenueDecoder();
    const f = acceptedFrame();
    expect(v.decode(V(f), 2, f.length)).toBe(0);
    expect(v.error).toBe(ProtocolError.UnknownPacketType);
    const c = new OrderEntryClientDecoder();
    const e = enterFrame();
    expect(c.decode(V(e), 2, e.length)).toBe(0);
    expect(c.error).toBe(ProtocolError.UnknownPacketType);
  });
});

describe('market data: malformed packets and messages', () => {
  const w = new FeedPacketWriter();
  function packet(): Uint8Array {
    const b = new Uint8Array(256);
    w.begin(V(b), 0, FeedPacket.SequencedData, 100);
    const add = Object.assign(new FeedAddOrder(), { instrument: 1, timestampNs: 9, orderRef: 5, quantity: 10, price: 100 });
    w.commit(encodeFeedAddOrder(V(b), w.messageOffset, add));
    w.commit(encodeFeedOrderDelete(V(b), w.messageOffset, Object.assign(new FeedOrderDelete(), { instrument: 1, timestampNs: 10, orderRef: 5 })));
    w.commit(encodeFeedAddOrder(V(b), w.messageOffset, add));
    return b.slice(0, w.end());
  }
  /** Decodes a packet; the types nextMessage() returned, with each message's sequence number. */
  function walk(f: Uint8Array, d = new MarketDataDecoder()): [number, number][] | number {
    if (d.decodePacket(V(f), 2, f.length) === 0) return d.error;
    const out: [number, number][] = [];
    for (let t = d.nextMessage(); t !== 0; t = d.nextMessage()) out.push([t, d.messageSequence]);
    return out;
  }
  const A = FeedMessage.AddOrder;
  const D = FeedMessage.OrderDelete;
  // body offsets: blocks start at 21; block 0 = [21, 55), block 1 = [55, 76), block 2 = [76, 110)

  it('a sound packet', () => {
    expect(walk(packet())).toEqual([[A, 100], [D, 101], [A, 102]]);
  });

  it('a malformed message loses only its own sequence number', () => {
    const d = new MarketDataDecoder();
    expect(walk(edited(packet(), (b) => (b[57] = ch('?'))), d)).toEqual([[A, 100], [MALFORMED_MESSAGE, 101], [A, 102]]);
    expect(d.errors.toJSON()).toEqual({ UnknownMessageType: 1 });
    const side = new MarketDataDecoder();
    expect(walk(edited(packet(), (b) => (b[23 + 19] = 0)), side)).toEqual([[MALFORMED_MESSAGE, 100], [D, 101], [A, 102]]);
    expect(side.errors.count(ProtocolError.BadField)).toBe(1);
  });

  it('a block whose length disagrees with its type', () => {
    const b = new Uint8Array(128);
    w.begin(V(b), 0, FeedPacket.SequencedData, 1);
    const at = w.messageOffset;
    encodeFeedOrderDelete(V(b), at, new FeedOrderDelete());
    w.commit(18); // claims 18 bytes: one short of an Order Delete
    const f = b.slice(0, w.end());
    const d = new MarketDataDecoder();
    expect(walk(f, d)).toEqual([[MALFORMED_MESSAGE, 1]]);
    expect(d.error).toBe(ProtocolError.Truncated);
  });

  it('blocks that do not tile the packet refuse the whole packet', () => {
    expect(walk(edited(packet(), (b) => (b[56] = 200)))).toBe(ProtocolError.BlockOverrun); // block 1 length low byte
    expect(walk(edited(packet(), (b) => b.push(0)))).toBe(ProtocolError.BadLength); // trailing byte
    expect(walk(edited(packet(), (b) => b.pop()))).toBe(ProtocolError.BlockOverrun);
    expect(walk(edited(packet(), (b) => (b[20] = 4)))).toBe(ProtocolError.BlockOverrun); // count 4, 3 blocks
    expect(walk(edited(packet(), (b) => b.splice(15)))).toBe(ProtocolError.Truncated); // header cut
    expect(walk(edited(packet(), (b) => (b[0] = ch('X'))))).toBe(ProtocolError.UnknownPacketType);
    expect(walk(edited(packet(), (b) => (b[1] = 0)))).toBe(ProtocolError.BadField); // session not printable
  });

  it('end of session: count 0xFFFF and nothing after the header', () => {
    const b = new Uint8Array(64);
    const n = w.endOfSession(V(b), 0, 500);
    const d = new MarketDataDecoder();
    expect(d.decodePacket(V(b), 2, n)).toBe(FeedPacket.SequencedData);
    expect([d.isEndOfSession, d.sequence, d.nextMessage()]).toEqual([true, 500, 0]);
    expect(walk(edited(b.subarray(0, n), (x) => x.push(0)))).toBe(ProtocolError.BadLength);
    expect(walk(edited(b.subarray(0, n), (x) => (x[0] = FeedPacket.Snapshot)))).toBe(ProtocolError.BadField);
    const h = w.heartbeat(V(b), 0, 501);
    expect(d.decodePacket(V(b), 2, h)).toBe(FeedPacket.SequencedData);
    expect([d.isHeartbeat, d.isEndOfSession, d.sequence, d.nextMessage()]).toEqual([true, false, 501, 0]);
  });

  it('requests: unknown, short, long', () => {
    const b = new Uint8Array(64);
    const n = writeRetransmitRequestFrame(V(b), 0, Object.assign(new RetransmitRequest(), { sequence: 3, count: 2 }));
    const d = new MarketDataRequestDecoder();
    expect(d.decode(V(b), 2, n)).toBe(FeedPacket.RetransmitRequest);
    expect(d.decode(V(b), 2, n - 1)).toBe(0);
    expect(d.error).toBe(ProtocolError.Truncated);
    const long = edited(b.subarray(0, n), (x) => x.push(0));
    expect(d.decode(V(long), 2, long.length)).toBe(0);
    expect(d.error).toBe(ProtocolError.BadLength);
    const bad = edited(b.subarray(0, n), (x) => (x[0] = ch('D')));
    expect(d.decode(V(bad), 2, bad.length)).toBe(0);
    expect(d.error).toBe(ProtocolError.UnknownPacketType);
    expect(d.errors.total).toBe(3);
  });
});

describe('fuzz: no input makes a decoder throw, and every refusal is counted once', () => {
  const decoders = () => {
    const oeClient = new OrderEntryClientDecoder();
    const oeVenue = new OrderEntryVenueDecoder();
    const md = new MarketDataDecoder();
    const mdReq = new MarketDataRequestDecoder();
    return [
      { errors: oeClient.errors, run: (b: Uint8Array) => oeClient.decode(V(b), 0, b.length) !== 0 },
      { errors: oeVenue.errors, run: (b: Uint8Array) => oeVenue.decode(V(b), 0, b.length) !== 0 },
      { errors: mdReq.errors, run: (b: Uint8Array) => mdReq.decode(V(b), 0, b.length) !== 0 },
      {
        errors: md.errors,
        run: (b: Uint8Array) => {
          if (md.decodePacket(V(b), 0, b.length) === 0) return false;
          let malformed = 0;
          for (let t = md.nextMessage(); t !== 0; t = md.nextMessage()) if (t === MALFORMED_MESSAGE) malformed++;
          return malformed === 0;
        },
      },
    ];
  };

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        for (const d of decoders()) {
          const before = d.errors.total;
          const ok = d.run(bytes);
          if (!ok) expect(d.errors.total).toBeGreaterThan(before);
          else expect(d.errors.total).toBe(before);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('valid frames with one byte changed or the length cut', () => {
    const buf = new Uint8Array(256);
    const frames = WIRE_CASES.map((c) => buf.slice(2, c.frame(V(buf), 0, c.make())));
    fc.assert(
      fc.property(fc.nat(frames.length - 1), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (i, at, value, cut) => {
        const body = frames[i].slice();
        const pos = at % body.length;
        const b = cut ? body.subarray(0, pos) : (body[pos] = value, body);
        for (const d of decoders()) {
          const before = d.errors.total;
          if (!d.run(b)) expect(d.errors.total).toBeGreaterThan(before);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('garbage through the frame reader never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const r = new FrameReader({ maxFrameBody: 128 });
        const d = new OrderEntryClientDecoder(r.errors);
        for (const c of chunks) {
          r.push(c);
          while (r.next()) d.decode(r.view, r.start, r.end);
        }
        r.close();
      }),
      { numRuns: 500 },
    );
  });
});
