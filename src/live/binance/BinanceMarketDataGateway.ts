import WebSocket from 'ws';
import { SeededRng } from '../../core/rng.ts';
import { NS_PER_MS, utcMidnightOfNs, type Clock } from '../../core/time.ts';
import { binanceInstrument, type BinanceInstrument, type BinanceMarket } from '../../data/binance/BinanceInstrument.ts';
import type { L2Ladder } from '../../book/L2Ladder.ts';
import {
  binanceStreamNames,
  combinedStreamUrl,
  depthSnapshotUrl,
  MAX_SNAPSHOT_LIMIT,
  type BinanceEndpoints,
  type DepthUpdateSpeed,
} from './binanceEndpoints.ts';
import { BinanceFeedHandler, SnapshotOutcome, type FeedGap, type FeedHandlerStats, type MalformedKind } from './BinanceFeedHandler.ts';
import { ConsumerQueue, type ConsumerQueueStats, type EventConsumer, type OverflowReport } from './ConsumerQueue.ts';
import { HostClock } from './HostClock.ts';
import { DEFAULT_BACKOFF, ReconnectBackoff, type BackoffPolicy } from './ReconnectBackoff.ts';

/**
 * Binance market data for one symbol, live: a websocket client on the combined stream (diff depth,
 * trades, bookTicker), the REST snapshot + diff synchronisation Binance documents, the L2 book, and
 * normalized events to a consumer. Paper mode only: this gateway never sends an order.
 *
 * Per frame (the socket's turn; nothing else in between): receive time from the injected clock → the
 * frame's bytes decoded by BinanceDecoder (no JSON.parse, no string) → BinanceDepthSequencer → L2Ladder
 * → events into the ConsumerQueue → the consumer. See BinanceFeedHandler for the event layout.
 *
 * Synchronisation (Binance "how to manage a local order book correctly"):
 * 1. open the stream; buffer diffs; 2. GET the depth snapshot; 3. if its lastUpdateId is older than the
 * first buffered diff, GET another (counted `snapshotsTooOld`); 4. drop diffs the snapshot contains
 * (spot `u <= lastUpdateId`, futures `u < lastUpdateId`); 5. the first applied diff bridges it (spot
 * `U <= lastUpdateId+1 <= u`, futures `U <= lastUpdateId <= u`); 6. every next diff continues the chain
 * (spot `U == prev u + 1`, futures `pu == prev u`). A break is a gap: Gap event, book dropped, a new
 * snapshot fetched, diffs buffered meanwhile (counted in `gaps`, reported through `onGap`).
 *
 * Failures, and what happens:
 * - socket close or error → Gap (if the book was valid), reconnect after exponential backoff with
 *   jitter from the injected seeded RNG; the backoff resets once the book is live again;
 * - no data frame for `staleAfterMs`, or no pong within `pongTimeoutMs` of a ping (sent every
 *   `pingIntervalMs`) → the socket is terminated and the same reconnect path runs;
 * - snapshot request failure (network, HTTP status, malformed body, timeout) → retried with its own
 *   backoff while the stream stays up;
 * - malformed frames → counted per kind and skipped (never thrown), see BinanceFeedHandler;
 * - slow consumer → ConsumerQueue's overflow policy (drop, Gap, resync from the gateway's book).
 */
export type GatewayStatus = 'idle' | 'connecting' | 'syncing' | 'live' | 'backoff' | 'stopped';

export type DisconnectReason = 'closed' | 'error' | 'stale' | 'pong-timeout' | 'stopped';

export interface BinanceGatewayOptions {
  symbol: string;
  market: BinanceMarket;
  /** Where to connect. Required: there is no default host (nothing reaches the network unasked). */
  endpoints: BinanceEndpoints;
  /** The consumer: gets each message's events (see ConsumerQueue for async consumers). */
  onEvents: EventConsumer;
  /** Default binanceInstrument(symbol, market). */
  instrument?: BinanceInstrument;
  /** Diff stream speed. Default '100ms'. */
  depthSpeed?: DepthUpdateSpeed;
  /** Levels asked of the REST snapshot. Default the market's maximum (spot 5000, futures 1000). */
  snapshotLimit?: number;
  /** Receive-time clock (ns from originNs); it also times heartbeats. Default HostClock(originNs). */
  clock?: Clock;
  /** Origin of every timestamp. Default UTC midnight of today. Required with `clock`. */
  originNs?: bigint;
  /** Jitter source for the backoffs. Default SeededRng(1). */
  rng?: SeededRng;
  reconnectBackoff?: BackoffPolicy;
  snapshotBackoff?: BackoffPolicy;
  /** Ping period. Default 10 s. */
  pingIntervalMs?: number;
  /** A ping unanswered this long → reconnect. Default 10 s. */
  pongTimeoutMs?: number;
  /** No data frame this long → reconnect. Default 30 s. */
  staleAfterMs?: number;
  /** How often liveness is checked. Default min(ping interval, pong timeout, stale timeout) / 4, at least 5 ms. */
  heartbeatCheckMs?: number;
  /** REST snapshot request timeout. Default 10 s. */
  snapshotTimeoutMs?: number;
  /** Websocket opening handshake timeout. Default 10 s. */
  handshakeTimeoutMs?: number;
  /** Events allowed to wait for a busy consumer (ConsumerQueue). Default 65536. */
  maxQueuedEvents?: number;
  /** Diffs kept while awaiting a snapshot. Default 4096. */
  maxBufferedDiffs?: number;
  onStatus?: (status: GatewayStatus, previous: GatewayStatus) => void;
  onGap?: (gap: FeedGap) => void;
  onOverflow?: (report: OverflowReport) => void;
  onMalformed?: (kind: MalformedKind, detail: string) => void;
  /** Consumer exceptions (counted; without this callback rethrown uncaught on a fresh turn). */
  onError?: (error: unknown) => void;
  /** Every disconnect with its reason and the delay before the next attempt (ms). */
  onDisconnect?: (reason: DisconnectReason, reconnectInMs: number, detail: string) => void;
}

export interface GatewayStats {
  /** Websocket connections opened. */
  connects: number;
  /** Connection attempts that failed before opening. */
  connectFailures: number;
  /** Disconnects after opening, by reason. */
  disconnects: Record<DisconnectReason, number>;
  /** Delays (ms) of every scheduled reconnect, in order (bounded to the last 64). */
  reconnectDelaysMs: number[];
  snapshotRequests: number;
  /** Requests that failed (network, HTTP status, timeout, or a body that is not a snapshot). */
  snapshotFailures: number;
  /** Why the last snapshot request failed ('' if none has). */
  lastSnapshotFailure: string;
  /** Books rebuilt after the first one (sequence gaps, reconnects). */
  resyncs: number;
  /** Frames received on the current connection. */
  framesThisConnection: number;
}

export interface GatewayReport {
  status: GatewayStatus;
  gateway: GatewayStats;
  feed: FeedHandlerStats;
  malformedByKind: Record<MalformedKind, number>;
  queue: ConsumerQueueStats;
  lastGap: FeedGap | null;
}

const EMPTY_CLOSE_REASON = '';

export class BinanceMarketDataGateway {
  readonly instrument: BinanceInstrument;
  readonly originNs: bigint;
  readonly streamUrl: string;
  readonly snapshotUrl: string;
  readonly stats: GatewayStats = {
    connects: 0,
    connectFailures: 0,
    disconnects: { closed: 0, error: 0, stale: 0, 'pong-timeout': 0, stopped: 0 },
    reconnectDelaysMs: [],
    snapshotRequests: 0,
    snapshotFailures: 0,
    lastSnapshotFailure: '',
    resyncs: 0,
    framesThisConnection: 0,
  };
  private readonly handler: BinanceFeedHandler;
  private readonly queue: ConsumerQueue;
  private readonly clock: Clock;
  private readonly reconnect: ReconnectBackoff;
  private readonly snapshotRetry: ReconnectBackoff;
  private readonly pingIntervalNs: number;
  private readonly pongTimeoutNs: number;
  private readonly staleAfterNs: number;
  private readonly heartbeatCheckMs: number;

  private statusValue: GatewayStatus = 'idle';
  private ws: WebSocket | null = null;
  /** Incremented per connection: late callbacks of an old socket or request see a different value. */
  private epoch = 0;
  private opened = false;
  private lastDataNs = 0;
  private lastPingNs = 0;
  private awaitingPong = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private snapshotTimer: NodeJS.Timeout | null = null;
  private snapshotAbort: AbortController | null = null;
  private snapshotInFlight = false;
  private booksBuilt = 0;

  constructor(private readonly options: BinanceGatewayOptions) {
    if (options.clock && options.originNs === undefined) throw new RangeError('BinanceMarketDataGateway: originNs is required with an injected clock');
    this.instrument = options.instrument ?? binanceInstrument(options.symbol.toUpperCase(), options.market);
    if (this.instrument.market !== options.market) throw new RangeError(`instrument market ${this.instrument.market} is not ${options.market}`);
    this.originNs = options.originNs ?? utcMidnightOfNs(BigInt(Date.now()) * BigInt(NS_PER_MS));
    this.clock = options.clock ?? new HostClock(this.originNs);
    const rng = options.rng ?? new SeededRng(1);
    this.reconnect = new ReconnectBackoff(options.reconnectBackoff ?? DEFAULT_BACKOFF, rng);
    this.snapshotRetry = new ReconnectBackoff(options.snapshotBackoff ?? DEFAULT_BACKOFF, rng);
    const pingMs = options.pingIntervalMs ?? 10_000;
    const pongMs = options.pongTimeoutMs ?? 10_000;
    const staleMs = options.staleAfterMs ?? 30_000;
    this.pingIntervalNs = pingMs * NS_PER_MS;
    this.pongTimeoutNs = pongMs * NS_PER_MS;
    this.staleAfterNs = staleMs * NS_PER_MS;
    this.heartbeatCheckMs = options.heartbeatCheckMs ?? Math.max(5, Math.floor(Math.min(pingMs, pongMs, staleMs) / 4));
    const limit = options.snapshotLimit ?? MAX_SNAPSHOT_LIMIT[options.market];
    this.streamUrl = combinedStreamUrl(options.endpoints.wsBaseUrl, binanceStreamNames(this.instrument.symbol, options.depthSpeed ?? '100ms'));
    this.snapshotUrl = depthSnapshotUrl(options.endpoints.restBaseUrl, options.market, this.instrument.symbol, limit);

    this.handler = new BinanceFeedHandler({
      instrument: this.instrument,
      originNs: this.originNs,
      maxBufferedDiffs: options.maxBufferedDiffs,
      onGap: (gap) => this.onGap(gap),
      onMalformed: options.onMalformed,
    });
    this.queue = new ConsumerQueue(options.onEvents, {
      originNs: this.originNs,
      instruments: [this.instrument],
      maxEvents: options.maxQueuedEvents,
      onOverflow: options.onOverflow,
      onError: options.onError,
    });
    this.queue.nowNs = () => this.clock.nowNs();
    this.queue.recover = (out) => this.handler.writeBookSnapshot(this.clock.nowNs(), out);
  }

  get status(): GatewayStatus {
    return this.statusValue;
  }

  /** The gateway's book (valid while `bookValid`). Read it between messages; do not write it. */
  get book(): L2Ladder {
    return this.handler.book;
  }

  get bookValid(): boolean {
    return this.handler.bookValid;
  }

  /** The update id `u` the book is at (NaN when not valid). */
  get bookUpdateId(): number {
    return this.handler.bookUpdateId;
  }

  /** Whether an async consumer is still working on a batch. */
  get consumerBusy(): boolean {
    return this.queue.consumerBusy;
  }

  /** Counters of every part, as one JSON-friendly object. */
  report(): GatewayReport {
    return {
      status: this.statusValue,
      gateway: { ...this.stats, disconnects: { ...this.stats.disconnects }, reconnectDelaysMs: [...this.stats.reconnectDelaysMs] },
      feed: { ...this.handler.stats },
      malformedByKind: { ...this.handler.malformedByKind },
      queue: { ...this.queue.stats },
      lastGap: this.handler.lastGap,
    };
  }

  /** The first few details of each malformed kind seen. */
  malformedExamples(): Partial<Record<MalformedKind, string[]>> {
    return this.handler.malformedExamples;
  }

  /** Connects (once; reconnects are automatic until stop()). */
  start(): void {
    if (this.statusValue !== 'idle') throw new Error(`BinanceMarketDataGateway.start: already ${this.statusValue}`);
    this.connect();
  }

  /** Closes the socket, cancels timers and requests; no reconnect after this. */
  async stop(): Promise<void> {
    if (this.statusValue === 'stopped') return;
    const ws = this.ws;
    this.teardown('stopped');
    this.setStatus('stopped');
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const done = setTimeout(resolve, 1000);
        ws.once('close', () => {
          clearTimeout(done);
          resolve();
        });
      });
    }
  }

  /**
   * One websocket message, as the socket delivers it: what the socket listener calls. Public so that a
   * benchmark or a replay can drive the exact per-frame path without a socket.
   */
  receiveFrame(data: Buffer, isBinary = false): void {
    const t = this.clock.nowNs();
    this.lastDataNs = t;
    this.stats.framesThisConnection++;
    const handler = this.handler;
    const queue = this.queue;
    if (isBinary) handler.countMalformed('binary-frame', `binary frame of ${data.length} bytes`);
    else handler.onFrame(data, 0, data.length, t, queue.input());
    if (handler.needsSnapshot) {
      if (!this.snapshotInFlight && this.snapshotTimer === null && this.opened) this.requestSnapshot();
    } else if (this.statusValue === 'syncing' && handler.synced) {
      this.onLive();
    }
    queue.commit();
  }

  // ---- connection ----------------------------------------------------------------------------------

  private connect(): void {
    this.reconnectTimer = null;
    const epoch = ++this.epoch;
    this.opened = false;
    this.setStatus('connecting');
    const ws = new WebSocket(this.streamUrl, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 10_000,
      maxPayload: 64 << 20,
    });
    this.ws = ws;
    ws.on('open', () => {
      if (epoch !== this.epoch) return;
      this.opened = true;
      this.stats.connects++;
      this.stats.framesThisConnection = 0;
      const now = this.clock.nowNs();
      this.lastDataNs = now;
      this.lastPingNs = now;
      this.awaitingPong = false;
      this.setStatus('syncing');
      this.heartbeatTimer = setInterval(() => this.checkHeartbeat(epoch), this.heartbeatCheckMs);
      this.heartbeatTimer.unref();
    });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (epoch === this.epoch) this.receiveFrame(data as Buffer, isBinary);
    });
    ws.on('pong', () => {
      if (epoch === this.epoch) this.awaitingPong = false;
    });
    ws.on('error', (err: Error) => {
      if (epoch === this.epoch) this.disconnected('error', err.message);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (epoch === this.epoch) this.disconnected('closed', `code ${code}${reason.length > 0 ? ` ${reason.toString('utf8')}` : EMPTY_CLOSE_REASON}`);
    });
  }

  private checkHeartbeat(epoch: number): void {
    const ws = this.ws;
    if (epoch !== this.epoch || ws === null || ws.readyState !== WebSocket.OPEN) return;
    const now = this.clock.nowNs();
    if (now - this.lastDataNs > this.staleAfterNs) {
      this.disconnected('stale', `no data for ${Math.round((now - this.lastDataNs) / NS_PER_MS)} ms`);
      return;
    }
    if (this.awaitingPong) {
      if (now - this.lastPingNs > this.pongTimeoutNs) this.disconnected('pong-timeout', `no pong for ${Math.round((now - this.lastPingNs) / NS_PER_MS)} ms`);
      return;
    }
    if (now - this.lastPingNs >= this.pingIntervalNs) {
      this.lastPingNs = now;
      this.awaitingPong = true;
      ws.ping();
    }
  }

  /** Any end of a connection (or a failed attempt): drop the book, schedule the reconnect. */
  private disconnected(reason: DisconnectReason, detail: string): void {
    if (this.statusValue === 'stopped') return;
    const wasOpen = this.opened;
    this.teardown(reason);
    if (wasOpen) this.stats.disconnects[reason]++;
    else this.stats.connectFailures++;
    const delay = this.reconnect.next();
    const delays = this.stats.reconnectDelaysMs;
    delays.push(delay);
    if (delays.length > 64) delays.shift();
    this.setStatus('backoff');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    this.options.onDisconnect?.(reason, delay, detail);
  }

  /** Closes the socket and cancels everything tied to it; the book is dropped (a Gap if it was valid). */
  private teardown(reason: DisconnectReason): void {
    this.epoch++;
    const ws = this.ws;
    this.ws = null;
    this.opened = false;
    if (ws !== null) {
      ws.removeAllListeners('message');
      // Keep an error listener: a late socket error must not become an uncaught exception.
      ws.on('error', () => {});
      if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
    }
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.heartbeatTimer = this.reconnectTimer = this.snapshotTimer = null;
    this.snapshotAbort?.abort();
    this.snapshotAbort = null;
    this.snapshotInFlight = false;
    if (reason !== 'stopped') {
      this.handler.invalidate('disconnect', this.clock.nowNs(), this.queue.input());
      this.queue.commit();
    }
  }

  // ---- snapshot ------------------------------------------------------------------------------------

  private requestSnapshot(): void {
    this.snapshotTimer = null;
    this.snapshotInFlight = true;
    this.stats.snapshotRequests++;
    const epoch = this.epoch;
    const abort = new AbortController();
    this.snapshotAbort = abort;
    const timeoutMs = this.options.snapshotTimeoutMs ?? 10_000;
    const timer = setTimeout(() => abort.abort(new Error(`snapshot request timed out after ${timeoutMs} ms`)), timeoutMs);
    fetch(this.snapshotUrl, { signal: abort.signal })
      .then(async (res) => {
        const body = Buffer.from(await res.arrayBuffer());
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${body.subarray(0, 200).toString('utf8')}`);
        return body;
      })
      .then(
        (body) => {
          clearTimeout(timer);
          if (epoch === this.epoch) this.onSnapshotBody(body);
        },
        (err: unknown) => {
          clearTimeout(timer);
          if (epoch === this.epoch) this.snapshotFailed(err instanceof Error ? err.message : String(err));
        },
      );
  }

  private onSnapshotBody(body: Buffer): void {
    this.snapshotInFlight = false;
    this.snapshotAbort = null;
    const handler = this.handler;
    const outcome = handler.applySnapshot(body, 0, body.length, this.clock.nowNs(), this.queue.input());
    this.queue.commit();
    if (outcome === SnapshotOutcome.Applied) {
      this.snapshotRetry.reset();
      if (this.booksBuilt++ > 0) this.stats.resyncs++;
      if (handler.synced) this.onLive();
      else if (handler.needsSnapshot) this.scheduleSnapshot(0); // a break inside the buffered diffs
    } else if (outcome === SnapshotOutcome.TooOld) {
      // Binance's step 4: the snapshot predates the buffered diffs; another one is needed at once.
      this.scheduleSnapshot(0);
    } else if (outcome === SnapshotOutcome.Malformed) {
      this.snapshotFailed(`malformed snapshot: ${handler.lastSnapshotError}`);
    }
  }

  private snapshotFailed(detail: string): void {
    this.snapshotInFlight = false;
    this.snapshotAbort = null;
    this.stats.snapshotFailures++;
    this.stats.lastSnapshotFailure = detail;
    this.scheduleSnapshot(this.snapshotRetry.next());
  }

  private scheduleSnapshot(delayMs: number): void {
    if (this.snapshotTimer !== null) return;
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      if (this.opened && this.handler.needsSnapshot && !this.snapshotInFlight) this.requestSnapshot();
    }, delayMs);
  }

  // ---- state ---------------------------------------------------------------------------------------

  private onGap(gap: FeedGap): void {
    if (gap.cause === 'sequence' && this.statusValue === 'live') this.setStatus('syncing');
    this.options.onGap?.(gap);
  }

  private onLive(): void {
    this.reconnect.reset();
    this.setStatus('live');
  }

  private setStatus(s: GatewayStatus): void {
    const prev = this.statusValue;
    if (prev === s) return;
    this.statusValue = s;
    this.options.onStatus?.(s, prev);
  }
}
