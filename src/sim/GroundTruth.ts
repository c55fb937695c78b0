import type { ManipulationKind } from '../clean/ManipulationKind.ts';

/**
 * Who sent each order of a simulated day: the ground truth the detectors are scored against (they never
 * read it). One entry per order id the simulator submitted; `kind` is null for honest orders.
 */
export interface GroundTruth {
  readonly orderId: Float64Array;
  readonly agentId: Int32Array;
  /** Agent type, e.g. "market-maker", "noise", "fundamental", "momentum", "informed", "spoofer". */
  readonly agentType: readonly string[];
  readonly kind: readonly (ManipulationKind | null)[];
}
