import type { OrderUpdate, Strategy, TradingContext } from '../../strategy/Strategy.ts';

export interface ScriptStep {
  /** Runs at the first market-data delivery at or after this local time (ns). */
  readonly atNs: number;
  readonly run: (ctx: TradingContext) => void;
}

export interface SeenUpdate {
  readonly kind: number;
  readonly orderId: number;
  readonly side: number;
  readonly price: number;
  readonly qty: number;
  readonly leavesQty: number;
  readonly liquidity: number;
  readonly reason: number;
  readonly exchNs: number;
  readonly localNs: number;
}

/** A strategy for tests: runs scripted actions at given local times and records what it is told. */
export class ScriptedStrategy implements Strategy {
  readonly name = 'script';
  readonly params = {};
  readonly updates: SeenUpdate[] = [];
  /** (local time, exchange time of the event, position known) at each delivery. */
  readonly deliveries: { nowNs: number; exchNs: number; position: number }[] = [];
  private next = 0;

  constructor(private steps: readonly ScriptStep[] = []) {}

  /** Replaces the script (for steps that need objects built after the strategy, like the engine). */
  setSteps(steps: readonly ScriptStep[]): void {
    this.steps = steps;
    this.next = 0;
  }

  onBook(ctx: TradingContext): void {
    this.deliveries.push({ nowNs: ctx.nowNs, exchNs: ctx.exchNs, position: ctx.position });
    while (this.next < this.steps.length && ctx.nowNs >= this.steps[this.next].atNs) this.steps[this.next++].run(ctx);
  }

  onOrderUpdate(ctx: TradingContext, u: OrderUpdate): void {
    this.updates.push({ kind: u.kind, orderId: u.orderId, side: u.side, price: u.price, qty: u.qty, leavesQty: u.leavesQty, liquidity: u.liquidity, reason: u.reason, exchNs: u.exchNs, localNs: ctx.nowNs });
  }
}
