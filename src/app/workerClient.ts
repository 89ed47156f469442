import * as Comlink from 'comlink';
import type { UserError, WorkerApi } from '../worker/protocol';
import type { ReadWatchMessage } from '../worker/openFile';

/** How long one call into HDF5 may go without a word before the page gives up on the worker. */
export const READER_PATIENCE_MS = 30_000;

/** Why the page replaced its worker. */
export type WorkerLoss = UserError & { code: 'reader-crashed' };

interface Current {
  worker: Worker;
  api: Comlink.Remote<WorkerApi>;
  lost: Promise<WorkerLoss>;
  lose: (loss: WorkerLoss) => void;
}

let current: Current | null = null;

/** The one Web Worker that owns h5wasm and tfjs (a new one after the last was replaced). */
export function workerApi(): Comlink.Remote<WorkerApi> {
  return start().api;
}

/** Settles if the current worker is replaced: a call that raced it will never be answered. */
export function workerLost(): Promise<WorkerLoss> {
  return start().lost;
}

/**
 * Replaces the worker: after HDF5 aborted in it (its memory is in an unknown state), or when it is
 * stuck in one HDF5 call. Everything the old one held is gone; the next call starts a fresh one.
 */
export function replaceWorker(loss: WorkerLoss): void {
  if (!current) return;
  const { worker, lose } = current;
  current = null;
  worker.terminate();
  lose(loss);
}

function start(): Current {
  if (current) return current;
  const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'perturbscope' });
  const api = Comlink.wrap<WorkerApi>(worker);
  let lose: (loss: WorkerLoss) => void = () => undefined;
  const lost = new Promise<WorkerLoss>((resolve) => (lose = resolve));
  const self: Current = { worker, api, lost, lose };
  current = self;
  watchReads(self);
  void api.configure(new URL('data/', document.baseURI).href);
  return self;
}

/** Hears the worker's HDF5 calls; replaces it when one makes no progress for READER_PATIENCE_MS. */
function watchReads(w: Current): void {
  let depth = 0;
  let what = '';
  let since = 0;
  w.worker.addEventListener('message', (e: MessageEvent<Partial<ReadWatchMessage>>) => {
    const rw = e.data?.readWatch;
    if (!rw) return;
    depth = rw.depth;
    what = rw.what ?? what;
    since = performance.now();
  });
  const timer = setInterval(() => {
    if (current !== w) return clearInterval(timer);
    if (depth > 0 && performance.now() - since > READER_PATIENCE_MS) {
      clearInterval(timer);
      replaceWorker({
        code: 'reader-crashed',
        message: `HDF5 stopped responding while reading ${what}: no progress in ${READER_PATIENCE_MS / 1000} s, so the file is probably damaged.`,
        hint: 'Fetch or export the file again.',
      });
    }
  }, 1000);
}

export { Comlink };
