import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { LatencyHistogram } from '../../core/LatencyHistogram.ts';
import type { LobsterDay } from '../../data/lobster/LobsterDay.ts';
import { FeedPacket, OrderEntryMessage, SessionPacket } from '../protocol/codes.ts';
import { FeedPacketWriter, MAX_CLIENT_MARKET_DATA_BODY } from '../protocol/FeedPacketWriter.ts';
import { FrameReader } from '../protocol/FrameReader.ts';
import { MarketDataRequestDecoder } from '../protocol/MarketDataDecoder.ts';
import { OrderEntryVenueDecoder } from '../protocol/OrderEntryDecoder.ts';
import { ProtocolError, ProtocolErrorCounts } from '../protocol/ProtocolError.ts';
import {
  LoginAccepted,
  LoginRejected,
  MAX_CLIENT_ORDER_ENTRY_BODY,
  writeControlFrame,
  writeLoginAcceptedFrame,
  writeLoginRejectedFrame,
} from '../protocol/sessionPackets.ts';
import { getText, setText, wireView } from '../protocol/wire.ts';
import { ReplayMarket } from './ReplayMarket.ts';
import { SandboxVenue, type VenueUser } from './SandboxVenue.ts';

/**
 * How the replayed day is paced:
 * - `realtime`: exchange time runs at `speed` × wall time (1 = the day's own pace); messages before
 *   `fastUntilNs` (a warm-up) go out as fast as possible first.
 * - `asap`: as fast as the venue can publish, in chunks that leave the event loop free for client orders.
 * - `lockstep`: one packet at a time; the venue waits until its (single) client has acknowledged every
 *   packet it sent (one Client Heartbeat per Data / Sequenced Data packet, sent after processing it) before
 *   sending the next, and client orders are applied after all replayed messages with the same timestamp:
 *   the backtester's zero-latency timeline (see the README).
 */
export type Pacing = { readonly mode: 'realtime'; readonly speed: number; readonly fastUntilNs?: number } | { readonly mode: 'asap' } | { readonly mode: 'lockstep' };

export interface SandboxServerOptions {
  readonly day: LobsterDay;
  /** First message published (the ones before it make up the initial book). Default 0. */
  readonly from?: number;
  /** Stop publishing at this exchange time (ns since the origin); default: the end of the day. */
  readonly endNs?: number;
  readonly pacing: Pacing;
  readonly session: string;
  readonly host?: string;
  readonly orderEntryPort?: number;
  readonly marketDataPort?: number;
  /** Start the replay at the first order-entry login (default) or at once. */
  readonly startOn?: 'login' | 'listen';
  /** Send End of Session (market data and order entry) when the replay is over (default true). */
  readonly endSession?: boolean;
  readonly cancelOnDisconnect?: boolean;
  /** Heartbeat after this much silence, drop an order-entry peer silent this long (ms; 1000 / 3000). */
  readonly heartbeatMs?: number;
  readonly idleTimeoutMs?: number;
  /** Slow-consumer policy: backlog bytes that mark a client slow, and that disconnect it (1 MiB / 8 MiB). */
  readonly slowWarnBytes?: number;
  readonly slowDropBytes?: number;
  /** Wire-to-wire is recorded for orders reacting to messages at or after this exchange time. */
  readonly measureFromNs?: number;
  readonly log?: (line: string) => void;
  /** Keep the event loop spinning between packets instead of sleeping in epoll (one core's worth of CPU). */
  readonly spin?: boolean;
}

/** More malformed frames than this on one connection end it (docs/protocol.md). */
const MAX_MALFORMED = 100;
const SEND_RING = 1 << 20;

/** One client connection, either protocol. */
class Connection {
  readonly errors = new ProtocolErrorCounts();
  readonly reader: FrameReader;
  lastSendMs = performance.now();
  lastRecvMs = performance.now();
  slow = false;
  closed = false;
  user: VenueUser | null = null;
  readonly oeDecoder = new OrderEntryVenueDecoder(this.errors);
  readonly mdDecoder = new MarketDataRequestDecoder(this.errors);
  constructor(
    readonly socket: Socket,
    maxFrameBody: number,
  ) {
    this.reader = new FrameReader({ maxFrameBody, errors: this.errors });
  }
}

/**
 * The sandbox exchange on loopback TCP: one order-entry port (SoupBinTCP-like sessions, OUCH-like
 * messages) and one market-data port (MoldUDP64-like packets with retransmit and snapshot), serving a
 * `SandboxVenue` whose market is a replayed LOBSTER day (`ReplayMarket`), paced by `Pacing`.
 *
 * Policies (also in the README): heartbeats after 1 s of silence; an order-entry peer silent for 3 s is
 * dropped (not in lockstep); malformed input is counted per connection and handled per
 * docs/protocol.md (skip, or drop on a framing error or beyond 100 malformed frames); a client whose
 * unsent backlog (socket.writableLength) passes `slowWarnBytes` is reported slow, and past
 * `slowDropBytes` disconnected (market data: it recovers by retransmit or snapshot; order entry: it logs
 * in again and replays), so no client can make the venue hold unbounded memory.
 */
export class SandboxServer {
  readonly venue: SandboxVenue;
  readonly replay: ReplayMarket;
  readonly stats = {
    slowConsumerWarnings: 0,
    slowConsumerDisconnects: 0,
    malformedDrops: 0,
    idleDrops: 0,
    mdConnections: 0,
    oeConnections: 0,
    retransmitRequests: 0,
    retransmittedPackets: 0,
    snapshotRequests: 0,
    ordersReceived: 0,
    corruptedPackets: 0,
  };
  /** Market-data send → order receipt, ns, per order naming a market-data sequence number. */
  readonly wireToWire = new LatencyHistogram();
  /** Protocol errors of connections that have closed (live ones are added in status()). */
  private readonly closedErrors = new ProtocolErrorCounts();
  started = false;
  finished = false;

  private readonly options: SandboxServerOptions;
  private oeServer: Server | null = null;
  private mdServer: Server | null = null;
  private readonly md = new Set<Connection>();
  private readonly oe = new Set<Connection>();
  private readonly ctl = new Uint8Array(64);
  private readonly ctlView = wireView(this.ctl);
  private readonly hbWriter = new FeedPacketWriter();
  private readonly loginAccepted = new LoginAccepted();
  private readonly loginRejected = new LoginRejected();
  private timer: ReturnType<typeof setInterval> | null = null;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  private pumpImmediate: ReturnType<typeof setImmediate> | null = null;
  private spinHandle: ReturnType<typeof setImmediate> | null = null;
  private readonly endNs: number;
  // Real-time pacing: wall ms ↔ exchange ns.
  private wall0 = 0;
  private exch0 = 0;
  private paced = false;
  // Market-data send times by sequence number (wire-to-wire).
  private readonly sendMs = new Float64Array(SEND_RING);
  private readonly sendTag = new Float64Array(SEND_RING).fill(-1);
  private readonly sendExchNs = new Float64Array(SEND_RING);
  private corruptNext = 0;
  private readonly scratch = new Uint8Array(65_536 + 2);
  // Lockstep: packets sent and not yet acknowledged; the queues released one packet at a time.
  private awaiting = 0;
  private groupEnd = 0;
  private readonly mdQueue: number[] = [];
  private readonly oeQueue: { user: VenueUser; start: number; end: number }[] = [];

  constructor(options: SandboxServerOptions) {
    this.options = options;
    const day = options.day;
    this.endNs = options.endNs ?? Infinity;
    this.venue = new SandboxVenue(
      { instrument: day.instrument, originNs: day.originNs, session: options.session, cancelOnDisconnect: options.cancelOnDisconnect },
      { onFeedPacket: (first, count, bytes, start, end, timeNs) => this.onFeedPacket(first, count, bytes, start, end, timeNs) },
      { onOrderEntry: (user, _seq, bytes, start, end) => this.onOrderEntry(user, bytes, start, end) },
    );
    this.hbWriter.setSession(options.session);
    this.replay = new ReplayMarket(this.venue, day);
    this.replay.start(options.from ?? 0);
    this.groupEnd = this.replay.next;
  }

  /** The replay has reached the run's measured window. */
  get measuring(): boolean {
    return this.started && this.venue.clock.nowNs() >= (this.options.measureFromNs ?? -Infinity);
  }

  get lockstep(): boolean {
    return this.options.pacing.mode === 'lockstep';
  }

  /** Listens on both ports; resolves to the ports bound. */
  async listen(): Promise<{ orderEntryPort: number; marketDataPort: number }> {
    const host = this.options.host ?? '127.0.0.1';
    this.oeServer = createServer((s) => this.acceptOe(s));
    this.mdServer = createServer((s) => this.acceptMd(s));
    const bind = (srv: Server, port: number): Promise<number> =>
      new Promise((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, host, () => resolve((srv.address() as AddressInfo).port));
      });
    const orderEntryPort = await bind(this.oeServer, this.options.orderEntryPort ?? 0);
    const marketDataPort = await bind(this.mdServer, this.options.marketDataPort ?? 0);
    this.timer = setInterval(() => this.housekeeping(), 100);
    if (this.options.spin) {
      const spin = (): void => {
        if (this.timer !== null) this.spinHandle = setImmediate(spin);
      };
      spin();
    }
    if ((this.options.startOn ?? 'login') === 'listen') this.startReplay();
    return { orderEntryPort, marketDataPort };
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    if (this.pumpTimer !== null) clearTimeout(this.pumpTimer);
    if (this.pumpImmediate !== null) clearImmediate(this.pumpImmediate);
    if (this.spinHandle !== null) clearImmediate(this.spinHandle);
    this.timer = null;
    for (const c of [...this.md, ...this.oe]) c.socket.destroy();
    const stop = (srv: Server | null): Promise<void> => new Promise((resolve) => (srv === null ? resolve() : srv.close(() => resolve())));
    await Promise.all([stop(this.oeServer), stop(this.mdServer)]);
  }

  /** Makes the next market-data packet sent to clients malformed (its first message type), for tests. */
  corruptNextPacket(): void {
    this.corruptNext++;
  }

  /** Everything a status request reports (allocates). */
  status(): Record<string, unknown> {
    const h = this.wireToWire;
    return {
      ...this.venue.status(),
      replay: { next: this.replay.next, length: this.replay.length, done: this.finished, ...this.replay.counts },
      server: { ...this.stats, protocolErrors: this.protocolErrors().toJSON() },
      wireToWire: { count: h.count, p50Us: h.percentile(0.5) / 1e3, p99Us: h.percentile(0.99) / 1e3, p999Us: h.percentile(0.999) / 1e3, maxUs: h.max / 1e3 },
    };
  }

  /** Malformed input counted over every connection so far, by error name. */
  protocolErrors(): ProtocolErrorCounts {
    const all = new ProtocolErrorCounts();
    for (const src of [this.closedErrors, ...[...this.md, ...this.oe].map((c) => c.errors)]) {
      for (let k = 1; k < src.counts.length; k++) all.counts[k] += src.counts[k];
      all.total += src.total;
    }
    return all;
  }

  // ---- connections ----------------------------------------------------------------------------

  private acceptMd(socket: Socket): void {
    socket.setNoDelay(true);
    const c = new Connection(socket, MAX_CLIENT_MARKET_DATA_BODY);
    this.md.add(c);
    this.stats.mdConnections++;
    socket.on('data', (chunk: Buffer) => this.onMdData(c, chunk));
    socket.on('drain', () => (c.slow = false));
    socket.on('error', () => undefined);
    socket.on('close', () => this.closed(c));
  }

  private acceptOe(socket: Socket): void {
    socket.setNoDelay(true);
    const c = new Connection(socket, MAX_CLIENT_ORDER_ENTRY_BODY);
    this.oe.add(c);
    this.stats.oeConnections++;
    socket.on('data', (chunk: Buffer) => this.onOeData(c, chunk));
    socket.on('drain', () => (c.slow = false));
    socket.on('error', () => undefined);
    socket.on('close', () => this.closed(c));
  }

  private closed(c: Connection): void {
    c.closed = true;
    c.reader.close();
    const e = this.closedErrors;
    for (let k = 1; k < e.counts.length; k++) e.counts[k] += c.errors.counts[k];
    e.total += c.errors.total;
    c.errors.reset();
    this.md.delete(c);
    if (this.oe.delete(c) && c.user !== null) {
      c.user.connections--;
      this.venue.disconnected(c.user);
    }
  }

  private drop(c: Connection, why: string): void {
    if (c.closed) return;
    c.closed = true;
    this.options.log?.(`sandbox: dropping a ${this.md.has(c) ? 'market-data' : 'order-entry'} client: ${why}`);
    c.socket.destroy();
  }

  /** Writes to a client under the slow-consumer policy. */
  private write(c: Connection, bytes: Uint8Array, start: number, end: number): void {
    if (c.closed) return;
    c.socket.write(bytes.subarray(start, end));
    c.lastSendMs = performance.now();
    const backlog = c.socket.writableLength;
    if (backlog > (this.options.slowDropBytes ?? 8 << 20)) {
      this.stats.slowConsumerDisconnects++;
      this.drop(c, `slow consumer: ${backlog} bytes unsent`);
    } else if (backlog > (this.options.slowWarnBytes ?? 1 << 20) && !c.slow) {
      c.slow = true;
      this.stats.slowConsumerWarnings++;
      this.options.log?.(`sandbox: slow consumer, ${backlog} bytes unsent`);
    }
  }

  /** The drop rules of docs/protocol.md: a framing error, or more than 100 malformed frames. */
  private checkErrors(c: Connection): void {
    if (c.reader.failed) {
      this.stats.malformedDrops++;
      this.drop(c, 'framing error');
    } else if (c.errors.total > MAX_MALFORMED) {
      this.stats.malformedDrops++;
      this.drop(c, `more than ${MAX_MALFORMED} malformed frames`);
    }
  }

  // ---- market data ----------------------------------------------------------------------------

  private onMdData(c: Connection, chunk: Buffer): void {
    c.lastRecvMs = performance.now();
    const dec = c.mdDecoder;
    c.reader.push(chunk);
    while (!c.closed && c.reader.next()) {
      const p = dec.decode(c.reader.view, c.reader.start, c.reader.end);
      if (p === FeedPacket.RetransmitRequest) this.retransmit(c, dec.retransmitRequest.sequence, dec.retransmitRequest.count, getText(dec.retransmitRequest.session));
      else if (p === FeedPacket.SnapshotRequest) this.snapshot(c);
    }
    this.checkErrors(c);
  }

  private retransmit(c: Connection, seq: number, count: number, session: string): void {
    this.stats.retransmitRequests++;
    const store = this.venue.feed.store;
    if (session !== '' && session !== this.venue.session) return this.snapshot(c);
    const last = seq + Math.max(1, count) - 1;
    let k = store.find(seq);
    if (k < 0) return this.snapshot(c); // no longer held: answered with a snapshot (docs/protocol.md, step 5)
    for (; k < store.end && store.packetFirstSeq(k) <= last; k++) {
      const o = store.packetOffset(k);
      this.sendMd(c, store.bytes, o, o + store.packetLength(k));
      this.stats.retransmittedPackets++;
    }
  }

  private snapshot(c: Connection): void {
    this.stats.snapshotRequests++;
    this.venue.writeSnapshot((bytes, start, end) => this.write(c, bytes.slice(start, end), 0, end - start));
  }

  /** A Data packet to one client (counted for lockstep acknowledgement). */
  private sendMd(c: Connection, bytes: Uint8Array, start: number, end: number): void {
    if (this.corruptNext > 0) {
      // A copy with its first message's type letter made unknown; the stored packet stays intact.
      this.corruptNext--;
      this.stats.corruptedPackets++;
      const n = end - start;
      this.scratch.set(bytes.subarray(start, end));
      this.scratch[25] = 0x3f;
      bytes = this.scratch.slice(0, n);
      start = 0;
      end = n;
    }
    if (this.lockstep) this.awaiting++;
    this.write(c, bytes, start, end);
  }

  private onFeedPacket(firstSeq: number, count: number, bytes: Uint8Array, start: number, end: number, timeNs: number): void {
    if (this.lockstep) {
      this.mdQueue.push(firstSeq, count, start, end, timeNs);
      return;
    }
    this.publishMd(firstSeq, count, bytes, start, end, timeNs);
  }

  private publishMd(firstSeq: number, count: number, bytes: Uint8Array, start: number, end: number, exch: number): void {
    const now = performance.now();
    for (let s = firstSeq; s < firstSeq + count; s++) {
      const k = s & (SEND_RING - 1);
      this.sendMs[k] = now;
      this.sendTag[k] = s;
      this.sendExchNs[k] = exch;
    }
    for (const c of this.md) this.sendMd(c, bytes, start, end);
  }

  // ---- order entry ----------------------------------------------------------------------------

  private onOeData(c: Connection, chunk: Buffer): void {
    const recvMs = performance.now();
    c.lastRecvMs = recvMs;
    const dec = c.oeDecoder;
    c.reader.push(chunk);
    while (!c.closed && c.reader.next()) {
      const p = dec.decode(c.reader.view, c.reader.start, c.reader.end);
      switch (p) {
        case SessionPacket.LoginRequest:
          this.login(c);
          break;
        case SessionPacket.UnsequencedData:
          if (c.user === null) {
            this.drop(c, 'order before login');
            break;
          }
          this.request(c.oeDecoder, c.user, recvMs);
          break;
        case SessionPacket.ClientHeartbeat:
          if (this.lockstep && c.user !== null) this.ack();
          break;
        case SessionPacket.LogoutRequest:
          c.socket.end();
          c.closed = true;
          break;
        case 0:
          // A refused request with a decodable token still gets an answer (docs/protocol.md).
          if (c.user !== null && dec.error === ProtocolError.BadField && dec.packetType === SessionPacket.UnsequencedData) this.rejectMalformed(dec, c.user);
          break;
      }
    }
    this.checkErrors(c);
  }

  private login(c: Connection): void {
    if (c.user !== null) return;
    const m = c.oeDecoder.loginRequest;
    const r = this.venue.login(getText(m.username), getText(m.password), getText(m.session), m.sequence);
    if (!r.ok || r.user === null) {
      this.loginRejected.reason = r.reason;
      const n = writeLoginRejectedFrame(this.ctlView, 0, this.loginRejected);
      this.write(c, this.ctl, 0, n);
      c.socket.end();
      c.closed = true;
      return;
    }
    const user = r.user;
    c.user = user;
    user.connections++;
    const a = this.loginAccepted;
    setText(a.session, this.venue.session, true);
    a.sequence = r.firstSeq;
    a.originHigh = this.venue.originHigh;
    a.originLow = this.venue.originLow;
    this.write(c, this.ctl, 0, writeLoginAcceptedFrame(this.ctlView, 0, a));
    // Replay what the client asked for, then one Server Heartbeat: the replay is over, messages are live.
    const store = user.stream;
    for (let k = store.find(r.firstSeq); k >= 0 && k < store.end; k++) {
      const o = store.packetOffset(k);
      this.sendOe(c, store.bytes, o, o + store.packetLength(k));
    }
    this.write(c, this.ctl, 0, writeControlFrame(this.ctlView, 0, SessionPacket.ServerHeartbeat));
    if (!this.started && (this.options.startOn ?? 'login') === 'login') this.startReplay();
  }

  private request(dec: OrderEntryVenueDecoder, user: VenueUser, recvMs: number): void {
    this.stats.ordersReceived++;
    let mdSeq = 0;
    if (dec.messageType === OrderEntryMessage.EnterOrder) mdSeq = dec.enterOrder.marketDataSeq;
    else if (dec.messageType === OrderEntryMessage.ReplaceOrder) mdSeq = dec.replaceOrder.marketDataSeq;
    else if (dec.messageType === OrderEntryMessage.CancelOrder) mdSeq = dec.cancelOrder.marketDataSeq;
    if (mdSeq > 0) {
      const k = mdSeq & (SEND_RING - 1);
      if (this.sendTag[k] === mdSeq && this.sendExchNs[k] >= (this.options.measureFromNs ?? -Infinity)) this.wireToWire.record((recvMs - this.sendMs[k]) * 1e6);
    }
    // Lockstep: a client order arrives after every replayed message of the current instant.
    if (this.lockstep) this.finishGroup();
    if (dec.messageType === OrderEntryMessage.EnterOrder) this.venue.enterOrder(user, dec.enterOrder);
    else if (dec.messageType === OrderEntryMessage.CancelOrder) this.venue.cancelOrder(user, dec.cancelOrder);
    else if (dec.messageType === OrderEntryMessage.ReplaceOrder) this.venue.replaceOrder(user, dec.replaceOrder);
  }

  private rejectMalformed(dec: OrderEntryVenueDecoder, user: VenueUser): void {
    if (dec.errorField === 'token' || dec.errorField === 'existingToken' || dec.errorField === 'replacementToken') return;
    const t = dec.messageType;
    const token = t === OrderEntryMessage.EnterOrder ? dec.enterOrder.token : t === OrderEntryMessage.ReplaceOrder ? dec.replaceOrder.replacementToken : dec.cancelOrder.token;
    this.venue.rejectRequest(user, token, t, dec.rejectReason());
  }

  private onOrderEntry(user: VenueUser, bytes: Uint8Array, start: number, end: number): void {
    if (this.lockstep) {
      this.oeQueue.push({ user, start, end });
      return;
    }
    for (const c of this.oe) if (c.user === user) this.sendOe(c, bytes, start, end);
  }

  private sendOe(c: Connection, bytes: Uint8Array, start: number, end: number): void {
    if (this.lockstep) this.awaiting++;
    this.write(c, bytes, start, end);
  }

  // ---- pacing ---------------------------------------------------------------------------------

  startReplay(): void {
    if (this.started) return;
    this.started = true;
    this.wall0 = performance.now();
    this.exch0 = this.replay.done ? 0 : this.replay.timeOf(this.replay.next);
    const p = this.options.pacing;
    this.paced = p.mode === 'realtime' && !(p.fastUntilNs !== undefined && this.exch0 < p.fastUntilNs);
    this.schedule(0);
  }

  /** The replay time (exchange ns) now, in real-time pacing. */
  private replayNow(speed: number): number {
    return this.exch0 + (performance.now() - this.wall0) * 1e6 * speed;
  }

  private schedule(delayMs: number): void {
    if (this.finished) return;
    if (delayMs <= 0.5) {
      if (this.pumpImmediate === null) this.pumpImmediate = setImmediate(() => {
        this.pumpImmediate = null;
        this.pump();
      });
    } else if (this.pumpTimer === null) {
      this.pumpTimer = setTimeout(() => {
        this.pumpTimer = null;
        this.pump();
      }, Math.max(1, Math.floor(delayMs - 0.5)));
    }
  }

  private get exhausted(): boolean {
    return this.replay.done || this.replay.timeOf(this.replay.next) >= this.endNs;
  }

  private pump(): void {
    if (this.finished) return;
    const p = this.options.pacing;
    if (p.mode === 'lockstep') return this.pumpLockstep();
    const replay = this.replay;
    let budget = 512;
    while (!this.exhausted && budget-- > 0) {
      const t = replay.timeOf(replay.next);
      if (p.mode === 'realtime') {
        if (!this.paced) {
          if (p.fastUntilNs === undefined || t >= p.fastUntilNs) {
            this.paced = true;
            this.wall0 = performance.now();
            this.exch0 = p.fastUntilNs ?? t;
          }
        }
        if (this.paced) {
          const now = this.replayNow(p.speed);
          if (t > now) return this.schedule((t - now) / 1e6 / p.speed);
        }
      }
      replay.step();
    }
    if (this.exhausted) return this.finish();
    this.schedule(0);
  }

  /** Lockstep: release one packet at a time; replay the next instant when everything is acknowledged. */
  private pumpLockstep(): void {
    while (this.awaiting === 0) {
      const oe = this.oeQueue.shift();
      if (oe !== undefined) {
        // A user with no connection gets it at its next login (it is in the user's stream).
        for (const c of this.oe) if (c.user === oe.user) this.sendOe(c, oe.user.stream.bytes, oe.start, oe.end);
        continue;
      }
      if (this.mdQueue.length > 0) {
        const first = this.mdQueue.shift()!;
        const count = this.mdQueue.shift()!;
        const start = this.mdQueue.shift()!;
        const end = this.mdQueue.shift()!;
        const timeNs = this.mdQueue.shift()!;
        this.publishMd(first, count, this.venue.feed.store.bytes, start, end, timeNs);
        continue;
      }
      if (this.replay.next < this.groupEnd) {
        this.replay.step();
        continue;
      }
      if (this.exhausted) return this.finish();
      // The next instant: every message sharing the next timestamp.
      const t = this.replay.timeOf(this.replay.next);
      let e = this.replay.next;
      while (e < this.replay.length && this.replay.timeOf(e) === t) e++;
      this.groupEnd = e;
    }
  }

  /** Applies the rest of the current instant before a client order (lockstep). */
  private finishGroup(): void {
    while (this.replay.next < this.groupEnd) this.replay.step();
  }

  private ack(): void {
    if (this.awaiting > 0) this.awaiting--;
    if (this.awaiting === 0 && this.started) this.schedule(0);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.options.log?.(`sandbox: replay over after ${this.replay.counts.messages} messages`);
    if (this.options.endSession ?? true) {
      this.venue.ended = true;
      const n = this.hbWriter.endOfSession(this.ctlView, 0, this.venue.feed.nextSeq);
      for (const c of this.md) this.write(c, this.ctl, 0, n);
      const z = writeControlFrame(this.ctlView, 32, SessionPacket.EndOfSession);
      for (const c of this.oe) if (c.user !== null) this.write(c, this.ctl, 32, 32 + z);
    }
  }

  private housekeeping(): void {
    const now = performance.now();
    const hb = this.options.heartbeatMs ?? 1000;
    const idle = this.options.idleTimeoutMs ?? 3000;
    for (const c of this.md) {
      if (now - c.lastSendMs >= hb) {
        const n = this.finished && (this.options.endSession ?? true) ? this.hbWriter.endOfSession(this.ctlView, 0, this.venue.feed.nextSeq) : this.hbWriter.heartbeat(this.ctlView, 0, this.venue.feed.nextSeq);
        this.write(c, this.ctl, 0, n);
      }
    }
    for (const c of this.oe) {
      if (c.user === null) continue;
      if (now - c.lastSendMs >= hb) this.write(c, this.ctl, 0, writeControlFrame(this.ctlView, 0, SessionPacket.ServerHeartbeat));
      if (!this.lockstep && now - c.lastRecvMs >= idle) {
        this.stats.idleDrops++;
        this.drop(c, `silent for ${Math.round(now - c.lastRecvMs)} ms`);
      }
    }
  }
}
