import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Tf = typeof tfType;

/**
 * Replaces tfjs-backend-wasm 4.22's Slice kernel with one that reads its input through a view of the
 * wasm heap. The shipped kernel first copies the *whole* input out of the heap (backend.readSync), so
 * slicing one LSTM step out of [T·batch, 4H] cost ~3 ms and dominated training time. Same results bit
 * for bit (a copy of the same elements); strings and unusual cases go to the original kernel.
 */
export function installWasmSliceKernel(tf: Tf): void {
  const original = tf.getKernel('Slice', 'wasm');
  if (original === undefined || (original as { fast?: boolean }).fast) return;
  const kernelFunc: tfType.KernelFunc = (args) => {
    const x = args.inputs.x as tfType.TensorInfo;
    const backend = args.backend as BackendWasm;
    if (x.dtype === 'string') return original.kernelFunc(args);
    const attrs = args.attrs as { begin: number | number[]; size: number | number[] };
    const [begin, size] = tf.slice_util.parseSliceParams(x as tfType.Tensor, attrs.begin, attrs.size);
    // Allocate first: growing the heap would detach views taken before.
    const out = backend.makeOutput(size, x.dtype);
    const xs = backend.typedArrayFromHeap(x);
    const os = backend.typedArrayFromHeap(out);
    const rank = x.shape.length;
    if (rank === 0 || os.length === 0) return out;
    const strides = new Array<number>(rank);
    strides[rank - 1] = 1;
    for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * x.shape[d + 1];
    const inner = size[rank - 1];
    const idx = new Array<number>(rank).fill(0);
    // Copy runs along the last axis, iterating the outer indices like an odometer.
    for (let o = 0; o < os.length; o += inner) {
      let at = 0;
      for (let d = 0; d < rank; d++) at += (begin[d] + idx[d]) * strides[d];
      os.set(xs.subarray(at, at + inner), o);
      for (let d = rank - 2; d >= 0; d--) {
        if (++idx[d] < size[d]) break;
        idx[d] = 0;
      }
    }
    return out;
  };
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ kernelName: 'Slice', backendName: 'wasm', kernelFunc, fast: true } as tfType.KernelConfig);
}
