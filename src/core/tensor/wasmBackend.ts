/**
 * The WASM backend, with some of its kernels replaced by faster ones. Import this module wherever
 * the WASM backend is wanted, instead of '@tensorflow/tfjs-backend-wasm'.
 *
 * - GatherV2 (rows along the first axis, the only gather our models use). The backend's kernel
 *   checks every index through a closure and walks every element through 4-D strides: 60,000 rows of
 *   64 values took 170–240 ms on this project's machine, where copying whole rows within the WASM
 *   heap (copyWithin) takes 2–3 ms. Message passing and attention over graph edges are gathers: they
 *   were a fifth of GEARS's epoch and half of APP's and TxPert's (`npm run bench:profile`).
 * - Identity. tfjs keeps every tensor a gradient needs by cloning it, and the backend's clone copies
 *   the data (a 32 × 1,000 × 64 activation: 8 MB per saved tensor per step). Here the clone shares
 *   the data and counts a reference, as the CPU backend's clone and the WASM backend's own Reshape
 *   already do; no kernel writes into its inputs, so sharing is safe.
 * - BatchMatMul of aᵀ·b (a single product, transposeA only): the weight gradient of every dense
 *   layer, whose shared dimension is the number of rows. The backend's XNNPACK path takes no
 *   transposed operand and repacks its second operand on every call (25 ns a value: 230 ms of a
 *   290 ms product of 160,000 × 64 rows on a 5,000-gene screen); its other path is a scalar loop
 *   (470 ms). The SIMD kernel of kernels/reductions.wat takes 35 ms and needs no transpose.
 * - Sum of float32 over axes that are not the last ones (a bias's gradient sums over rows; a
 *   broadcast's over the batch). The backend transposes the reduced axes to the end first: 34 ms
 *   for 160,000 × 64 rows, against 5 ms for the kernel of kernels/reductions.wat.
 * - Cast to the tensor's own dtype (every ReLU's gradient casts its 0/1 mask to float32): shared
 *   like Identity instead of copied.
 * - Tanh, as 2·sigmoid(2x) − 1: the backend's tanh is scalar, its sigmoid vectorised (XNNPACK):
 *   50 ms against 5 ms for 32 × 1,300 × 64 values (APP's attention), equal within 2e-7.
 * - Slice, and SplitV and Unpack, which slice. The backend's Slice first copies the whole input out
 *   of the heap (its readSync), whatever the size of the slice: splitting Adam's step for GEARS's
 *   30 variables copied all its weights 30 times a step, and in the page, where the heap is shared
 *   memory, that made GEARS train 2.7× slower. Here each slice copies its own values only.
 * Any other case runs the backend's own kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { middleAxisSums, transposedProduct } from './kernels/reductions';

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
  const copy = heapCopy(src, dst);
  for (let e = 0; e < rows.length; e++) {
    const r = rows[e];
    if (!(r >= 0 && r < n)) {
      backend.disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${r} is not in [0, ${n - 1}]`);
    }
    if (width === 1) dst[e] = src[r];
    else copy(r * width, e * width, width);
  }
  return out;
});

/**
 * Copies `count` values from `src[from]` to `dst[to]`, views of the same WASM heap, with copyWithin
 * on one view of the whole heap: a subarray per row allocated an object per row (60,000 rows of
 * 64 values: 6.5 → 2.2 ms in Node, 13 → 5.8 ms in a Chromium worker).
 */
function heapCopy(src: tf.TypedArray, dst: tf.TypedArray): (from: number, to: number, count: number) => void {
  if (src.buffer !== dst.buffer || src.constructor !== dst.constructor)
    return (from, to, count) => dst.set(src.subarray(from, from + count), to);
  const View = dst.constructor as new (buffer: ArrayBufferLike) => tf.TypedArray;
  const heap = new View(dst.buffer);
  const s0 = src.byteOffset / src.BYTES_PER_ELEMENT;
  const d0 = dst.byteOffset / dst.BYTES_PER_ELEMENT;
  return (from, to, count) => heap.copyWithin(d0 + to, s0 + from, s0 + from + count);
}

/** A kernel that returns its input unchanged shares its data (see the module's note on Identity). */
function share(args: KernelArgs): tf.TensorInfo {
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  (args.backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

replace(
  tf.Identity,
  (original) => (args: KernelArgs) =>
    (args.inputs as { x: tf.TensorInfo }).x.dtype === 'string' ? original(args) : share(args),
);

replace(tf.Cast, (original) => (args: KernelArgs) => {
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  return x.dtype !== 'string' && x.dtype === (args.attrs as unknown as tf.CastAttrs).dtype
    ? share(args)
    : original(args);
});

replace(tf.BatchMatMul, (original) => (args: KernelArgs) => {
  const backend = args.backend as BackendWasm;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const single = (t: tf.TensorInfo) => t.shape.length === 2 || (t.shape.length === 3 && t.shape[0] === 1);
  if (!transposeA || transposeB || a.dtype !== 'float32' || b.dtype !== 'float32' || !single(a) || !single(b))
    return original(args);
  const [K, M] = a.shape.slice(-2),
    [Kb, N] = b.shape.slice(-2);
  if (K !== Kb) return original(args); // the backend's own kernel says what is wrong
  const shape = a.shape.length === 3 || b.shape.length === 3 ? [1, M, N] : [M, N];
  // The output first: allocating it may grow the heap, which would leave earlier views of it empty.
  const out = backend.makeOutput(shape, 'float32');
  transposedProduct(
    backend.typedArrayFromHeap(a) as Float32Array,
    backend.typedArrayFromHeap(b) as Float32Array,
    K,
    M,
    N,
    backend.typedArrayFromHeap(out) as Float32Array,
  );
  return out;
});

replace(tf.Sum, (original) => (args: KernelArgs) => {
  const backend = args.backend as BackendWasm;
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const first = axes[0],
    last = axes[axes.length - 1];
  // Only one run of axes that leaves whole rows of a multiple of 4 values behind it.
  if (x.dtype !== 'float32' || !axes.length || last - first + 1 !== axes.length || last === x.shape.length - 1)
    return original(args);
  const size = (dims: number[]) => dims.reduce((p, q) => p * q, 1);
  const [P, K, N] = [
    size(x.shape.slice(0, first)),
    size(x.shape.slice(first, last + 1)),
    size(x.shape.slice(last + 1)),
  ];
  if (N % 4) return original(args);
  const shape = x.shape.flatMap((n, i) => (i < first || i > last ? [n] : keepDims ? [1] : []));
  const out = backend.makeOutput(shape, 'float32');
  middleAxisSums(
    backend.typedArrayFromHeap(x) as Float32Array,
    P,
    K,
    N,
    backend.typedArrayFromHeap(out) as Float32Array,
  );
  return out;
});

/** Below this many values, the backend's tanh is as fast as the four steps of ours. */
const SMALL = 1 << 14;

replace(tf.Tanh, (original) => (args: KernelArgs) => {
  const backend = args.backend as BackendWasm;
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  if (x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) < SMALL) return original(args);
  const run = (name: string, inputs: Record<string, tf.TensorInfo>) =>
    tf.getKernel(name, 'wasm')!.kernelFunc({ inputs, backend, attrs: {} }) as tf.TensorInfo;
  const scalar = (v: number) => {
    const t = backend.makeOutput([], 'float32');
    (backend.typedArrayFromHeap(t) as Float32Array)[0] = v;
    return t;
  };
  const two = scalar(2),
    one = scalar(1);
  const steps: tf.TensorInfo[] = [two, one];
  const step = (t: tf.TensorInfo) => (steps.push(t), t);
  const s = step(run(tf.Sigmoid, { x: step(run(tf.Multiply, { a: x, b: two })) }));
  const out = run(tf.Sub, { a: step(run(tf.Multiply, { a: s, b: two })), b: one });
  steps.forEach((t) => backend.disposeData(t.dataId));
  return out;
});

/**
 * Copies the block of `src` (a tensor of `shape`) that starts at `begin` and spans `size` into
 * `dst`: one copy per contiguous run (the last axis not taken whole, with every axis after it).
 */
function copyBlock(src: tf.TypedArray, shape: number[], begin: number[], size: number[], dst: tf.TypedArray): void {
  const rank = shape.length;
  if (size.some((n) => n === 0)) return;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const strides = [...tf.util.computeStrides(shape), 1];
  let k = rank - 1;
  while (k > 0 && size[k] === shape[k]) k--;
  const run = tf.util.sizeFromShape(size.slice(k));
  const rows = tf.util.sizeFromShape(size.slice(0, k));
  const index = new Array<number>(k).fill(0);
  const copy = heapCopy(src, dst);
  for (let r = 0; r < rows; r++) {
    let offset = begin[k] * strides[k];
    for (let a = 0; a < k; a++) offset += (begin[a] + index[a]) * strides[a];
    if (run === 1) dst[r] = src[offset];
    else copy(offset, r * run, run);
    for (let a = k - 1; a >= 0 && ++index[a] === size[a]; a--) index[a] = 0;
  }
}

/** A slice of `x` in a new tensor; strings go to the backend's own kernel. */
function sliceOf(backend: BackendWasm, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  // Views are taken after the output is allocated: an allocation can grow (and move) the heap.
  copyBlock(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

replace(tf.Slice, (original) => (args: KernelArgs) => {
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  if (x.dtype === 'string') return original(args);
  const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
  const [b, s] = tf.slice_util.parseSliceParams(x, begin, size);
  return sliceOf(args.backend as BackendWasm, x, b, s);
});

replace(tf.SplitV, (original) => (args: KernelArgs) => {
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  if (x.dtype === 'string') return original(args);
  const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
  const a = tf.util.parseAxisParam(axis, x.shape)[0];
  const begin = x.shape.map(() => 0);
  return tf.backend_util.prepareSplitSize(x, numOrSizeSplits, a).map((n) => {
    const size = x.shape.map((d, i) => (i === a ? n : d));
    const out = sliceOf(args.backend as BackendWasm, x, [...begin], size);
    begin[a] += n;
    return out;
  });
});

replace(tf.Unpack, (original) => (args: KernelArgs) => {
  const x = (args.inputs as { value: tf.TensorInfo }).value;
  if (x.dtype === 'string') return original(args);
  const a = tf.util.parseAxisParam((args.attrs as unknown as tf.UnpackAttrs).axis, x.shape)[0];
  const size = x.shape.map((d, i) => (i === a ? 1 : d));
  const shape = x.shape.filter((_, i) => i !== a);
  return Array.from({ length: x.shape[a] }, (_, k) => {
    const out = sliceOf(
      args.backend as BackendWasm,
      x,
      x.shape.map((_, i) => (i === a ? k : 0)),
      size,
    );
    return { ...out, shape };
  });
});
