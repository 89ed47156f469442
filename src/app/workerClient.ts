import * as Comlink from 'comlink';
import type { WorkerApi } from '../worker/protocol';

let api: Comlink.Remote<WorkerApi> | null = null;

/** The one Web Worker that owns h5wasm and tfjs. */
export function workerApi(): Comlink.Remote<WorkerApi> {
  if (!api) {
    const w = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'perturbscope' });
    api = Comlink.wrap<WorkerApi>(w);
  }
  return api;
}

export { Comlink };
