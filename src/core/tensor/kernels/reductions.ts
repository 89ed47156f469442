import bytes from './reductionsWasm';

interface Kernels {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  accumulate(x: number, dy: number, out: number, K: number, M: number, N: number): void;
  columnSums(x: number, out: number, K: number, N: number): void;
}

/** WebAssembly as every host the core runs in has it (typed here: the core compiles without host types). */
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (code: Uint8Array) => object;
      Instance: new (module: object) => { exports: unknown };
    };
  }
).WebAssembly;

let kernels: Kernels | null = null;

/** Rows copied into the kernels' memory per call: small enough to stay in cache while a kernel reads them. */
const CHUNK_BYTES = 1 << 18;
const PAGE = 1 << 16;

/** The kernels' memory as floats, at least `floats` long. */
function memory(floats: number): { k: Kernels; heap: Float32Array } {
  kernels ??= new wasm.Instance(new wasm.Module(bytes)).exports as Kernels;
  const have = kernels.memory.buffer.byteLength;
  if (have < 4 * floats) kernels.memory.grow(Math.ceil((4 * floats - have) / PAGE));
  return { k: kernels, heap: new Float32Array(kernels.memory.buffer) };
}

/**
 * aᵀ·b for row-major a (K × M) and b (K × N): the M × N product over the shared K rows, by the SIMD
 * kernel of reductions.wat on chunks of rows copied into its memory. Columns are padded to the
 * kernel's block (4 of a, 8 of b) where they do not fill one. The product is written into `out`
 * when given: a kernel writes it straight into its output tensor. A fresh array per call was over
 * half of the page's page faults while models trained (Chromium maps a large ArrayBuffer fresh and
 * unmaps it when it is freed).
 */
export function transposedProduct(
  a: Float32Array,
  b: Float32Array,
  K: number,
  M: number,
  N: number,
  out: Float32Array<ArrayBufferLike> = new Float32Array(M * N),
): Float32Array<ArrayBufferLike> {
  const Mp = Math.ceil(M / 4) * 4,
    Np = Math.ceil(N / 8) * 8;
  const rows = Math.max(1, Math.min(K, Math.floor(CHUNK_BYTES / (4 * (Mp + Np)))));
  const aAt = Mp * Np,
    bAt = aAt + rows * Mp;
  const { k, heap } = memory(bAt + rows * Np);
  heap.fill(0, 0, Mp * Np);
  for (let k0 = 0; k0 < K; k0 += rows) {
    const n = Math.min(rows, K - k0);
    copyRows(a, k0, n, M, heap, aAt, Mp);
    copyRows(b, k0, n, N, heap, bAt, Np);
    k.accumulate(4 * aAt, 4 * bAt, 0, n, Mp, Np);
  }
  for (let i = 0; i < M; i++) out.set(heap.subarray(i * Np, i * Np + N), i * N);
  return out;
}

/**
 * Sums over the middle axis of x seen as P × K × N (row-major): the P × N result. N must be a
 * multiple of 4 (the kernel's vector width). Written into `out` when given, as `transposedProduct`.
 */
export function middleAxisSums(
  x: Float32Array,
  P: number,
  K: number,
  N: number,
  out: Float32Array<ArrayBufferLike> = new Float32Array(P * N),
): Float32Array<ArrayBufferLike> {
  if (N % 4) throw new Error(`middleAxisSums needs a multiple of 4 columns, not ${N}`);
  const rows = Math.max(1, Math.min(K, Math.floor(CHUNK_BYTES / (4 * N))));
  const { k, heap } = memory(N + rows * N);
  for (let p = 0; p < P; p++) {
    heap.fill(0, 0, N);
    for (let k0 = 0; k0 < K; k0 += rows) {
      const n = Math.min(rows, K - k0);
      heap.set(x.subarray((p * K + k0) * N, (p * K + k0 + n) * N), N);
      k.columnSums(4 * N, 0, n, N);
    }
    out.set(heap.subarray(0, N), p * N);
  }
  return out;
}

/** Rows k0 … k0 + n of a row-major (· × width) array into `to` at `at`, each row padded to `padded` with zeros. */
function copyRows(
  from: Float32Array,
  k0: number,
  n: number,
  width: number,
  to: Float32Array,
  at: number,
  padded: number,
) {
  if (width === padded) {
    to.set(from.subarray(k0 * width, (k0 + n) * width), at);
    return;
  }
  for (let r = 0; r < n; r++) {
    to.set(from.subarray((k0 + r) * width, (k0 + r + 1) * width), at + r * padded);
    to.fill(0, at + r * padded + width, at + (r + 1) * padded);
  }
}
