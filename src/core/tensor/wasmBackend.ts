/**
 * The WASM backend, with two of its kernels replaced by faster ones. Import this module wherever
 * the WASM backend is wanted, instead of '@tensorflow/tfjs-backend-wasm'.
 *
 * - GatherV2 (rows along the first axis, the only gather our models use). The backend's kernel
 *   checks every index through a closure and walks every element through 4-D strides: 60,000 rows of
 *   64 values took 170–240 ms on this project's machine, where copying whole rows between views of
 *   the WASM heap takes 9–11 ms. Message passing and attention over graph edges are gathers: they
 *   were a fifth of GEARS's epoch and half of APP's and TxPert's (`npm run bench:profile`).
 * - Identity. tfjs keeps every tensor a gradient needs by cloning it, and the backend's clone copies
 *   the data (a 32 × 1,000 × 64 activation: 8 MB per saved tensor per step). Here the clone shares
 *   the data and counts a reference, as the CPU backend's clone and the WASM backend's own Reshape
 *   already do; no kernel writes into its inputs, so sharing is safe.
 * Any other case runs the backend's own kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type KernelArgs = Parameters<tf.KernelFunc>[0];

function replace(name: string, make: (original: tf.KernelFunc) => tf.KernelFunc): void {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the WASM backend has no ${name} kernel to replace`);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...kernel, kernelFunc: make(kernel.kernelFunc) });
}

replace(tf.GatherV2, (original) => (args: KernelArgs) => {
  const backend = args.backend as BackendWasm;
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as tf.GatherV2Attrs;
  if (x.dtype === 'string' || batchDims !== 0 || tf.util.parseAxisParam(axis, x.shape)[0] !== 0) return original(args);
  const n = x.shape[0];
  const width = tf.util.sizeFromShape(x.shape.slice(1));
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  // Views are taken after the output is allocated: an allocation can grow (and move) the heap.
  const src = backend.typedArrayFromHeap(x);
  const rows = backend.typedArrayFromHeap(indices);
  const dst = backend.typedArrayFromHeap(out);
  for (let e = 0; e < rows.length; e++) {
    const r = rows[e];
    if (!(r >= 0 && r < n)) {
      backend.disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${r} is not in [0, ${n - 1}]`);
    }
    if (width === 1) dst[e] = src[r];
    else dst.set(src.subarray(r * width, (r + 1) * width), e * width);
  }
  return out;
});

replace(tf.Identity, (original) => (args: KernelArgs) => {
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  if (x.dtype === 'string') return original(args);
  (args.backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
});
