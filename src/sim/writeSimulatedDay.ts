import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeColumnsParquet } from '../data/store/writeColumnsParquet.ts';
import { writeEventsParquet } from '../data/store/writeEventsParquet.ts';
import { AGENT_TYPES } from './agents/AgentType.ts';
import type { SimulatedMarket } from './simulateMarket.ts';
import { codeTables, EVENTS_FILE, KIND_CODES, LABELS_FILE, META_SIM_LABELS, SIM_LABELS_VERSION, type SimulatedDayMeta } from './simulatedDayFiles.ts';

export interface WrittenSimulatedDay {
  readonly eventsPath: string;
  readonly labelsPath: string;
  readonly eventsBytes: number;
  readonly labelsBytes: number;
}

/** Writes a simulated day to `dir` (created if missing) as events.parquet + labels.parquet (see simulatedDayFiles.ts). */
export async function writeSimulatedDay(dir: string, day: SimulatedMarket, manipulators: readonly string[]): Promise<WrittenSimulatedDay> {
  await mkdir(dir, { recursive: true });
  const eventsPath = join(dir, EVENTS_FILE);
  const labelsPath = join(dir, LABELS_FILE);
  const events = await writeEventsParquet(eventsPath, [day.events]);

  const gt = day.groundTruth;
  const n = gt.orderId.length;
  const agentType = new Uint8Array(n);
  const kind = new Uint8Array(n);
  const typeCode = new Map(AGENT_TYPES.map((t, i) => [t as string, i]));
  const kindCode = new Map(KIND_CODES.map((k, i) => [k, i]));
  for (let i = 0; i < n; i++) {
    agentType[i] = typeCode.get(gt.agentType[i]) ?? 255;
    kind[i] = kindCode.get(gt.kind[i]) ?? 255;
  }
  const meta: SimulatedDayMeta = {
    version: SIM_LABELS_VERSION,
    ...codeTables(),
    seed: day.seed,
    openNs: day.openNs,
    closeNs: day.closeNs,
    manipulators,
    events: day.events.length,
    orders: day.orders,
    trades: day.trades,
    manipulativeOrders: day.manipulativeOrders,
  };
  const labels = await writeColumnsParquet(
    labelsPath,
    [
      { name: 'order_id', kind: 'int64', values: gt.orderId },
      { name: 'agent_id', kind: 'int64', values: Float64Array.from(gt.agentId) },
      { name: 'agent_type', kind: 'uint8', values: agentType },
      { name: 'kind', kind: 'uint8', values: kind },
      { name: 'role', kind: 'uint8', values: day.role },
      { name: 'visible', kind: 'uint8', values: day.visible },
      { name: 'account', kind: 'int64', values: day.account },
    ],
    { [META_SIM_LABELS]: JSON.stringify(meta) },
  );
  return { eventsPath, labelsPath, eventsBytes: events.bytes, labelsBytes: labels.bytes };
}
