import * as tf from '@tensorflow/tfjs-core';
import './backendSetup';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { aggregate } from '../core/tensor/messagePassing';
import { defaultBackend, describeAdapter, type AdapterFacts, type BackendName } from '../core/tensor/backendChoice';

export interface BackendStatus {
  active: BackendName;
  /** The backend Perturbscope would pick by itself. */
  recommended: BackendName;
  adapter: string;
  softwareAdapter: boolean;
  available: BackendName[];
  /** Threads the WASM backend computes with (1 unless the page is cross-origin isolated). */
  threads: number;
  /** The machine's logical cores, as the browser reports them (models train at once on them). */
  cores: number;
  /** Largest |difference| of a small test computation against plain JavaScript. */
  selfTestMaxError: number;
  note: string;
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string };
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<{ vendor?: string; architecture?: string; description?: string }>;
}
interface GpuLike {
  requestAdapter(opts?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

let adapterFacts: AdapterFacts | null | undefined;

export async function probeAdapter(): Promise<AdapterFacts | null> {
  if (adapterFacts !== undefined) return adapterFacts;
  const gpu = (self.navigator as unknown as { gpu?: GpuLike }).gpu;
  let facts: AdapterFacts | null = null;
  if (gpu) {
    try {
      const a = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (a) {
        const info = a.info ?? (a.requestAdapterInfo ? await a.requestAdapterInfo() : {});
        facts = {
          vendor: info.vendor ?? '',
          architecture: info.architecture ?? '',
          description: info.description ?? '',
          isFallbackAdapter: !!a.isFallbackAdapter,
        };
      }
    } catch {
      facts = null;
    }
  }
  adapterFacts = facts;
  return facts;
}

/**
 * The ops models are built from — a matmul, message passing (gather + scatter) and its gradient —
 * checked against plain JavaScript on the active backend. Returns the largest |difference|.
 */
function selfTest(): number {
  const n = 16,
    d = 8;
  const a = Float32Array.from({ length: n * d }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: d * d }, (_, i) => Math.cos(i));
  const src = Int32Array.from({ length: 3 * n }, (_, e) => (e * 7) % n);
  const dst = Int32Array.from({ length: 3 * n }, (_, e) => (e * 5 + 3) % n);
  const w = Float32Array.from({ length: 3 * n }, (_, e) => 0.5 + (e % 3) / 4);
  // Reference: h = a·b; out[v] = Σ w h[u]; gradient of Σ out w.r.t. a = (Σ_{u→v} w)[u] · rowsum(b).
  const h = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) h[i * d + j] += a[i * d + k] * b[k * d + j];
  const out = new Float64Array(n * d);
  const outW = new Float64Array(n);
  src.forEach((u, e) => {
    outW[u] += w[e];
    for (let j = 0; j < d; j++) out[dst[e] * d + j] += w[e] * h[u * d + j];
  });
  const rowSumB = Array.from({ length: d }, (_, k) => b.slice(k * d, k * d + d).reduce((s, v) => s + v, 0));
  const [got, grad] = tf.tidy(() => {
    const S = tf.tensor1d(src, 'int32'),
      D = tf.tensor1d(dst, 'int32'),
      W = tf.tensor1d(w),
      B = tf.tensor2d(b, [d, d]);
    const f = (x: tf.Tensor) => aggregate(tf.matMul(x as tf.Tensor2D, B), S, D, W, n);
    const g = tf.grad((x: tf.Tensor) => tf.sum(f(x)))(tf.tensor2d(a, [n, d]));
    return [f(tf.tensor2d(a, [n, d])).dataSync(), g.dataSync()] as const;
  });
  let err = 0;
  for (let i = 0; i < n * d; i++) err = Math.max(err, Math.abs(got[i] - out[i]));
  for (let i = 0; i < n; i++)
    for (let k = 0; k < d; k++) err = Math.max(err, Math.abs(grad[i * d + k] - outW[i] * rowSumB[k]));
  return err;
}

/** Why the WebGPU device was lost, once it was (it does not come back in this page). */
let deviceLoss: Promise<string> | null = null;
let lostReason: string | null = null;

/** Watches the active WebGPU device: when it is lost (a driver reset, `destroy()`), `lostDevice` says why. */
function watchDevice(onLost: () => void): void {
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ reason?: string; message?: string }> } })
    .device;
  if (!device?.lost || deviceLoss) return;
  deviceLoss = device.lost.then((info) => {
    lostReason = [info.reason, info.message?.replace(/\.$/, '')].filter(Boolean).join(': ') || 'unknown reason';
    onLost();
    return lostReason;
  });
}

/**
 * The reason the WebGPU device was lost, or null when it was not. A failure seen during training
 * may arrive a moment before the device's own report: it is awaited briefly.
 */
export async function lostDevice(): Promise<string | null> {
  if (!deviceLoss || lostReason) return lostReason;
  return Promise.race([deviceLoss, new Promise<null>((r) => setTimeout(() => r(null), 1000))]);
}

export async function useBackend(
  requested: BackendName | 'auto',
  onDeviceLost: () => void = () => undefined,
): Promise<BackendStatus> {
  const adapter = await probeAdapter();
  const recommended = lostReason ? 'wasm' : defaultBackend(adapter);
  const available: BackendName[] = adapter && !lostReason ? ['webgpu', 'wasm', 'cpu'] : ['wasm', 'cpu'];
  let want = requested === 'auto' ? recommended : requested;
  let note = '';
  if (lostReason) {
    note = `The GPU device was lost (${lostReason}): WebGPU stays off until the page is reloaded; the trained models were kept on WASM. `;
    if (want === 'webgpu') want = 'wasm';
  }
  let ok = false;
  try {
    ok = await tf.setBackend(want);
    await tf.ready();
  } catch (e) {
    note = `${want} failed to start (${(e as Error).message}); `;
  }
  if (!ok || tf.getBackend() !== want) {
    const fallback: BackendName = want === 'wasm' ? 'cpu' : 'wasm';
    note += `${want} is unavailable here, using ${fallback}.`;
    await tf.setBackend(fallback);
    await tf.ready();
  }
  const active = tf.getBackend() as BackendName;
  if (active === 'webgpu') watchDevice(onDeviceLost);
  const softwareAdapter = !!adapter && recommended !== 'webgpu';
  if (active === 'webgpu' && softwareAdapter)
    note ||= 'WebGPU runs on a software adapter here: expect it to be slower than WASM.';
  return {
    active,
    recommended,
    adapter: describeAdapter(adapter),
    softwareAdapter,
    available,
    threads: active === 'wasm' ? getThreadsCount() : 1,
    cores: self.navigator.hardwareConcurrency || 1,
    selfTestMaxError: selfTest(),
    note,
  };
}
