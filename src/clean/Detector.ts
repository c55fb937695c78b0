import type { EventBatch } from '../data/EventBatch.ts';
import type { ManipulationKind } from './ManipulationKind.ts';
import type { OrderFlag } from './OrderFlag.ts';

/**
 * A manipulation detector. It sees only what a venue's L3 market data shows (the normalized events:
 * adds, cancels, deletes, executions with order ids, times, prices, sizes), never agent ids or labels,
 * so it runs unchanged on simulated and on real (LOBSTER) days.
 */
export interface Detector {
  readonly kind: ManipulationKind;
  /** Flags orders (or events, for bad data: orderId = the event's sequence number) of one day. */
  detect(events: EventBatch): OrderFlag[];
}
