import { MANIPULATION_KINDS, type ManipulationKind } from '../clean/ManipulationKind.ts';
import { AGENT_TYPES } from './agents/AgentType.ts';
import { ORDER_ROLE_NAMES } from './OrderRole.ts';

/**
 * The on-disk form of a simulated day: a directory with
 * - `events.parquet`: the event store (src/data/store/schema.ts), exactly the simulator's events;
 * - `labels.parquet`: the ground truth, one row per order that reached the venue, sorted by order id:
 *     order_id BIGINT, agent_id BIGINT, agent_type UTINYINT, kind UTINYINT, role UTINYINT,
 *     visible UTINYINT (1: the order rested, so its id appears in the events), account BIGINT
 *     (the venue owner id that sent it; a wash trader's two accounts differ).
 *   Parquet columns written by writeColumnsParquet cannot hold strings, so agent_type, kind and role are
 *   small integer codes whose tables are in the file's key-value metadata `tachyon.sim_labels` (JSON,
 *   SimulatedDayMeta below): agent_type = index into `agentTypes`; kind 0 = honest, k = `kinds[k]`;
 *   role = index into `roles` (honest, deceptive, genuine).
 */
export const EVENTS_FILE = 'events.parquet';
export const LABELS_FILE = 'labels.parquet';
export const META_SIM_LABELS = 'tachyon.sim_labels';
export const SIM_LABELS_VERSION = 1;

/** Code tables: kind code 0 is "no manipulation". */
export const KIND_CODES: readonly (ManipulationKind | null)[] = [null, ...MANIPULATION_KINDS];

export interface SimulatedDayMeta {
  readonly version: number;
  /** agent_type code → name. */
  readonly agentTypes: readonly string[];
  /** kind code → manipulation kind (code 0: null, honest). */
  readonly kinds: readonly (string | null)[];
  /** role code → name. */
  readonly roles: readonly string[];
  readonly seed: number;
  readonly openNs: number;
  readonly closeNs: number;
  readonly manipulators: readonly string[];
  readonly events: number;
  readonly orders: number;
  readonly trades: number;
  readonly manipulativeOrders: number;
}

export function codeTables(): Pick<SimulatedDayMeta, 'agentTypes' | 'kinds' | 'roles'> {
  return { agentTypes: [...AGENT_TYPES], kinds: [...KIND_CODES], roles: [...ORDER_ROLE_NAMES] };
}
