import { performance } from 'node:perf_hooks';
import { L3OrderBook } from '../../book/L3OrderBook.ts';
import { EventType, TradingStateCode } from '../../data/EventType.ts';
import { FEED_END_OF_SESSION_COUNT, FeedMessage, FeedPacket, SystemEventCode } from '../protocol/codes.ts';
import { FEED_SESSION_LENGTH, writeRetransmitRequestFrame, writeSnapshotRequestFrame } from '../protocol/FeedPacketWriter.ts';
import { FrameReader } from '../protocol/FrameReader.ts';
import { MALFORMED_MESSAGE, MarketDataDecoder } from '../protocol/MarketDataDecoder.ts';
import { RetransmitRequest, SnapshotRequest } from '../protocol/marketDataMessages.ts';
import { ProtocolErrorCounts } from '../protocol/ProtocolError.ts';
import { getText, wireView } from '../protocol/wire.ts';
import { span, stamp } from './clock.ts';
import type { LiveStats } from './LiveStats.ts';

/** Slots of `MarketDataClient.event`: the event just applied (doubles in a typed array: never boxed). */
export const EV_SEQ = 0;
export const EV_TIME = 1;
export const EV_TYPE = 2;
export const EV_SIDE = 3;
export const EV_PRICE = 4;
export const EV_SIZE = 5;
/** Local receive time of the packet (performance.now(), ms). */
export const EV_RX = 6;
/** 1 for a packet straight from the socket, 0 for one replayed from the recovery buffer. */
export const EV_LIVE = 7;
/** Start of the packet's decoding, end of decoding, end of the book update (performance.now(), ms). */
const T_DECODE = 8;
const T_DECODED = 9;
/** End of the book update: where the engine's features stage starts (one clock read fewer). */
export const T_BOOKED = 10;

/** What the feed handler tells the engine. */
export interface FeedListener {
  /**
   * One venue event (one Data packet) has been applied to the book; it is in `client.event` (EV_*
   * slots): the event in the platform's model (EventType codes): the packet's first message says what
   * happened, `size` is what changed at its price (see the README). Passed through a typed array, not as
   * arguments: a large double (a nanosecond time) passed to or returned from a call V8 does not inline is
   * boxed, i.e. allocated.
   */
  onFeedEvent(): void;
  /** The book was replaced by a snapshot (the first one, or a resync): features must start over. */
  onFeedResync(snapshotSeq: number): void;
  /** The feed's session changed (the venue restarted). */
  onFeedSession(session: string): void;
  onFeedEndOfSession(): void;
  /** Bytes for the market-data socket (retransmit and snapshot requests). */
  sendFeedRequest(bytes: Uint8Array, start: number, end: number): void;
  /** A Data packet with messages was received and handled (lockstep acknowledgement). */
  onFeedPacketHandled(): void;
}

export const FeedState = {
  /** No connection. */
  Down: 0,
  /** Snapshot requested; Data packets are buffered until it arrives. */
  AwaitingSnapshot: 1,
  /** Applying packets in sequence. */
  Live: 2,
  /** A gap was seen: retransmission requested; later packets are buffered. */
  Recovering: 3,
} as const;
export type FeedState = (typeof FeedState)[keyof typeof FeedState];

const MAX_MESSAGES = 4096;
const BUFFER_BYTES = 4 << 20;
const BUFFER_FRAMES = 1 << 16;
/** More malformed frames than this on one connection: drop it (docs/protocol.md). */
export const MAX_MALFORMED_FRAMES = 100;

/** Frames kept while the book is not live (copied out of the socket's static read buffer). */
class FrameBuffer {
  readonly bytes = new Uint8Array(BUFFER_BYTES);
  readonly view = wireView(this.bytes);
  readonly offset = new Int32Array(BUFFER_FRAMES);
  readonly length = new Int32Array(BUFFER_FRAMES);
  readonly firstSeq = new Float64Array(BUFFER_FRAMES);
  frames = 0;
  used = 0;
  /** Copies a frame body; false when full. */
  add(view: DataView, start: number, end: number, seq: number): boolean {
    const n = end - start;
    if (this.frames === BUFFER_FRAMES || this.used + n > BUFFER_BYTES) return false;
    for (let i = 0; i < n; i++) this.bytes[this.used + i] = view.getUint8(start + i);
    this.offset[this.frames] = this.used;
    this.length[this.frames] = n;
    this.firstSeq[this.frames] = seq;
    this.frames++;
    this.used += n;
    return true;
  }
  clear(): void {
    this.frames = 0;
    this.used = 0;
  }
}

/**
 * The engine's market-data side: MoldUDP64-like packets → ITCH-like messages → the L3 book, following
 * docs/protocol.md ("Following the feed"): a snapshot first (Data packets buffered meanwhile), then
 * packets in sequence; a duplicate is ignored, a gap (or a malformed message, whose number is lost) is
 * buffered behind and recovered by a Retransmit Request, or by a new snapshot when the buffer overflows
 * or recovery stalls; a new session name (the venue restarted) drops the book and takes a snapshot.
 *
 * The hot path (a live Data packet) decodes every message into preallocated arrays (decode stage),
 * applies them to the book (book stage), and hands the engine one event per packet. Nothing is
 * allocated per packet or message.
 */
export class MarketDataClient {
  readonly book = new L3OrderBook(1 << 14, 1 << 10);
  readonly errors = new ProtocolErrorCounts();
  readonly reader = new FrameReader({ errors: this.errors, initialCapacity: 1 << 16 });
  readonly decoder = new MarketDataDecoder(this.errors);
  state: FeedState = FeedState.Down;
  /** The next sequence number needed. */
  expected = 0;
  session = '';
  ended = false;
  readonly counts = { packets: 0, events: 0, duplicates: 0, gaps: 0, retransmitRequests: 0, snapshots: 0, snapshotRequests: 0, bookErrors: 0, bufferOverflows: 0, malformedMessages: 0, heartbeats: 0 };
  /** When the current recovery started (performance.now()), for the stall timeout. */
  recoveringSinceMs = 0;
  /** The event just applied (EV_* slots) and the decode clock. */
  readonly event = new Float64Array(11);

  // Decoded messages of the current packet.
  private readonly mType = new Uint8Array(MAX_MESSAGES);
  private readonly mRef = new Float64Array(MAX_MESSAGES);
  private readonly mSide = new Int8Array(MAX_MESSAGES);
  private readonly mQty = new Float64Array(MAX_MESSAGES);
  private readonly mPrice = new Float64Array(MAX_MESSAGES);
  private readonly mTime = new Float64Array(MAX_MESSAGES);
  private readonly mCode = new Uint8Array(MAX_MESSAGES);
  private sessionWords = new Uint8Array(FEED_SESSION_LENGTH);
  private snapshotSeq = -1;
  private inSnapshot = false;
  private pending = new FrameBuffer();
  private spare = new FrameBuffer();
  private readonly req = new Uint8Array(64);
  private readonly reqView = wireView(this.req);
  private readonly retransmit = new RetransmitRequest();
  private readonly snapshotRequest = new SnapshotRequest();

  constructor(
    private readonly listener: FeedListener,
    private readonly stats: LiveStats,
  ) {}

  /** A new connection: ask for a snapshot, buffer Data until it comes. */
  connected(): void {
    this.reader.reset();
    this.pending.clear();
    this.requestSnapshot();
  }

  disconnected(): void {
    this.reader.close();
    this.state = FeedState.Down;
    this.inSnapshot = false;
  }

  /** Bytes just read from the socket: `buf[0, n)` (the receive time is taken here). */
  onData(buf: Uint8Array, n: number): void {
    this.onBytes(buf, 0, n);
  }

  onBytes(buf: Uint8Array, start: number, end: number): void {
    stamp(this.event, EV_RX);
    const r = this.reader;
    r.push(buf, start, end);
    while (r.next()) this.onFrame(r.view, r.start, r.end, true);
  }

  /** The connection must be dropped: a framing error, or too much garbage. */
  get mustDrop(): boolean {
    return this.reader.failed || this.errors.total > MAX_MALFORMED_FRAMES;
  }

  /** Called by the engine's timer: a recovery that has not completed in `stallMs` falls back to a snapshot. */
  checkStall(nowMs: number, stallMs: number): void {
    if (this.state === FeedState.Recovering && nowMs - this.recoveringSinceMs > stallMs) this.requestSnapshot();
  }

  private onFrame(v: DataView, start: number, end: number, fromSocket: boolean): void {
    if (this.stats.measuring) stamp(this.event, T_DECODE);
    const d = this.decoder;
    const p = d.decodePacket(v, start, end);
    if (p === 0) return; // counted; a refused packet's numbers are lost: the next packet shows the gap
    if (!this.sameSession(d.session)) {
      const first = this.session === '';
      this.session = getText(d.session);
      this.sessionWords = d.session.slice();
      if (!first) {
        this.listener.onFeedSession(this.session);
        this.expected = 0;
        this.requestSnapshot();
      }
    }
    if (p === FeedPacket.Snapshot) {
      this.onSnapshotPacket();
      return;
    }
    const count = d.count;
    const seq = d.sequence;
    if (count === FEED_END_OF_SESSION_COUNT) {
      if (!this.ended) {
        this.ended = true;
        this.listener.onFeedEndOfSession();
      }
      return;
    }
    if (count === 0) {
      this.counts.heartbeats++;
      // A heartbeat names the next number: anything before it that we lack is a gap.
      if (this.state === FeedState.Live && seq > this.expected) this.gap(this.expected, seq);
      return;
    }
    this.counts.packets++;
    if (this.state === FeedState.AwaitingSnapshot || (this.state === FeedState.Recovering && seq > this.expected)) {
      this.buffer(v, start, end, seq);
    } else if (seq + count <= this.expected) {
      this.counts.duplicates++;
    } else if (seq > this.expected) {
      this.buffer(v, start, end, seq);
      this.gap(this.expected, seq);
    } else {
      this.apply(seq, fromSocket);
      if (this.state === FeedState.Recovering && this.pending.frames > 0 && this.pending.firstSeq[0] <= this.expected) this.drain();
    }
    if (fromSocket) this.listener.onFeedPacketHandled();
  }

  /** Applies a decoded Data packet (seq ≤ expected < seq + count) to the book: one event. */
  private apply(seq: number, live: boolean): void {
    const d = this.decoder;
    const book = this.book;
    let n = 0;
    let lost = -1;
    for (let t = d.nextMessage(); t !== 0; t = d.nextMessage()) {
      const s = d.messageSequence;
      if (s < this.expected) continue;
      if (t === MALFORMED_MESSAGE) {
        // Its number is consumed: what follows cannot be applied in order. Recover from it.
        this.counts.malformedMessages++;
        lost = s;
        break;
      }
      this.mType[n] = t;
      switch (t) {
        case FeedMessage.AddOrder: {
          const m = d.addOrder;
          this.mRef[n] = m.orderRef;
          this.mSide[n] = m.side;
          this.mQty[n] = m.quantity;
          this.mPrice[n] = m.price;
          this.mTime[n] = m.timestampNs;
          break;
        }
        case FeedMessage.OrderExecuted: {
          const m = d.orderExecuted;
          this.mRef[n] = m.orderRef;
          this.mQty[n] = m.quantity;
          this.mTime[n] = m.timestampNs;
          break;
        }
        case FeedMessage.OrderCancel: {
          const m = d.orderCancel;
          this.mRef[n] = m.orderRef;
          this.mQty[n] = m.quantity;
          this.mTime[n] = m.timestampNs;
          break;
        }
        case FeedMessage.OrderDelete: {
          const m = d.orderDelete;
          this.mRef[n] = m.orderRef;
          this.mTime[n] = m.timestampNs;
          break;
        }
        case FeedMessage.Trade: {
          const m = d.trade;
          this.mSide[n] = m.side;
          this.mQty[n] = m.quantity;
          this.mPrice[n] = m.price;
          this.mTime[n] = m.timestampNs;
          break;
        }
        case FeedMessage.SystemEvent: {
          const m = d.systemEvent;
          this.mCode[n] = m.eventCode;
          this.mTime[n] = m.timestampNs;
          break;
        }
        default:
          continue;
      }
      if (++n === MAX_MESSAGES) break;
    }
    const measuring = this.stats.measuring && live;
    if (measuring) {
      stamp(this.event, T_DECODED);
      span(this.stats.stages.decode, this.event, T_DECODE, T_DECODED);
    }

    // Book stage: the event is the first message; its size is what changed at its price.
    let type = 0;
    let side = 0;
    let price = 0;
    let size = 0;
    let bookMessage = false;
    if (n > 0) {
      const t = this.mType[0];
      const ref = this.mRef[0];
      if (t === FeedMessage.AddOrder) {
        type = EventType.Add;
        side = this.mSide[0];
        price = this.mPrice[0];
        bookMessage = true;
      } else if (t === FeedMessage.OrderExecuted || t === FeedMessage.OrderCancel || t === FeedMessage.OrderDelete) {
        type = t === FeedMessage.OrderExecuted ? EventType.ExecuteVisible : t === FeedMessage.OrderCancel ? EventType.Reduce : EventType.Delete;
        side = book.orderSide(ref);
        price = book.orderPrice(ref);
        bookMessage = true;
      } else if (t === FeedMessage.Trade) {
        type = EventType.ExecuteHidden;
        side = this.mSide[0];
        price = this.mPrice[0];
        size = this.mQty[0];
      } else {
        type = EventType.TradingState;
        const c = this.mCode[0];
        price = c === SystemEventCode.Halted ? TradingStateCode.Halt : c === SystemEventCode.QuotationOnly ? TradingStateCode.Quoting : TradingStateCode.Resume;
      }
    }
    const before = bookMessage && side !== 0 ? book.sizeAt(side, price) : 0;
    let ok = true;
    for (let k = 0; k < n; k++) {
      const t = this.mType[k];
      if (t === FeedMessage.AddOrder) ok = book.add(this.mRef[k], this.mSide[k], this.mPrice[k], this.mQty[k]) && ok;
      else if (t === FeedMessage.OrderExecuted || t === FeedMessage.OrderCancel) ok = book.reduce(this.mRef[k], this.mQty[k]) === this.mQty[k] && ok;
      else if (t === FeedMessage.OrderDelete) ok = book.delete(this.mRef[k]) >= 0 && ok;
    }
    if (bookMessage) size = side !== 0 ? Math.abs(book.sizeAt(side, price) - before) : 0;
    this.expected = lost >= 0 ? lost : seq + d.count;
    if (measuring) {
      stamp(this.event, T_BOOKED);
      span(this.stats.stages.book, this.event, T_DECODED, T_BOOKED);
    }
    if (!ok || (bookMessage && side === 0)) {
      // The book no longer matches the venue's: start again from a snapshot.
      this.counts.bookErrors++;
      this.requestSnapshot();
      return;
    }
    if (n > 0) {
      this.counts.events++;
      const ev = this.event;
      ev[EV_SEQ] = seq;
      ev[EV_TIME] = this.mTime[0];
      ev[EV_TYPE] = type;
      ev[EV_SIDE] = side;
      ev[EV_PRICE] = price;
      ev[EV_SIZE] = size;
      ev[EV_LIVE] = live ? 1 : 0;
      this.listener.onFeedEvent();
    }
    if (lost >= 0) this.gap(lost, lost + 1);
  }

  private onSnapshotPacket(): void {
    const d = this.decoder;
    if (this.state !== FeedState.AwaitingSnapshot) return; // unsolicited (answered to a stale request)
    for (let t = d.nextMessage(); t !== 0; t = d.nextMessage()) {
      if (t === FeedMessage.SnapshotStart) {
        this.book.clear();
        this.inSnapshot = true;
        this.snapshotSeq = d.snapshotStart.sequence;
      } else if (t === FeedMessage.AddOrder && this.inSnapshot) {
        const m = d.addOrder;
        this.book.add(m.orderRef, m.side, m.price, m.quantity);
      } else if (t === FeedMessage.SnapshotEnd && this.inSnapshot) {
        this.inSnapshot = false;
        this.counts.snapshots++;
        this.expected = this.snapshotSeq + 1;
        this.state = FeedState.Live;
        this.listener.onFeedResync(this.snapshotSeq);
        this.drain();
      } else if (t === MALFORMED_MESSAGE) {
        // A damaged snapshot: ask again.
        this.inSnapshot = false;
        this.requestSnapshot();
        return;
      }
    }
  }

  private gap(from: number, to: number): void {
    this.counts.gaps++;
    if (this.state !== FeedState.Recovering) {
      this.state = FeedState.Recovering;
      this.recoveringSinceMs = performance.now();
    }
    this.counts.retransmitRequests++;
    const r = this.retransmit;
    r.session.set(this.sessionWords);
    r.sequence = from;
    r.count = Math.max(1, Math.min(0xffff, to - from));
    const n = writeRetransmitRequestFrame(this.reqView, 0, r);
    this.listener.sendFeedRequest(this.req, 0, n);
  }

  requestSnapshot(): void {
    this.state = FeedState.AwaitingSnapshot;
    this.inSnapshot = false;
    this.counts.snapshotRequests++;
    const n = writeSnapshotRequestFrame(this.reqView, 0, this.snapshotRequest);
    this.listener.sendFeedRequest(this.req, 0, n);
  }

  private buffer(v: DataView, start: number, end: number, seq: number): void {
    if (this.pending.add(v, start, end, seq)) return;
    // Bounded: past 4 MiB of backlog the buffer is dropped and the book rebuilt from a snapshot.
    this.counts.bufferOverflows++;
    this.pending.clear();
    if (this.state !== FeedState.AwaitingSnapshot) this.requestSnapshot();
    this.pending.add(v, start, end, seq);
  }

  /** Replays the buffered frames in arrival order (they may buffer again behind a new gap). */
  private drain(): void {
    const frames = this.pending;
    this.pending = this.spare;
    this.spare = frames;
    this.pending.clear();
    if (this.state === FeedState.Recovering) this.state = FeedState.Live;
    for (let k = 0; k < frames.frames; k++) {
      const o = frames.offset[k];
      stamp(this.event, EV_RX);
      this.onFrame(frames.view, o, o + frames.length[k], false);
    }
    frames.clear();
  }

  private sameSession(s: Uint8Array): boolean {
    const w = this.sessionWords;
    if (this.session === '') return false;
    for (let i = 0; i < FEED_SESSION_LENGTH; i++) if (s[i] !== w[i]) return false;
    return true;
  }
}
