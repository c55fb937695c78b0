import { describe, expect, it } from 'vitest';
import { ManipulationKind } from '../clean/ManipulationKind.ts';
import { SeededRng } from '../core/rng.ts';
import { lobsterInstrument } from '../data/Instrument.ts';
import { EventType } from '../data/EventType.ts';
import { OrderType } from '../exchange/OrderType.ts';
import { AgentMarket } from './AgentMarket.ts';
import { OrderRole } from './OrderRole.ts';
import { Agent, type AgentLatency } from './agents/Agent.ts';
import { AgentType } from './agents/AgentType.ts';
import { LatentValue, DEFAULT_LATENT_VALUE } from './agents/LatentValue.ts';

const OPEN = 1_000_000;

/** An agent that runs a script: at each scheduled time it calls the step with itself. */
class ScriptedAgent extends Agent {
  readonly type = AgentType.Noise;
  override readonly kind: ManipulationKind | null;
  readonly fills: [number, number, number, number, boolean][] = [];
  readonly ended: number[] = [];
  readonly seen: { t: number; bid: number; ask: number }[] = [];

  constructor(
    latency: AgentLatency,
    private readonly script: [number, (a: ScriptedAgent, m: AgentMarket) => void][],
    kind: ManipulationKind | null = null,
  ) {
    super(latency);
    this.kind = kind;
  }

  start(): void {
    this.script.forEach(([t], i) => this.market.wakeAfter(this.state, t - this.market.nowNs, i));
  }

  onWake(tag: number): void {
    this.script[tag][1](this, this.market);
  }

  override onFill(orderId: number, side: number, price: number, size: number, remaining: number, aggressor: boolean): void {
    super.onFill(orderId, side, price, size, remaining, aggressor);
    this.fills.push([orderId, side, price, size, aggressor]);
  }

  protected override afterOrderEnded(orderId: number): void {
    this.ended.push(orderId);
  }

  lookNow(): void {
    const v = this.market.look(this.state);
    this.seen.push({ t: this.market.nowNs, bid: v.bid, ask: v.ask });
  }
}

function market(): AgentMarket {
  const instrument = lobsterInstrument('T');
  const value = new LatentValue(DEFAULT_LATENT_VALUE, OPEN, OPEN + 1e9, new SeededRng(1), 100);
  return new AgentMarket({ instrument, originNs: 0n, openNs: OPEN, closeNs: OPEN + 1e9, openingPrice: 5_800_000, value, seed: 1 });
}

describe('AgentMarket', () => {
  it('delivers orders latency.orderNs after the decision and shows the book latency.feedNs late', () => {
    const m = market();
    const maker = m.add(new ScriptedAgent({ orderNs: 500, feedNs: 500 }, [
      [OPEN + 1000, (a, mk) => void mk.submit(a.state, OrderType.Limit, 1, 5_790_000, 100, OrderRole.Honest)],
    ])) as ScriptedAgent;
    const watcher = m.add(new ScriptedAgent({ orderNs: 2000, feedNs: 2000 }, [
      [OPEN + 2000, (a) => a.lookNow()], // book at OPEN + 0: empty
      [OPEN + 3499, (a) => a.lookNow()], // book at OPEN + 1499: empty (the bid arrived at OPEN + 1500)
      [OPEN + 3500, (a) => a.lookNow()], // book at OPEN + 1500: the bid
      [OPEN + 4000, (a, mk) => void mk.submit(a.state, OrderType.Market, -1, 0, 40, OrderRole.Honest)], // arrives OPEN + 6000
    ])) as ScriptedAgent;
    m.run();
    const e = m.events;
    expect(e.length).toBe(2);
    expect([e.type[0], e.exchTs[0], e.orderId[0]]).toEqual([EventType.Add, OPEN + 1500, 1]);
    expect([e.type[1], e.exchTs[1], e.orderId[1], e.size[1]]).toEqual([EventType.ExecuteVisible, OPEN + 6000, 1, 40]);
    expect(watcher.seen.map((s) => s.bid)).toEqual([NaN, NaN, 5_790_000]);
    expect(maker.fills).toEqual([[1, 1, 5_790_000, 40, false]]);
    expect(watcher.fills).toEqual([[2, -1, 5_790_000, 40, true]]);
    expect([maker.position, watcher.position]).toEqual([40, -40]);
    expect(watcher.ended).toEqual([2]); // the market order is done at once
    expect(maker.live.has(1)).toBe(true);
  });

  it('labels every order that reached the venue with its agent, kind, role, visibility and account', () => {
    const m = market();
    m.add(new ScriptedAgent({ orderNs: 100, feedNs: 100 }, [[OPEN + 10, (a, mk) => void mk.submit(a.state, OrderType.Limit, -1, 5_810_000, 100, OrderRole.Honest)]]));
    const wash = m.add(new ScriptedAgent({ orderNs: 100, feedNs: 100 }, [
      [OPEN + 20, (a, mk) => void mk.submit(a.state, OrderType.Limit, 1, 5_800_000, 300, OrderRole.Deceptive, 0)],
      // The other account takes it: a trade between two accounts of one owner.
      [OPEN + 30, (a, mk) => void mk.submit(a.state, OrderType.ImmediateOrCancel, -1, 5_800_000, 300, OrderRole.Deceptive, 1)],
      // Same account on both sides: self-trade prevention stops the incoming order.
      [OPEN + 40, (a, mk) => void mk.submit(a.state, OrderType.Limit, 1, 5_800_000, 100, OrderRole.Genuine, 1)],
      [OPEN + 50, (a, mk) => void mk.submit(a.state, OrderType.ImmediateOrCancel, -1, 5_800_000, 100, OrderRole.Genuine, 1)],
      [OPEN + 60, (a, mk) => mk.cancel(a.state, 3)], // already filled: the cancel finds nothing
      [OPEN + 2e9, (a, mk) => void mk.submit(a.state, OrderType.Limit, 1, 5_700_000, 100, OrderRole.Genuine)], // after the close: never arrives
    ], ManipulationKind.Wash)) as ScriptedAgent;
    m.run();
    const l = m.labels();
    expect(Array.from(l.groundTruth.orderId)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(l.groundTruth.agentId)).toEqual([0, 1, 1, 1, 1]);
    expect(l.groundTruth.kind).toEqual([null, 'wash', 'wash', 'wash', 'wash']);
    expect(l.groundTruth.agentType).toEqual(['noise', 'noise', 'noise', 'noise', 'noise']);
    expect(Array.from(l.role)).toEqual([0, 1, 1, 2, 2]);
    expect(Array.from(l.visible)).toEqual([1, 1, 0, 1, 0]);
    expect(Array.from(l.account)).toEqual([1, 3, 4, 4, 4]);
    expect(m.fills.length).toBe(1);
    expect([m.fills.aggressorOwner[0], m.fills.restingOwner[0]]).toEqual([4, 3]);
    expect(wash.position).toBe(0);
    expect(m.cancelsSent).toBe(1);
    expect(m.cancelsTooLate).toBe(1);
    expect(m.ordersSubmitted).toBe(5);
  });

  it("refuses to cancel another agent's order", () => {
    const m = market();
    m.add(new ScriptedAgent({ orderNs: 1, feedNs: 1 }, [[OPEN + 10, (a, mk) => void mk.submit(a.state, OrderType.Limit, 1, 5_790_000, 100, OrderRole.Honest)]]));
    m.add(new ScriptedAgent({ orderNs: 1, feedNs: 1 }, [[OPEN + 20, (a, mk) => mk.cancel(a.state, 1)]]));
    expect(() => m.run()).toThrow(/cannot cancel order 1/);
  });

  it('refuses a wake-up in the past', () => {
    const m = market();
    m.add(new ScriptedAgent({ orderNs: 1, feedNs: 1 }, [[OPEN - 5, () => {}]]));
    expect(() => m.run()).toThrow(/in the past/);
  });
});
