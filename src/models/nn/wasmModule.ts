/**
 * A minimal WebAssembly binary encoder, enough for the small hand-written kernels of the compiled
 * predictors (no toolchain, no dependency): functions over one imported memory (`env.memory`), each
 * exported by name. Bodies are written as opcode bytes with the helpers below, in the order of the
 * WebAssembly core spec (binary format, §5) and its fixed-width SIMD proposal (opcodes after 0xfd).
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Structured control; `block`, `loop` and `if` are followed by a block type (EMPTY: no result). */
export const EMPTY = 0x40;
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  /** Memory access: followed by memarg (log2 alignment, offset). */
  i32Load: 0x28,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  f64Eq: 0x61,
  f64Le: 0x65,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f32DemoteF64: 0xb6,
  f64PromoteF32: 0xbb,
} as const;

/** SIMD instructions: the 0xfd prefix, then the opcode as unsigned LEB128. */
export const simd = {
  v128Load: [0xfd, 0x00],
  v128Store: [0xfd, 0x0b],
  f64x2Splat: [0xfd, 0x14],
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Mul: [0xfd, 0xf2, 0x01],
  f64x2Max: [0xfd, 0xf5, 0x01],
} as const;

export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`uleb: ${n} is not a u32`);
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new RangeError(`sleb: ${n} is not an i32`);
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** `i32.const n`. */
export function i32(n: number): number[] {
  return [op.i32Const, ...sleb(n)];
}

/** `f64.const v` (8 bytes, little-endian). */
export function f64(v: number): number[] {
  return [op.f64Const, ...new Uint8Array(Float64Array.of(v).buffer)];
}

/** A memory instruction's immediate: log2 of the alignment hint, then the constant offset in bytes. */
export function memarg(alignLog2: number, offset = 0): number[] {
  return [...uleb(alignLog2), ...uleb(offset)];
}

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Further locals, one type each (numbered after the params). */
  readonly locals: readonly number[];
  /** The instructions, without the final `end`. */
  readonly body: readonly number[];
}

function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, content: readonly number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

/** A module importing `env.memory` (at least `minPages` pages of 64 KiB) and exporting `functions`. */
export function encodeWasmModule(functions: readonly WasmFunction[], minPages = 1): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const imports = vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(minPages)]]);
  const funcs = vec(functions.map((_, i) => uleb(i)));
  const exports = vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const bodies = vec(
    functions.map((f) => {
      // Locals as runs of one type.
      const runs: number[][] = [];
      for (const t of f.locals) {
        const last = runs[runs.length - 1];
        if (last && last[1] === t) last[0]++;
        else runs.push([1, t]);
      }
      const code = [...uleb(runs.length), ...runs.flatMap(([n, t]) => [...uleb(n), t]), ...f.body, op.end];
      return [...uleb(code.length), ...code];
    }),
  );
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...section(1, vec(types)), ...section(2, imports), ...section(3, funcs), ...section(7, exports), ...section(10, bodies)]);
}

/** The part of the WebAssembly JS API the kernels use (the project's `lib` has no WebAssembly typings). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: { initial: number }) => WasmMemory;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** The runtime's WebAssembly API, or null where there is none. */
export function wasmApi(): WasmApi | null {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}
