import { EMPTY, F64, I32, V128, encodeWasmModule, f64, i32, memarg, op, simd, uleb, wasmApi, type WasmMemory } from './wasmModule.ts';

const get = (i: number): number[] => [op.localGet, ...uleb(i)];
const set = (i: number): number[] => [op.localSet, ...uleb(i)];
const tee = (i: number): number[] => [op.localTee, ...uleb(i)];
/** local i += n (a pointer step). */
const bump = (i: number, n: number): number[] => [...get(i), ...i32(n), op.i32Add, ...set(i)];

/**
 * standardize(x, mean, invStd, out, n): out[c] = fround((x[c] − mean[c]) · invStd[c]), or 0 (the training
 * mean) when that is not finite: MlpPredictor's input step, the same IEEE operations in the same order.
 */
function standardizeBody(): number[] {
  const [x, mean, inv, out, n, v] = [0, 1, 2, 3, 4, 5];
  return [
    op.block, EMPTY,
    ...get(n), op.i32Eqz, op.brIf, 0,
    op.loop, EMPTY,
    ...get(x), op.f64Load, ...memarg(3), ...get(mean), op.f64Load, ...memarg(3), op.f64Sub, ...get(inv), op.f64Load, ...memarg(3), op.f64Mul, ...set(v),
    ...get(out),
    ...get(v), op.f32DemoteF64, op.f64PromoteF32,
    ...f64(0),
    ...get(v), ...get(v), op.f64Sub, ...f64(0), op.f64Eq,
    op.select,
    op.f64Store, ...memarg(3),
    ...bump(x, 8), ...bump(mean, 8), ...bump(inv, 8), ...bump(out, 8),
    ...get(n), ...i32(1), op.i32Sub, ...tee(n), op.brIf, 0,
    op.end,
    op.end,
  ];
}

/**
 * dense(in, nin, w, b, out, blocks, floor): a fully connected layer, eight outputs (four f64x2
 * accumulators) at a time: acc = b[o..o+8) + Σ_i in[i] · w[block][i][0..8), then out = max(acc, floor)
 * (floor 0: ReLU; −∞: linear). Weights are blocked [nout/8][nin][8], so the inner loop reads them
 * sequentially and loads each input once per block.
 */
function denseBody(): number[] {
  const [input, nin, w, b, out, blocks, floor] = [0, 1, 2, 3, 4, 5, 6];
  const [p, i, a0, a1, a2, a3, v, fl] = [7, 8, 9, 10, 11, 12, 13, 14];
  const acc = [a0, a1, a2, a3];
  return [
    ...get(floor), ...simd.f64x2Splat, ...set(fl),
    op.block, EMPTY,
    ...get(blocks), op.i32Eqz, op.brIf, 0,
    op.loop, EMPTY,
    ...acc.flatMap((a, k) => [...get(b), ...simd.v128Load, ...memarg(3, 16 * k), ...set(a)]),
    ...get(input), ...set(p),
    ...get(nin), ...set(i),
    op.block, EMPTY,
    ...get(i), op.i32Eqz, op.brIf, 0,
    op.loop, EMPTY,
    ...get(p), op.f64Load, ...memarg(3), ...simd.f64x2Splat, ...set(v),
    ...acc.flatMap((a, k) => [...get(a), ...get(w), ...simd.v128Load, ...memarg(3, 16 * k), ...get(v), ...simd.f64x2Mul, ...simd.f64x2Add, ...set(a)]),
    ...bump(w, 64), ...bump(p, 8),
    ...get(i), ...i32(1), op.i32Sub, ...tee(i), op.brIf, 0,
    op.end,
    op.end,
    ...acc.flatMap((a, k) => [...get(out), ...get(a), ...get(fl), ...simd.f64x2Max, ...simd.v128Store, ...memarg(3, 16 * k)]),
    ...bump(b, 64), ...bump(out, 64),
    ...get(blocks), ...i32(1), op.i32Sub, ...tee(blocks), op.brIf, 0,
    op.end,
    op.end,
  ];
}

/** The kernel module's bytes (about 300): two functions over an imported memory. */
export function mlpKernelBytes(): Uint8Array {
  return encodeWasmModule([
    { name: 'standardize', params: [I32, I32, I32, I32, I32], results: [], locals: [F64], body: standardizeBody() },
    { name: 'dense', params: [I32, I32, I32, I32, I32, I32, F64], results: [], locals: [I32, I32, V128, V128, V128, V128, V128, V128], body: denseBody() },
  ]);
}

export interface MlpKernel {
  readonly memory: WasmMemory;
  standardize(x: number, mean: number, invStd: number, out: number, n: number): void;
  dense(input: number, nin: number, w: number, b: number, out: number, blocks: number, floor: number): void;
}

let compiled: object | null | undefined;

/** A kernel instance over its own memory of `bytes`, or null where WebAssembly SIMD is unavailable. */
export function instantiateMlpKernel(bytes: number): MlpKernel | null {
  const wasm = wasmApi();
  if (wasm === null) return null;
  if (compiled === undefined) {
    const code = mlpKernelBytes();
    compiled = wasm.validate(code) ? new wasm.Module(code) : null;
  }
  if (compiled === null) return null;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const { exports } = new wasm.Instance(compiled, { env: { memory } });
  return { memory, standardize: exports.standardize as MlpKernel['standardize'], dense: exports.dense as MlpKernel['dense'] };
}
