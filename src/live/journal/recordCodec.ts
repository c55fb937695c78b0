import { crc32 } from './crc32.ts';
import {
  RecordType,
  type CheckpointContent,
  type JournalRecord,
  type OrderState,
  type OrderStatus,
  type PositionState,
} from './JournalRecord.ts';

/**
 * The byte layout of the journal (README.md documents it byte by byte): a 16-byte file header, then
 * records. Every record starts with a 32-byte header (size, CRC, type, instrument, seq, local time),
 * all little-endian, every record a multiple of 8 bytes so that 64-bit fields stay aligned.
 * The CRC-32 covers the size field and everything after the CRC field: bytes [0,4) ++ [8,size).
 */
export const FILE_MAGIC = 'TCHYJRNL';
export const FORMAT_VERSION = 1;
export const FILE_HEADER_BYTES = 16;
export const RECORD_HEADER_BYTES = 32;
/** Largest record accepted (a checkpoint of ~300 000 open orders). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
export const MAX_LABEL_BYTES = 1024;

/** Sizes of the fixed-size records; 0 for the variable ones (SessionStart, Checkpoint). */
export const RECORD_SIZE: readonly number[] = [0, 0, 64, 64, 48, 96, 40, 64, 64, 72, 0];
export const SESSION_START_FIXED_BYTES = 48;
export const CHECKPOINT_FIXED_BYTES = 64;
export const CHECKPOINT_POSITION_BYTES = 48;
export const CHECKPOINT_ORDER_BYTES = 64;
const MAX_TYPE = RecordType.Checkpoint;

// Header field offsets.
export const H_SIZE = 0;
export const H_CRC = 4;
export const H_TYPE = 8;
export const H_INSTRUMENT = 12;
export const H_SEQ = 16;
export const H_LOCAL_NS = 24;

const TWO32 = 4294967296;

/** Writes a safe integer as a little-endian two's-complement int64, without BigInt. */
export function setI64(view: DataView, at: number, n: number): void {
  const hi = Math.floor(n / TWO32);
  view.setUint32(at, n - hi * TWO32, true);
  view.setInt32(at + 4, hi, true);
}

/** Reads an int64 written by `setI64` (exact for |n| < 2^53). */
export function getI64(view: DataView, at: number): number {
  return view.getInt32(at + 4, true) * TWO32 + view.getUint32(at, true);
}

export function pad8(n: number): number {
  return (n + 7) & ~7;
}

export function writeFileHeader(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, FILE_HEADER_BYTES);
  for (let i = 0; i < 8; i++) bytes[i] = FILE_MAGIC.charCodeAt(i);
  view.setUint16(8, FORMAT_VERSION, true);
  view.setUint16(10, FILE_HEADER_BYTES, true);
  view.setUint32(12, crc32(bytes, 0, 12), true);
}

export function expectedFileHeader(): Uint8Array {
  const b = new Uint8Array(FILE_HEADER_BYTES);
  writeFileHeader(b);
  return b;
}

/** Writes the common header (all but the CRC) of a record at `at`. */
export function writeRecordHeader(view: DataView, at: number, type: number, size: number, instrument: number, seq: number, localNs: number): void {
  view.setUint32(at + H_SIZE, size, true);
  view.setUint32(at + H_CRC, 0, true);
  view.setUint8(at + H_TYPE, type);
  view.setUint8(at + 9, 0);
  view.setUint16(at + 10, 0, true);
  view.setUint32(at + H_INSTRUMENT, instrument, true);
  setI64(view, at + H_SEQ, seq);
  setI64(view, at + H_LOCAL_NS, localNs);
}

/** CRC-32 of a record: its size field and everything after the CRC field. */
export function recordCrc(bytes: Uint8Array, at: number, size: number): number {
  return crc32(bytes, at + 8, at + size, crc32(bytes, at, at + 4));
}

/** Computes and stores the CRC of the record at `at` (the last step of writing it). */
export function sealRecord(bytes: Uint8Array, view: DataView, at: number, size: number): void {
  view.setUint32(at + H_CRC, recordCrc(bytes, at, size), true);
}

/**
 * Whether the 32 bytes at `at` can be a record header: a known type, a size that type allows (a multiple of 8
 * within bounds; exact for fixed-size types) and zero reserved bytes. Used before the CRC, and to look for a
 * valid record after damage.
 */
export function plausibleHeader(view: DataView, at: number): boolean {
  const size = view.getUint32(at + H_SIZE, true);
  const type = view.getUint8(at + H_TYPE);
  if (type < 1 || type > MAX_TYPE || view.getUint8(at + 9) !== 0 || view.getUint16(at + 10, true) !== 0) return false;
  if (size < RECORD_HEADER_BYTES || size > MAX_RECORD_BYTES || (size & 7) !== 0) return false;
  const fixed = RECORD_SIZE[type];
  if (fixed !== 0) return size === fixed;
  return size >= (type === RecordType.SessionStart ? SESSION_START_FIXED_BYTES : CHECKPOINT_FIXED_BYTES);
}

/** The size a variable-size record's body says it must have (the fixed size for the others). */
export function impliedSize(view: DataView, at: number): number {
  const type = view.getUint8(at + H_TYPE);
  if (type === RecordType.SessionStart) return SESSION_START_FIXED_BYTES + pad8(view.getUint16(at + 46, true));
  if (type === RecordType.Checkpoint) {
    return CHECKPOINT_FIXED_BYTES + view.getUint32(at + 32, true) * CHECKPOINT_POSITION_BYTES + view.getUint32(at + 36, true) * CHECKPOINT_ORDER_BYTES;
  }
  return RECORD_SIZE[type];
}

// ---- bodies (offsets from the record start) ----

export function writeOrderSentBody(v: DataView, at: number, clientId: number, side: number, tif: number, price: number, qty: number): void {
  setI64(v, at + 32, clientId);
  setI64(v, at + 40, price);
  setI64(v, at + 48, qty);
  v.setInt8(at + 56, side);
  v.setUint8(at + 57, tif);
  v.setUint16(at + 58, 0, true);
  v.setUint32(at + 60, 0, true);
}

export function writeAcceptedBody(v: DataView, at: number, clientId: number, venueRef: number, price: number, leaves: number): void {
  setI64(v, at + 32, clientId);
  setI64(v, at + 40, venueRef);
  setI64(v, at + 48, price);
  setI64(v, at + 56, leaves);
}

export function writeRejectedBody(v: DataView, at: number, clientId: number, reason: number, target: number): void {
  setI64(v, at + 32, clientId);
  v.setUint16(at + 40, reason, true);
  v.setUint8(at + 42, target);
  v.setUint8(at + 43, 0);
  v.setUint32(at + 44, 0, true);
}

export function writeExecutedBody(
  v: DataView,
  at: number,
  clientId: number,
  venueRef: number,
  execId: number,
  side: number,
  liquidity: number,
  price: number,
  qty: number,
  leaves: number,
  fee: number,
): void {
  setI64(v, at + 32, clientId);
  setI64(v, at + 40, venueRef);
  setI64(v, at + 48, execId);
  setI64(v, at + 56, price);
  setI64(v, at + 64, qty);
  setI64(v, at + 72, leaves);
  v.setFloat64(at + 80, fee, true);
  v.setInt8(at + 88, side);
  v.setUint8(at + 89, liquidity);
  v.setUint16(at + 90, 0, true);
  v.setUint32(at + 92, 0, true);
}

export function writeCancelSentBody(v: DataView, at: number, clientId: number): void {
  setI64(v, at + 32, clientId);
}

export function writeCancelledBody(v: DataView, at: number, clientId: number, cancelledQty: number, leaves: number, reason: number): void {
  setI64(v, at + 32, clientId);
  setI64(v, at + 40, cancelledQty);
  setI64(v, at + 48, leaves);
  v.setUint16(at + 56, reason, true);
  v.setUint16(at + 58, 0, true);
  v.setUint32(at + 60, 0, true);
}

export function writeReplaceSentBody(v: DataView, at: number, clientId: number, newClientId: number, price: number, qty: number): void {
  setI64(v, at + 32, clientId);
  setI64(v, at + 40, newClientId);
  setI64(v, at + 48, price);
  setI64(v, at + 56, qty);
}

export function writeReplacedBody(v: DataView, at: number, clientId: number, newClientId: number, venueRef: number, price: number, leaves: number): void {
  setI64(v, at + 32, clientId);
  setI64(v, at + 40, newClientId);
  setI64(v, at + 48, venueRef);
  setI64(v, at + 56, price);
  setI64(v, at + 64, leaves);
}

/** SessionStart body; `label` is already UTF-8 (≤ MAX_LABEL_BYTES). Returns the record size. */
export function writeSessionStartBody(v: DataView, bytes: Uint8Array, at: number, originNs: bigint, pid: number, policy: number, label: Uint8Array): number {
  v.setBigInt64(at + 32, originNs, true);
  v.setUint32(at + 40, pid, true);
  v.setUint16(at + 44, policy, true);
  v.setUint16(at + 46, label.length, true);
  bytes.set(label, at + SESSION_START_FIXED_BYTES);
  const size = SESSION_START_FIXED_BYTES + pad8(label.length);
  bytes.fill(0, at + SESSION_START_FIXED_BYTES + label.length, at + size);
  return size;
}

export function checkpointSize(positions: number, orders: number): number {
  return CHECKPOINT_FIXED_BYTES + positions * CHECKPOINT_POSITION_BYTES + orders * CHECKPOINT_ORDER_BYTES;
}

export function writeCheckpointFixed(v: DataView, at: number, positions: number, orders: number, maxClientId: number, originNs: bigint, sessions: number): void {
  v.setUint32(at + 32, positions, true);
  v.setUint32(at + 36, orders, true);
  setI64(v, at + 40, maxClientId);
  v.setBigInt64(at + 48, originNs, true);
  v.setUint32(at + 56, sessions, true);
  v.setUint32(at + 60, 0, true);
}

export function writeCheckpointPosition(v: DataView, at: number, p: PositionState): void {
  v.setUint32(at, p.instrument, true);
  v.setUint32(at + 4, 0, true);
  setI64(v, at + 8, p.position);
  setI64(v, at + 16, p.costUnits);
  v.setFloat64(at + 24, p.fees, true);
  setI64(v, at + 32, p.fills);
  setI64(v, at + 40, p.filledQty);
}

export function writeCheckpointOrder(v: DataView, at: number, o: OrderState): void {
  setI64(v, at, o.clientId);
  setI64(v, at + 8, o.venueRef);
  setI64(v, at + 16, o.price);
  setI64(v, at + 24, o.qty);
  setI64(v, at + 32, o.leaves);
  setI64(v, at + 40, o.filledQty);
  v.setUint32(at + 48, o.instrument, true);
  v.setInt8(at + 52, o.side);
  v.setUint8(at + 53, o.tif);
  v.setUint8(at + 54, o.status);
  v.setUint8(at + 55, 0);
  setI64(v, at + 56, o.pendingClientId);
}

/** Counts of a checkpoint content, for sizing (iterates once). */
export function countCheckpoint(content: CheckpointContent): { positions: number; orders: number } {
  let positions = 0;
  let orders = 0;
  for (const _p of content.positions) positions++;
  for (const _o of content.orders) orders++;
  return { positions, orders };
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes the (CRC-checked, plausible) record at `at` into a plain object. */
export function decodeRecord(v: DataView, bytes: Uint8Array, at: number): JournalRecord {
  const type = v.getUint8(at + H_TYPE);
  const instrument = v.getUint32(at + H_INSTRUMENT, true);
  const seq = getI64(v, at + H_SEQ);
  const localNs = getI64(v, at + H_LOCAL_NS);
  switch (type) {
    case RecordType.SessionStart: {
      const n = v.getUint16(at + 46, true);
      return {
        type,
        seq,
        localNs,
        instrument,
        originNs: v.getBigInt64(at + 32, true),
        pid: v.getUint32(at + 40, true),
        policy: v.getUint16(at + 44, true),
        label: utf8.decode(bytes.subarray(at + SESSION_START_FIXED_BYTES, at + SESSION_START_FIXED_BYTES + n)),
      };
    }
    case RecordType.OrderSent:
      return {
        type,
        seq,
        localNs,
        instrument,
        clientId: getI64(v, at + 32),
        price: getI64(v, at + 40),
        qty: getI64(v, at + 48),
        side: v.getInt8(at + 56),
        tif: v.getUint8(at + 57),
      };
    case RecordType.Accepted:
      return { type, seq, localNs, instrument, clientId: getI64(v, at + 32), venueRef: getI64(v, at + 40), price: getI64(v, at + 48), leaves: getI64(v, at + 56) };
    case RecordType.Rejected:
      return { type, seq, localNs, instrument, clientId: getI64(v, at + 32), reason: v.getUint16(at + 40, true), target: v.getUint8(at + 42) };
    case RecordType.Executed:
      return {
        type,
        seq,
        localNs,
        instrument,
        clientId: getI64(v, at + 32),
        venueRef: getI64(v, at + 40),
        execId: getI64(v, at + 48),
        price: getI64(v, at + 56),
        qty: getI64(v, at + 64),
        leaves: getI64(v, at + 72),
        fee: v.getFloat64(at + 80, true),
        side: v.getInt8(at + 88),
        liquidity: v.getUint8(at + 89),
      };
    case RecordType.CancelSent:
      return { type, seq, localNs, instrument, clientId: getI64(v, at + 32) };
    case RecordType.Cancelled:
      return {
        type,
        seq,
        localNs,
        instrument,
        clientId: getI64(v, at + 32),
        cancelledQty: getI64(v, at + 40),
        leaves: getI64(v, at + 48),
        reason: v.getUint16(at + 56, true),
      };
    case RecordType.ReplaceSent:
      return { type, seq, localNs, instrument, clientId: getI64(v, at + 32), newClientId: getI64(v, at + 40), price: getI64(v, at + 48), qty: getI64(v, at + 56) };
    case RecordType.Replaced:
      return {
        type,
        seq,
        localNs,
        instrument,
        clientId: getI64(v, at + 32),
        newClientId: getI64(v, at + 40),
        venueRef: getI64(v, at + 48),
        price: getI64(v, at + 56),
        leaves: getI64(v, at + 64),
      };
    case RecordType.Checkpoint: {
      const np = v.getUint32(at + 32, true);
      const no = v.getUint32(at + 36, true);
      const positions: PositionState[] = [];
      const orders: OrderState[] = [];
      let p = at + CHECKPOINT_FIXED_BYTES;
      for (let i = 0; i < np; i++, p += CHECKPOINT_POSITION_BYTES) {
        positions.push({
          instrument: v.getUint32(p, true),
          position: getI64(v, p + 8),
          costUnits: getI64(v, p + 16),
          fees: v.getFloat64(p + 24, true),
          fills: getI64(v, p + 32),
          filledQty: getI64(v, p + 40),
        });
      }
      for (let i = 0; i < no; i++, p += CHECKPOINT_ORDER_BYTES) {
        orders.push({
          clientId: getI64(v, p),
          venueRef: getI64(v, p + 8),
          price: getI64(v, p + 16),
          qty: getI64(v, p + 24),
          leaves: getI64(v, p + 32),
          filledQty: getI64(v, p + 40),
          instrument: v.getUint32(p + 48, true),
          side: v.getInt8(p + 52),
          tif: v.getUint8(p + 53),
          status: v.getUint8(p + 54) as OrderStatus,
          pendingClientId: getI64(v, p + 56),
        });
      }
      return {
        type,
        seq,
        localNs,
        instrument,
        maxClientId: getI64(v, at + 40),
        originNs: v.getBigInt64(at + 48, true),
        sessions: v.getUint32(at + 56, true),
        positions,
        orders,
      };
    }
    default:
      throw new Error(`decodeRecord: unknown record type ${type}`);
  }
}
