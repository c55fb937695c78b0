import type { Clock } from '../core/time.ts';
import { EventBatch } from '../data/EventBatch.ts';
import type { Instrument } from '../data/Instrument.ts';
import type { ExecutionListener } from '../exchange/ExecutionListener.ts';
import { FillLog } from '../exchange/FillLog.ts';
import { MatchingEngine } from '../exchange/MatchingEngine.ts';
import { OrderStatus } from '../exchange/OrderReport.ts';
import { OrderType } from '../exchange/OrderType.ts';
import { SelfTradePrevention } from '../exchange/SelfTradePrevention.ts';
import { EventScheduler } from './EventScheduler.ts';
import { FastSeededRng } from './FastSeededRng.ts';
import type { GroundTruth } from './GroundTruth.ts';
import type { OrderRole } from './OrderRole.ts';
import { QuoteTape } from './QuoteTape.ts';
import type { QuoteView } from './QuoteView.ts';
import type { Agent } from './agents/Agent.ts';
import type { AgentState } from './agents/AgentState.ts';
import type { LatentValue } from './agents/LatentValue.ts';
import { chainFree, grow } from '../core/typedArrays.ts';

// Hot-path constants as module locals (imported `as const` members are accessor reads under tsx).
const STATUS_RESTING = OrderStatus.Resting;
const STATUS_REJECTED = OrderStatus.Rejected;
const STATUS_CANCELLED = OrderStatus.Cancelled;
const TYPE_LIMIT = OrderType.Limit;
const TYPE_MARKET = OrderType.Market;

const OP_SUBMIT = 1;
const OP_CANCEL = 2;
/** Numbers per in-flight message record. */
const MSG_FIELDS = 8;
/** Scheduler tag of a message arrival (agent wake-up tags are ≥ 0). */
const TAG_MESSAGE = -1;
const NONE = -1;

/** Per-order state bits. */
const ARRIVED = 1;
const VISIBLE = 2;

export interface AgentMarketOptions {
  readonly instrument: Instrument;
  /** Batch origin (New York midnight of the session date). */
  readonly originNs: bigint;
  /** Session open and close, ns since the origin. */
  readonly openNs: number;
  readonly closeNs: number;
  /** Reference price before the book is two-sided (price units, on a tick). */
  readonly openingPrice: number;
  readonly value: LatentValue;
  readonly seed: number;
  /** Expected number of events (sizes the batch once). */
  readonly expectedEvents?: number;
}

/** Ground truth plus per-order details the contract does not carry (rows aligned with it). */
export interface OrderLabels {
  readonly groundTruth: GroundTruth;
  /** OrderRole per row. */
  readonly role: Uint8Array;
  /** 1 when the order rested in the book (its id appears in the events), 0 when it never did. */
  readonly visible: Uint8Array;
  /** The venue account (matching-engine owner id) that sent it. */
  readonly account: Float64Array;
}

/**
 * The simulated venue and its timeline: a matching engine, the agents, and one discrete-event loop
 * (EventScheduler) holding agent wake-ups and in-flight messages. An agent's order or cancel reaches the
 * engine `latency.orderNs` after it decides (a message in the scheduler), and it sees the book through the
 * QuoteTape as of `latency.feedNs` ago. Per agent the latency is constant, so its messages arrive in the
 * order sent. Every order id is assigned at the decision (1, 2, 3, …) and recorded with the agent, its
 * manipulation kind and role: the ground truth.
 *
 * The loop allocates nothing per event: messages live in a typed-array pool, fills are dispatched to the
 * agents through this class (the engine's ExecutionListener) with numbers only. It reads per-agent data
 * from AgentState objects (one class for every agent, so V8 sees one object shape where the agents
 * themselves are ten), calls each agent's onWake through the function read once at add(), and records
 * the touch on the QuoteTape only when the engine's touchVersion says it may have changed.
 */
export class AgentMarket implements ExecutionListener {
  readonly instrument: Instrument;
  readonly tick: number;
  readonly openNs: number;
  readonly closeNs: number;
  readonly value: LatentValue;
  readonly events: EventBatch;
  readonly engine: MatchingEngine;
  /** The engine's clock: the timeline's current time. */
  readonly clock: Clock;
  readonly tape: QuoteTape;
  readonly fills: FillLog;
  readonly agents: Agent[] = [];
  /** The engine's touch after each message (bid, ask, bid size, ask size), for the QuoteTape. */
  private readonly top = new Float64Array(4);
  /** The engine's touchVersion when the touch was last recorded (the tape starts with the empty book). */
  private touchSeen = 0;
  /** agents[i].state, by agent id (one object shape: see AgentState). */
  private readonly states: AgentState[] = [];
  /**
   * agents[i].onWake, read once at add(): the wake-up then calls a known function, where looking the
   * method up on ten agent classes would be a megamorphic property load per wake-up.
   */
  private readonly onWakes: ((this: Agent, tag: number) => void)[] = [];
  /**
   * Current time of the timeline (ns since the origin). Initialised here, not only in the constructor: a
   * field declared without a value starts as undefined and V8 then boxes every time stored into it.
   */
  nowNs = 0;

  // Counters.
  ordersSubmitted = 0;
  cancelsSent = 0;
  /** Cancels that found their order already gone (filled or ended meanwhile). */
  cancelsTooLate = 0;
  rejectedOrders = 0;
  wakeUps = 0;

  private readonly seed: number;
  private readonly scheduler = new EventScheduler(1024);

  // In-flight messages: one record of MSG_FIELDS numbers per slot (op, order type, side, agent, order id,
  // owner, price, size: one array, so a message is written and read through one base address), free
  // slots chained through mNext.
  private msg = new Float64Array(256 * MSG_FIELDS);
  private mNext = new Int32Array(256);
  private freeMsg = NONE;

  // Per order id (ids are 1, 2, 3, …: dense arrays).
  private nextOrderId = 1;
  private orderAgent: Int32Array;
  private orderRole: Uint8Array;
  private orderAccount: Uint8Array;
  private orderState: Uint8Array;

  constructor(options: AgentMarketOptions) {
    this.instrument = options.instrument;
    this.tick = options.instrument.tickSize;
    this.openNs = options.openNs;
    this.closeNs = options.closeNs;
    this.value = options.value;
    this.seed = options.seed;
    this.nowNs = options.openNs;
    const expected = Math.max(1024, options.expectedEvents ?? 1 << 16);
    this.events = new EventBatch(expected, options.originNs, [options.instrument]);
    // Sized once from the expected events (a day has about one order per two events and one fill per
    // eight), so that they rarely grow: growing copies, and fresh pages cost page faults.
    const orders = Math.ceil(expected * 0.6);
    this.orderAgent = new Int32Array(orders);
    this.orderRole = new Uint8Array(orders);
    this.orderAccount = new Uint8Array(orders);
    this.orderState = new Uint8Array(orders);
    this.fills = new FillLog(Math.ceil(expected / 6));
    this.clock = new TimelineClock(this);
    this.engine = new MatchingEngine({
      instrument: options.instrument,
      clock: this.clock,
      events: this.events,
      listener: this,
      selfTradePrevention: SelfTradePrevention.CancelIncoming,
      initialCapacity: 1 << 14,
    });
    this.tape = new QuoteTape(options.openingPrice, options.openNs);
    this.freeMsg = chainFree(this.mNext, 0, this.mNext.length, NONE);
  }

  /** Adds an agent (its id is its index); gives it a random stream derived from the seed and the id. */
  add(agent: Agent): Agent {
    const id = this.agents.length;
    this.agents.push(agent);
    agent.attach(this, id, new FastSeededRng(mixSeed(this.seed, id)));
    this.states.push(agent.state);
    this.onWakes.push(agent.onWake);
    return agent;
  }

  /** Starts every agent, then runs the timeline up to the close. */
  run(): void {
    this.start();
    this.runUntil(this.closeNs);
  }

  /** Calls every agent's start() (once, before the first runUntil). */
  start(): void {
    for (let i = 0; i < this.agents.length; i++) this.agents[i].start();
  }

  /**
   * Processes every wake-up and message due at or before `endNs` (capped at the close), in time order.
   * Messages still in flight at the close never reach the venue.
   */
  runUntil(endNs: number): void {
    const end = endNs < this.closeNs ? endNs : this.closeNs;
    const scheduler = this.scheduler;
    const agents = this.agents;
    while (scheduler.popUntil(end)) {
      this.nowNs = scheduler.poppedTime;
      const tag = scheduler.poppedTag;
      if (tag === TAG_MESSAGE) this.deliver(scheduler.poppedTarget);
      else {
        this.wakeUps++;
        const target = scheduler.poppedTarget;
        this.onWakes[target].call(agents[target], tag);
      }
    }
    if (end > this.nowNs) this.nowNs = end;
  }

  // ───────────────────────── what agents call ─────────────────────────

  // An agent passes its `state` (AgentState: one class for every agent): these calls then read one object
  // shape, where reading fields of the agents themselves (ten classes) would be megamorphic in V8.

  /**
   * Sends a new order (it reaches the venue latency.orderNs from now); returns its id. Limit orders are
   * added to the agent's `live` set. `account` 0 or 1 selects one of the agent's two venue accounts
   * (owner ids 2·id + 1 and 2·id + 2; self-trade prevention works per account). Price is ignored for
   * market orders.
   */
  submit(agent: AgentState, type: OrderType, side: number, price: number, size: number, role: OrderRole, account = 0): number {
    const a = agent.id;
    const id = this.nextOrderId++;
    if (id >= this.orderAgent.length) this.growOrders();
    this.orderAgent[id] = a;
    this.orderRole[id] = role;
    this.orderAccount[id] = account;
    const m = this.allocMessage();
    const msg = this.msg;
    const f = m * MSG_FIELDS;
    msg[f] = OP_SUBMIT;
    msg[f + 1] = type;
    msg[f + 2] = side;
    msg[f + 3] = a;
    msg[f + 4] = id;
    msg[f + 5] = 2 * a + 1 + account;
    msg[f + 6] = type === TYPE_MARKET ? 0 : price;
    msg[f + 7] = size;
    this.scheduler.push(this.nowNs + agent.orderNs, m, TAG_MESSAGE);
    agent.ordersSent++;
    if (type === TYPE_LIMIT) agent.live.add(id);
    return id;
  }

  /** Sends a cancel for one of the agent's orders; the id leaves the agent's `live` set at once. */
  cancel(agent: AgentState, orderId: number): void {
    if (!(orderId > 0 && orderId < this.nextOrderId) || this.orderAgent[orderId] !== agent.id) throw this.notItsOrder(agent, orderId);
    agent.live.remove(orderId);
    const m = this.allocMessage();
    const f = m * MSG_FIELDS;
    this.msg[f] = OP_CANCEL;
    this.msg[f + 3] = agent.id;
    this.msg[f + 4] = orderId;
    this.scheduler.push(this.nowNs + agent.orderNs, m, TAG_MESSAGE);
    this.cancelsSent++;
  }

  /** Schedules a wake-up of the agent with `tag` (≥ 0) after `delayNs` (whole ns, ≥ 0). */
  wakeAfter(agent: AgentState, delayNs: number, tag: number): void {
    if (!(delayNs >= 0)) throw new RangeError(`agent ${this.describe(agent)} asked for a wake-up ${delayNs} ns in the past`);
    this.scheduler.push(this.nowNs + delayNs, agent.id, tag);
  }

  /** Fills the agent's view with the book as of its feed latency ago; returns the view. */
  look(agent: AgentState): QuoteView {
    this.tape.fill(agent.view, this.nowNs - agent.feedNs);
    return agent.view;
  }

  /** The reference mid the agent saw `lookbackNs` before its current view. */
  midAgo(agent: AgentState, lookbackNs: number): number {
    return this.tape.midAt(this.nowNs - agent.feedNs - lookbackNs);
  }

  // ───────────────────────── engine callbacks ─────────────────────────

  onFill(
    tsNs: number,
    aggressorId: number,
    aggressorOwner: number,
    aggressorSide: number,
    restingId: number,
    restingOwner: number,
    price: number,
    size: number,
    restingRemaining: number,
  ): void {
    this.fills.onFill(tsNs, aggressorId, aggressorOwner, aggressorSide, restingId, restingOwner, price, size);
    const ra = this.orderAgent[restingId];
    const rs = this.states[ra];
    if (rs.callsOnFill) this.agents[ra].onFill(restingId, -aggressorSide, price, size, restingRemaining, false);
    else rs.fill(-aggressorSide, price, size);
    if (restingRemaining === 0) this.orderEnded(ra, restingId);
    const aa = this.orderAgent[aggressorId];
    const as = this.states[aa];
    if (as.callsOnFill) this.agents[aa].onFill(aggressorId, aggressorSide, price, size, -1, true);
    else as.fill(aggressorSide, price, size);
  }

  onRestingCancelled(_tsNs: number, orderId: number): void {
    this.orderEnded(this.orderAgent[orderId], orderId);
  }

  // ───────────────────────── results ─────────────────────────

  /** Orders that reached the venue. */
  get ordersArrived(): number {
    let n = 0;
    for (let id = 1; id < this.nextOrderId; id++) if (this.orderState[id] & ARRIVED) n++;
    return n;
  }

  /**
   * The ground truth: one row per order that reached the venue, by id, with its agent, the agent's type
   * and manipulation kind, and (aligned) its role, visibility and account. Allocates (call once, at the end).
   */
  labels(): OrderLabels {
    const n = this.ordersSubmitted; // = ordersArrived: each id arrives once
    const orderId = new Float64Array(n);
    const agentId = new Int32Array(n);
    const role = new Uint8Array(n);
    const visible = new Uint8Array(n);
    const account = new Float64Array(n);
    arrivedRows(this.orderState, this.nextOrderId, this.orderAgent, this.orderRole, this.orderAccount, orderId, agentId, role, visible, account);
    const agentType = byAgent(agentId, this.agents.map((a) => a.type));
    const kind = byAgent(agentId, this.agents.map((a) => a.kind));
    return { groundTruth: { orderId, agentId, agentType, kind }, role, visible, account };
  }

  // ───────────────────────── internals ─────────────────────────

  /** A message reaches the engine at the current time. */
  private deliver(m: number): void {
    const msg = this.msg;
    const f = m * MSG_FIELDS;
    const op = msg[f];
    const a = msg[f + 3];
    const id = msg[f + 4];
    const engine = this.engine;
    if (op === OP_SUBMIT) {
      const type = msg[f + 1] as OrderType;
      const side = msg[f + 2];
      const owner = msg[f + 5];
      const price = msg[f + 6];
      const size = msg[f + 7];
      this.freeMessage(m);
      this.orderState[id] |= ARRIVED;
      this.ordersSubmitted++;
      const status = engine.submit(type, id, owner, side, price, size).status;
      if (status === STATUS_RESTING) this.orderState[id] |= VISIBLE;
      else {
        if (status === STATUS_REJECTED) this.rejectedOrders++;
        this.orderEnded(a, id);
      }
    } else {
      this.freeMessage(m);
      if (engine.cancel(id).status === STATUS_CANCELLED) this.orderEnded(a, id);
      else this.cancelsTooLate++;
    }
    this.recordQuotes();
  }

  private notItsOrder(agent: AgentState, orderId: number): RangeError {
    return new RangeError(`agent ${this.describe(agent)} cannot cancel order ${orderId}: not one of its orders`);
  }

  /** "id (type)" of an agent, for errors. */
  private describe(agent: AgentState): string {
    const a = this.agents[agent.id] as Agent | undefined;
    return a === undefined ? `${agent.id}` : `${agent.id} (${a.type})`;
  }

  /** Agent `a`'s order `id` no longer works: Agent.onOrderEnded, or its base part when not overridden. */
  private orderEnded(a: number, id: number): void {
    const st = this.states[a];
    if (st.callsOnOrderEnded) this.agents[a].onOrderEnded(id);
    else st.live.remove(id);
  }

  /** Records the touch on the tape when it may have changed (most messages are away from it). */
  private recordQuotes(): void {
    const e = this.engine;
    const v = e.touchVersion;
    if (v === this.touchSeen) return; // as the last record: QuoteTape.record would skip it too
    this.touchSeen = v;
    const top = this.top;
    e.topOfBook(top);
    this.tape.record(this.nowNs, top[0], top[1], top[2], top[3]);
  }

  private allocMessage(): number {
    if (this.freeMsg === NONE) this.growMessages();
    const m = this.freeMsg;
    this.freeMsg = this.mNext[m];
    return m;
  }

  private freeMessage(m: number): void {
    this.mNext[m] = this.freeMsg;
    this.freeMsg = m;
  }

  private growMessages(): void {
    const old = this.mNext.length;
    const n = old * 2;
    this.msg = grow(this.msg, new Float64Array(n * MSG_FIELDS));
    this.mNext = grow(this.mNext, new Int32Array(n));
    this.freeMsg = chainFree(this.mNext, old, n, this.freeMsg);
  }

  private growOrders(): void {
    const n = this.orderAgent.length * 2;
    this.orderAgent = grow(this.orderAgent, new Int32Array(n));
    this.orderRole = grow(this.orderRole, new Uint8Array(n));
    this.orderAccount = grow(this.orderAccount, new Uint8Array(n));
    this.orderState = grow(this.orderState, new Uint8Array(n));
  }
}

// labels() in module functions over typed arrays: called once a day, they would otherwise run in
// on-stack-replaced code that depends on one market's objects and is thrown away with them.

/** The rows of the orders that arrived (state bit ARRIVED), in id order. */
function arrivedRows(
  orderState: Uint8Array,
  endId: number,
  orderAgent: Int32Array,
  orderRole: Uint8Array,
  orderAccount: Uint8Array,
  orderId: Float64Array,
  agentId: Int32Array,
  role: Uint8Array,
  visible: Uint8Array,
  account: Float64Array,
): void {
  let r = 0;
  for (let id = 1; id < endId; id++) {
    const state = orderState[id];
    if (!(state & ARRIVED)) continue;
    const a = orderAgent[id];
    orderId[r] = id;
    agentId[r] = a;
    role[r] = orderRole[id];
    visible[r] = state & VISIBLE ? 1 : 0;
    account[r] = 2 * a + 1 + orderAccount[id];
    r++;
  }
}

/** Per row, its agent's value. */
function byAgent<T>(agentId: Int32Array, values: readonly T[]): T[] {
  const out = new Array<T>(agentId.length);
  for (let r = 0; r < agentId.length; r++) out[r] = values[agentId[r]];
  return out;
}

/** The matching engine's clock in the simulator: it reads the timeline's time (never set separately). */
class TimelineClock implements Clock {
  constructor(private readonly market: AgentMarket) {}

  nowNs(): number {
    return this.market.nowNs;
  }
}

/** A per-agent seed from the run seed and the agent id (distinct streams; splitmix inside SeededRng). */
export function mixSeed(seed: number, stream: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
}

