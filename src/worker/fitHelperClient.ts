import { fitHelperOver, type FromHelper, type ToHelper } from '../core/models/fitHelperPort';
import type { FitHelper } from '../core/models/fitHelper';

/**
 * Starts the helper worker (src/worker/fitHelper.worker.ts) beside this one, fitting models on
 * `backend()`. Assets it needs are fetched under `assetBase`; `onDead` hears that it failed for good.
 */
export function startFitHelper(assetBase: string, backend: () => string, onDead: () => void): FitHelper {
  const worker = new Worker(new URL('./fitHelper.worker.ts', import.meta.url), {
    type: 'module',
    name: 'perturbscope-helper',
  });
  worker.postMessage(assetBase);
  return fitHelperOver(
    {
      post: (m: ToHelper) => worker.postMessage(m),
      listen: (f: (m: FromHelper) => void) =>
        worker.addEventListener('message', (e: MessageEvent<FromHelper>) => f(e.data)),
      onFailure: (f) =>
        worker.addEventListener('error', (e: ErrorEvent) => {
          // A dead helper is dropped: the next run starts a fresh one.
          onDead();
          worker.terminate();
          f(
            new Error(
              `A helper worker that trains models at once failed (${e.message || 'it could not start'}). Train again (a new helper starts), or choose “train 1 model at once” beside the compute menu.`,
            ),
          );
        }),
    },
    backend,
  );
}
