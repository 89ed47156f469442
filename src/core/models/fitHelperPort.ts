import { CancelledError, InputError, type InputErrorCode } from '../errors';
import { fitPortable, type FitHelper, type Fitted, type PortableView } from './fitHelper';
import type { BatchProgress, FitProgress } from '../tensor/trainer';
import type { GenotypeEncoder } from './types';
import { answerBuffers, type TestQuery } from './testAnswers';

/**
 * The messages between a thread that evaluates and its helper thread. The same code runs over a
 * browser worker and a Node worker thread: each side gives only a `Port`.
 */
export type ToHelper =
  | {
      kind: 'fit';
      job: number;
      id: string;
      view: PortableView;
      seed: number;
      epochs?: number;
      backend: string;
      query: TestQuery;
    }
  | { kind: 'cancel'; job: number };

export type FromHelper =
  | { kind: 'progress'; job: number; p: FitProgress }
  | { kind: 'batch'; job: number; p: BatchProgress }
  | { kind: 'done'; job: number; fitted: Fitted }
  | { kind: 'failed'; job: number; error: { name: string; message: string; code?: InputErrorCode; hint?: string } };

/** One end of a message channel (a worker, or the worker's own scope). */
export interface Port<Out, In> {
  post(message: Out, transfer?: ArrayBuffer[]): void;
  listen(handler: (message: In) => void): void;
  /** The other end died (a crash, an exit): every fit in flight fails with this error. */
  onFailure?(handler: (error: Error) => void): void;
}

/**
 * A `FitHelper` that sends each fit to the thread at the other end of `port`, which must run
 * `serveFits` on the same backend (`backend` is sent with each fit, and the helper switches to it).
 */
export function fitHelperOver(port: Port<ToHelper, FromHelper>, backend: () => string): FitHelper {
  let jobs = 0;
  const pending = new Map<
    number,
    {
      resolve: (f: Fitted) => void;
      reject: (e: unknown) => void;
      onProgress?: (p: FitProgress) => void;
      onBatch?: (p: BatchProgress) => void;
    }
  >();
  port.listen((m) => {
    const job = pending.get(m.job);
    if (!job) return;
    if (m.kind === 'progress') job.onProgress?.(m.p);
    else if (m.kind === 'batch') job.onBatch?.(m.p);
    else {
      pending.delete(m.job);
      if (m.kind === 'done') job.resolve(m.fitted);
      else job.reject(errorFrom(m.error));
    }
  });
  port.onFailure?.((error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  });
  return {
    fit(id, view, opts, query) {
      if (opts.signal?.aborted) return Promise.reject(new CancelledError());
      const job = ++jobs;
      return new Promise<Fitted>((resolve, reject) => {
        pending.set(job, { resolve, reject, onProgress: opts.onProgress, onBatch: opts.onBatch });
        opts.signal?.addEventListener('abort', () => port.post({ kind: 'cancel', job }), { once: true });
        port.post({ kind: 'fit', job, id, view, seed: opts.seed, epochs: opts.epochs, backend: backend(), query });
      });
    },
  };
}

/** What the helper's thread provides: its backend switch and PerturbNet's shipped encoder. */
export interface HelperEnv {
  useBackend(name: string): Promise<void>;
  genotype(): Promise<GenotypeEncoder>;
}

/** The helper thread's loop: fits each model it is sent and sends back its state and its answers. */
export function serveFits(port: Port<FromHelper, ToHelper>, env: HelperEnv): void {
  const running = new Map<number, AbortController>();
  port.listen(async (m) => {
    if (m.kind === 'cancel') {
      running.get(m.job)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(m.job, controller);
    try {
      await env.useBackend(m.backend);
      const fitted = await fitPortable(
        m.id,
        m.view,
        {
          seed: m.seed,
          epochs: m.epochs,
          signal: controller.signal,
          onProgress: (p) => port.post({ kind: 'progress', job: m.job, p }),
          onBatch: (p) => port.post({ kind: 'batch', job: m.job, p }),
        },
        m.query,
        env.genotype,
      );
      port.post(
        { kind: 'done', job: m.job, fitted },
        // Each buffer once: arrays may be views of one buffer.
        [
          ...new Set([
            ...Object.values(fitted.state.arrays).map((a) => a.data.buffer as ArrayBuffer),
            ...answerBuffers(fitted.answers),
          ]),
        ],
      );
    } catch (e) {
      const error =
        e instanceof InputError
          ? { name: e.name, message: e.message, code: e.code, hint: e.hint }
          : { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) };
      port.post({ kind: 'failed', job: m.job, error });
    } finally {
      running.delete(m.job);
    }
  });
}

function errorFrom(e: Extract<FromHelper, { kind: 'failed' }>['error']): Error {
  if (e.name === 'CancelledError') return new CancelledError();
  if (e.code) return new InputError(e.code, e.message, e.hint ?? '');
  return new Error(e.message);
}
