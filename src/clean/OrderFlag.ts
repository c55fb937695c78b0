import type { ManipulationKind } from './ManipulationKind.ts';

/** One order (or event) a detector flags: what it suspects, how strongly (0…1), and why, in words. */
export interface OrderFlag {
  readonly orderId: number;
  readonly kind: ManipulationKind;
  readonly score: number;
  readonly reason: string;
}
