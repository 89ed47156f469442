import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; training needs them (the tfjs union used to bring them).
import './gradients';
import { Rng } from '../util/random';
import { CancelledError } from '../errors';
import { FlatAdam } from './flatAdam';

/** One epoch's report, as the training loop gives it. */
export interface FitProgress {
  epoch: number;
  epochs: number;
  trainLoss: number;
  validationMetric: number | null;
  seconds: number;
}

/** Where a long epoch has got to: its batches done, and the seconds it has taken so far. */
export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  epochSeconds: number;
}

export interface LoopOptions {
  epochs: number;
  nTrain: number;
  batchSize: number;
  /** The peak learning rate: reached after a warm-up, then decayed along a cosine (`scheduledRate`). */
  learningRate: number;
  seed: number;
  /** Stop after this many epochs without a better validation score. */
  patience: number;
  /**
   * When given, validation scores and the loop keeps a moving average of the weights over about this
   * many of the last steps (at most one epoch's) instead of the last step's weights (see FlatAdam).
   */
  averageSteps?: number;
  variables: tf.Variable[];
  /** Loss of one minibatch of training rows (indices into the training set). */
  loss: (rows: number[]) => tf.Scalar;
  /** Validation score, lower is better (e.g. MSE of the validation conditions); null when none. */
  validate: () => number | null;
  signal?: AbortSignal;
  onProgress?: (p: FitProgress) => void;
  /** Heard at most every YIELD_MS within an epoch, so that a slow epoch is not silent. */
  onBatch?: (p: BatchProgress) => void;
}

export interface LoopReport {
  epochs: number;
  bestEpoch: number;
  bestValidation: number | null;
  seconds: number;
  losses: number[];
}

/** How long a training loop runs at most before it lets other events (a cancel) through. */
const YIELD_MS = 100;

/**
 * The training loop shared by the neural models: Adam on a warm-up and cosine schedule, seeded
 * shuffling, early stopping on the validation score with the best weights restored, progress per
 * epoch, cancellation. Every intermediate tensor is released inside tidy(), so the tensor count
 * stays flat across epochs.
 */
export async function trainLoop(o: LoopOptions): Promise<LoopReport> {
  const t0 = performance.now();
  const rng = new Rng(o.seed + 1);
  const batches = Math.ceil(o.nTrain / o.batchSize);
  // A span longer than an epoch would keep weights from epochs ago on a small training set.
  const optimizer = new FlatAdam(0.9, 0.999, o.averageSteps ? 1 - 1 / Math.min(o.averageSteps, batches) : 0);
  let step = 0;
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | null = null;
  const losses: number[] = [];
  let epoch = 0;
  let lastYield = performance.now();
  try {
    for (epoch = 1; epoch <= o.epochs; epoch++) {
      if (o.signal?.aborted) throw new CancelledError();
      const order = rng.shuffle(Array.from({ length: o.nTrain }, (_, i) => i));
      let total = 0;
      const epochStart = performance.now();
      for (let b = 0; b < order.length; b += o.batchSize) {
        // A long epoch still hears a cancel, and says how far it got: the loop yields to other
        // events every YIELD_MS.
        if (performance.now() - lastYield > YIELD_MS) {
          o.onBatch?.({
            epoch,
            epochs: o.epochs,
            batch: b / o.batchSize,
            batches,
            epochSeconds: (performance.now() - epochStart) / 1000,
          });
          await new Promise((r) => setTimeout(r, 0));
          lastYield = performance.now();
          if (o.signal?.aborted) throw new CancelledError();
        }
        const rows = order.slice(b, b + o.batchSize);
        optimizer.rate = scheduledRate(o.learningRate, step++, o.epochs * batches);
        const cost = optimizer.minimize(() => o.loss(rows), o.variables);
        total += (await cost.data())[0] * rows.length;
        cost.dispose();
      }
      const trainLoss = total / Math.max(1, o.nTrain);
      losses.push(trainLoss);
      // The averaged weights are scored (and kept) in place of the trained ones, which come back after.
      const averaged = optimizer.averaged(o.variables);
      const trained = averaged && o.variables.map((v) => tf.clone(v));
      averaged?.forEach((t, i) => o.variables[i].assign(t));
      const val = o.validate();
      const score = val ?? trainLoss;
      if (score < best - 1e-9) {
        best = score;
        bestEpoch = epoch;
        bestWeights?.forEach((t) => t.dispose());
        bestWeights = averaged ?? o.variables.map((v) => tf.clone(v));
      } else averaged?.forEach((t) => t.dispose());
      if (trained) {
        trained.forEach((t, i) => o.variables[i].assign(t));
        tf.dispose(trained);
      }
      o.onProgress?.({
        epoch,
        epochs: o.epochs,
        trainLoss,
        validationMetric: val,
        seconds: (performance.now() - t0) / 1000,
      });
      // Yield so that a cancel message or a progress post can get through between epochs.
      await new Promise((r) => setTimeout(r, 0));
      lastYield = performance.now();
      if (epoch - bestEpoch >= o.patience) break;
    }
  } finally {
    if (bestWeights) {
      o.variables.forEach((v, i) => v.assign(bestWeights![i]));
      bestWeights.forEach((t) => t.dispose());
    }
    optimizer.dispose();
  }
  return {
    epochs: Math.min(epoch, o.epochs),
    bestEpoch,
    bestValidation: Number.isFinite(best) ? best : null,
    seconds: (performance.now() - t0) / 1000,
    losses,
  };
}

/** The share of a run's steps spent warming the learning rate up from near zero. */
const WARMUP_SHARE = 0.05;

/**
 * The learning rate at step `step` of `total`: a linear warm-up over the first 5% of the steps, then
 * a cosine decay to zero at the last one. Warm-up lets a high peak rate start safely from random
 * weights (Adam's first moments are noisy); the decay settles the weights into a minimum instead of
 * circling it at a fixed rate, which is what lets a run converge in tens of epochs.
 */
export function scheduledRate(peak: number, step: number, total: number): number {
  const warm = Math.max(1, Math.round(WARMUP_SHARE * total));
  if (step < warm) return (peak * (step + 1)) / warm;
  const t = Math.min(1, (step - warm) / Math.max(1, total - warm));
  return (peak * (1 + Math.cos(Math.PI * t))) / 2;
}

/**
 * Early-stopping score of validation predictions: 1 − mean Pearson Δ (lower is better). A
 * pattern score, not MSE: on changes that are zero for most genes, MSE barely moves while the
 * model learns which genes respond.
 */
export function validationScore(pred: tf.Tensor2D, observed: readonly Float64Array[]): number {
  const data = pred.dataSync();
  const G = pred.shape[1];
  let total = 0;
  observed.forEach((obs, b) => {
    let mp = 0,
      mo = 0;
    for (let j = 0; j < G; j++) {
      mp += data[b * G + j];
      mo += obs[j];
    }
    mp /= G;
    mo /= G;
    let s = 0,
      sp = 0,
      so = 0;
    for (let j = 0; j < G; j++) {
      const a = data[b * G + j] - mp,
        c = obs[j] - mo;
      s += a * c;
      sp += a * a;
      so += c * c;
    }
    total += sp > 0 && so > 0 ? s / Math.sqrt(sp * so) : 0;
  });
  return 1 - total / Math.max(1, observed.length);
}
