import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { stringFlag, UsageError, type ParsedArgs } from './args';
import { startFitThread, type FitThread } from '../src/node/fitThread';
import { MAX_AT_ONCE } from '../src/core/session/views';

export const AT_ONCE_FLAGS = ['at-once'];

/** --at-once N: models trained at once, each in its own thread (default: one per core, up to MAX_AT_ONCE). */
export function atOnceOf(a: ParsedArgs): number {
  const arg = stringFlag(a, 'at-once');
  if (arg === undefined) return Math.min(availableParallelism(), MAX_AT_ONCE);
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 1 || n > MAX_AT_ONCE)
    throw new UsageError(`--at-once needs a whole number from 1 to ${MAX_AT_ONCE}, got '${arg}'`);
  return n;
}

/**
 * The helper threads of `--at-once`: one fewer than the models trained at once. Each starts when
 * a neural model is first given to it; `endThreads` ends them.
 */
export function helperThreads(a: ParsedArgs): FitThread[] {
  return Array.from({ length: atOnceOf(a) - 1 }, () => startFitThread(() => tf.getBackend()));
}

export async function endThreads(threads: readonly FitThread[]): Promise<void> {
  await Promise.all(threads.map((t) => t.close()));
}
