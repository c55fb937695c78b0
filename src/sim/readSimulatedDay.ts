import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import duckdb from '@duckdb/node-bindings';
import { isManipulationKind, type ManipulationKind } from '../clean/ManipulationKind.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { openDuckDB } from '../data/store/duckdb.ts';
import { EventStoreError } from '../data/store/EventStoreError.ts';
import { readEventsParquetBatch } from '../data/store/readEventsParquet.ts';
import { sqlString } from '../data/store/schema.ts';
import type { GroundTruth } from './GroundTruth.ts';
import { EVENTS_FILE, LABELS_FILE, META_SIM_LABELS, SIM_LABELS_VERSION, type SimulatedDayMeta } from './simulatedDayFiles.ts';

/** A simulated day read back: the events the detectors see and the ground truth they are scored against. */
export interface SimulatedDay {
  readonly events: EventBatch;
  readonly groundTruth: GroundTruth;
  /** Per ground-truth row: OrderRole code (0 honest, 1 deceptive, 2 genuine). */
  readonly role: Uint8Array;
  /** Per ground-truth row: 1 when the order's id appears in the events. */
  readonly visible: Uint8Array;
  /** Per ground-truth row: the venue account (owner id) that sent it. */
  readonly account: Float64Array;
  readonly meta: SimulatedDayMeta;
}

const COLUMNS = ['order_id', 'agent_id', 'agent_type', 'kind', 'role', 'visible', 'account'] as const;

/**
 * Reads a directory written by `tachyon sim` (writeSimulatedDay): events.parquet exactly as simulated,
 * and labels.parquet decoded through its code tables into the GroundTruth contract. Fails naming the
 * file when either is missing or is not a simulated day's.
 */
export async function readSimulatedDay(dir: string): Promise<SimulatedDay> {
  const eventsPath = resolve(join(dir, EVENTS_FILE));
  const labelsPath = resolve(join(dir, LABELS_FILE));
  for (const f of [eventsPath, labelsPath]) {
    const s = await stat(f).catch(() => undefined);
    if (!s?.isFile()) throw new EventStoreError(f, 'cannot read: no such file (write a simulated day with `tachyon sim --out DIR`)');
  }
  const events = await readEventsParquetBatch(eventsPath);
  const { meta, cols } = await readLabels(labelsPath);
  const n = cols[0].length;
  const agentType: string[] = new Array<string>(n);
  const kind: (ManipulationKind | null)[] = new Array<ManipulationKind | null>(n);
  const kinds = meta.kinds.map((k) => (k === null ? null : isManipulationKind(k) ? k : undefined));
  for (let i = 0; i < n; i++) {
    const t = meta.agentTypes[cols[2][i]];
    const k = kinds[cols[3][i]];
    if (t === undefined || k === undefined) {
      throw new EventStoreError(labelsPath, `row ${i + 1}: field "${t === undefined ? 'agent_type' : 'kind'}": code ${t === undefined ? cols[2][i] : cols[3][i]} is not in the file's code table`);
    }
    agentType[i] = t;
    kind[i] = k;
  }
  return {
    events,
    groundTruth: { orderId: cols[0], agentId: Int32Array.from(cols[1]), agentType, kind },
    role: Uint8Array.from(cols[4]),
    visible: Uint8Array.from(cols[5]),
    account: cols[6],
    meta,
  };
}

async function readLabels(file: string): Promise<{ meta: SimulatedDayMeta; cols: Float64Array[] }> {
  const session = await openDuckDB();
  try {
    const conn = session.connection;
    const metaRows = await conn.runAndReadAll(`SELECT decode(value) FROM parquet_kv_metadata(${sqlString(file)}) WHERE decode(key) = ${sqlString(META_SIM_LABELS)}`);
    const text = metaRows.getRows()[0]?.[0];
    if (typeof text !== 'string') throw new EventStoreError(file, `not a simulated day's labels: no ${META_SIM_LABELS} metadata`);
    const meta = JSON.parse(text) as SimulatedDayMeta;
    if (meta.version !== SIM_LABELS_VERSION) throw new EventStoreError(file, `labels version ${meta.version} is not supported (expected ${SIM_LABELS_VERSION})`);
    const src = `read_parquet(${sqlString(file)})`;
    const count = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${src}`)).getRows()[0][0]);
    const cols = COLUMNS.map(() => new Float64Array(count));
    const select = COLUMNS.map((c) => `"${c}"::DOUBLE`).join(', ');
    const result = await conn.stream(`SELECT ${select} FROM ${src}`);
    let at = 0;
    // One copy per column and chunk straight out of DuckDB's vectors (no value-by-value conversion).
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const n = chunk.rowCount;
      for (let c = 0; c < cols.length; c++) {
        const bytes = duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk.chunk, c), n * 8);
        cols[c].set(new Float64Array(bytes.buffer, bytes.byteOffset, n), at);
      }
      at += n;
    }
    if (at !== count) throw new EventStoreError(file, `read ${at} rows, expected ${count}`);
    return { meta, cols };
  } catch (e) {
    if (e instanceof EventStoreError) throw e;
    throw new EventStoreError(file, `cannot read the labels: ${(e as Error).message}`, { cause: e });
  } finally {
    session.close();
  }
}
