import { Worker } from 'node:worker_threads';
import { fitHelperOver, type FromHelper, type ToHelper } from '../core/models/fitHelperPort';
import type { FitHelper } from '../core/models/fitHelper';

/** A helper thread of this process that fits models (see `FitHelper`); `close` ends it (the process waits for it until then). */
export interface FitThread extends FitHelper {
  close(): Promise<void>;
}

/**
 * A worker thread that fits models on `backend()`, the backend of this thread. The thread starts
 * on the first fit (a run of baselines alone never starts it).
 */
export function startFitThread(backend: () => string): FitThread {
  let started: { worker: Worker; helper: FitHelper } | null = null;
  const start = () => {
    const worker = new Worker(new URL('./fitThread.worker.mjs', import.meta.url));
    const helper = fitHelperOver(
      {
        post: (m: ToHelper) => worker.postMessage(m),
        listen: (f: (m: FromHelper) => void) => worker.on('message', f),
        onFailure: (f) => {
          worker.on('error', f);
          worker.on('exit', (code) => f(new Error(`the helper thread stopped (exit code ${code})`)));
        },
      },
      backend,
    );
    return { worker, helper };
  };
  return {
    fit: (id, view, opts, query) => (started ??= start()).helper.fit(id, view, opts, query),
    close: async () => {
      await started?.worker.terminate();
      started = null;
    },
  };
}
