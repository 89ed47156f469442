/** Compute backends Perturbscope runs tfjs on, best first. */
export type BackendName = 'webgpu' | 'wasm' | 'cpu';

export interface AdapterFacts {
  vendor: string;
  architecture: string;
  description: string;
  /** WebGPU's own flag for a software (fallback) adapter. */
  isFallbackAdapter: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|warp|basic render/i;

/** A software rasteriser posing as a GPU: slower than the WASM backend on the same CPU. */
export function isSoftwareAdapter(a: AdapterFacts): boolean {
  return a.isFallbackAdapter || SOFTWARE.test(`${a.vendor} ${a.architecture} ${a.description}`);
}

/** WebGPU on a real GPU; WASM otherwise (a software adapter counts as no GPU unless the user picks it). */
export function defaultBackend(adapter: AdapterFacts | null): BackendName {
  return adapter && !isSoftwareAdapter(adapter) ? 'webgpu' : 'wasm';
}

export function describeAdapter(a: AdapterFacts | null): string {
  if (!a) return 'no WebGPU adapter';
  const name = [a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return isSoftwareAdapter(a) ? `${name} (software, no GPU)` : name;
}

/**
 * Threads for tfjs's WASM backend: every logical core when the page may share memory between threads
 * (cross-origin isolated), else 1. tfjs's own default is half the cores, which on a 2-core laptop is
 * one; its threaded build keeps a pool of 8 workers, so no more than 8 are asked for.
 */
export function wasmThreads(logicalCores: number | undefined, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated) return 1;
  return Math.max(1, Math.min(8, Math.floor(logicalCores ?? 1)));
}
