import { QueryClient } from '@tanstack/react-query';
import type { EgoRequest, Result, UserError } from '../worker/protocol';
import { replaceWorker, type WorkerLoss } from './workerClient';

/**
 * Every read of worker data goes through these keyed queries. Each key starts with the session id
 * (one per opened file), and answers that depend on the evaluation carry its version too, so an
 * answer about another file or an older leaderboard is never shown. Worker answers never go stale
 * by themselves: they change only with the key.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: Infinity,
      gcTime: 5 * 60_000,
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
  },
});

/** A worker `Result` error, thrown so that queries and mutations see it as their error. */
export class WorkerError extends Error {
  constructor(readonly error: UserError) {
    super(error.message);
  }
}

/**
 * A worker answer as a value, or its error thrown. HDF5 aborting in any read (not only a load)
 * leaves the worker's memory in an unknown state: the worker is replaced (see store.ts, recoverFrom).
 */
export async function unwrap<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok && r.error.code === 'reader-crashed') replaceWorker(r.error as WorkerLoss);
  if (!r.ok) throw new WorkerError(r.error);
  return r.value;
}

/** The message a failed query shows. */
export function errorOf(e: unknown): UserError | null {
  if (!e) return null;
  return e instanceof WorkerError
    ? e.error
    : { code: 'internal', message: String((e as Error).message ?? e), hint: '' };
}

export const keys = {
  backend: () => ['backend'] as const,
  models: () => ['models'] as const,
  session: (s: string) => ['session', s] as const,
  dataset: (s: string) => ['session', s, 'dataset'] as const,
  evaluation: (s: string) => ['session', s, 'evaluation'] as const,
  detail: (s: string, name: string) => ['session', s, 'condition', name] as const,
  guides: (s: string) => ['session', s, 'guides'] as const,
  layers: (s: string) => ['session', s, 'layers'] as const,
  shared: (s: string, a: string, b: string) => ['session', s, 'shared-go', a, b] as const,
  ego: (s: string, version: number | null, req: EgoRequest) => ['session', s, 'ego', version, req] as const,
  prediction: (s: string, version: number, model: string, condition: string) =>
    ['session', s, 'evaluation', version, 'prediction', model, condition] as const,
  distribution: (s: string, version: number, condition: string) =>
    ['session', s, 'evaluation', version, 'distribution', condition] as const,
  composable: (s: string, version: number | null) => ['session', s, 'composable', version] as const,
};
