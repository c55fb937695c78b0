import type { ManipulationKind } from './ManipulationKind.ts';
import type { OrderFlag } from './OrderFlag.ts';
import { roundScore } from './scoring.ts';

/**
 * Collects one detector's flags, one per order id: an id that several incarnations of an order share (a
 * modify re-adds the same id) or that several pieces of evidence point at keeps its highest score and
 * that score's reason. Scores below the detector's threshold are not kept. Flags come out in order of
 * first flagging, which follows the events, so output is deterministic.
 */
export class FlagCollector {
  private readonly byId = new Map<number, OrderFlag>();

  constructor(
    readonly kind: ManipulationKind,
    readonly minScore: number,
  ) {}

  add(orderId: number, score: number, reason: string): void {
    if (!(score >= this.minScore)) return;
    const s = roundScore(Math.min(1, Math.max(0, score)));
    const prev = this.byId.get(orderId);
    if (prev && prev.score >= s) return;
    this.byId.set(orderId, { orderId, kind: this.kind, score: s, reason });
  }

  has(orderId: number): boolean {
    return this.byId.has(orderId);
  }

  flags(): OrderFlag[] {
    return [...this.byId.values()];
  }
}
