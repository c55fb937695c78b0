import { connect, type Socket } from 'node:net';
import v8 from 'node:v8';
import { performance } from 'node:perf_hooks';
import type { BacktestModel } from '../../backtest/BacktestEngine.ts';
import type { FeeModel } from '../../backtest/fees/FeeModel.ts';
import { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag, EventType } from '../../data/EventType.ts';
import type { Instrument } from '../../data/Instrument.ts';
import { PreTradeRisk } from '../../risk/PreTradeRisk.ts';
import type { RiskLimits } from '../../risk/RiskLimits.ts';
import { ModelSignal } from '../../strategy/ModelSignal.ts';
import { MutableOrderUpdate, OrderUpdateKind, RejectReason, Tif, type Strategy } from '../../strategy/Strategy.ts';
import { readJournal } from '../journal/JournalReader.ts';
import { RecordType, RejectTarget } from '../journal/JournalRecord.ts';
import { JournalWriter, type FsyncPolicy } from '../journal/JournalWriter.ts';
import { reconcile, type Reconciliation, type VenueOpenOrder } from '../journal/reconcile.ts';
import { recoverState } from '../journal/recoverState.ts';
import { LiquidityFlag, LoginRejectReason, OrderEntryMessage, SessionPacket, TimeInForce, WireReason } from '../protocol/codes.ts';
import { encodeCancelOrder, encodeEnterOrder, encodeReplaceOrder } from '../protocol/orderEntryCodec.ts';
import type { OrderEntryClientDecoder } from '../protocol/OrderEntryDecoder.ts';
import { CancelOrder, EnterOrder, ReplaceOrder } from '../protocol/orderEntryMessages.ts';
import { UNSEQUENCED_HEADER_LENGTH, writeControlFrame, writeUnsequencedHeader } from '../protocol/sessionPackets.ts';
import { wireView } from '../protocol/wire.ts';
import { LiveContext, type OrderPort } from './LiveContext.ts';
import { LiveStats, TimedPredictor } from './LiveStats.ts';
import { recordMs, span, stamp } from './clock.ts';
import { HotPathWarmer, warmUpHotPath } from './jitWarmUp.ts';
import { WarmTicker } from './WarmTicker.ts';
import { EV_LIVE, EV_PRICE, EV_RX, EV_SEQ, EV_SIDE, EV_SIZE, EV_TIME, EV_TYPE, FeedState, MarketDataClient, T_BOOKED, type FeedListener } from './MarketDataClient.ts';
import { OeState, OrderEntryClient, type OrderEntryListener } from './OrderEntryClient.ts';

export interface LiveEngineOptions {
  readonly host?: string;
  readonly orderEntryPort: number;
  readonly marketDataPort: number;
  readonly username?: string;
  readonly password?: string;
  /** The account orders trade for (self-trade prevention at the venue works per account). */
  readonly account: number;
  readonly instrument: Instrument;
  /** The venue's locate code of the instrument (default 1). */
  readonly locate?: number;
  /** Origin of exchange times (epoch ns): the session origin (LOBSTER: New York midnight). */
  readonly originNs: bigint;
  readonly model: BacktestModel | null;
  readonly strategy: Strategy;
  readonly risk: RiskLimits;
  readonly fees: FeeModel;
  readonly journalPath: string;
  /** Default `batch`: group commit on a timer every `journalFlushMs`, never an fdatasync on the hot path. */
  readonly journalPolicy?: FsyncPolicy;
  readonly journalFlushMs?: number;
  /** Acknowledge every packet (the sandbox's lockstep pacing); the clock is then the exchange clock. */
  readonly lockstep?: boolean;
  /** The strategy is called for events from this exchange time on (default: all). */
  readonly tradeFromNs?: number;
  /** Latencies are recorded for events from this exchange time on (default: all). */
  readonly measureFromNs?: number;
  /** After a restart, cancel the open orders recovered from the journal once reconciled (default true). */
  readonly cancelRecoveredOrders?: boolean;
  readonly reconnectInitialMs?: number;
  readonly reconnectMaxMs?: number;
  /** Keep every order sent and fill received in `orderLog` / `fillLog` (tests, reports). */
  readonly recordOrders?: boolean;
  readonly log?: (line: string) => void;
  readonly onEndOfSession?: () => void;
  /** Run the hot path's code over a synthetic market before connecting (default 20 000 packets; 0: none). */
  readonly jitWarmUpPackets?: number;
  /**
   * Keep the event loop spinning (busy slices of `spinSliceUs` chained by setImmediate) instead of sleeping
   * in epoll between packets, and keep the hot path warm meanwhile (HotPathWarmer every `warmEveryUs`, default 200;
   * a Client Heartbeat on the order-entry socket every `warmWriteEveryUs`, default 1000, so the socket's
   * send path stays warm too): one core's worth of CPU for latency. Default off; never in lockstep
   * (heartbeats are acknowledgements there).
   */
  readonly spin?: boolean;
  /**
   * Without spinning, keep the hot path warm on a ticker (WarmTicker): every `keepWarmEveryMs` (default 1) a HotPathWarmer
   * tick and (every `warmWriteEveryUs`, default 5000 here) a Client Heartbeat, and the event loop sleeps in between. Cheaper
   * than spinning (a wake per millisecond, no busy core, no Immediate per slice) and the caches are at
   * most a millisecond cold when a packet comes. Ignored with `spin` and in lockstep.
   */
  readonly keepWarm?: boolean;
  readonly keepWarmEveryMs?: number;
  readonly warmEveryUs?: number;
  readonly warmWriteEveryUs?: number;
  /** Length of a busy slice between two turns of the event loop in spin mode (µs, default 50). */
  readonly spinSliceUs?: number;
  /** Turn off V8's memory reducer (idle-time full GCs that shrink the heap), default true. */
  readonly quietGc?: boolean;
}

export interface OrderLogEntry {
  readonly kind: 'new' | 'cancel' | 'replace';
  /** Market-data sequence number and exchange time of the event the decision was made on. */
  readonly seq: number;
  readonly exchNs: number;
  readonly token: number;
  readonly side: number;
  readonly price: number;
  readonly qty: number;
  readonly tif: number;
}

export interface FillLogEntry {
  readonly token: number;
  readonly price: number;
  readonly qty: number;
  readonly liquidity: number;
  readonly matchNumber: number;
}

/** What the journal already holds, to skip re-journalling the venue's replay after a restart. */
interface Journalled {
  readonly accepted: Set<number>;
  readonly execIds: Set<number>;
  readonly cancelled: Set<number>;
  readonly replacedFrom: Set<number>;
  readonly rejected: Set<number>;
}

// Clock slots of LiveEngine.t.
const T_RX = 0;
const T_F0 = 1;
const T_F1 = 2;
const T_P0 = 3;
const T_P1 = 4;
const T_S0 = 5;
const T_S1 = 6;
const T_S2 = 7;
const T_S3 = 8;

const SLOTS = 256;
const SLOT_BYTES = 64;
/** Refuse to send while this much order-entry output is unsent (the venue is not reading). */
const SEND_BACKLOG_LIMIT = 64 << 10;
const HEARTBEAT = Buffer.from([0, 1, SessionPacket.ClientHeartbeat]);

/**
 * The live trading engine: the backtester's Strategy, ModelSignal and PreTradeRisk objects hosted on a
 * real clock against a socket venue (the sandbox exchange, docs/protocol.md). Per received market-data
 * packet, in one synchronous pass: decode → book → features → model → policy → risk → journal → encode →
 * socket write, with preallocated buffers and nothing allocated per message (the order frames are
 * preallocated views over one buffer, reused round-robin). Every order, ack, fill and cancel goes through
 * the journal (fsync policy `batch`, committed on a timer between packets). Connections are re-made
 * with exponential backoff; the feed recovers gaps by retransmission or snapshot; the order-entry
 * session logs in again from its next sequence number; a restart recovers positions and open orders
 * from the journal, takes the venue's replay of the session (skipping what the journal already holds,
 * journalling what it lost) and reconciles with the venue's book.
 */
export class LiveEngine implements FeedListener, OrderEntryListener, OrderPort {
  readonly stats = new LiveStats();
  readonly md: MarketDataClient;
  readonly oe: OrderEntryClient;
  readonly ctx: LiveContext;
  readonly risk: PreTradeRisk;
  readonly journal: JournalWriter;
  readonly orderLog: OrderLogEntry[] = [];
  readonly fillLog: FillLogEntry[] = [];
  readonly counts = { connectsMd: 0, connectsOe: 0, reconnects: 0, sendRefused: 0, unknownOrders: 0, repairedOrders: 0, replaySkipped: 0, venueRestarts: 0, droppedConnections: 0, resyncs: 0 };
  /** What a restart recovered from the journal, and the reconciliations made (for status and tests). */
  recovery: { positions: number; cash: number; openOrders: { token: number; side: number; price: number; leaves: number; venueRef: number }[]; truncatedBytes: number } | null = null;
  readonly reconciliations: (Pick<Reconciliation, 'matched' | 'errors' | 'clean' | 'toQuery'> & { differences: string[]; atMs: number })[] = [];
  venueEnded = false;

  private signal: ModelSignal | null = null;
  private readonly timed: TimedPredictor | null;
  private readonly batch: EventBatch;
  private readonly update = new MutableOrderUpdate();
  private readonly locate: number;
  private readonly tradeFromNs: number;
  private readonly measureFromNs: number;
  private readonly lockstep: boolean;
  private readonly priceScale: number;
  private mdSocket: Socket | null = null;
  private oeSocket: Socket | null = null;
  private readonly mdBuf = Buffer.alloc(1 << 16);
  private readonly oeBuf = Buffer.alloc(1 << 16);
  private readonly slots = Buffer.alloc(SLOTS * SLOT_BYTES);
  private readonly slotView = wireView(this.slots);
  private readonly enterViews: Buffer[] = [];
  private readonly cancelViews: Buffer[] = [];
  private readonly replaceViews: Buffer[] = [];
  private slot = 0;
  private readonly enter = new EnterOrder();
  private readonly cancelMsg = new CancelOrder();
  private readonly replaceMsg = new ReplaceOrder();
  private tokenSeq = 0;
  private venueRefs = new Float64Array(1024);
  private readonly ourRefs = new Set<number>();
  private journalled: Journalled | null = null;
  private recoveredIds: number[] = [];
  private needReconcile = true;
  private oeSession = '';
  private started = false;
  private stopped = false;
  private oeConnecting = false;
  private spinHandle: ReturnType<typeof setImmediate> | null = null;
  private keepWarmTicker: WarmTicker | null = null;
  /** When the warm modes last wrote a heartbeat (performance.now() ms). */
  private lastWarmWrite = 0;
  /** Time the JIT warm-up took (ms). */
  warmUpMs = 0;
  /** The keep-warm ticker of spin and keep-warm modes. */
  warmer: HotPathWarmer | null = null;
  private readonly spinAcc = new Float64Array(1);
  private spinIterations = 1000;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly t0Ms = performance.now();
  private anchorExch = NaN;
  private anchorMs = 0;
  private mdBackoff = 0;
  private oeBackoff = 0;
  private mdLastRecvMs = 0;
  private oeLastRecvMs = 0;
  private oeLastSendMs = 0;
  // The event being processed: for orders' marketDataSeq and tick-to-order.
  private currentSeq = 0;
  private timing = false;
  /** Clock slots of the hot path (performance.now(), ms): see T_*. */
  private readonly t = new Float64Array(12);

  constructor(readonly options: LiveEngineOptions) {
    const inst = options.instrument;
    this.locate = options.locate ?? 1;
    this.priceScale = inst.priceScale;
    this.tradeFromNs = options.tradeFromNs ?? -Infinity;
    this.measureFromNs = options.measureFromNs ?? -Infinity;
    this.lockstep = options.lockstep ?? false;
    this.md = new MarketDataClient(this, this.stats);
    this.oe = new OrderEntryClient(this);
    this.batch = new EventBatch(1, options.originNs, [inst]);
    const m = options.model;
    this.timed = m ? new TimedPredictor(m.predictor) : null;
    this.risk = new PreTradeRisk(options.risk, 1 / inst.priceScale, () => this.ctx.cancelAll());
    this.ctx = new LiveContext(inst, this.risk, this, this.timed ? this.timed.numOutputs : 0, m ? m.features.length : 0);
    this.ctx.riskHistogram = this.stats.stages.risk;
    this.newSignal();
    for (let k = 0; k < SLOTS; k++) {
      const o = k * SLOT_BYTES;
      this.enterViews.push(this.slots.subarray(o, o + UNSEQUENCED_HEADER_LENGTH + 37));
      this.cancelViews.push(this.slots.subarray(o, o + UNSEQUENCED_HEADER_LENGTH + 21));
      this.replaceViews.push(this.slots.subarray(o, o + UNSEQUENCED_HEADER_LENGTH + 37));
    }
    this.journal = JournalWriter.open(options.journalPath, {
      policy: options.journalPolicy ?? 'batch',
      // Commits come from the timer (between packets), never from an append on the hot path.
      batchMaxDelayNs: 3_600e9,
      autoFlushMs: options.journalFlushMs ?? 2,
      // The disk flush on libuv's thread pool: a synchronous fdatasync stalled the event loop 0.3–4 ms,
      // and every packet arriving meanwhile waited for it.
      batchSync: 'background',
      bufferBytes: 1 << 20,
      label: `tachyon live engine, ${inst.symbol}, account ${options.account}`,
    });
    this.recoverFromJournal();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  start(): void {
    if (this.options.quietGc ?? true) v8.setFlagsFromString('--no-memory-reducer');
    const warm = this.options.jitWarmUpPackets ?? 20_000;
    if (warm > 0) this.warmUpMs = warmUpHotPath(this.options.instrument, this.options.model, warm);
    const spinning = this.options.spin === true && !this.lockstep;
    const keepingWarm = !spinning && this.options.keepWarm === true && !this.lockstep;
    if (spinning || keepingWarm) this.warmer = new HotPathWarmer(this.options.instrument, this.options.model, this.md.book, this.ctx.features);
    const warmer = this.warmer;
    if (spinning && warmer !== null) {
      // Calibrate the busy slice: iterations of the arithmetic loop per 10 µs.
      const acc = this.spinAcc;
      const t0 = performance.now();
      for (let i = 0; i < 10_000_000; i++) acc[0] += i;
      this.spinIterations = Math.max(100, Math.round((10_000_000 * (this.options.spinSliceUs ?? 50) * 1e-3) / (performance.now() - t0)));
      const every = (this.options.warmEveryUs ?? 200) / 1000;
      const writeEvery = (this.options.warmWriteEveryUs ?? 1000) / 1000;
      let lastWarm = 0;
      const spin = (): void => {
        if (this.stopped) return;
        const now = performance.now();
        if (now - lastWarm >= every) {
          warmer.tick();
          lastWarm = now;
        }
        this.warmSendPath(now, writeEvery);
        // A slice of arithmetic (default 50 µs) before yielding to I/O: one Immediate (an allocation) and one
        // clock read per slice rather than per microsecond (a clock read allocates 16 bytes); a packet waits
        // at most a slice before its read callback (which wire-to-wire counts, tick-to-order does not).
        const acc = this.spinAcc;
        for (let i = 0; i < this.spinIterations; i++) acc[0] += i;
        this.spinHandle = setImmediate(spin);
      };
      spin();
    } else if (keepingWarm && warmer !== null) {
      // A heartbeat write every 5 ms, not every 1: Node allocates a few hundred bytes per socket.write, and at
      // 1 kHz that filled the young generation every ~3 s (23 scavenges in a 60 s run).
      const writeEvery = (this.options.warmWriteEveryUs ?? 5000) / 1000;
      this.keepWarmTicker = new WarmTicker(this.options.keepWarmEveryMs ?? 1, () => {
        warmer.tick();
        this.warmSendPath(performance.now(), writeEvery);
      });
    }
    this.stats.watchGc();
    // The book first: order entry connects once the first snapshot is in (a venue that starts its replay
    // at the first login then never publishes anything this engine has not seen).
    this.connectMd();
    this.timer = setInterval(() => this.housekeeping(), 100);
  }

  /** A Client Heartbeat on a live, idle order-entry socket once `everyMs` has passed: keeps its send path warm. */
  private warmSendPath(now: number, everyMs: number): void {
    const s = this.oeSocket;
    if (everyMs > 0 && now - this.lastWarmWrite >= everyMs && s !== null && this.oe.state === OeState.Live && s.writableLength === 0) {
      s.write(HEARTBEAT);
      this.lastWarmWrite = now;
    }
  }

  /** Stops: the strategy's last word, sockets closed (logout), the journal synced and closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.spinHandle !== null) clearImmediate(this.spinHandle);
    this.keepWarmTicker?.stop();
    this.options.strategy.onEnd?.(this.ctx);
    this.stats.stopGc();
    const oe = this.oeSocket;
    if (oe !== null && !oe.destroyed) {
      const n = writeControlFrame(this.slotView, 0, SessionPacket.LogoutRequest);
      oe.write(Buffer.from(this.slots.subarray(0, n)));
    }
    await Promise.all([this.endSocket(oe), this.endSocket(this.mdSocket)]);
    this.journal.close();
  }

  private endSocket(s: Socket | null): Promise<void> {
    if (s === null || s.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.end();
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 200).unref();
    });
  }

  /** True when orders may go: both sessions live, the book synced, reconciled. */
  get ready(): boolean {
    return this.oe.state === OeState.Live && this.md.state === FeedState.Live && !this.needReconcile && this.oeSocket !== null;
  }

  // ---- connections ----------------------------------------------------------------------------

  private connectMd(): void {
    if (this.stopped) return;
    const s = connect({
      host: this.options.host ?? '127.0.0.1',
      port: this.options.marketDataPort,
      onread: {
        buffer: this.mdBuf,
        callback: (n: number) => {
          this.onMdRead(n);
          return true;
        },
      },
    });
    s.setNoDelay(true);
    this.mdSocket = s;
    s.on('connect', () => {
      this.counts.connectsMd++;
      this.mdBackoff = 0;
      this.mdLastRecvMs = performance.now();
      this.needReconcile = true;
      this.md.connected();
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      if (this.mdSocket === s) this.mdSocket = null;
      this.md.disconnected();
      this.retry('md');
    });
  }

  private connectOe(): void {
    if (this.stopped) return;
    const s = connect({
      host: this.options.host ?? '127.0.0.1',
      port: this.options.orderEntryPort,
      onread: {
        buffer: this.oeBuf,
        callback: (n: number) => {
          this.onOeRead(n);
          return true;
        },
      },
    });
    s.setNoDelay(true);
    s.on('connect', () => {
      this.oeSocket = s;
      this.counts.connectsOe++;
      this.oeBackoff = 0;
      this.oeLastRecvMs = performance.now();
      this.needReconcile = true;
      // A new process takes the whole session (de-duplicated against the journal); a reconnect resumes.
      const from = this.oe.expected;
      s.write(this.oe.loginFrame(this.options.username ?? 'engine', this.options.password ?? '', from));
      this.oeLastSendMs = performance.now();
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      if (this.oeSocket === s) this.oeSocket = null;
      this.oe.disconnected();
      this.retry('oe');
    });
  }

  private retry(which: 'md' | 'oe'): void {
    if (this.stopped) return;
    this.counts.reconnects++;
    const attempt = which === 'md' ? this.mdBackoff++ : this.oeBackoff++;
    const delay = Math.min(this.options.reconnectMaxMs ?? 2000, (this.options.reconnectInitialMs ?? 50) * 2 ** attempt);
    setTimeout(() => (which === 'md' ? this.connectMd() : this.connectOe()), delay).unref();
  }

  private drop(s: Socket | null): void {
    if (s === null) return;
    this.counts.droppedConnections++;
    s.destroy();
  }

  private onMdRead(n: number): void {
    const rx = performance.now();
    this.mdLastRecvMs = rx;
    this.md.onData(this.mdBuf, n);
    if (this.md.mustDrop) {
      this.md.errors.reset();
      this.drop(this.mdSocket);
    }
    this.maybeReconcile();
  }

  private onOeRead(n: number): void {
    this.oeLastRecvMs = performance.now();
    this.oe.onData(this.oeBuf, n);
    if (this.oe.mustDrop) {
      this.oe.errors.reset();
      this.drop(this.oeSocket);
    }
    this.maybeReconcile();
  }

  private housekeeping(): void {
    const now = performance.now();
    const oe = this.oeSocket;
    if (!this.lockstep && oe !== null && this.oe.state !== OeState.Down && now - this.oeLastSendMs >= 1000) {
      oe.write(HEARTBEAT);
      this.oeLastSendMs = now;
    }
    if (this.mdSocket !== null && this.md.state !== FeedState.Down && now - this.mdLastRecvMs > 3000) this.drop(this.mdSocket);
    if (oe !== null && this.oe.state !== OeState.Down && now - this.oeLastRecvMs > 3000) this.drop(oe);
    this.md.checkStall(now, 1000);
  }

  // ---- market data → strategy (the hot path) --------------------------------------------------

  onFeedEvent(): void {
    const ev = this.md.event;
    const seq = ev[EV_SEQ];
    const exchNs = ev[EV_TIME];
    const type = ev[EV_TYPE];
    const side = ev[EV_SIDE];
    const price = ev[EV_PRICE];
    const size = ev[EV_SIZE];
    const rxMs = ev[EV_RX];
    const live = ev[EV_LIVE] === 1;
    const stats = this.stats;
    let starting = false;
    if (!stats.measuring && exchNs >= this.measureFromNs) {
      // From the next packet on: this one's earlier stages were not stamped.
      stats.measuring = true;
      this.ctx.measuring = true;
      if (this.timed !== null) this.timed.enabled = true;
      starting = true;
    }
    const measuring = stats.measuring && live && !starting;
    const t = this.t;
    this.timing = measuring;
    this.currentSeq = seq;
    t[T_RX] = rxMs;
    if (measuring) stats.ticks++;
    if (this.anchorExch !== this.anchorExch) {
      this.anchorExch = exchNs;
      this.anchorMs = rxMs;
    }
    const b = this.batch;
    b.exchTs[0] = exchNs;
    b.localTs[0] = exchNs;
    b.type[0] = type;
    b.side[0] = side;
    b.price[0] = price;
    b.size[0] = size;
    b.seq[0] = seq;
    b.flags[0] = EventFlag.EndOfMessage;
    b.length = 1;
    const ctx = this.ctx;
    let fresh = false;
    const signal = this.signal;
    // Each stage starts where the previous one ended (one clock read per boundary: a read costs ~50 ns
    // and, being a C++ binding's double, 16 bytes).
    if (measuring) t[T_F0] = ev[T_BOOKED];
    if (signal !== null) {
      fresh = signal.onEvent(b, 0);
      if (measuring) {
        stamp(t, T_F1);
        const mt = this.timed!.t;
        const modelMs = fresh ? mt[1] - mt[0] : 0;
        recordMs(stats.stages.features, t[T_F1] - t[T_F0] - modelMs);
        if (fresh) recordMs(stats.stages.model, modelMs);
      }
      if (fresh) {
        const out = signal.output;
        for (let k = 0; k < out.length; k++) ctx.prediction[k] = out[k];
        const f = signal.features;
        for (let k = 0; k < f.length; k++) ctx.features[k] = f[k];
        ctx.predictions++;
      }
    }
    ctx.predictionFresh = fresh;
    // The local clock in the exchange's time base: anchored at the first event, then real ns (inline: a
    // returned double would be boxed).
    ctx.nowNs = this.lockstep ? exchNs : Math.floor(this.anchorExch + (rxMs - this.anchorMs) * 1e6);
    ctx.exchNs = exchNs;
    ctx.eventType = type;
    ctx.eventSide = side;
    ctx.eventPrice = price;
    ctx.eventSize = size;
    const book = this.md.book;
    ctx.bestBid = book.bestBid();
    ctx.bestAsk = book.bestAsk();
    ctx.bidSize = book.bestBidSize();
    ctx.askSize = book.bestAskSize();
    if (exchNs < this.tradeFromNs) return;
    const strategy = this.options.strategy;
    if (!this.started) {
      this.started = true;
      strategy.onStart?.(ctx);
    }
    // The day's P&L as the strategy knows it (ctx.knownPnl(), inline: a returned double is boxed);
    // PreTradeRisk.markToMarket trips the switch below −maxDailyLoss and does nothing else.
    const mid = (ctx.bestBid + ctx.bestAsk) / 2 / this.priceScale;
    const pnl = ctx.position === 0 || mid !== mid ? ctx.cash : ctx.cash + ctx.position * mid;
    if (pnl < -this.options.risk.maxDailyLoss) this.risk.markToMarket(pnl);
    ctx.sendNs = 0;
    if (measuring) t[T_P0] = signal !== null ? t[T_F1] : t[T_F0];
    strategy.onBook(ctx);
    if (strategy.onTrade && (type === EventType.ExecuteVisible || type === EventType.ExecuteHidden || type === EventType.CrossTrade || type === EventType.Trade)) strategy.onTrade(ctx);
    if (measuring) {
      stamp(t, T_P1);
      recordMs(stats.stages.policy, t[T_P1] - t[T_P0] - ctx.sendNs / 1e6);
      span(stats.tickToDecision, t, T_RX, T_P1);
    }
  }

  onFeedResync(): void {
    this.counts.resyncs++;
    if (this.counts.connectsOe === 0 && !this.oeConnecting) {
      this.oeConnecting = true;
      this.connectOe();
    }
    // The book jumped: features and the model start over from it.
    this.newSignal();
  }

  onFeedSession(): void {
    this.needReconcile = true;
  }

  onFeedEndOfSession(): void {
    this.venueEnded = true;
    this.options.onEndOfSession?.();
  }

  sendFeedRequest(bytes: Uint8Array, start: number, end: number): void {
    const s = this.mdSocket;
    if (s !== null && !s.destroyed) s.write(Buffer.from(bytes.subarray(start, end)));
  }

  onFeedPacketHandled(): void {
    if (this.lockstep) this.ack();
  }

  // ---- orders out (OrderPort) -----------------------------------------------------------------

  nextToken(): number {
    return ++this.tokenSeq;
  }

  sendEnter(token: number, side: number, price: number, qty: number, tif: Tif): boolean {
    const s = this.oeSocket;
    if (s === null || !this.ready || s.writableLength > SEND_BACKLOG_LIMIT) {
      this.counts.sendRefused++;
      return false;
    }
    const t = this.t;
    const timing = this.timing;
    if (timing) stamp(t, T_S0);
    this.journal.orderSent(this.journalNs(), this.locate, token, side, tif, price, qty);
    if (timing) stamp(t, T_S1);
    const k = this.nextSlot();
    const m = this.enter;
    m.token = token;
    m.side = side;
    m.quantity = qty;
    m.instrument = this.locate;
    m.price = price;
    m.timeInForce = tif === Tif.Ioc ? TimeInForce.ImmediateOrCancel : TimeInForce.Day;
    m.account = this.options.account;
    m.marketDataSeq = this.currentSeq;
    const o = k * SLOT_BYTES;
    writeUnsequencedHeader(this.slotView, o, encodeEnterOrder(this.slotView, o + UNSEQUENCED_HEADER_LENGTH, m));
    if (timing) stamp(t, T_S2);
    s.write(this.enterViews[k]);
    stamp(t, T_S3);
    this.oeLastSendMs = t[T_S3];
    if (timing) {
      const st = this.stats;
      span(st.stages.journal, t, T_S0, T_S1);
      span(st.stages.encode, t, T_S1, T_S2);
      span(st.stages.write, t, T_S2, T_S3);
      span(st.tickToOrder, t, T_RX, T_S3);
      st.orders++;
    }
    if (this.options.recordOrders) this.orderLog.push({ kind: 'new', seq: this.currentSeq, exchNs: this.ctx.exchNs, token, side, price, qty, tif });
    return true;
  }

  sendCancel(token: number): boolean {
    const s = this.oeSocket;
    if (s === null || this.oe.state !== OeState.Live || s.writableLength > SEND_BACKLOG_LIMIT) {
      this.counts.sendRefused++;
      return false;
    }
    this.journal.cancelSent(this.journalNs(), this.locate, token);
    const k = this.nextSlot();
    const m = this.cancelMsg;
    m.token = token;
    m.quantity = 0;
    m.marketDataSeq = this.currentSeq;
    const o = k * SLOT_BYTES;
    writeUnsequencedHeader(this.slotView, o, encodeCancelOrder(this.slotView, o + UNSEQUENCED_HEADER_LENGTH, m));
    s.write(this.cancelViews[k]);
    this.oeLastSendMs = performance.now();
    if (this.options.recordOrders) this.orderLog.push({ kind: 'cancel', seq: this.currentSeq, exchNs: this.ctx.exchNs, token, side: 0, price: 0, qty: 0, tif: 0 });
    return true;
  }

  sendReplace(token: number, newToken: number, price: number, totalQty: number): boolean {
    const s = this.oeSocket;
    if (s === null || !this.ready || s.writableLength > SEND_BACKLOG_LIMIT) {
      this.counts.sendRefused++;
      return false;
    }
    this.journal.replaceSent(this.journalNs(), this.locate, token, newToken, price, totalQty);
    const k = this.nextSlot();
    const m = this.replaceMsg;
    m.existingToken = token;
    m.replacementToken = newToken;
    m.quantity = totalQty;
    m.price = price;
    m.marketDataSeq = this.currentSeq;
    const o = k * SLOT_BYTES;
    writeUnsequencedHeader(this.slotView, o, encodeReplaceOrder(this.slotView, o + UNSEQUENCED_HEADER_LENGTH, m));
    s.write(this.replaceViews[k]);
    this.oeLastSendMs = performance.now();
    if (this.options.recordOrders) this.orderLog.push({ kind: 'replace', seq: this.currentSeq, exchNs: this.ctx.exchNs, token: newToken, side: 0, price, qty: totalQty, tif: 0 });
    return true;
  }

  private nextSlot(): number {
    const k = this.slot;
    this.slot = (k + 1) % SLOTS;
    return k;
  }

  // ---- venue messages → journal, context, strategy --------------------------------------------

  onLoginAccepted(session: string): void {
    if (this.oeSession !== '' && session !== this.oeSession) this.venueRestarted(session);
    this.oeSession = session;
  }

  onLoginRejected(reason: number): void {
    this.options.log?.(`engine: login refused (${String.fromCharCode(reason)}), session ${this.oeSession || '(none)'} from ${this.oe.expected}`);
    // 'S': the venue does not hold the numbers we asked for: a new session. Take it from the start.
    if (reason === LoginRejectReason.SessionNotAvailable) this.oe.expected = 1;
    this.drop(this.oeSocket);
  }

  onReplayDone(): void {
    this.journalled = null;
    this.maybeReconcile();
  }

  onOrderEntryEndOfSession(): void {
    this.venueEnded = true;
  }

  onOrderEntryGap(from: number): void {
    this.options.log?.(`engine: order-entry message ${from} lost: logging in again from it`);
    this.oe.expected = from;
    this.drop(this.oeSocket);
  }

  onOrderEntryPacketHandled(): void {
    if (this.lockstep) this.ack();
  }

  onOrderMessage(type: number, dec: OrderEntryClientDecoder, _seq: number, replayed: boolean): void {
    const ctx = this.ctx;
    const j = replayed ? this.journalled : null;
    const local = this.journalNs();
    switch (type) {
      case OrderEntryMessage.Accepted: {
        const m = dec.accepted;
        this.ourRefs.add(m.orderRef);
        if (j !== null && j.accepted.has(m.token)) return this.skipped();
        let id = ctx.orderOf(m.token);
        if (id === 0 || ctx.leavesQty(id) <= 0) {
          // An order the journal never saw sent (its OrderSent was still in the buffer at a crash): repair.
          if (!replayed) {
            this.counts.unknownOrders++;
            return;
          }
          this.counts.repairedOrders++;
          const tif = m.timeInForce === TimeInForce.ImmediateOrCancel ? Tif.Ioc : Tif.Gtc;
          this.journal.orderSent(local, this.locate, m.token, m.side, tif, m.price, m.quantity);
          ctx.adopt(m.token, m.side, m.price, m.quantity, 0);
          if (m.token > this.tokenSeq) this.tokenSeq = m.token;
          id = m.token;
        }
        this.setVenueRef(id, m.orderRef);
        this.journal.accepted(local, this.locate, m.token, m.orderRef, m.price, m.quantity);
        this.deliver(OrderUpdateKind.Accepted, id, 0, NaN, 0, NaN, 0, 0, RejectReason.None, m.timestampNs, true);
        return;
      }
      case OrderEntryMessage.Executed: {
        const m = dec.executed;
        if (j !== null && j.execIds.has(m.matchNumber)) return this.skipped();
        const id = ctx.orderOf(m.token);
        if (id === 0) {
          this.counts.unknownOrders++;
          return;
        }
        const side = ctx.sideOf(id);
        const leaves = ctx.leavesQty(id) - m.quantity;
        const liquidity = m.liquidity === LiquidityFlag.Added ? 0 : 1;
        const fee = this.options.fees.fee(m.price / this.priceScale, m.quantity, liquidity);
        this.journal.executed(local, this.locate, m.token, this.venueRefOf(id), m.matchNumber, side, m.price, m.quantity, leaves > 0 ? leaves : 0, fee, liquidity);
        if (this.options.recordOrders) this.fillLog.push({ token: m.token, price: m.price, qty: m.quantity, liquidity, matchNumber: m.matchNumber });
        this.deliver(OrderUpdateKind.Filled, id, side, m.price, m.quantity, leaves > 0 ? leaves : 0, liquidity, fee, RejectReason.None, m.timestampNs, false);
        this.risk.markToMarket(ctx.knownPnl());
        return;
      }
      case OrderEntryMessage.Cancelled: {
        const m = dec.cancelled;
        if (j !== null && j.cancelled.has(m.token)) return this.skipped();
        const id = ctx.orderOf(m.token);
        if (id === 0) {
          this.counts.unknownOrders++;
          return;
        }
        const before = ctx.leavesQty(id);
        const leaves = before - m.quantity > 0 ? before - m.quantity : 0;
        this.journal.cancelled(local, this.locate, m.token, m.quantity, leaves, m.reason);
        this.deliver(OrderUpdateKind.Cancelled, id, 0, NaN, m.quantity, leaves, 0, 0, RejectReason.None, m.timestampNs, false);
        return;
      }
      case OrderEntryMessage.Replaced: {
        const m = dec.replaced;
        this.ourRefs.add(m.orderRef);
        if (j !== null && j.replacedFrom.has(m.previousToken)) return this.skipped();
        const id = ctx.orderOf(m.previousToken);
        if (id === 0) {
          this.counts.unknownOrders++;
          return;
        }
        this.journal.replaced(local, this.locate, m.previousToken, m.replacementToken, m.orderRef, m.price, m.leavesQuantity);
        ctx.replaced(id, m.replacementToken);
        this.setVenueRef(id, m.orderRef);
        this.deliver(OrderUpdateKind.Modified, id, 0, m.price, m.leavesQuantity, m.leavesQuantity, 0, 0, RejectReason.None, m.timestampNs, false);
        return;
      }
      case OrderEntryMessage.Rejected: {
        const m = dec.rejected;
        const target = m.requestType === OrderEntryMessage.EnterOrder ? RejectTarget.Order : m.requestType === OrderEntryMessage.CancelOrder ? RejectTarget.Cancel : RejectTarget.Replace;
        if (j !== null && j.rejected.has(m.token * 4 + target)) return this.skipped();
        const id = ctx.orderOf(m.token);
        if (id === 0) {
          this.counts.unknownOrders++;
          return;
        }
        // The journal names the order by its current id (a refused replace leaves it unchanged).
        this.journal.rejected(local, this.locate, target === RejectTarget.Replace ? ctx.tokenOf(id) : m.token, m.reason, target);
        this.deliver(OrderUpdateKind.Rejected, id, 0, NaN, 0, NaN, 0, 0, rejectReason(m.reason), m.timestampNs, target === RejectTarget.Order);
        return;
      }
    }
  }

  private skipped(): void {
    this.counts.replaySkipped++;
  }

  /**
   * Applies an update to the context and hands it to the strategy. The fields follow the backtester's
   * conventions exactly (Accepted / Rejected: side 0, price and leaves NaN, qty 0; Cancelled: side 0, price
   * NaN, qty = the quantity cancelled), so a strategy cannot tell the venues apart.
   */
  private deliver(kind: OrderUpdateKind, id: number, side: number, price: number, qty: number, leaves: number, liquidity: number, fee: number, reason: RejectReason, exchNs: number, ofNewOrder: boolean): void {
    const u = this.update;
    u.kind = kind;
    u.orderId = id;
    u.side = side;
    u.price = price;
    u.qty = qty;
    u.leavesQty = leaves;
    u.liquidity = liquidity;
    u.fee = fee;
    u.reason = reason;
    u.exchNs = exchNs;
    const ctx = this.ctx;
    if (this.lockstep) ctx.nowNs = exchNs;
    else ctx.nowNs = this.localNowNs(performance.now());
    ctx.orders.applyUpdate(u, ofNewOrder);
    this.options.strategy.onOrderUpdate?.(ctx, u);
  }

  /** The venue came back as a new session: every order at the old one is gone. */
  private venueRestarted(session: string): void {
    this.counts.venueRestarts++;
    this.options.log?.(`engine: the venue restarted (session ${this.oeSession} → ${session}): its open orders are gone`);
    const ctx = this.ctx;
    const ids = ctx.openOrderIds();
    for (const id of ids) {
      const leaves = ctx.leavesQty(id);
      this.journal.cancelled(this.journalNs(), this.locate, ctx.tokenOf(id), leaves, 0, WireReason.Supervisory);
      this.deliver(OrderUpdateKind.Cancelled, id, 0, NaN, leaves, 0, 0, 0, RejectReason.None, ctx.exchNs, false);
    }
    this.ourRefs.clear();
    this.needReconcile = true;
  }

  // ---- recovery and reconciliation ------------------------------------------------------------

  /** A restart: positions and open orders from the journal; what the journal holds, to de-duplicate the venue's replay. */
  private recoverFromJournal(): void {
    const rec = this.journal.recovered;
    if (rec === null) return;
    const st = rec.state;
    const ctx = this.ctx;
    const pos = st.positions.get(this.locate);
    if (pos !== undefined) {
      ctx.orders.position = pos.position;
      ctx.orders.cash = -pos.costUnits / this.priceScale - pos.fees;
    }
    const open: NonNullable<LiveEngine['recovery']>['openOrders'] = [];
    for (const o of st.orders.values()) {
      ctx.adopt(o.clientId, o.side, o.price, o.leaves, o.filledQty);
      if (o.pendingClientId !== 0) ctx.aliasToken(o.pendingClientId, o.clientId); // a pending replace's id maps back
      if (o.venueRef !== 0) {
        this.setVenueRef(o.clientId, o.venueRef);
        this.ourRefs.add(o.venueRef);
      }
      this.recoveredIds.push(o.clientId);
      open.push({ token: o.clientId, side: o.side, price: o.price, leaves: o.leaves, venueRef: o.venueRef });
    }
    this.tokenSeq = st.maxClientId;
    this.recovery = { positions: ctx.position, cash: ctx.cash, openOrders: open, truncatedBytes: this.journal.truncatedBytes };
    const j: Journalled = { accepted: new Set(), execIds: new Set(), cancelled: new Set(), replacedFrom: new Set(), rejected: new Set() };
    for (const r of readJournal(this.options.journalPath).records) {
      if (r.type === RecordType.Accepted) j.accepted.add(r.clientId);
      else if (r.type === RecordType.Executed) j.execIds.add(r.execId);
      else if (r.type === RecordType.Cancelled) j.cancelled.add(r.clientId);
      else if (r.type === RecordType.Replaced) j.replacedFrom.add(r.clientId);
      else if (r.type === RecordType.Rejected) j.rejected.add(r.clientId * 4 + r.target);
    }
    this.journalled = j;
    this.options.log?.(`engine: recovered position ${ctx.position}, ${open.length} open orders, last token ${st.maxClientId} from ${this.options.journalPath}`);
  }

  /**
   * Once both sessions are live after a (re)connect: the journal's open orders (recovered from the file,
   * as after a crash) against the venue's, which are our orders in the venue's book (the order-entry
   * replay told us their references); then a checkpoint, and trading resumes.
   */
  private maybeReconcile(): void {
    if (!this.needReconcile || this.oe.state !== OeState.Live || this.md.state !== FeedState.Live) return;
    this.needReconcile = false;
    this.journal.flush();
    const rec = recoverState(this.options.journalPath);
    const book = this.md.book;
    const venue: VenueOpenOrder[] = [];
    for (const ref of this.ourRefs) {
      if (book.has(ref)) venue.push({ clientId: 0, venueRef: ref, instrument: this.locate, side: book.orderSide(ref), price: book.orderPrice(ref), leaves: book.orderSize(ref) });
    }
    const r = reconcile(rec.state.orders.values(), venue);
    this.reconciliations.push({ matched: r.matched, errors: r.errors, clean: r.clean, toQuery: r.toQuery, differences: r.differences.map((d) => `${d.kind} ${d.clientId}: ${d.detail}`), atMs: performance.now() });
    if (!r.clean) this.options.log?.(`engine: reconciliation: ${r.differences.length} differences: ${r.differences.map((d) => d.kind).join(', ')}`);
    this.journal.checkpoint(this.journalNs(), rec.state.checkpointContent());
    // Orders the strategy does not own (recovered after a restart) are cancelled once accounted for.
    if ((this.options.cancelRecoveredOrders ?? true) && this.recoveredIds.length > 0) {
      for (const id of this.recoveredIds) if (this.ctx.leavesQty(id) > 0) this.sendCancel(this.ctx.tokenOf(id));
      this.recoveredIds = [];
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private newSignal(): void {
    const m = this.options.model;
    if (m === null || this.timed === null) return;
    m.sampler.reset();
    const inst = this.options.instrument;
    this.signal = new ModelSignal(this.timed, m.features, this.md.book, inst.tickSize, inst.priceScale, m.sampler);
  }

  private ack(): void {
    const s = this.oeSocket;
    if (s !== null && !s.destroyed) s.write(HEARTBEAT);
  }

  /** The engine's local clock in the exchange's time base: anchored at the first event, then real ns. */
  private localNowNs(nowMs: number): number {
    if (this.anchorExch !== this.anchorExch) return 0;
    return Math.floor(this.anchorExch + (nowMs - this.anchorMs) * 1e6);
  }

  /** Journal time: ns since this process opened the journal (the SessionStart's origin). */
  private journalNs(): number {
    return Math.floor((performance.now() - this.t0Ms) * 1e6);
  }

  private setVenueRef(id: number, ref: number): void {
    if (id >= this.venueRefs.length) {
      let n = this.venueRefs.length;
      while (n <= id) n *= 2;
      const next = new Float64Array(n);
      next.set(this.venueRefs);
      this.venueRefs = next;
    }
    this.venueRefs[id] = ref;
  }

  private venueRefOf(id: number): number {
    return id < this.venueRefs.length ? this.venueRefs[id] : 0;
  }

  /** Everything a status request reports (allocates). */
  status(): Record<string, unknown> {
    const ctx = this.ctx;
    return {
      ready: this.ready,
      position: ctx.position,
      cash: ctx.cash,
      openOrders: ctx.openOrderIds().map((id) => ({ id, token: ctx.tokenOf(id), side: ctx.sideOf(id), price: ctx.priceOf(id), leaves: ctx.leavesQty(id), venueRef: this.venueRefOf(id) })),
      killed: this.risk.killed,
      counts: { ...this.counts },
      feed: { state: this.md.state, expected: this.md.expected, session: this.md.session, ...this.md.counts, malformed: this.md.errors.toJSON() },
      orderEntry: { state: this.oe.state, expected: this.oe.expected, session: this.oe.session, ...this.oe.counts, malformed: this.oe.errors.toJSON() },
      journal: { path: this.options.journalPath, policy: this.journal.policy, records: this.journal.lastSeq, syncedSeq: this.journal.syncedSeq },
      recovery: this.recovery,
      reconciliations: this.reconciliations,
      ticks: this.stats.ticks,
      orders: this.stats.orders,
    };
  }
}

function rejectReason(wire: number): RejectReason {
  if (wire === WireReason.UnknownOrder) return RejectReason.UnknownOrder;
  if (wire === WireReason.Halted || wire === WireReason.MarketClosed) return RejectReason.Halted;
  return RejectReason.BadPriceOrSize;
}
