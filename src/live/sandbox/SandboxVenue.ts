import type { Clock } from '../../core/time.ts';
import { EventType } from '../../data/EventType.ts';
import type { Instrument } from '../../data/Instrument.ts';
import type { ExecutionListener } from '../../exchange/ExecutionListener.ts';
import { MatchingEngine } from '../../exchange/MatchingEngine.ts';
import { OrderStatus } from '../../exchange/OrderReport.ts';
import { OrderType } from '../../exchange/OrderType.ts';
import { SelfTradePrevention } from '../../exchange/SelfTradePrevention.ts';
import { FeedPacket, LiquidityFlag, LoginRejectReason, OrderEntryMessage, OrderState, SystemEventCode, TimeInForce, WireReason } from '../protocol/codes.ts';
import { FeedPacketWriter } from '../protocol/FeedPacketWriter.ts';
import { encodeFeedAddOrder, encodeFeedSnapshotEnd, encodeFeedSnapshotStart, FEED_ADD_ORDER_LENGTH, FEED_SNAPSHOT_END_LENGTH } from '../protocol/marketDataCodec.ts';
import { FeedAddOrder, FeedSnapshotEnd, FeedSnapshotStart } from '../protocol/marketDataMessages.ts';
import { encodeOrderAccepted, encodeOrderCancelled, encodeOrderExecuted, encodeOrderRejected, encodeOrderReplaced } from '../protocol/orderEntryCodec.ts';
import { OrderAccepted, OrderCancelled, OrderExecuted, OrderRejected, OrderReplaced, type CancelOrder, type EnterOrder, type ReplaceOrder } from '../protocol/orderEntryMessages.ts';
import { SEQUENCED_HEADER_LENGTH, writeSequencedHeader } from '../protocol/sessionPackets.ts';
import { splitI64, wireView } from '../protocol/wire.ts';
import { FeedPublisher, type FeedSink } from './FeedPublisher.ts';
import { PacketStore } from './PacketStore.ts';

/** Owner (account) of every replayed order: clients trade for accounts ≥ 1. */
export const REPLAY_OWNER = 0;
/** Owner of the replayed aggressors (executions): neither a client nor the replayed book. */
export const REPLAY_TAKER = -1;
/** Reference of the replayed aggressor (immediate-or-cancel: it never rests, so one number serves). */
export const REPLAY_TAKER_REF = 2 ** 43;
/** Order references of client orders start here (replayed orders keep their LOBSTER ids, far below). */
export const CLIENT_REF_BASE = 2 ** 44;
/** References of liquidity the replay publishes without a LOBSTER id (row-0 seed, window refills). */
export const ANON_REF_BASE = 2 ** 45;

/** The venue's time: set by the server from the replay clock before each request. */
export class VenueClock implements Clock {
  private now = 0;
  nowNs(): number {
    return this.now;
  }
  /** Moves the clock forward (never back: a late timestamp keeps the latest time). */
  set(ns: number): void {
    if (ns > this.now) this.now = ns;
  }
}

/** Where the venue's order-entry messages go: the server writes them to the user's connection. */
export interface OrderEntrySink {
  onOrderEntry(user: VenueUser, seq: number, bytes: Uint8Array, start: number, end: number): void;
}

export interface SandboxVenueOptions {
  readonly instrument: Instrument;
  /** The instrument's locate code on both protocols (default 1). */
  readonly locate?: number;
  /** Session origin, epoch ns (LOBSTER: New York midnight of the day). */
  readonly originNs: bigint;
  /** Session name (≤ 10 printable characters); a restarted venue takes a new one. */
  readonly session: string;
  /** Cancel a user's open orders when its last order-entry connection closes (default false). */
  readonly cancelOnDisconnect?: boolean;
  /** Bytes of market-data packets kept for retransmission (default 64 MiB). */
  readonly feedStoreBytes?: number;
  /** Bytes of sequenced order-entry messages kept per user for login replay (default 4 MiB). */
  readonly userStoreBytes?: number;
  /** Password every user must give (default: any). */
  readonly password?: string;
}

/** One order-entry user (SoupBinTCP username): its sequenced message stream and its orders. */
export class VenueUser {
  readonly stream: PacketStore;
  readonly byToken = new Map<number, ClientOrder>();
  readonly usedTokens = new Set<number>();
  /** Connections currently logged in as this user. */
  connections = 0;
  constructor(
    readonly name: string,
    storeBytes: number,
  ) {
    this.stream = new PacketStore(storeBytes, 1 << 16);
  }
  get nextSeq(): number {
    return this.stream.nextSeq;
  }
}

/** A client order at the venue (live while it rests or is being matched). */
export class ClientOrder {
  executed = 0;
  leaves: number;
  constructor(
    readonly user: VenueUser,
    public token: number,
    public ref: number,
    readonly account: number,
    readonly side: number,
    public price: number,
    /** Total quantity as last requested (fills included). */
    public qty: number,
    readonly tif: number,
  ) {
    this.leaves = qty;
  }
}

export interface AccountState {
  position: number;
  /** Σ −side·qty·price (price units × shares). */
  cashUnits: number;
  fills: number;
  filledQty: number;
}

export interface LoginResult {
  readonly ok: boolean;
  readonly reason: number;
  readonly user: VenueUser | null;
  /** The sequence number of the first packet the client will receive. */
  readonly firstSeq: number;
}

const MAX_FILLS = 4096;

/**
 * The sandbox exchange's core, without sockets: one instrument on the project's matching engine, whose
 * book holds the replayed market (owner REPLAY_OWNER) and client orders (owner = their account, so
 * self-trade prevention works per account); client requests in, OUCH-like answers per user (sequenced,
 * stored for login replay) and ITCH-like market data (one packet per venue event, stored for
 * retransmission) out. Client orders use CancelIncoming self-trade prevention; replayed orders
 * CancelResting against older replayed orders (only a stale replayed order can be crossed by a replayed
 * add: the real book was never crossed).
 */
export class SandboxVenue implements ExecutionListener {
  readonly clock = new VenueClock();
  readonly me: MatchingEngine;
  readonly feed: FeedPublisher;
  readonly instrument: Instrument;
  readonly locate: number;
  readonly originHigh: number;
  readonly originLow: number;
  readonly users = new Map<string, VenueUser>();
  readonly accounts = new Map<number, AccountState>();
  /** Live client orders by venue reference. */
  readonly clientOrders = new Map<number, ClientOrder>();
  halted = false;
  /** Set at end of session: no more orders, logins refused. */
  ended = false;
  nextClientRef = CLIENT_REF_BASE + 1;
  nextAnonRef = ANON_REF_BASE + 1;
  matchNumber = 0;
  readonly counts = { ordersEntered: 0, ordersRejected: 0, cancels: 0, replaces: 0, clientFills: 0, clientFilledQty: 0, cancelledOnDisconnect: 0 };

  // Fills of the request being processed (from the matching engine's listener), in order.
  private fillCount = 0;
  private readonly fillAgg = new Float64Array(MAX_FILLS);
  private readonly fillRest = new Float64Array(MAX_FILLS);
  private readonly fillRestOwner = new Float64Array(MAX_FILLS);
  private readonly fillPrice = new Float64Array(MAX_FILLS);
  private readonly fillSize = new Float64Array(MAX_FILLS);
  private readonly fillLeft = new Float64Array(MAX_FILLS);
  private readonly fillMatch = new Float64Array(MAX_FILLS);

  private readonly oeBuf = new Uint8Array(256);
  private readonly oeView = wireView(this.oeBuf);
  private readonly accepted = new OrderAccepted();
  private readonly executed = new OrderExecuted();
  private readonly cancelled = new OrderCancelled();
  private readonly rejected = new OrderRejected();
  private readonly replaced = new OrderReplaced();
  private readonly userStoreBytes: number;

  constructor(
    readonly options: SandboxVenueOptions,
    feedSink: FeedSink,
    private readonly oeSink: OrderEntrySink,
  ) {
    this.instrument = options.instrument;
    this.locate = options.locate ?? 1;
    const { high, low } = splitI64(options.originNs);
    this.originHigh = high;
    this.originLow = low;
    this.userStoreBytes = options.userStoreBytes ?? 4 << 20;
    this.me = new MatchingEngine({ instrument: options.instrument, clock: this.clock, listener: this, initialCapacity: 1 << 14 });
    this.feed = new FeedPublisher(options.session, this.locate, feedSink, options.feedStoreBytes ?? 64 << 20);
  }

  get session(): string {
    return String.fromCharCode(...this.feed.writer.session).trim();
  }

  // ---- sessions -------------------------------------------------------------------------------

  /** A Login Request (session: its text, blank = current). Rule 2 of docs/protocol.md. */
  login(username: string, password: string, session: string, sequence: number): LoginResult {
    if (this.options.password !== undefined && password !== this.options.password) return { ok: false, reason: LoginRejectReason.NotAuthorized, user: null, firstSeq: 0 };
    if ((session !== '' && session !== this.session) || this.ended) return { ok: false, reason: LoginRejectReason.SessionNotAvailable, user: null, firstSeq: 0 };
    let user = this.users.get(username);
    if (user === undefined) {
      user = new VenueUser(username, this.userStoreBytes);
      this.users.set(username, user);
    }
    const next = user.nextSeq;
    const first = sequence === 0 ? next : sequence;
    // Beyond what was sent (a different session), or evicted from the store: refuse.
    if (first > next || (first < next && first < user.stream.oldestSeq)) return { ok: false, reason: LoginRejectReason.SessionNotAvailable, user: null, firstSeq: 0 };
    return { ok: true, reason: 0, user, firstSeq: first };
  }

  /** The user's last connection went away: cancel-on-disconnect, if configured. */
  disconnected(user: VenueUser): void {
    if (!this.options.cancelOnDisconnect || user.connections > 0) return;
    for (const o of [...user.byToken.values()]) {
      if (o.leaves <= 0 || !this.clientOrders.has(o.ref)) continue;
      this.feed.begin(this.clock.nowNs());
      this.beginRequest();
      this.me.cancel(o.ref);
      this.publishEvents();
      this.feed.end();
      this.counts.cancelledOnDisconnect++;
      this.endOrder(o, o.leaves, WireReason.Disconnected);
    }
  }

  // ---- client requests ------------------------------------------------------------------------

  enterOrder(user: VenueUser, m: EnterOrder): void {
    this.feed.begin(this.clock.nowNs());
    try {
      this.enterOrderNow(user, m);
    } finally {
      this.feed.end();
    }
  }

  private enterOrderNow(user: VenueUser, m: EnterOrder): void {
    const token = m.token;
    let reason = 0;
    if (token === 0) reason = WireReason.InvalidOrderId;
    else if (user.usedTokens.has(token)) reason = WireReason.DuplicateOrderId;
    else if (m.instrument !== this.locate) reason = WireReason.UnknownInstrument;
    else if (m.account === REPLAY_OWNER) reason = WireReason.NotAuthorized;
    else if (this.ended) reason = WireReason.MarketClosed;
    else if (this.halted) reason = WireReason.Halted;
    if (reason !== 0) return this.rejectRequest(user, token, OrderEntryMessage.EnterOrder, reason);
    const ioc = m.timeInForce === TimeInForce.ImmediateOrCancel;
    const ref = this.nextClientRef;
    this.beginRequest();
    const r = this.me.submit(ioc ? OrderType.ImmediateOrCancel : OrderType.Limit, ref, m.account, m.side, m.price, m.quantity, SelfTradePrevention.CancelIncoming);
    if (r.status === OrderStatus.Rejected) {
      this.me.events.clear();
      return this.rejectRequest(user, token, OrderEntryMessage.EnterOrder, r.reason);
    }
    this.nextClientRef++;
    user.usedTokens.add(token);
    const o = new ClientOrder(user, token, ref, m.account, m.side, m.price, m.quantity, m.timeInForce);
    user.byToken.set(token, o);
    this.clientOrders.set(ref, o);
    this.counts.ordersEntered++;
    const a = this.accepted;
    a.timestampNs = this.clock.nowNs();
    a.token = token;
    a.side = m.side;
    a.quantity = m.quantity;
    a.instrument = this.locate;
    a.price = m.price;
    a.timeInForce = m.timeInForce;
    a.account = m.account;
    a.orderRef = ref;
    a.orderState = ioc ? OrderState.Dead : OrderState.Live;
    this.emit(user, encodeOrderAccepted(this.oeView, SEQUENCED_HEADER_LENGTH, a));
    this.publishEvents();
    this.reportFills();
    if (r.status === OrderStatus.Cancelled) this.endOrder(o, r.cancelledSize, r.reason);
  }

  cancelOrder(user: VenueUser, m: CancelOrder): void {
    this.feed.begin(this.clock.nowNs());
    try {
      this.cancelOrderNow(user, m);
    } finally {
      this.feed.end();
    }
  }

  private cancelOrderNow(user: VenueUser, m: CancelOrder): void {
    const o = user.byToken.get(m.token);
    if (o === undefined || !this.clientOrders.has(o.ref)) return this.rejectRequest(user, m.token, OrderEntryMessage.CancelOrder, WireReason.UnknownOrder);
    this.counts.cancels++;
    if (m.quantity >= o.leaves) return; // OUCH: not below the open quantity has no effect
    this.beginRequest();
    if (m.quantity === 0) {
      this.me.cancel(o.ref);
      this.publishEvents();
      this.endOrder(o, o.leaves, WireReason.Requested);
      return;
    }
    const dec = o.leaves - m.quantity;
    this.me.modify(o.ref, o.price, m.quantity);
    this.publishEvents();
    o.leaves = m.quantity;
    o.qty -= dec;
    this.sendCancelled(o, dec, WireReason.Requested);
  }

  replaceOrder(user: VenueUser, m: ReplaceOrder): void {
    this.feed.begin(this.clock.nowNs());
    try {
      this.replaceOrderNow(user, m);
    } finally {
      this.feed.end();
    }
  }

  private replaceOrderNow(user: VenueUser, m: ReplaceOrder): void {
    const o = user.byToken.get(m.existingToken);
    const repl = m.replacementToken;
    if (o === undefined || !this.clientOrders.has(o.ref)) return this.rejectRequest(user, repl, OrderEntryMessage.ReplaceOrder, WireReason.UnknownOrder);
    if (repl === 0) return this.rejectRequest(user, repl, OrderEntryMessage.ReplaceOrder, WireReason.InvalidOrderId);
    if (user.usedTokens.has(repl)) return this.rejectRequest(user, repl, OrderEntryMessage.ReplaceOrder, WireReason.DuplicateOrderId);
    const inst = this.instrument;
    if (!(Number.isSafeInteger(m.price) && m.price > 0)) return this.rejectRequest(user, repl, OrderEntryMessage.ReplaceOrder, WireReason.InvalidPrice);
    if (m.price % inst.tickSize !== 0) return this.rejectRequest(user, repl, OrderEntryMessage.ReplaceOrder, WireReason.OffTickPrice);
    if (m.quantity % inst.lotSize !== 0) return this.rejectRequest(user, repl, OrderEntryMessage.ReplaceOrder, WireReason.OffLotSize);
    if (this.halted) return this.rejectRequest(user, repl, OrderEntryMessage.ReplaceOrder, WireReason.Halted);
    this.counts.replaces++;
    user.usedTokens.add(repl);
    const open = m.quantity - o.executed;
    this.beginRequest();
    if (open <= 0) {
      this.me.cancel(o.ref);
      this.publishEvents();
      this.endOrder(o, o.leaves, WireReason.Requested);
      return;
    }
    const previous = o.token;
    user.byToken.delete(previous);
    o.token = repl;
    user.byToken.set(repl, o);
    o.qty = m.quantity;
    if (m.price === o.price && open <= o.leaves) {
      // Same price, not more: keeps priority (a Reduce on the feed when smaller).
      if (open < o.leaves) this.me.modify(o.ref, o.price, open);
      this.publishEvents();
      o.leaves = open;
      this.sendReplaced(o, previous, OrderState.Live);
      return;
    }
    // Priority lost: the order leaves the book and re-enters under a new reference (Delete + Add).
    this.me.cancel(o.ref);
    this.clientOrders.delete(o.ref);
    const ref = this.nextClientRef++;
    o.ref = ref;
    o.price = m.price;
    o.leaves = open;
    this.clientOrders.set(ref, o);
    const r = this.me.submit(OrderType.Limit, ref, o.account, o.side, m.price, open, SelfTradePrevention.CancelIncoming);
    this.sendReplaced(o, previous, OrderState.Live);
    this.publishEvents();
    this.reportFills();
    if (r.status === OrderStatus.Cancelled) this.endOrder(o, r.cancelledSize, r.reason);
  }

  // ---- the matching engine's listener ---------------------------------------------------------

  onFill(_ts: number, aggressorId: number, _aggOwner: number, _aggSide: number, restingId: number, restingOwner: number, price: number, size: number, restingRemaining: number): void {
    const k = this.fillCount;
    if (k === MAX_FILLS) throw new Error(`more than ${MAX_FILLS} fills in one request`);
    this.fillAgg[k] = aggressorId;
    this.fillRest[k] = restingId;
    this.fillRestOwner[k] = restingOwner;
    this.fillPrice[k] = price;
    this.fillSize[k] = size;
    this.fillLeft[k] = restingRemaining;
    this.fillMatch[k] = ++this.matchNumber;
    this.fillCount = k + 1;
  }

  onRestingCancelled(): void {
    // Self-trade prevention of a replayed add against a stale replayed order: the Delete is on the feed.
  }

  // ---- request plumbing (shared with the replay) ----------------------------------------------

  /** Before a matching-engine request: forget the previous request's fills. */
  beginRequest(): void {
    this.fillCount = 0;
    this.me.events.clear();
  }

  /**
   * The book changes of the last request(s), from the matching engine's event log, as market-data
   * messages of the current packet (executions carry their fills' match numbers, in order).
   */
  publishEvents(): void {
    const ev = this.me.events;
    const feed = this.feed;
    let fill = 0;
    for (let i = 0; i < ev.length; i++) {
      const id = ev.orderId[i];
      switch (ev.type[i]) {
        case EventType.Add:
          feed.addOrder(id, ev.side[i], ev.size[i], ev.price[i]);
          break;
        case EventType.ExecuteVisible:
          feed.orderExecuted(id, ev.size[i], this.fillMatch[fill++]);
          break;
        case EventType.Delete:
          feed.orderDelete(id);
          break;
        case EventType.Reduce:
          feed.orderCancel(id, ev.size[i]);
          break;
      }
    }
    ev.clear();
  }

  /** Order-entry Executed messages for the client orders on either side of the last request's fills. */
  reportFills(): void {
    for (let k = 0; k < this.fillCount; k++) {
      const agg = this.clientOrders.get(this.fillAgg[k]);
      if (agg !== undefined) this.clientFill(agg, this.fillPrice[k], this.fillSize[k], this.fillMatch[k], LiquidityFlag.Removed);
      if (this.fillRestOwner[k] !== REPLAY_OWNER) {
        const rest = this.clientOrders.get(this.fillRest[k]);
        if (rest !== undefined) this.clientFill(rest, this.fillPrice[k], this.fillSize[k], this.fillMatch[k], LiquidityFlag.Added);
      }
    }
    this.fillCount = 0;
  }

  /** Fills of the current request that involve a client order (before reportFills sends them). */
  clientFillsPending(): number {
    let n = 0;
    for (let k = 0; k < this.fillCount; k++) if (this.fillRestOwner[k] !== REPLAY_OWNER || this.clientOrders.has(this.fillAgg[k])) n++;
    return n;
  }

  /** Resting client quantity at a price (the replay keeps its own liquidity apart from it). */
  clientSizeAt(side: number, price: number): number {
    let s = 0;
    for (const o of this.clientOrders.values()) if (o.side === side && o.price === price && o.tif === TimeInForce.Day) s += o.leaves;
    return s;
  }

  setHalted(halted: boolean): void {
    this.halted = halted;
  }

  // ---- snapshots ------------------------------------------------------------------------------

  /**
   * Writes a snapshot of the whole book as Snapshot packets: Snapshot Start (sequence S = the last
   * sequenced message, order count, trading state, origin), one Add Order per resting order (each side
   * from the best price, each price in time priority), Snapshot End. Built between two events, so it is
   * exactly the book after message S. Allocates (a rare request).
   */
  writeSnapshot(write: (bytes: Uint8Array, start: number, end: number) => void): number {
    const buf = new Uint8Array(65_536);
    const view = wireView(buf);
    const w = new FeedPacketWriter(this.session);
    const seq = this.feed.nextSeq - 1;
    const me = this.me;
    const start = new FeedSnapshotStart();
    start.instrument = this.locate;
    start.timestampNs = this.clock.nowNs();
    start.sequence = seq;
    start.orderCount = me.orderCount();
    start.tradingState = this.halted ? SystemEventCode.Halted : SystemEventCode.StartOfMarketHours;
    start.originHigh = this.originHigh;
    start.originLow = this.originLow;
    let packets = 0;
    const flush = (): void => {
      const n = w.end();
      write(buf, 0, n);
      packets++;
      w.begin(view, 0, FeedPacket.Snapshot, seq);
    };
    w.begin(view, 0, FeedPacket.Snapshot, seq);
    w.commit(encodeFeedSnapshotStart(view, w.messageOffset, start));
    const add = new FeedAddOrder();
    add.instrument = this.locate;
    add.timestampNs = start.timestampNs;
    for (const side of [1, -1]) {
      for (let r = 0; r < me.depth(side); r++) {
        const price = me.levelPrice(side, r);
        for (const id of me.levelOrderIds(side, r)) {
          if (w.room < FEED_ADD_ORDER_LENGTH) flush();
          add.orderRef = id;
          add.side = side;
          add.quantity = me.orderSize(id);
          add.price = price;
          w.commit(encodeFeedAddOrder(view, w.messageOffset, add));
        }
      }
    }
    if (w.room < FEED_SNAPSHOT_END_LENGTH) flush();
    const end = new FeedSnapshotEnd();
    end.instrument = this.locate;
    end.timestampNs = start.timestampNs;
    end.sequence = seq;
    w.commit(encodeFeedSnapshotEnd(view, w.messageOffset, end));
    const n = w.end();
    write(buf, 0, n);
    return packets + 1;
  }

  /** Positions and open orders per account, for the status command and tests (allocates). */
  status(): { session: string; nextSeq: number; halted: boolean; accounts: Record<string, AccountState & { openOrders: { token: number; ref: number; side: number; price: number; leaves: number }[] }>; counts: Record<string, number> } {
    const accounts: Record<string, AccountState & { openOrders: { token: number; ref: number; side: number; price: number; leaves: number }[] }> = {};
    for (const [acct, s] of this.accounts) accounts[acct] = { ...s, openOrders: [] };
    for (const o of this.clientOrders.values()) {
      const a = (accounts[o.account] ??= { position: 0, cashUnits: 0, fills: 0, filledQty: 0, openOrders: [] });
      a.openOrders.push({ token: o.token, ref: o.ref, side: o.side, price: o.price, leaves: o.leaves });
    }
    return { session: this.session, nextSeq: this.feed.nextSeq, halted: this.halted, accounts, counts: { ...this.counts, feedPackets: this.feed.packets, feedMessages: this.feed.messages, bookOrders: this.me.orderCount() } };
  }

  // ---- internals ------------------------------------------------------------------------------

  private clientFill(o: ClientOrder, price: number, size: number, match: number, liquidity: number): void {
    o.executed += size;
    o.leaves -= size;
    const acct = this.account(o.account);
    acct.position += o.side * size;
    acct.cashUnits -= o.side * size * price;
    acct.fills++;
    acct.filledQty += size;
    this.counts.clientFills++;
    this.counts.clientFilledQty += size;
    const e = this.executed;
    e.timestampNs = this.clock.nowNs();
    e.token = o.token;
    e.quantity = size;
    e.price = price;
    e.liquidity = liquidity;
    e.matchNumber = match;
    this.emit(o.user, encodeOrderExecuted(this.oeView, SEQUENCED_HEADER_LENGTH, e));
    if (o.leaves <= 0) this.forget(o);
  }

  /** The order is done: its rest (`quantity`) left the book without trading. */
  private endOrder(o: ClientOrder, quantity: number, reason: number): void {
    if (quantity > 0) this.sendCancelled(o, quantity, reason);
    o.leaves = 0;
    this.forget(o);
  }

  private forget(o: ClientOrder): void {
    this.clientOrders.delete(o.ref);
    o.user.byToken.delete(o.token);
  }

  private sendCancelled(o: ClientOrder, quantity: number, reason: number): void {
    const c = this.cancelled;
    c.timestampNs = this.clock.nowNs();
    c.token = o.token;
    c.quantity = quantity;
    c.reason = reason;
    this.emit(o.user, encodeOrderCancelled(this.oeView, SEQUENCED_HEADER_LENGTH, c));
  }

  private sendReplaced(o: ClientOrder, previous: number, state: number): void {
    const r = this.replaced;
    r.timestampNs = this.clock.nowNs();
    r.replacementToken = o.token;
    r.previousToken = previous;
    r.side = o.side;
    r.quantity = o.qty;
    r.leavesQuantity = o.leaves;
    r.price = o.price;
    r.orderRef = o.ref;
    r.orderState = state;
    this.emit(o.user, encodeOrderReplaced(this.oeView, SEQUENCED_HEADER_LENGTH, r));
  }

  /** Rejected (reason < 100) for a request of `requestType` naming `token`. */
  rejectRequest(user: VenueUser, token: number, requestType: number, reason: number): void {
    this.counts.ordersRejected++;
    const r = this.rejected;
    r.timestampNs = this.clock.nowNs();
    r.token = token;
    r.requestType = requestType;
    r.reason = reason;
    this.emit(user, encodeOrderRejected(this.oeView, SEQUENCED_HEADER_LENGTH, r));
  }

  /** Sequences the message just encoded at SEQUENCED_HEADER_LENGTH, stores it, hands it to the server. */
  private emit(user: VenueUser, messageLength: number): void {
    const seq = user.nextSeq;
    const n = writeSequencedHeader(this.oeView, 0, seq, messageLength);
    const at = user.stream.append(seq, 1, this.oeBuf, 0, n, this.clock.nowNs());
    this.oeSink.onOrderEntry(user, seq, user.stream.bytes, at, at + n);
  }

  private account(a: number): AccountState {
    let s = this.accounts.get(a);
    if (s === undefined) {
      s = { position: 0, cashUnits: 0, fills: 0, filledQty: 0 };
      this.accounts.set(a, s);
    }
    return s;
  }
}
