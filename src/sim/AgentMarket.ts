import type { ManipulationKind } from '../clean/ManipulationKind.ts';
import { SeededRng } from '../core/rng.ts';
import { ManualClock } from '../core/time.ts';
import { EventBatch } from '../data/EventBatch.ts';
import type { Instrument } from '../data/Instrument.ts';
import type { ExecutionListener } from '../exchange/ExecutionListener.ts';
import { FillLog } from '../exchange/FillLog.ts';
import { MatchingEngine } from '../exchange/MatchingEngine.ts';
import { OrderStatus } from '../exchange/OrderReport.ts';
import { OrderType } from '../exchange/OrderType.ts';
import { SelfTradePrevention } from '../exchange/SelfTradePrevention.ts';
import { EventScheduler } from './EventScheduler.ts';
import type { GroundTruth } from './GroundTruth.ts';
import type { OrderRole } from './OrderRole.ts';
import { QuoteTape } from './QuoteTape.ts';
import type { Agent } from './agents/Agent.ts';
import type { AgentType } from './agents/AgentType.ts';
import type { LatentValue } from './agents/LatentValue.ts';

// Hot-path constants as module locals (imported `as const` members are accessor reads under tsx).
const STATUS_RESTING = OrderStatus.Resting;
const STATUS_REJECTED = OrderStatus.Rejected;
const STATUS_CANCELLED = OrderStatus.Cancelled;
const TYPE_LIMIT = OrderType.Limit;
const TYPE_MARKET = OrderType.Market;

const OP_SUBMIT = 1;
const OP_CANCEL = 2;
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
 * agents through this class (the engine's ExecutionListener) with numbers only.
 */
export class AgentMarket implements ExecutionListener {
  readonly instrument: Instrument;
  readonly tick: number;
  readonly openNs: number;
  readonly closeNs: number;
  readonly value: LatentValue;
  readonly events: EventBatch;
  readonly engine: MatchingEngine;
  readonly clock: ManualClock;
  readonly tape: QuoteTape;
  readonly fills = new FillLog(1 << 14);
  readonly agents: Agent[] = [];
  /** Current time of the timeline (ns since the origin). */
  nowNs: number;

  // Counters.
  ordersSubmitted = 0;
  cancelsSent = 0;
  /** Cancels that found their order already gone (filled or ended meanwhile). */
  cancelsTooLate = 0;
  rejectedOrders = 0;
  wakeUps = 0;

  private readonly seed: number;
  private readonly scheduler = new EventScheduler(1024);

  // In-flight message pool (slot-indexed, free list through mNext).
  private mOp = new Uint8Array(256);
  private mType = new Uint8Array(256);
  private mSide = new Int8Array(256);
  private mAgent = new Int32Array(256);
  private mNext = new Int32Array(256);
  private mId = new Float64Array(256);
  private mOwner = new Float64Array(256);
  private mPrice = new Float64Array(256);
  private mSize = new Float64Array(256);
  private freeMsg = NONE;

  // Per order id (ids are 1, 2, 3, …: dense arrays).
  private nextOrderId = 1;
  private orderAgent = new Int32Array(1 << 16);
  private orderRole = new Uint8Array(1 << 16);
  private orderAccount = new Uint8Array(1 << 16);
  private orderState = new Uint8Array(1 << 16);

  constructor(options: AgentMarketOptions) {
    this.instrument = options.instrument;
    this.tick = options.instrument.tickSize;
    this.openNs = options.openNs;
    this.closeNs = options.closeNs;
    this.value = options.value;
    this.seed = options.seed;
    this.nowNs = options.openNs;
    this.events = new EventBatch(Math.max(1024, options.expectedEvents ?? 1 << 16), options.originNs, [options.instrument]);
    this.clock = new ManualClock(options.openNs);
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
    agent.attach(this, id, new SeededRng(mixSeed(this.seed, id)));
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
    const clock = this.clock;
    while (scheduler.size > 0 && scheduler.peekTime() <= end) {
      scheduler.pop();
      const t = scheduler.poppedTime;
      this.nowNs = t;
      clock.set(t);
      const tag = scheduler.poppedTag;
      if (tag === TAG_MESSAGE) this.deliver(scheduler.poppedTarget);
      else {
        this.wakeUps++;
        agents[scheduler.poppedTarget].onWake(tag);
      }
    }
    if (end > this.nowNs) this.nowNs = end;
  }

  // ───────────────────────── what agents call ─────────────────────────

  /**
   * Sends a new order (it reaches the venue latency.orderNs from now); returns its id. Limit orders are
   * added to the agent's `live` set. `account` 0 or 1 selects one of the agent's two venue accounts
   * (owner ids 2·id + 1 and 2·id + 2; self-trade prevention works per account). Price is ignored for
   * market orders.
   */
  submit(agent: Agent, type: OrderType, side: number, price: number, size: number, role: OrderRole, account = 0): number {
    const id = this.nextOrderId++;
    if (id >= this.orderAgent.length) this.growOrders();
    this.orderAgent[id] = agent.id;
    this.orderRole[id] = role;
    this.orderAccount[id] = account;
    const m = this.allocMessage();
    this.mOp[m] = OP_SUBMIT;
    this.mType[m] = type;
    this.mSide[m] = side;
    this.mAgent[m] = agent.id;
    this.mId[m] = id;
    this.mOwner[m] = 2 * agent.id + 1 + account;
    this.mPrice[m] = type === TYPE_MARKET ? 0 : price;
    this.mSize[m] = size;
    this.scheduler.push(this.nowNs + agent.latency.orderNs, m, TAG_MESSAGE);
    agent.ordersSent++;
    if (type === TYPE_LIMIT) agent.live.add(id);
    return id;
  }

  /** Sends a cancel for one of the agent's orders; the id leaves the agent's `live` set at once. */
  cancel(agent: Agent, orderId: number): void {
    if (!(orderId > 0 && orderId < this.nextOrderId) || this.orderAgent[orderId] !== agent.id) {
      throw new RangeError(`agent ${agent.id} (${agent.type}) cannot cancel order ${orderId}: not one of its orders`);
    }
    agent.live.remove(orderId);
    const m = this.allocMessage();
    this.mOp[m] = OP_CANCEL;
    this.mAgent[m] = agent.id;
    this.mId[m] = orderId;
    this.scheduler.push(this.nowNs + agent.latency.orderNs, m, TAG_MESSAGE);
    this.cancelsSent++;
  }

  /** Schedules a wake-up of `agent` with `tag` (≥ 0) after `delayNs` (whole ns, ≥ 0). */
  wakeAfter(agent: Agent, delayNs: number, tag: number): void {
    if (!(delayNs >= 0)) throw new RangeError(`agent ${agent.id} (${agent.type}) asked for a wake-up ${delayNs} ns in the past`);
    this.scheduler.push(this.nowNs + delayNs, agent.id, tag);
  }

  /** Fills the agent's view with the book as of its feed latency ago; returns the view. */
  look(agent: Agent): Agent['view'] {
    this.tape.fill(agent.view, this.nowNs - agent.latency.feedNs);
    return agent.view;
  }

  /** The reference mid the agent saw `lookbackNs` before its current view. */
  midAgo(agent: Agent, lookbackNs: number): number {
    return this.tape.midAt(this.nowNs - agent.latency.feedNs - lookbackNs);
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
    const resting = this.agents[this.orderAgent[restingId]];
    resting.onFill(restingId, -aggressorSide, price, size, restingRemaining, false);
    if (restingRemaining === 0) resting.onOrderEnded(restingId);
    this.agents[this.orderAgent[aggressorId]].onFill(aggressorId, aggressorSide, price, size, -1, true);
  }

  onRestingCancelled(_tsNs: number, orderId: number): void {
    this.agents[this.orderAgent[orderId]].onOrderEnded(orderId);
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
    const n = this.ordersArrived;
    const orderId = new Float64Array(n);
    const agentId = new Int32Array(n);
    const agentType: AgentType[] = new Array<AgentType>(n);
    const kind: (ManipulationKind | null)[] = new Array<ManipulationKind | null>(n);
    const role = new Uint8Array(n);
    const visible = new Uint8Array(n);
    const account = new Float64Array(n);
    let r = 0;
    for (let id = 1; id < this.nextOrderId; id++) {
      const state = this.orderState[id];
      if (!(state & ARRIVED)) continue;
      const a = this.orderAgent[id];
      const agent = this.agents[a];
      orderId[r] = id;
      agentId[r] = a;
      agentType[r] = agent.type;
      kind[r] = agent.kind;
      role[r] = this.orderRole[id];
      visible[r] = state & VISIBLE ? 1 : 0;
      account[r] = 2 * a + 1 + this.orderAccount[id];
      r++;
    }
    return { groundTruth: { orderId, agentId, agentType, kind }, role, visible, account };
  }

  // ───────────────────────── internals ─────────────────────────

  /** A message reaches the engine at the current time. */
  private deliver(m: number): void {
    const op = this.mOp[m];
    const id = this.mId[m];
    const agent = this.agents[this.mAgent[m]];
    const engine = this.engine;
    if (op === OP_SUBMIT) {
      const type = this.mType[m] as OrderType;
      const side = this.mSide[m];
      const owner = this.mOwner[m];
      const price = this.mPrice[m];
      const size = this.mSize[m];
      this.freeMessage(m);
      this.orderState[id] |= ARRIVED;
      this.ordersSubmitted++;
      const status = engine.submit(type, id, owner, side, price, size).status;
      if (status === STATUS_RESTING) this.orderState[id] |= VISIBLE;
      else {
        if (status === STATUS_REJECTED) this.rejectedOrders++;
        agent.onOrderEnded(id);
      }
    } else {
      this.freeMessage(m);
      if (engine.cancel(id).status === STATUS_CANCELLED) agent.onOrderEnded(id);
      else this.cancelsTooLate++;
    }
    this.recordQuotes();
  }

  private recordQuotes(): void {
    const e = this.engine;
    const hasBid = e.depth(1) > 0;
    const hasAsk = e.depth(-1) > 0;
    this.tape.record(
      this.nowNs,
      hasBid ? e.bestBid() : NaN,
      hasAsk ? e.bestAsk() : NaN,
      hasBid ? e.levelSize(1, 0) : 0,
      hasAsk ? e.levelSize(-1, 0) : 0,
    );
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
    const old = this.mOp.length;
    const n = old * 2;
    this.mOp = grow(this.mOp, new Uint8Array(n));
    this.mType = grow(this.mType, new Uint8Array(n));
    this.mSide = grow(this.mSide, new Int8Array(n));
    this.mAgent = grow(this.mAgent, new Int32Array(n));
    this.mNext = grow(this.mNext, new Int32Array(n));
    this.mId = grow(this.mId, new Float64Array(n));
    this.mOwner = grow(this.mOwner, new Float64Array(n));
    this.mPrice = grow(this.mPrice, new Float64Array(n));
    this.mSize = grow(this.mSize, new Float64Array(n));
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

function grow<T extends Uint8Array | Int8Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** Links slots [from, to) into a free list through `next`, ahead of `head`; returns the new head. */
function chainFree(next: Int32Array, from: number, to: number, head: number): number {
  for (let i = to - 1; i >= from; i--) {
    next[i] = head;
    head = i;
  }
  return head;
}

/** A per-agent seed from the run seed and the agent id (distinct streams; splitmix inside SeededRng). */
export function mixSeed(seed: number, stream: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
}

