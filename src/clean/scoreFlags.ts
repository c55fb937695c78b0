import type { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import type { GroundTruth } from '../sim/GroundTruth.ts';
import { ManipulationKind, MANIPULATION_KINDS } from './ManipulationKind.ts';
import type { OrderFlag } from './OrderFlag.ts';

/** Event types whose orderId names an order (LOBSTER hidden executions carry 0 or the hidden order's id). */
const ORDER_ID_EVENTS = new Set<number>([EventType.Add, EventType.Reduce, EventType.Delete, EventType.ExecuteVisible, EventType.ExecuteHidden, EventType.CrossTrade]);

/** Precision and recall of one kind (null where the ratio is 0/0). */
export interface KindScore {
  /** Distinct order ids flagged as this kind. */
  flagged: number;
  /** Order ids that truly are this kind (and, when events are given, appear in them). */
  truth: number;
  /** Flagged as this kind and truly this kind. */
  truePositives: number;
  precision: number | null;
  recall: number | null;
}

export interface ScoreFlagsOptions {
  /**
   * The events the detectors saw. When given, (1) truly-k orders that never appear in them are left out
   * of recall: no detector that reads market data can flag an order the data does not show (an aggressive
   * order that filled at once has no event of its own id in L3 data); (2) bad-data flags, which name an
   * event by its sequence number, are scored as the order id of that event.
   */
  readonly events?: EventBatch;
}

/**
 * Scores flags against ground truth, per order id. For each kind k:
 *   F_k = distinct order ids flagged as k (for bad data: the order id of the flagged event, given events);
 *   T_k = order ids whose true kind is k (given events: only those whose id occurs in an order event);
 *   precision_k = |F_k ∩ T_k| / |F_k|   (null when nothing is flagged as k),
 *   recall_k    = |F_k ∩ T_k| / |T_k|   (null when no order truly is k).
 * An order id the ground truth does not list counts as honest (so flags on unlisted orders are false
 * positives, and truth may list only injected orders). An order flagged as two kinds counts once in each.
 */
export function scoreFlags(flags: readonly OrderFlag[], truth: GroundTruth, options: ScoreFlagsOptions = {}): Record<ManipulationKind, KindScore> {
  const trueKind = new Map<number, ManipulationKind | null>();
  for (let i = 0; i < truth.orderId.length; i++) {
    const id = truth.orderId[i];
    const k = truth.kind[i];
    const prev = trueKind.get(id);
    if (prev !== undefined && prev !== k) throw new RangeError(`ground truth lists order ${id} as both ${prev ?? 'honest'} and ${k ?? 'honest'}`);
    trueKind.set(id, k);
  }
  const events = options.events;
  let visible: Set<number> | undefined;
  let seqToOrder: Map<number, number> | undefined;
  if (events) {
    visible = new Set();
    seqToOrder = new Map();
    for (let i = 0; i < events.length; i++) {
      if (!ORDER_ID_EVENTS.has(events.type[i])) continue;
      visible.add(events.orderId[i]);
      seqToOrder.set(events.seq[i], events.orderId[i]);
    }
  }
  const flagged = new Map<ManipulationKind, Set<number>>(MANIPULATION_KINDS.map((k) => [k, new Set<number>()]));
  for (const f of flags) {
    const id = f.kind === ManipulationKind.BadData && seqToOrder ? (seqToOrder.get(f.orderId) ?? NaN) : f.orderId;
    flagged.get(f.kind)?.add(id);
  }
  const truthCount = new Map<ManipulationKind, number>(MANIPULATION_KINDS.map((k) => [k, 0]));
  for (const [id, k] of trueKind) {
    if (k === null || (visible && !visible.has(id))) continue;
    truthCount.set(k, (truthCount.get(k) ?? 0) + 1);
  }
  const out = {} as Record<ManipulationKind, KindScore>;
  for (const k of MANIPULATION_KINDS) {
    const f = flagged.get(k) ?? new Set<number>();
    let tp = 0;
    for (const id of f) if (trueKind.get(id) === k && (!visible || visible.has(id))) tp++;
    const t = truthCount.get(k) ?? 0;
    out[k] = { flagged: f.size, truth: t, truePositives: tp, precision: f.size > 0 ? tp / f.size : null, recall: t > 0 ? tp / t : null };
  }
  return out;
}
