import { SIDE_BUY_BYTE, SIDE_SELL_BYTE } from './codes.ts';
import { getI64, getU64 } from './wire.ts';

/**
 * A byte-by-byte description of a packet or message: the single source of the tables in
 * docs/protocol.md, and the reference the hand-written codecs are tested against (every field of every
 * encoded message is read back at its documented offset). Not used on the hot path.
 */
export type FieldType =
  /** a constant letter (packet or message type) */
  | 'char'
  /** one ASCII letter from a code table, held as its code */
  | 'alpha'
  /** 'B' buy / 'S' sell on the wire; +1 / −1 decoded */
  | 'side'
  | 'u16'
  | 'u32'
  | 'i32'
  | 'u64'
  | 'i64'
  /** fixed-width printable ASCII, space padded, held as a Uint8Array */
  | 'text';

const TYPE_LENGTHS: Record<Exclude<FieldType, 'text'>, number> = { char: 1, alpha: 1, side: 1, u16: 2, u32: 4, i32: 4, u64: 8, i64: 8 };

export interface FieldSpec {
  /** The property of the message class (or a label for constants and headers). */
  readonly name: string;
  readonly offset: number;
  readonly length: number;
  readonly type: FieldType;
  readonly meaning: string;
}

export interface LayoutSpec {
  /** Key of the layout in docs/protocol.md (`<!-- layout:key -->`). */
  readonly key: string;
  readonly title: string;
  /** The type letter (packet or message). */
  readonly letter: string;
  /** Fixed length in bytes; for a packet with a variable tail (a message, blocks), its header length. */
  readonly length: number;
  readonly fields: readonly FieldSpec[];
  /** True when a message or blocks follow the fixed part. */
  readonly variableTail: boolean;
}

/** [name, type, meaning] or [name, 'text', length, meaning] */
export type FieldDef = readonly [string, Exclude<FieldType, 'text'>, string] | readonly [string, 'text', number, string];

export function layout(key: string, title: string, letter: string, defs: readonly FieldDef[], variableTail = false): LayoutSpec {
  const fields: FieldSpec[] = [];
  let offset = 0;
  for (const d of defs) {
    const length = d[1] === 'text' ? d[2] : TYPE_LENGTHS[d[1]];
    const meaning = d[1] === 'text' ? d[3] : d[2];
    fields.push({ name: d[0], offset, length, type: d[1], meaning });
    offset += length;
  }
  return { key, title, letter, length: offset, fields, variableTail };
}

/** Reads one field the slow, generic way (tests and docs). 64-bit sentinels as in wire.ts. */
export function readField(b: Uint8Array, base: number, f: FieldSpec): number | Uint8Array {
  const o = base + f.offset;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (f.type) {
    case 'char':
    case 'alpha':
      return b[o];
    case 'side':
      return b[o] === SIDE_BUY_BYTE ? 1 : b[o] === SIDE_SELL_BYTE ? -1 : 0;
    case 'u16':
      return v.getUint16(o);
    case 'u32':
      return v.getUint32(o);
    case 'i32':
      return v.getInt32(o);
    case 'u64':
      return getU64(v, o);
    case 'i64':
      return getI64(v, o);
    case 'text':
      return b.slice(o, o + f.length);
  }
}
