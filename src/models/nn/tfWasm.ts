import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installWasmSliceKernel } from './wasmSliceKernel.ts';

let ready: Promise<typeof tf> | undefined;

/**
 * tfjs on the wasm backend (XNNPACK, SIMD), single-threaded, float32: what every net here trains and
 * runs on. Idempotent; the .wasm binaries are read from the installed package (no network).
 *
 * Single-threaded on purpose: the same kernels over the same shapes then give the same bits run after
 * run, which the determinism tests rely on (and the machines this runs on have few cores anyway).
 *
 * What remains outside the seed: results are reproducible on one machine and build, not promised across
 * them — XNNPACK picks SIMD or scalar micro-kernels by CPU (different summation order, last-bit float32
 * differences that training then amplifies), and another tfjs version or backend (cpu, node) may order
 * sums differently too. Initial weights and shuffling never depend on tfjs (SeededRng in plain JS).
 */
export function loadTfWasm(): Promise<typeof tf> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    // A file:// URL with a trailing slash: the wasm loader concatenates the binary's name onto it.
    setWasmPaths(`${pathToFileURL(dist).href}/`);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
    await tf.ready();
    installWasmSliceKernel(tf);
    return tf;
  })();
  return ready;
}
