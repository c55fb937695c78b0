import { closeSync, existsSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32 } from './crc32.ts';
import { getI64, setI64 } from './recordCodec.ts';

/**
 * The checkpoint index: a 32-byte side file `<journal>.ckpt` naming the byte offset and sequence number
 * of the journal's last Checkpoint record, overwritten in place after each checkpoint is written (and
 * synced, under the syncing policies). Recovery starts reading there instead of at the start of time.
 * It is only a hint: recovery checks that a CRC-valid Checkpoint with that sequence number sits at that
 * offset, and reads the whole journal when it does not (or when the index is missing or damaged).
 *
 *   0  4  magic "TJCK"
 *   4  4  u32 CRC-32 of bytes 8..31
 *   8  8  i64 byte offset of the Checkpoint record in the journal
 *  16  8  i64 its sequence number
 *  24  8  reserved, 0
 */
export const CHECKPOINT_INDEX_BYTES = 32;
const MAGIC = [0x54, 0x4a, 0x43, 0x4b]; // "TJCK"

export function checkpointIndexPath(journalPath: string): string {
  return `${journalPath}.ckpt`;
}

export function encodeCheckpointIndex(out: Uint8Array, offset: number, seq: number): void {
  const view = new DataView(out.buffer, out.byteOffset, CHECKPOINT_INDEX_BYTES);
  out.set(MAGIC, 0);
  setI64(view, 8, offset);
  setI64(view, 16, seq);
  setI64(view, 24, 0);
  view.setUint32(4, crc32(out, 8, CHECKPOINT_INDEX_BYTES), true);
}

/** Writes the index at position 0 of an open index file. */
export function writeCheckpointIndex(fd: number, scratch: Uint8Array, offset: number, seq: number): void {
  encodeCheckpointIndex(scratch, offset, seq);
  let done = 0;
  while (done < CHECKPOINT_INDEX_BYTES) done += writeSync(fd, scratch, done, CHECKPOINT_INDEX_BYTES - done, done);
}

/** The index's offset and seq, or null when the file is missing, short or fails its checks. */
export function readCheckpointIndex(journalPath: string): { offset: number; seq: number } | null {
  const path = checkpointIndexPath(journalPath);
  if (!existsSync(path)) return null;
  const b = new Uint8Array(CHECKPOINT_INDEX_BYTES);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, b, 0, CHECKPOINT_INDEX_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (n !== CHECKPOINT_INDEX_BYTES) return null;
  const view = new DataView(b.buffer);
  for (let i = 0; i < 4; i++) if (b[i] !== MAGIC[i]) return null;
  if (view.getUint32(4, true) !== crc32(b, 8, CHECKPOINT_INDEX_BYTES)) return null;
  const offset = getI64(view, 8);
  const seq = getI64(view, 16);
  if (offset < 0 || seq < 1) return null;
  return { offset, seq };
}
