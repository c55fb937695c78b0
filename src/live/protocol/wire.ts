/**
 * Big-endian integer and fixed-width ASCII fields, the primitives of both wire protocols
 * (docs/protocol.md). Every integer is big-endian, as at NASDAQ.
 *
 * Fields are read and written through a DataView: V8 compiles `getUint32` / `setUint32` to one bounds
 * check and a byte-swapped load or store, 1.5–3× faster than assembling bytes by hand in our
 * measurements (docs/protocol.md, "Speed"). A sender makes one DataView over its send buffer
 * (`wireView`) and reuses it; FrameReader keeps one per chunk.
 *
 * Readers never throw on a value and never allocate: 64-bit readers return a sentinel when the value is
 * outside the range a JS number holds exactly (±(2^53 − 1)), so decoders can count the message as
 * malformed instead of delivering a silently rounded value. Writers check that the value fits the field
 * and throw RangeError otherwise: a value the wire cannot carry is a bug in the caller, never input from
 * the network.
 */

const TWO_32 = 4294967296;
/** Largest high half (bits 32–63) of a u64 that is still a safe integer. */
const SAFE_HIGH = 0x1fffff;

/** A DataView over exactly the bytes of `bytes` (make it once per buffer, not per message). */
export function wireView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An unsigned 64-bit field as a number, or −1 when it exceeds 2^53 − 1. */
export function getU64(v: DataView, o: number): number {
  const hi = v.getUint32(o);
  if (hi > SAFE_HIGH) return -1;
  return hi * TWO_32 + v.getUint32(o + 4);
}

/** A signed (two's complement) 64-bit field as a number, or NaN when |value| exceeds 2^53 − 1. */
export function getI64(v: DataView, o: number): number {
  const hi = v.getInt32(o);
  if (hi > SAFE_HIGH || hi < -SAFE_HIGH - 1) return NaN;
  const x = hi * TWO_32 + v.getUint32(o + 4);
  return x < -Number.MAX_SAFE_INTEGER ? NaN : x;
}

function outOfRange(field: string, value: number, type: string): RangeError {
  return new RangeError(`field "${field}": ${value} does not fit ${type}`);
}

export function putU8(v: DataView, o: number, x: number, field: string): void {
  if ((x & 0xff) !== x) throw outOfRange(field, x, 'u8');
  v.setUint8(o, x);
}

export function putU16(v: DataView, o: number, x: number, field: string): void {
  if ((x & 0xffff) !== x) throw outOfRange(field, x, 'u16');
  v.setUint16(o, x);
}

export function putU32(v: DataView, o: number, x: number, field: string): void {
  if (x >>> 0 !== x) throw outOfRange(field, x, 'u32');
  v.setUint32(o, x);
}

export function putI32(v: DataView, o: number, x: number, field: string): void {
  if ((x | 0) !== x) throw outOfRange(field, x, 'i32');
  v.setInt32(o, x);
}

export function putU64(v: DataView, o: number, x: number, field: string): void {
  if (!(x >= 0 && x <= Number.MAX_SAFE_INTEGER) || Math.floor(x) !== x) throw outOfRange(field, x, 'u64 (safe integer)');
  const hi = Math.floor(x / TWO_32);
  v.setUint32(o, hi);
  v.setUint32(o + 4, x - hi * TWO_32);
}

export function putI64(v: DataView, o: number, x: number, field: string): void {
  if (!(x >= -Number.MAX_SAFE_INTEGER && x <= Number.MAX_SAFE_INTEGER) || Math.floor(x) !== x) {
    throw outOfRange(field, x, 'i64 (safe integer)');
  }
  const hi = Math.floor(x / TWO_32);
  v.setInt32(o, hi);
  v.setUint32(o + 4, x - hi * TWO_32);
}

/** Throws RangeError unless `length` bytes fit at `o` (so nothing is written short). */
export function checkRoom(v: DataView, o: number, length: number): void {
  if (!(o >= 0 && o + length <= v.byteLength)) throw new RangeError(`no room for ${length} bytes at offset ${o} (buffer ${v.byteLength})`);
}

// ---- Fixed-width ASCII text (session ids, credentials): printable ASCII 0x20–0x7E, space padded. ----

const SPACE = 0x20;

/** True when every byte of `[o, o + n)` is printable ASCII (space included). */
export function isPrintableAt(v: DataView, o: number, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const c = v.getUint8(o + i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

export function isPrintable(text: Uint8Array): boolean {
  for (let i = 0; i < text.length; i++) if (text[i] < 0x20 || text[i] > 0x7e) return false;
  return true;
}

/** Wire bytes → a message's preallocated text field (no allocation). */
export function readBytes(v: DataView, o: number, dst: Uint8Array): void {
  for (let i = 0; i < dst.length; i++) dst[i] = v.getUint8(o + i);
}

/** A message's text field → the wire. */
export function writeBytes(v: DataView, o: number, src: Uint8Array): void {
  for (let i = 0; i < src.length; i++) v.setUint8(o + i, src[i]);
}

/**
 * Text → a fixed-width field: left-aligned and right-padded with spaces (SoupBinTCP's alphanumeric
 * fields), or right-aligned and left-padded (`alignRight`, SoupBinTCP's session id). Throws when the
 * text is too long or not printable ASCII. For set-up, not the hot path.
 */
export function setText(field: Uint8Array, text: string, alignRight = false): void {
  const n = field.length;
  if (text.length > n) throw new RangeError(`"${text}" is longer than ${n} characters`);
  const pad = alignRight ? n - text.length : 0;
  field.fill(SPACE);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw new RangeError(`"${text}" is not printable ASCII`);
    field[pad + i] = c;
  }
}

/** A fixed-width text field → its text without padding (allocates a string; not for the hot path). */
export function getText(field: Uint8Array): string {
  let a = 0;
  let z = field.length;
  while (a < z && field[a] === SPACE) a++;
  while (z > a && field[z - 1] === SPACE) z--;
  return String.fromCharCode(...field.subarray(a, z));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Epoch nanoseconds split into the two 32-bit halves of a big-endian i64 (high signed, low unsigned). */
export function splitI64(ns: bigint): { high: number; low: number } {
  return { high: Number(BigInt.asIntN(32, ns >> 32n)), low: Number(BigInt.asUintN(32, ns)) };
}

export function joinI64(high: number, low: number): bigint {
  return (BigInt(high) << 32n) | BigInt(low >>> 0);
}
