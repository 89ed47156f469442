import * as tf from '@tensorflow/tfjs-core';
import { trainLoop, validationScore } from '../../tensor/trainer';
import type { FitOptions, FitReport, Perturbation, TrainingView } from '../types';
import { perturbationKey } from '../../dataset/labels';

export interface MeanFitSpec {
  variables: tf.Variable[];
  /** Predicted changes (B × genes) for a batch of perturbations and their control references. */
  forward: (perts: readonly Perturbation[], references: readonly ArrayLike<number>[]) => tf.Tensor2D;
  /**
   * Training loss of predictions against observed changes. On condition means, `noise` is each
   * row's per-gene variance of a perturbed cell minus a random control cell: what a loss computed
   * per cell, as the papers train, would see on top of the mean's error. Absent on cell rows, which
   * carry their noise themselves.
   */
  loss: (pred: tf.Tensor2D, observed: tf.Tensor2D, noise?: tf.Tensor2D) => tf.Scalar;
  hyper: { epochs: number; batchSize: number; learningRate: number; patience: number };
}

/**
 * Fits a neural model on per-condition mean changes (the default: hundreds of rows rather than
 * hundreds of thousands of cells), or on single cells when the view carries them; early stopping
 * always follows the validation conditions' Pearson Δ.
 */
export async function fitOnMeans(view: TrainingView, opts: FitOptions, spec: MeanFitSpec): Promise<FitReport> {
  const onCells = !!view.cells?.length;
  const train: { genes: readonly string[]; delta: ArrayLike<number> }[] = onCells ? view.cells! : view.train;
  const referenceOf = new Map(view.train.map((c) => [perturbationKey(c.genes), c.reference]));
  const references = train.map((c) => referenceOf.get(perturbationKey(c.genes)) ?? view.controlMean);
  const G = view.genes.length;
  const flat = onCells ? cellTargets(view) : new Float32Array(train.length * G);
  if (!onCells) train.forEach((c, i) => flat.set(c.delta, i * G));
  const target = tf.tensor2d(flat, [train.length, G]);
  const noise = onCells ? null : tf.tensor2d(pairVariance(view), [train.length, G]);
  const { epochs, patience } = runLength(spec.hyper, train.length, opts.epochs);
  try {
    const report = await trainLoop({
      epochs,
      nTrain: train.length,
      batchSize: spec.hyper.batchSize,
      learningRate: spec.hyper.learningRate,
      seed: opts.seed,
      patience,
      variables: spec.variables,
      loss: (rows) =>
        tf.tidy(() => {
          const take = (t: tf.Tensor2D) => tf.gather(t, tf.tensor1d(rows, 'int32')) as tf.Tensor2D;
          return spec.loss(
            spec.forward(
              rows.map((r) => train[r].genes),
              rows.map((r) => references[r]),
            ),
            take(target),
            noise ? take(noise) : undefined,
          );
        }),
      validate: () =>
        view.validation.length
          ? tf.tidy(() =>
              validationScore(
                spec.forward(
                  view.validation.map((c) => c.genes),
                  view.validation.map((c) => c.reference),
                ),
                view.validation.map((c) => c.delta),
              ),
            )
          : null,
      signal: opts.signal,
      onProgress: opts.onProgress,
      onBatch: opts.onBatch,
    });
    const trainedOn = onCells
      ? `single cells (${train.length.toLocaleString('en-US')} cells of ${view.train.length} conditions, minibatches of ${spec.hyper.batchSize})`
      : 'per-condition means';
    return { seconds: report.seconds, epochs: report.epochs, trainedOn };
  } finally {
    target.dispose();
    noise?.dispose();
  }
}

/** The number of batches an epoch of the demo has, for which each model's default epochs are set. */
const CALIBRATED_BATCHES = 5;

/**
 * Epochs and patience of a run. A model's default epochs are set for an epoch of at least
 * CALIBRATED_BATCHES batches; a smaller screen (14 training conditions make one batch) has its run
 * lengthened to the same number of optimiser steps, patience alike, instead of stopping after a
 * few dozen updates. Epochs the user asked for are kept as they are.
 */
export function runLength(
  hyper: MeanFitSpec['hyper'],
  nTrain: number,
  asked: number | undefined,
): { epochs: number; patience: number } {
  const stretch = Math.max(1, CALIBRATED_BATCHES / Math.ceil(nTrain / hyper.batchSize));
  return {
    epochs: asked ?? Math.ceil(hyper.epochs * stretch),
    patience: Math.ceil(hyper.patience * stretch),
  };
}

/** Per training condition and gene: var(perturbed cell − control cell) = its cells' variance + the controls'. */
function pairVariance(view: TrainingView): Float32Array {
  const G = view.genes.length;
  const out = new Float32Array(view.train.length * G);
  view.train.forEach((c, i) => {
    for (let j = 0; j < G; j++) out[i * G + j] = c.variance[j] + view.controlVariance[j];
  });
  return out;
}

/**
 * Cell rows as changes from their condition's control reference: cells arrive as changes from the
 * pooled control mean, so each is shifted by reference − pooled mean (zero without covariates).
 */
export function cellTargets(view: TrainingView): Float32Array {
  const G = view.genes.length;
  const cells = view.cells ?? [];
  const referenceOf = new Map(view.train.map((c) => [perturbationKey(c.genes), c.reference]));
  const flat = new Float32Array(cells.length * G);
  cells.forEach((c, i) => {
    const ref = referenceOf.get(perturbationKey(c.genes));
    const off = i * G;
    flat.set(c.delta, off);
    if (ref && ref !== view.controlMean) for (let j = 0; j < G; j++) flat[off + j] -= ref[j] - view.controlMean[j];
  });
  return flat;
}

/** Runs `forward` on a batch and returns one Float64Array of G changes per perturbation. */
export async function predictRows(
  forward: (p: readonly Perturbation[]) => tf.Tensor2D,
  perts: readonly Perturbation[],
  G: number,
): Promise<Float64Array[]> {
  if (!perts.length) return [];
  const out = tf.tidy(() => forward(perts));
  const data = await out.data();
  out.dispose();
  return perts.map((_, b) => Float64Array.from(data.subarray(b * G, (b + 1) * G)));
}
