import { existsSync } from 'node:fs';
import { checkpointIndexPath, readCheckpointIndex } from './checkpointIndex.ts';
import { JournalReader, throwIfCorrupt, type ScanResult } from './JournalReader.ts';
import { RecordType } from './JournalRecord.ts';
import { JournalState } from './JournalState.ts';

/** How recovery used the checkpoint index. */
export type CheckpointIndexUse =
  /** Reading started at the indexed Checkpoint. */
  | 'used'
  /** No index file (no checkpoint written yet): the whole journal was read. */
  | 'absent'
  /** The index file is damaged: the whole journal was read. */
  | 'invalid'
  /** The index does not point at a valid Checkpoint with its sequence number: the whole journal was read. */
  | 'stale'
  /** Not asked to use it. */
  | 'disabled';

export interface RecoveredState {
  /** Positions, open orders, last sequence number, highest client id, sessions. */
  readonly state: JournalState;
  /** How reading ended: `scan.tail` is the torn tail (offset, bytes discarded, why), null when clean. */
  readonly scan: ScanResult;
  readonly checkpointIndex: CheckpointIndexUse;
  /** Sequence number of the Checkpoint reading started from (0: from the start of the journal). */
  readonly fromCheckpointSeq: number;
  /** Records applied to the state. */
  readonly recordsApplied: number;
}

export interface RecoverOptions {
  /** Start at the last Checkpoint named by `<path>.ckpt` (default true). */
  useCheckpointIndex?: boolean;
  /**
   * Apply Checkpoint records met on the way (default true). False rebuilds the state from the orders,
   * acks, fills and cancels alone (reading from the start): the cross-check of every checkpoint.
   */
  applyCheckpoints?: boolean;
}

/**
 * Rebuilds the live engine's state from its journal: starting at the last Checkpoint when the index names
 * a valid one, otherwise at the start; applying every valid record; stopping at a torn tail (reported in
 * `scan.tail`, left in the file: `JournalWriter.open` truncates it). Throws JournalError when the damage
 * is followed by valid records (corruption, not a torn write) or the file is not a journal.
 */
export function recoverState(path: string, options: RecoverOptions = {}): RecoveredState {
  const useIndex = options.useCheckpointIndex ?? true;
  const applyCheckpoints = options.applyCheckpoints ?? true;
  let indexUse: CheckpointIndexUse = 'disabled';
  if (useIndex && applyCheckpoints) {
    const index = readCheckpointIndex(path);
    indexUse = index === null ? (existsSync(checkpointIndexPath(path)) ? 'invalid' : 'absent') : 'stale';
    if (index !== null) {
      const fromIndex = tryFromCheckpoint(path, index.offset, index.seq);
      if (fromIndex !== null) return fromIndex;
    }
  }
  const state = new JournalState();
  const reader = new JournalReader(path);
  try {
    let applied = 0;
    for (let r = reader.next(); r !== null; r = reader.next()) {
      if (r.type === RecordType.Checkpoint && !applyCheckpoints) {
        state.lastSeq = r.seq;
        state.lastLocalNs = r.localNs;
        continue;
      }
      state.apply(r);
      applied++;
    }
    const scan = reader.result();
    throwIfCorrupt(scan);
    return { state, scan, checkpointIndex: indexUse, fromCheckpointSeq: 0, recordsApplied: applied };
  } finally {
    reader.close();
  }
}

function tryFromCheckpoint(path: string, offset: number, seq: number): RecoveredState | null {
  let reader: JournalReader;
  try {
    reader = new JournalReader(path, { startOffset: offset, expectSeq: seq });
  } catch {
    return null;
  }
  try {
    const first = reader.next();
    if (first === null || first.type !== RecordType.Checkpoint) return null;
    const state = new JournalState();
    state.apply(first);
    let applied = 1;
    for (let r = reader.next(); r !== null; r = reader.next()) {
      state.apply(r);
      applied++;
    }
    const scan = reader.result();
    throwIfCorrupt(scan);
    return { state, scan, checkpointIndex: 'used', fromCheckpointSeq: seq, recordsApplied: applied };
  } finally {
    reader.close();
  }
}
