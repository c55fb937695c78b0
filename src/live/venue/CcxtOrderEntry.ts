import type { Instrument } from '../../data/Instrument.ts';
import { RejectReason, Tif } from '../../strategy/Strategy.ts';
import { BoundedQueue } from './BoundedQueue.ts';
import { classifyCcxtError } from './ccxtErrors.ts';
import type { CcxtExchangeLike, CcxtFeeLike, CcxtOrderLike, CcxtParams } from './ccxtTypes.ts';
import { describeRealVenueConfig, RealVenueConfigError, validateRealVenueConfig, type RealVenueConfig } from './RealVenueConfig.ts';
import type { VenueEntryReport, VenueOrderEntry } from './VenueOrderEntry.ts';
import {
  acceptedReport,
  cancelledReport,
  fillReport,
  modifiedReport,
  rejectedReport,
  type NewOrderRequest,
  type VenueReport,
  type VenueReportSink,
} from './VenueReport.ts';

export interface CcxtOrderEntryOptions {
  /** What the integer prices and sizes of the strategy's orders mean (priceScale, sizeScale). */
  readonly instrument: Instrument;
  /**
   * The exchange object. Tests inject a fake implementing CcxtExchangeLike (nothing reaches the
   * network); default (`open` only): built from the configuration by `import('ccxt')`.
   */
  readonly exchange?: CcxtExchangeLike;
  /** Requests waiting to be sent at most; beyond it submit/cancel/modify refuse. Default 64. */
  readonly maxOutbox?: number;
  /** How order reports are learnt: 'poll' (fetchOrder per open order) or 'watch' (ccxt.pro watchOrders). Default 'poll'. */
  readonly reports?: 'poll' | 'watch';
  /** Poll period, ms (also the retry period of lookups in watch mode). 0: only `pollOnce()`. Default 1000. */
  readonly pollIntervalMs?: number;
  /**
   * Prefix of the client order ids (`<prefix><token>`): must differ between runs on one account, since
   * tokens restart at 1. Default `tq<start time base 36>-`. Letters, digits, '-' and '_' only.
   */
  readonly clientOrderIdPrefix?: string;
  /** Fee rates used only when the venue reports a fee in a third currency (e.g. BNB). Default 10 / 10 bps. */
  readonly feeBpsEstimate?: { readonly maker: number; readonly taker: number };
  /** Epoch ns of the session's origin: venue times become ns offsets from it. Without it they are NaN. */
  readonly originNs?: bigint;
  /** Cancel every open order on close. Default true. */
  readonly cancelOnClose?: boolean;
  /** Things a person must look at: orders in an unknown state, orphans, authentication failures. */
  readonly onAlert?: (message: string) => void;
  /** Timer used for polling (injected in tests). Default setInterval, unref'd. */
  readonly every?: (ms: number, fn: () => void) => () => void;
  /**
   * How long after an ambiguous failure "no such order" is still not believed, ms: a request that timed
   * out may be processed late (Binance: "execution status unknown"). Default 10 000.
   */
  readonly doubtWindowMs?: number;
  /** Monotonic ms for the doubt window (injected in tests). Default performance.now. */
  readonly nowMs?: () => number;
}

type Request =
  | { readonly kind: 'new'; readonly order: NewOrderRequest }
  | { readonly kind: 'cancel'; readonly token: number }
  | { readonly kind: 'modify'; readonly token: number; readonly newToken: number; readonly price: number; readonly totalQty: number };

/** Where one of our orders stands at the venue, as far as we know. */
interface Tracked {
  token: number;
  readonly clientId: string;
  venueId: string | null;
  readonly side: number;
  price: number;
  /** The order's quantity at the venue (integer size units). */
  amount: number;
  /** Cumulative filled (units), filled notional and fees (quote) reported so far. */
  filled: number;
  cost: number;
  fee: number;
  readonly seenTrades: Set<string>;
  /**
   * sending: createOrder in flight; unknown: it may or may not exist (ambiguous failure), looked up by
   * client id; open; retired: replaced by a new venue order (its late fills still count); done.
   */
  state: 'sending' | 'unknown' | 'open' | 'retired' | 'done';
  accepted: boolean;
  /** An update that arrived (watch) while createOrder was in flight: applied after it returns. */
  early: CcxtOrderLike | null;
  /** When its outcome became unknown (nowMs), NaN if it never did. */
  doubtSinceMs: number;
}

const STATUS_DONE = new Set(['closed', 'canceled', 'cancelled', 'expired', 'rejected']);

/**
 * Real order entry through ccxt. Off by default and never enabled without an explicit
 * `RealVenueConfig` (mode 'real', exchange, symbol, apiKey, secret, sandbox true/false, and the
 * confirmation phrase): the constructor and `open` refuse anything less, naming what is missing.
 *
 * Off the hot path: submit/cancel/modify only put a request in a bounded outbox (a full outbox refuses:
 * the strategy is told, memory never grows) and schedule the worker on a microtask, after the strategy's
 * callback. One worker sends requests one at a time, in order (a cancel never overtakes its order's
 * creation), and polls open orders between requests. Reports go to the session's sink from the worker's
 * promise continuations, never inside a strategy callback.
 *
 * Mapping ccxt's unified orders to reports (idempotent and monotone: a stale snapshot never undoes
 * anything): createOrder resolving → Accepted; each new trade in `trades` (by id), else any increase of
 * cumulative `filled` → Filled (price from the increase of `cost`, else `average`; fee from the trade's
 * or the increase of the order's fee, converted to quote currency, estimated at `feeBpsEstimate` when in
 * a third currency; liquidity from `takerOrMaker`, else taker when it filled on creation, maker after);
 * status canceled / expired (or closed short of its amount) → Cancelled for the rest; a thrown ccxt error →
 * Rejected with its reason (ccxtErrors.ts: InsufficientFunds → InventoryLimit, InvalidOrder →
 * BadPriceOrSize, OrderNotFound → UnknownOrder, …). A failure that may have reached the venue anyway
 * (timeout, network) is not a reject: the order stays open for the strategy in state 'unknown' and is
 * looked up by its client order id until the venue says what happened (an alert is raised meanwhile).
 *
 * Modify: `editOrder` where the exchange has it (Binance spot: cancel-replace, a new venue order for the
 * open quantity; the old one's late fills still reach the strategy's order), else cancel, then create the
 * rest (total − filled at cancel time: nothing is bought twice). A replacement that failed after the cancel
 * is reported as Cancelled.
 */
export class CcxtOrderEntry implements VenueOrderEntry {
  readonly mode = 'real' as const;
  readonly description: string;
  readonly config: RealVenueConfig;
  readonly counts = {
    requests: 0,
    outboxRefused: 0,
    created: 0,
    createRejected: 0,
    ambiguous: 0,
    cancelsSent: 0,
    cancelRejected: 0,
    editsSent: 0,
    modifyRejected: 0,
    fills: 0,
    feesEstimated: 0,
    fetches: 0,
    fetchFailures: 0,
    watchErrors: 0,
    unknownStatus: 0,
    foreignOrders: 0,
    orphansCancelled: 0,
    alerts: 0,
  };
  private readonly exchange: CcxtExchangeLike;
  private readonly instrument: Instrument;
  private readonly base: string;
  private readonly quote: string;
  private readonly outbox: BoundedQueue<Request>;
  private readonly reportsVia: 'poll' | 'watch';
  private readonly prefix: string;
  private readonly feeBps: { readonly maker: number; readonly taker: number };
  private readonly originMs: number;
  private readonly cancelOnClose: boolean;
  private readonly onAlert: (message: string) => void;
  private readonly byToken = new Map<number, Tracked>();
  private readonly byVenueId = new Map<string, Tracked>();
  private readonly byClientId = new Map<string, Tracked>();
  /** Orders not done: polled. */
  private readonly live = new Set<Tracked>();
  /** Replacement orders whose creation is in doubt: cancelled by client id if they turn up. */
  private readonly orphans: { readonly clientId: string; readonly sinceMs: number }[] = [];
  private readonly doubtWindowMs: number;
  private readonly nowMs: () => number;
  private sink: VenueReportSink | null = null;
  private working = false;
  private pollDue = false;
  private closed = false;
  private stopTimer: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  private watching: Promise<void> | null = null;

  /**
   * Prefer `CcxtOrderEntry.open` (it builds the exchange, sets the sandbox mode, loads markets and checks
   * capabilities). The constructor validates the configuration all the same.
   */
  constructor(config: RealVenueConfig, exchange: CcxtExchangeLike, options: CcxtOrderEntryOptions) {
    this.config = validateRealVenueConfig(config, 'CcxtOrderEntry');
    this.exchange = exchange;
    this.instrument = options.instrument;
    [this.base, this.quote] = this.config.symbol.split(':')[0].split('/');
    this.outbox = new BoundedQueue(options.maxOutbox ?? 64);
    this.reportsVia = options.reports ?? 'poll';
    this.prefix = options.clientOrderIdPrefix ?? `tq${Date.now().toString(36)}-`;
    if (!/^[A-Za-z0-9_-]{1,20}$/.test(this.prefix)) throw new RangeError(`clientOrderIdPrefix must be 1–20 letters, digits, '-' or '_', got "${this.prefix}"`);
    this.feeBps = options.feeBpsEstimate ?? { maker: 10, taker: 10 };
    this.originMs = options.originNs === undefined ? NaN : Number(options.originNs / 1_000_000n);
    this.cancelOnClose = options.cancelOnClose ?? true;
    this.onAlert = options.onAlert ?? (() => undefined);
    this.doubtWindowMs = options.doubtWindowMs ?? 10_000;
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.description = `real: ${describeRealVenueConfig(this.config)} via ccxt (${exchange.id}), reports by ${this.reportsVia}`;
    const every = options.every ?? defaultEvery;
    const ms = options.pollIntervalMs ?? 1000;
    if (!(ms >= 0)) throw new RangeError(`pollIntervalMs must be ≥ 0, got ${ms}`);
    if (ms > 0) this.stopTimer = every(ms, () => this.requestPoll());
  }

  /**
   * Validates `config` (anything: parsed JSON, an object literal) and opens the exchange: the injected
   * one, or `import('ccxt')` and the configured exchange class (only here is ccxt ever loaded). Sandbox
   * mode is set before anything else is asked of the exchange; markets are loaded; the capabilities the
   * chosen report mode needs are checked.
   */
  static async open(config: unknown, options: CcxtOrderEntryOptions): Promise<CcxtOrderEntry> {
    const c = validateRealVenueConfig(config);
    const reports = options.reports ?? 'poll';
    const exchange = options.exchange ?? (await createCcxtExchange(c, reports === 'watch' ? 'pro' : 'rest'));
    if (c.sandbox) exchange.setSandboxMode(true);
    const missing = ['createOrder', 'cancelOrder', reports === 'watch' ? 'watchOrders' : 'fetchOrder'].filter((f) => !exchange.has[f]);
    if (missing.length > 0) throw new RealVenueConfigError('venue config', [`exchange ${exchange.id} lacks ${missing.join(', ')} (needed for reports by ${reports})`]);
    await exchange.loadMarkets();
    const entry = new CcxtOrderEntry(c, exchange, { ...options, reports });
    if (reports === 'watch') entry.startWatching();
    return entry;
  }

  attach(sink: VenueReportSink): void {
    if (this.sink !== null) throw new Error('CcxtOrderEntry is already attached to a session');
    this.sink = sink;
  }

  submit(order: NewOrderRequest): boolean {
    return this.enqueue({ kind: 'new', order });
  }

  cancel(token: number): boolean {
    return this.enqueue({ kind: 'cancel', token });
  }

  modify(token: number, newToken: number, price: number, totalQty: number): boolean {
    return this.enqueue({ kind: 'modify', token, newToken, price, totalQty });
  }

  /** Asks for a poll of every open order (run by the worker between requests). */
  requestPoll(): void {
    this.pollDue = true;
    this.kick();
  }

  /** One poll now; resolves when the worker is idle again (tests, and callers without a timer). */
  pollOnce(): Promise<void> {
    this.requestPoll();
    return this.whenIdle();
  }

  /** Resolves when the outbox is empty and no request or poll is in flight. */
  whenIdle(): Promise<void> {
    if (!this.working && this.outbox.length === 0 && !this.pollDue) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Orders not known to be done (open, unknown, or retired awaiting their final state). */
  get openAtVenue(): number {
    return this.live.size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true; // new requests are refused from here on
    this.stopTimer?.();
    this.stopTimer = null;
    await this.whenIdle();
    if (this.cancelOnClose) {
      for (const t of [...this.live]) if (t.state === 'open') await this.cancelNow(t.token, 'cancel');
    }
    // A pending watchOrders settles when the exchange closes its socket; nothing waits for it.
    await this.exchange.close?.();
  }

  report(): VenueEntryReport {
    return { mode: this.mode, description: this.description, ...this.counts, outboxHighWater: this.outbox.highWater, openAtVenue: this.live.size, orphans: this.orphans.length };
  }

  // ---- the worker -------------------------------------------------------------------------------

  private enqueue(r: Request): boolean {
    if (this.closed || this.sink === null) return false;
    this.counts.requests++;
    if (!this.outbox.push(r)) {
      this.counts.outboxRefused++;
      return false;
    }
    this.kick();
    return true;
  }

  private kick(): void {
    if (this.working) return;
    this.working = true;
    // Never inside the strategy's callback: ccxt signs and serialises requests synchronously.
    queueMicrotask(() => void this.work());
  }

  private async work(): Promise<void> {
    try {
      for (;;) {
        const r = this.outbox.shift();
        if (r !== undefined) {
          if (r.kind === 'new') await this.create(r.order);
          else if (r.kind === 'cancel') await this.cancelNow(r.token, 'cancel');
          else await this.modifyNow(r.token, r.newToken, r.price, r.totalQty);
          continue;
        }
        if (this.pollDue) {
          this.pollDue = false;
          await this.poll();
          continue;
        }
        break;
      }
    } finally {
      this.working = false;
      const waiters = this.idleWaiters.splice(0);
      for (const w of waiters) w();
    }
  }

  private async create(o: NewOrderRequest): Promise<void> {
    const t = this.track(o.token, o.side, o.price, o.qty);
    const amount = this.checkedAmount(o.qty);
    const price = this.checkedPrice(o.price);
    if (typeof amount === 'string' || typeof price === 'string') {
      this.finish(t);
      this.counts.createRejected++;
      return this.emit(rejectedReport(o.token, 'new', RejectReason.BadPriceOrSize, NaN, 'precision', typeof amount === 'string' ? amount : (price as string)));
    }
    const params: CcxtParams = { clientOrderId: t.clientId };
    if (o.tif === Tif.Ioc) params.timeInForce = 'IOC';
    try {
      const res = await this.exchange.createOrder(this.config.symbol, 'limit', o.side > 0 ? 'buy' : 'sell', amount, price, params);
      this.created(t, res);
    } catch (e) {
      const m = classifyCcxtError(e);
      if (m.ambiguous) return this.inDoubt(t, m.detail);
      this.finish(t);
      this.counts.createRejected++;
      this.emit(rejectedReport(o.token, 'new', m.reason, NaN, m.venueReason, m.detail));
    }
  }

  /** createOrder (or a lookup by client id) returned the venue's order. */
  private created(t: Tracked, res: CcxtOrderLike): void {
    if (res.id === undefined || res.id === '') return this.inDoubt(t, 'the venue answered without an order id');
    this.counts.created++;
    t.venueId = res.id;
    this.byVenueId.set(res.id, t);
    if (res.status === 'rejected') {
      this.finish(t);
      this.counts.createRejected++;
      return this.emit(rejectedReport(t.token, 'new', RejectReason.Halted, this.venueNs(res), 'rejected', 'the venue reported the order rejected'));
    }
    t.state = 'open';
    t.accepted = true;
    this.emit(acceptedReport(t.token, this.venueNs(res)));
    this.observe(t, res, true);
    if (t.early !== null) {
      const early = t.early;
      t.early = null;
      this.observe(t, early, false);
    }
  }

  /** The request may have reached the venue: the order stays open for the strategy until looked up. */
  private inDoubt(t: Tracked, detail: string): void {
    t.state = 'unknown';
    t.doubtSinceMs = this.nowMs();
    this.counts.ambiguous++;
    this.alert(`order ${t.clientId} (token ${t.token}): outcome unknown (${detail}); looking it up by client order id`);
    this.pollDue = true;
  }

  private async cancelNow(token: number, request: 'cancel' | 'modify'): Promise<void> {
    const t = this.byToken.get(token);
    if (t === undefined || t.state === 'done' || t.state === 'retired') {
      this.counts.cancelRejected++;
      return this.emit(rejectedReport(token, request, RejectReason.UnknownOrder, NaN, 'unknown-order'));
    }
    if (t.venueId === null) {
      this.counts.cancelRejected++;
      return this.emit(rejectedReport(token, request, RejectReason.Halted, NaN, 'order-state-unknown', 'the order is still being looked up'));
    }
    this.counts.cancelsSent++;
    try {
      const res = await this.exchange.cancelOrder(t.venueId, this.config.symbol);
      if (!this.observe(t, res, false)) {
        // The cancel went through (no exception) even if the answer carried no final status.
        this.finish(t);
        const rest = t.amount - t.filled;
        if (rest > 0) this.emit(cancelledReport(t.token, rest, this.venueNs(res)));
      }
    } catch (e) {
      const m = classifyCcxtError(e);
      this.counts.cancelRejected++;
      this.emit(rejectedReport(token, request, m.reason, NaN, m.venueReason, m.detail));
      this.pollDue = true; // find out what became of it (filled, most likely)
    }
  }

  private async modifyNow(token: number, newToken: number, priceUnits: number, totalQty: number): Promise<void> {
    const t = this.byToken.get(token);
    if (t === undefined || t.state === 'done' || t.state === 'retired') {
      this.counts.modifyRejected++;
      return this.emit(rejectedReport(token, 'modify', RejectReason.UnknownOrder, NaN, 'unknown-order'));
    }
    if (t.venueId === null) {
      this.counts.modifyRejected++;
      return this.emit(rejectedReport(token, 'modify', RejectReason.Halted, NaN, 'order-state-unknown', 'the order is still being looked up'));
    }
    const rest = totalQty - t.filled;
    if (rest <= 0) return this.cancelNow(token, 'modify');
    const amount = this.checkedAmount(rest);
    const price = this.checkedPrice(priceUnits);
    if (typeof amount === 'string' || typeof price === 'string') {
      this.counts.modifyRejected++;
      return this.emit(rejectedReport(token, 'modify', RejectReason.BadPriceOrSize, NaN, 'precision', typeof amount === 'string' ? amount : (price as string)));
    }
    const side = t.side > 0 ? 'buy' : 'sell';
    const clientId = this.clientIdOf(newToken);
    if (this.exchange.has.editOrder === true) {
      this.counts.editsSent++;
      let res: CcxtOrderLike;
      try {
        res = await this.exchange.editOrder(t.venueId, this.config.symbol, 'limit', side, amount, price, { clientOrderId: clientId });
      } catch (e) {
        const m = classifyCcxtError(e);
        this.counts.modifyRejected++;
        if (m.ambiguous) {
          // The old order may be gone and a new one may exist: look both up.
          this.orphans.push({ clientId, sinceMs: this.nowMs() });
          this.alert(`modify of ${t.clientId}: outcome unknown (${m.detail}); ${clientId} will be cancelled if it exists`);
        }
        this.emit(rejectedReport(token, 'modify', m.reason, NaN, m.venueReason, m.detail));
        this.pollDue = true;
        return;
      }
      if (res.id !== undefined && res.id === t.venueId) {
        // Amended in place: the same venue order under the new token.
        this.byToken.delete(token);
        t.token = newToken;
        this.byToken.set(newToken, t);
        t.price = priceUnits;
        t.amount = t.filled + rest;
        this.emit(modifiedReport(token, newToken, priceUnits, rest, this.venueNs(res)));
        this.observe(t, res, false);
        return;
      }
      // Cancel-replace: the old order is retired (its late fills still count), the new one carries on.
      t.state = 'retired';
      const n = this.track(newToken, t.side, priceUnits, rest, clientId);
      this.emit(modifiedReport(token, newToken, priceUnits, rest, this.venueNs(res)));
      n.accepted = true;
      if (res.id === undefined || res.id === '') return this.inDoubt(n, 'edit answered without an order id');
      n.venueId = res.id;
      n.state = 'open';
      this.byVenueId.set(res.id, n);
      this.observe(n, res, true);
      return;
    }
    // No editOrder: cancel, then create what is still wanted.
    this.counts.cancelsSent++;
    let cancelled: CcxtOrderLike;
    try {
      cancelled = await this.exchange.cancelOrder(t.venueId, this.config.symbol);
    } catch (e) {
      const m = classifyCcxtError(e);
      this.counts.modifyRejected++;
      this.emit(rejectedReport(token, 'modify', m.reason, NaN, m.venueReason, m.detail));
      this.pollDue = true;
      return;
    }
    this.observe(t, cancelled, false, true);
    this.finish(t);
    const still = totalQty - t.filled;
    if (still <= 0) {
      const left = t.amount - t.filled;
      if (left > 0) this.emit(cancelledReport(token, left, this.venueNs(cancelled)));
      return;
    }
    const n = this.track(newToken, t.side, priceUnits, still, clientId);
    try {
      const res = await this.exchange.createOrder(this.config.symbol, 'limit', side, this.instrumentAmount(still), price, { clientOrderId: clientId });
      if (res.id === undefined || res.id === '') throw new Error('the venue answered without an order id');
      this.counts.created++;
      n.venueId = res.id;
      n.state = 'open';
      n.accepted = true;
      this.byVenueId.set(res.id, n);
      this.emit(modifiedReport(token, newToken, priceUnits, still, this.venueNs(res)));
      this.observe(n, res, true);
    } catch (e) {
      const m = classifyCcxtError(e);
      this.finish(n);
      this.counts.modifyRejected++;
      if (m.ambiguous) {
        this.orphans.push({ clientId, sinceMs: this.nowMs() });
        this.alert(`modify of ${t.clientId}: the replacement ${clientId} is in doubt (${m.detail}); it will be cancelled if it exists`);
      }
      // The old order is cancelled and no replacement stands: that is what the strategy is told.
      this.emit(cancelledReport(token, t.amount - t.filled, NaN, `replace-failed:${m.venueReason}`, m.detail));
    }
  }

  /** Every order not done: fetched; orders in doubt: looked up by client id; orphans: cancelled by client id. */
  private async poll(): Promise<void> {
    for (const t of [...this.live]) {
      if (this.closed && t.state === 'unknown') continue;
      this.counts.fetches++;
      try {
        if (t.state === 'unknown') {
          const res = await this.exchange.fetchOrder('', this.config.symbol, { clientOrderId: t.clientId });
          this.created(t, res);
        } else if (t.venueId !== null) {
          const res = await this.exchange.fetchOrder(t.venueId, this.config.symbol);
          this.observe(t, res, false);
        }
      } catch (e) {
        const m = classifyCcxtError(e);
        if (m.venueReason === 'order-not-found' && t.state === 'unknown') {
          // Not found, long enough after the failure: the venue never took it, now it is a reject.
          if (this.nowMs() - t.doubtSinceMs < this.doubtWindowMs) continue;
          this.finish(t);
          this.counts.createRejected++;
          this.emit(rejectedReport(t.token, 'new', RejectReason.Halted, NaN, 'not-at-venue', m.detail));
        } else if (m.venueReason === 'order-not-found' && t.state === 'retired') {
          this.finish(t);
        } else {
          this.counts.fetchFailures++;
        }
      }
    }
    for (let k = this.orphans.length - 1; k >= 0; k--) {
      const { clientId, sinceMs } = this.orphans[k];
      try {
        await this.exchange.cancelOrder('', this.config.symbol, { clientOrderId: clientId });
        this.counts.orphansCancelled++;
        this.alert(`cancelled orphan order ${clientId}: any fill it had is not in the strategy's position`);
        this.orphans.splice(k, 1);
      } catch (e) {
        if (classifyCcxtError(e).venueReason === 'order-not-found' && this.nowMs() - sinceMs >= this.doubtWindowMs) this.orphans.splice(k, 1);
      }
    }
  }

  private startWatching(): void {
    const watch = this.exchange.watchOrders?.bind(this.exchange);
    if (watch === undefined) return;
    this.watching = (async () => {
      while (!this.closed) {
        try {
          const orders = await watch(this.config.symbol);
          for (const o of orders) this.onWatched(o);
        } catch (e) {
          if (this.closed) break;
          this.counts.watchErrors++;
          this.alert(`watchOrders failed (${classifyCcxtError(e).detail}); polling once, then watching again`);
          this.requestPoll();
          await new Promise((r) => setTimeout(r, 1000).unref());
        }
      }
    })();
  }

  private onWatched(o: CcxtOrderLike): void {
    const t = (o.id !== undefined ? this.byVenueId.get(o.id) : undefined) ?? (o.clientOrderId !== undefined ? this.byClientId.get(o.clientOrderId) : undefined);
    if (t === undefined) {
      this.counts.foreignOrders++;
      return;
    }
    if (t.state === 'sending') t.early = o;
    else if (t.state === 'unknown') this.created(t, o);
    else this.observe(t, o, false);
  }

  // ---- ccxt order → reports ----------------------------------------------------------------------

  /**
   * Applies what the venue says of an order: new trades / more filled → Filled; a final status →
   * Cancelled for the rest (unless `quiet`: a modify's own cancel). Never goes backwards. Returns true
   * when the order is done.
   */
  private observe(t: Tracked, o: CcxtOrderLike, onCreation: boolean, quiet = false): boolean {
    if (t.state === 'done') return true;
    const inst = this.instrument;
    const exchNs = this.venueNs(o);
    // What the venue says is filled in all (when it says): trades beyond it were already counted in aggregate.
    const reported = o.filled === undefined ? NaN : Math.min(t.amount, Math.round(o.filled * inst.sizeScale));
    const cap = reported === reported ? reported : t.amount;
    for (const tr of o.trades ?? []) {
      if (tr.id === undefined || t.seenTrades.has(tr.id) || !(tr.amount! > 0) || !(tr.price! > 0)) continue;
      const qty = Math.round(tr.amount! * inst.sizeScale);
      if (qty <= 0 || t.filled + qty > cap) continue;
      t.seenTrades.add(tr.id);
      const liquidity = tr.takerOrMaker === 'maker' ? 0 : tr.takerOrMaker === 'taker' ? 1 : onCreation ? 1 : 0;
      const fee = this.feeInQuote(tr.fee === undefined ? [] : [tr.fee], tr.price!) ?? this.estimateFee(tr.amount!, tr.price!, liquidity);
      t.filled += qty;
      t.cost += tr.cost ?? tr.amount! * tr.price!;
      t.fee += fee;
      this.counts.fills++;
      this.emit(fillReport(t.token, Math.round(tr.price! * inst.priceScale), qty, fee, liquidity, tr.timestamp !== undefined ? this.msToNs(tr.timestamp) : exchNs));
    }
    const filled = reported === reported ? reported : 0;
    if (filled > t.filled) {
      const dq = filled - t.filled;
      const dBase = dq / inst.sizeScale;
      const dCost = o.cost !== undefined && o.cost > t.cost ? o.cost - t.cost : NaN;
      const px = dCost === dCost ? dCost / dBase : (o.average ?? o.price ?? t.price / inst.priceScale);
      const liquidity = onCreation ? 1 : 0;
      const orderFee = this.feeInQuote(o.fees ?? (o.fee === undefined ? [] : [o.fee]), px);
      const fee = orderFee !== undefined ? Math.max(0, orderFee - t.fee) : this.estimateFee(dBase, px, liquidity);
      t.filled = filled;
      t.cost += dCost === dCost ? dCost : dBase * px;
      t.fee += fee;
      this.counts.fills++;
      this.emit(fillReport(t.token, Math.round(px * inst.priceScale), dq, fee, liquidity, exchNs));
    }
    const status = o.status;
    if (status === undefined || status === 'open') return false;
    if (!STATUS_DONE.has(status)) {
      this.counts.unknownStatus++;
      return false;
    }
    const wasRetired = t.state === 'retired';
    this.finish(t);
    const rest = t.amount - t.filled;
    // A retired order's rest moved to its replacement; a modify's cancel is not the strategy's cancel.
    if (rest <= 0 || wasRetired || quiet) return true;
    if (status === 'rejected' && !t.accepted) this.emit(rejectedReport(t.token, 'new', RejectReason.Halted, exchNs, 'rejected'));
    else this.emit(cancelledReport(t.token, rest, exchNs, status === 'closed' ? 'closed-short' : status));
    return true;
  }

  /**
   * Fees in quote currency: quote as is, base at `price`. Undefined when none carries a cost or any is in
   * a third currency (then the caller estimates).
   */
  private feeInQuote(fees: readonly CcxtFeeLike[], price: number): number | undefined {
    let sum = 0;
    let known = false;
    for (const f of fees) {
      if (f.cost === undefined) continue;
      if (f.currency === undefined || f.currency === this.quote) sum += f.cost;
      else if (f.currency === this.base) sum += f.cost * price;
      else return undefined;
      known = true;
    }
    return known ? sum : undefined;
  }

  private estimateFee(baseQty: number, price: number, liquidity: number): number {
    this.counts.feesEstimated++;
    return (baseQty * price * (liquidity === 0 ? this.feeBps.maker : this.feeBps.taker)) / 10_000;
  }

  // ---- internals ---------------------------------------------------------------------------------

  private track(token: number, side: number, price: number, qty: number, clientId = this.clientIdOf(token)): Tracked {
    const t: Tracked = { token, clientId, venueId: null, side, price, amount: qty, filled: 0, cost: 0, fee: 0, seenTrades: new Set(), state: 'sending', accepted: false, early: null, doubtSinceMs: NaN };
    this.byToken.set(token, t);
    this.byClientId.set(clientId, t);
    this.live.add(t);
    return t;
  }

  private finish(t: Tracked): void {
    t.state = 'done';
    this.live.delete(t);
  }

  private clientIdOf(token: number): string {
    return `${this.prefix}${token}`;
  }

  /** The amount in base currency, or why the venue's precision refuses it. */
  private checkedAmount(qty: number): number | string {
    const amount = this.instrumentAmount(qty);
    const round = this.exchange.amountToPrecision;
    if (round === undefined) return amount;
    try {
      const r = Number(round.call(this.exchange, this.config.symbol, amount));
      return r === amount ? amount : `amount ${amount} is not a multiple of the venue's step (it would become ${r})`;
    } catch (e) {
      return classifyCcxtError(e).detail;
    }
  }

  private checkedPrice(priceUnits: number): number | string {
    const price = priceUnits / this.instrument.priceScale;
    const round = this.exchange.priceToPrecision;
    if (round === undefined) return price;
    try {
      const r = Number(round.call(this.exchange, this.config.symbol, price));
      return r === price ? price : `price ${price} is not on the venue's tick grid (it would become ${r})`;
    } catch (e) {
      return classifyCcxtError(e).detail;
    }
  }

  private instrumentAmount(qty: number): number {
    return qty / this.instrument.sizeScale;
  }

  private venueNs(o: CcxtOrderLike): number {
    const ms = o.lastUpdateTimestamp ?? o.lastTradeTimestamp ?? o.timestamp;
    return ms === undefined ? NaN : this.msToNs(ms);
  }

  private msToNs(ms: number): number {
    return (ms - this.originMs) * 1_000_000;
  }

  private alert(message: string): void {
    this.counts.alerts++;
    this.onAlert(message);
  }

  private emit(r: VenueReport): void {
    this.sink?.(r);
  }
}

function defaultEvery(ms: number, fn: () => void): () => void {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Loads ccxt (the only place it is imported) and builds the configured exchange with its keys and ccxt's
 * own rate limiter on. `flavour` 'pro' is the websocket class (watchOrders).
 */
export async function createCcxtExchange(config: RealVenueConfig, flavour: 'rest' | 'pro'): Promise<CcxtExchangeLike> {
  const ccxt = await import('ccxt');
  if (!Object.prototype.hasOwnProperty.call(ccxt.exchanges, config.exchange)) {
    throw new RealVenueConfigError('venue config', [`exchange "${config.exchange}" is not a ccxt exchange id (e.g. binance, binanceusdm, bybit, okx)`]);
  }
  const classes = (flavour === 'pro' ? ccxt.pro : ccxt) as unknown as Record<string, (new (options: Record<string, unknown>) => CcxtExchangeLike) | undefined>;
  const Exchange = classes[config.exchange];
  if (typeof Exchange !== 'function') throw new RealVenueConfigError('venue config', [`ccxt${flavour === 'pro' ? '.pro' : ''} has no class for "${config.exchange}"`]);
  return new Exchange({
    apiKey: config.apiKey,
    secret: config.secret,
    ...(config.password !== undefined ? { password: config.password } : {}),
    enableRateLimit: true,
  });
}
