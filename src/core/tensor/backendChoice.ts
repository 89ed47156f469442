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
