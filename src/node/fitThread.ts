import { Worker } from 'node:worker_threads';
import { fitHelperOver, type FromHelper, type ToHelper } from '../core/models/fitHelperPort';
import type { FitHelper } from '../core/models/fitHelper';

/** A helper thread of this process that fits models (see `FitHelper`); `close` ends it. */
export interface FitThread extends FitHelper {
  close(): Promise<void>;
}

/** Starts a worker thread that fits models on `backend()`, the backend of this thread. */
export function startFitThread(backend: () => string): FitThread {
  const worker = new Worker(new URL('./fitThread.worker.mjs', import.meta.url));
  // An idle helper must not keep the process alive (a CLI run ends when its work does).
  worker.unref();
  const failures = new Set<(e: Error) => void>();
  worker.on('error', (e: Error) => failures.forEach((f) => f(e)));
  worker.on('exit', (code) => failures.forEach((f) => f(new Error(`the helper thread stopped (exit code ${code})`))));
  const helper = fitHelperOver(
    {
      post: (m: ToHelper) => worker.postMessage(m),
      listen: (f: (m: FromHelper) => void) => worker.on('message', f),
    },
    backend,
  );
  return {
    // A crash of the thread fails the fit it was running, with the thread's error.
    fit: (id, view, opts) =>
      new Promise((resolve, reject) => {
        failures.add(reject);
        helper
          .fit(id, view, opts)
          .then(resolve, reject)
          .finally(() => failures.delete(reject));
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
