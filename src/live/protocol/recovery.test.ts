import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedMessage, FeedPacket, SystemEventCode } from './codes.ts';
import { FeedPacketWriter, writeRetransmitRequestFrame } from './FeedPacketWriter.ts';
import { FrameReader } from './FrameReader.ts';
import {
  encodeFeedAddOrder,
  encodeFeedOrderCancel,
  encodeFeedOrderDelete,
  encodeFeedOrderExecuted,
  encodeFeedSnapshotEnd,
  encodeFeedSnapshotStart,
} from './marketDataCodec.ts';
import { MarketDataDecoder, MarketDataRequestDecoder } from './MarketDataDecoder.ts';
import {
  FeedAddOrder,
  FeedOrderCancel,
  FeedOrderDelete,
  FeedOrderExecuted,
  FeedSnapshotEnd,
  FeedSnapshotStart,
  RetransmitRequest,
} from './marketDataMessages.ts';

/**
 * The snapshot / recovery exchange of docs/protocol.md ("Following the feed"), end to end over the real
 * encoders, frame reader and decoders: a client joins a running feed, buffers, takes a snapshot, applies
 * what came after it, detects a gap, asks for a retransmission, and ends with the venue's book.
 */

interface Order {
  side: number;
  quantity: number;
  price: number;
}
type Book = Map<number, Order>;
type Op = { kind: 'add'; ref: number; side: number; quantity: number; price: number } | { kind: 'exec' | 'cancel'; ref: number; quantity: number } | { kind: 'delete'; ref: number };

function apply(book: Book, op: Op): void {
  if (op.kind === 'add') book.set(op.ref, { side: op.side, quantity: op.quantity, price: op.price });
  else if (op.kind === 'delete') book.delete(op.ref);
  else {
    const o = book.get(op.ref)!;
    o.quantity -= op.quantity;
    if (o.quantity === 0) book.delete(op.ref);
  }
}

/** A valid random order flow (every exec / cancel / delete names a resting order). */
function flow(seeds: number[]): Op[] {
  const book: Book = new Map();
  const ops: Op[] = [];
  let nextRef = 1;
  for (const s of seeds) {
    const refs = [...book.keys()];
    const k = s % 10;
    let op: Op;
    if (refs.length === 0 || k < 4) op = { kind: 'add', ref: nextRef++, side: s & 1 ? 1 : -1, quantity: 1 + (s % 500), price: 5_840_000 + 100 * (s % 50) };
    else {
      const ref = refs[s % refs.length];
      const q = book.get(ref)!.quantity;
      if (k < 6) op = { kind: 'exec', ref, quantity: 1 + (s % q) };
      else if (k < 8) op = { kind: 'cancel', ref, quantity: 1 + ((s >> 3) % q) };
      else op = { kind: 'delete', ref };
    }
    apply(book, op);
    ops.push(op);
  }
  return ops;
}

class Venue {
  readonly w = new FeedPacketWriter();
  readonly buf = new Uint8Array(1 << 16);
  readonly view = new DataView(this.buf.buffer);
  constructor(readonly ops: Op[]) {
    this.w.setSession('SESSION1');
  }

  /** Data packets for messages [from, to) (1-based sequence numbers), `perPacket` messages each. */
  data(from: number, to: number, perPacket: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let s = from; s < to; s += perPacket) {
      this.w.begin(this.view, 0, FeedPacket.SequencedData, s);
      for (let q = s; q < Math.min(to, s + perPacket); q++) this.w.commit(this.encode(this.ops[q - 1], q));
      out.push(this.buf.slice(0, this.w.end()));
    }
    return out;
  }

  /** A snapshot consistent with sequence `S`, `perPacket` messages per packet. */
  snapshot(S: number, perPacket: number): Uint8Array[] {
    const book: Book = new Map();
    for (let q = 1; q <= S; q++) apply(book, this.ops[q - 1]);
    const start = Object.assign(new FeedSnapshotStart(), { instrument: 1, sequence: S, orderCount: book.size, tradingState: SystemEventCode.StartOfMarketHours });
    const msgs: ((b: DataView, o: number) => number)[] = [(b, o) => encodeFeedSnapshotStart(b, o, start)];
    for (const [ref, o] of book) msgs.push((b, at) => encodeFeedAddOrder(b, at, Object.assign(new FeedAddOrder(), { instrument: 1, orderRef: ref, ...o })));
    msgs.push((b, o) => encodeFeedSnapshotEnd(b, o, Object.assign(new FeedSnapshotEnd(), { instrument: 1, sequence: S })));
    const out: Uint8Array[] = [];
    for (let i = 0; i < msgs.length; i += perPacket) {
      this.w.begin(this.view, 0, FeedPacket.Snapshot, S);
      for (const m of msgs.slice(i, i + perPacket)) this.w.commit(m(this.view, this.w.messageOffset));
      out.push(this.buf.slice(0, this.w.end()));
    }
    return out;
  }

  private encode(op: Op, seq: number): number {
    const b = this.view;
    const at = this.w.messageOffset;
    const base = { instrument: 1, timestampNs: seq * 1000, orderRef: op.ref };
    switch (op.kind) {
      case 'add':
        return encodeFeedAddOrder(b, at, Object.assign(new FeedAddOrder(), base, { side: op.side, quantity: op.quantity, price: op.price }));
      case 'exec':
        return encodeFeedOrderExecuted(b, at, Object.assign(new FeedOrderExecuted(), base, { quantity: op.quantity, matchNumber: seq }));
      case 'cancel':
        return encodeFeedOrderCancel(b, at, Object.assign(new FeedOrderCancel(), base, { quantity: op.quantity }));
      case 'delete':
        return encodeFeedOrderDelete(b, at, Object.assign(new FeedOrderDelete(), base));
    }
  }
}

/** A client following the documented procedure. */
class Client {
  readonly reader = new FrameReader({ initialCapacity: 64 });
  readonly dec = new MarketDataDecoder(this.reader.errors);
  book: Book | null = null;
  expected = 0;
  buffered = new Map<number, Op>();
  private pending: Book | null = null;
  private pendingSeq = 0;
  readonly requests: Uint8Array[] = [];
  gaps = 0;

  receive(chunk: Uint8Array): void {
    this.reader.push(chunk);
    while (this.reader.next()) {
      const p = this.dec.decodePacket(this.reader.view, this.reader.start, this.reader.end);
      expect(p).not.toBe(0);
      for (let t = this.dec.nextMessage(); t !== 0; t = this.dec.nextMessage()) {
        if (p === FeedPacket.Snapshot) this.onSnapshotMessage(t);
        else this.onSequenced(this.dec.messageSequence, this.op(t));
      }
    }
  }

  private op(t: number): Op {
    const d = this.dec;
    if (t === FeedMessage.AddOrder) return { kind: 'add', ref: d.addOrder.orderRef, side: d.addOrder.side, quantity: d.addOrder.quantity, price: d.addOrder.price };
    if (t === FeedMessage.OrderExecuted) return { kind: 'exec', ref: d.orderExecuted.orderRef, quantity: d.orderExecuted.quantity };
    if (t === FeedMessage.OrderCancel) return { kind: 'cancel', ref: d.orderCancel.orderRef, quantity: d.orderCancel.quantity };
    if (t === FeedMessage.OrderDelete) return { kind: 'delete', ref: d.orderDelete.orderRef };
    throw new Error(`unexpected message ${t}`);
  }

  private onSnapshotMessage(t: number): void {
    const d = this.dec;
    if (t === FeedMessage.SnapshotStart) {
      this.pending = new Map();
      this.pendingSeq = d.snapshotStart.sequence;
    } else if (t === FeedMessage.AddOrder) {
      this.pending!.set(d.addOrder.orderRef, { side: d.addOrder.side, quantity: d.addOrder.quantity, price: d.addOrder.price });
    } else if (t === FeedMessage.SnapshotEnd) {
      expect(d.snapshotEnd.sequence).toBe(this.pendingSeq);
      this.book = this.pending;
      this.expected = this.pendingSeq + 1;
      for (const s of [...this.buffered.keys()]) if (s <= this.pendingSeq) this.buffered.delete(s);
      this.drain();
    }
  }

  private onSequenced(seq: number, op: Op): void {
    if (this.book === null || seq > this.expected) {
      if (this.book !== null && !this.buffered.has(seq) && ![...this.buffered.keys()].some((s) => s < seq)) {
        // First message past a hole: ask for the hole.
        this.gaps++;
        const r = Object.assign(new RetransmitRequest(), { sequence: this.expected, count: seq - this.expected });
        r.session.set(this.dec.session);
        const b = new Uint8Array(32);
        this.requests.push(b.slice(0, writeRetransmitRequestFrame(new DataView(b.buffer), 0, r)));
      }
      this.buffered.set(seq, op);
      return;
    }
    if (seq < this.expected) return; // duplicate
    apply(this.book, op);
    this.expected++;
    this.drain();
  }

  private drain(): void {
    while (this.buffered.has(this.expected)) {
      apply(this.book!, this.buffered.get(this.expected)!);
      this.buffered.delete(this.expected);
      this.expected++;
    }
  }
}

function cut(packets: Uint8Array[], size: number): Uint8Array[] {
  const all = Uint8Array.from(packets.flatMap((p) => [...p]));
  const out: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.subarray(i, i + size));
  return out;
}

describe('snapshot and recovery', () => {
  it('property: join late, snapshot, gap, retransmit → the venue’s book', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 1 << 20 }), { minLength: 20, maxLength: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 97 }),
        (seeds, joinAt, snapAt, gapAt, perPacket, chunk) => {
          const ops = flow(seeds);
          const N = ops.length;
          const venue = new Venue(ops);
          const client = new Client();
          // The client connects when message `join` is next, sends a Snapshot Request at once; the venue
          // serves it when message `S + 1` is next (messages join..S arrive before it and are buffered).
          const join = 1 + Math.floor(joinAt * (N - 1));
          const S = join - 1 + Math.floor(snapAt * (N - join));
          const stream = [...venue.data(join, S + 1, perPacket), ...venue.snapshot(S, 3)];
          // After the snapshot one run of messages is lost (a dropped backlog), then the feed goes on.
          const lostFrom = S + 1 + Math.floor(gapAt * (N - S));
          const lostTo = Math.min(N + 1, lostFrom + 3);
          stream.push(...venue.data(S + 1, lostFrom, perPacket), ...venue.data(lostTo, N + 1, perPacket));
          for (const c of cut(stream, chunk)) client.receive(c);

          if (lostTo <= N) {
            // A hole followed by more messages: the client asked for exactly the hole.
            expect(client.requests.length).toBe(1);
            const req = new MarketDataRequestDecoder();
            const r = client.requests[0];
            expect(req.decode(new DataView(r.buffer), 2, r.length)).toBe(FeedPacket.RetransmitRequest);
            expect([req.retransmitRequest.sequence, req.retransmitRequest.count]).toEqual([lostFrom, lostTo - lostFrom]);
            for (const c of cut(venue.data(req.retransmitRequest.sequence, req.retransmitRequest.sequence + req.retransmitRequest.count, perPacket), chunk)) client.receive(c);
          } else {
            // The lost messages were the last ones (or none was lost): nothing has revealed a hole yet; a
            // heartbeat would, and the venue would resend them. Deliver them as that retransmission.
            for (const c of cut(venue.data(lostFrom, lostTo, perPacket), chunk)) client.receive(c);
          }
          const expected: Book = new Map();
          for (const op of ops) apply(expected, op);
          expect(client.expected).toBe(N + 1);
          expect(client.buffered.size).toBe(0);
          expect(client.book).toEqual(expected);
          expect(client.reader.errors.total).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
