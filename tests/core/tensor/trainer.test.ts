import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { scheduledRate, trainLoop } from '../../../src/core/tensor/trainer';
import { CancelledError } from '../../../src/core/errors';
import { SessionHost } from '../../../src/core/session/host';
import { nodeSessionEnv, reopenPath } from '../../../src/node/sessionEnv';
import { DEMO_PATH } from '../../../cli/paths';

describe('the training loop, cancelled in the middle of an epoch', () => {
  it('stops within the epoch, restores nothing half-done and leaks no tensor', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.zeros([4])));
    const controller = new AbortController();
    let batches = 0;
    const epochs: number[] = [];
    const run = trainLoop({
      epochs: 5,
      nTrain: 10_000,
      batchSize: 1,
      learningRate: 0.01,
      seed: 0,
      patience: 5,
      variables: [w],
      loss: () => {
        batches++;
        // The user cancels a third of a second into the first epoch (10,000 batches of ~0.1 ms or more).
        if (batches === 1) setTimeout(() => controller.abort(), 300);
        return tf.tidy(() => tf.sum(tf.square(tf.sub(w, tf.ones([4])))) as tf.Scalar);
      },
      validate: () => null,
      signal: controller.signal,
      onProgress: (p) => epochs.push(p.epoch),
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(epochs).toEqual([]);
    expect(batches).toBeGreaterThan(1);
    expect(batches).toBeLessThan(10_000);
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says how far a long epoch got, between its per-epoch reports', async () => {
    await tf.setBackend('cpu');
    const w = tf.tidy(() => tf.variable(tf.zeros([4])));
    const seen: { epoch: number; batch: number; batches: number; epochSeconds: number }[] = [];
    const epochs: number[] = [];
    await trainLoop({
      epochs: 2,
      nTrain: 1_000,
      batchSize: 1,
      learningRate: 0.01,
      seed: 0,
      patience: 5,
      variables: [w],
      loss: () => {
        // About 0.3 ms a batch: each epoch lasts well beyond the loop's 100 ms between reports.
        const until = performance.now() + 0.3;
        while (performance.now() < until);
        return tf.tidy(() => tf.sum(tf.square(tf.sub(w, tf.ones([4])))) as tf.Scalar);
      },
      validate: () => null,
      onProgress: (p) => epochs.push(p.epoch),
      onBatch: (b) => seen.push(b),
    });
    w.dispose();
    expect(epochs).toEqual([1, 2]);
    for (const epoch of [1, 2]) {
      const within = seen.filter((b) => b.epoch === epoch);
      expect(within.length, `epoch ${epoch}`).toBeGreaterThanOrEqual(1);
      expect(within.every((b) => b.batches === 1_000 && b.batch > 0 && b.batch < 1_000 && b.epochSeconds > 0)).toBe(
        true,
      );
      expect(within.map((b) => b.batch)).toEqual([...within.map((b) => b.batch)].sort((a, b) => a - b));
    }
  });

  it('leaves no tensor behind when GEARS is cancelled mid-epoch on the demo', async () => {
    await tf.setBackend('cpu');
    const host = new SessionHost(nodeSessionEnv());
    const d = await host.load(reopenPath(DEMO_PATH), {});
    if (!d.ok) throw new Error(d.error.message);
    const before = tf.memory().numTensors;
    let gearsEpochs = 0;
    let scheduled = false;
    const r = await host.on(d.value.id, (s) =>
      s.evaluate({ split: 'simulation', seed: 0, models: ['gears'], epochs: 3 }, (p) => {
        if (p.model === 'gears' && p.epoch) gearsEpochs++;
        // GEARS starts: the user cancels half a second later, inside its first epoch (~2 s here).
        if (p.model === 'gears' && !scheduled) {
          scheduled = true;
          setTimeout(() => void host.on(d.value.id, (x) => x.cancelEvaluation()), 500);
        }
      }),
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(gearsEpochs).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});

describe('the learning-rate schedule', () => {
  it('warms up linearly over the first 5% of steps, then follows a cosine to zero', () => {
    // 100 steps: warm-up over 5 steps, then cosine over the remaining 95.
    expect(scheduledRate(1, 0, 100)).toBeCloseTo(0.2, 12);
    expect(scheduledRate(1, 4, 100)).toBeCloseTo(1, 12);
    expect(scheduledRate(1, 5, 100)).toBeCloseTo(1, 12);
    // Halfway through the decay (step 5 + 47.5): cos(π/2) = 0, so half the peak.
    expect(scheduledRate(2, 52.5, 100)).toBeCloseTo(1, 12);
    expect(scheduledRate(1, 100, 100)).toBeCloseTo(0, 12);
    // A run of one step still takes a step at the peak rate.
    expect(scheduledRate(0.01, 0, 1)).toBeCloseTo(0.01, 12);
  });

  it('reaches the peak rate in the optimiser: the first warm-up step moves a weight by rate/warm-up', async () => {
    await tf.setBackend('cpu');
    const w = tf.tidy(() => tf.variable(tf.zeros([1])));
    await trainLoop({
      epochs: 1,
      nTrain: 1,
      batchSize: 1,
      learningRate: 0.5,
      seed: 0,
      patience: 1,
      variables: [w],
      loss: () => tf.tidy(() => tf.sum(tf.mul(w, -1)) as tf.Scalar),
      validate: () => null,
    });
    // One step of 1 in total: warm-up of one step at the full rate; Adam's first step is −rate·sign(g).
    expect(w.dataSync()[0]).toBeCloseTo(0.5, 5);
    w.dispose();
  });

  it('with averaging, scores and keeps the averaged weights, and trains on its own weights meanwhile', async () => {
    await tf.setBackend('cpu');
    const run = async (averageSteps?: number) => {
      const w = tf.tidy(() => tf.variable(tf.zeros([2])));
      const seen: number[][] = [];
      const before = tf.memory().numTensors;
      const report = await trainLoop({
        epochs: 4,
        nTrain: 8,
        batchSize: 2,
        learningRate: 0.2,
        seed: 3,
        patience: 4,
        averageSteps,
        variables: [w],
        loss: () => tf.tidy(() => tf.sum(tf.square(tf.sub(w, tf.tensor1d([1, -1])))) as tf.Scalar),
        // Lower for weights nearer the target (1, −1).
        validate: () => {
          seen.push([...w.dataSync()]);
          return Math.hypot(w.dataSync()[0] - 1, w.dataSync()[1] + 1);
        },
      });
      const kept = [...w.dataSync()];
      w.dispose();
      expect(tf.memory().numTensors).toBe(before - 1);
      return { report, seen, kept };
    };
    const plain = await run();
    // Four steps an epoch: a span of 1,000 steps is cut to the epoch's 4, as asked for directly.
    const averaged = await run(4);
    expect((await run(1000)).seen).toEqual(averaged.seen);
    // The same steps: the training losses agree, whatever is validated.
    expect(averaged.report.losses).toEqual(plain.report.losses);
    // Validation saw the average, which lags the weights toward the start (0): nearer zero each epoch.
    averaged.seen.forEach((a, e) => expect(Math.abs(a[0])).toBeLessThan(Math.abs(plain.seen[e][0])));
    expect(averaged.seen[3][0]).toBeGreaterThan(0.1);
    // The kept weights are the best epoch's average, not the last step's weights.
    const best = averaged.report.bestEpoch - 1;
    expect(averaged.kept).toEqual(averaged.seen[best]);
    expect(averaged.kept).not.toEqual(plain.seen[best]);
    expect(plain.kept).toEqual(plain.seen[plain.report.bestEpoch - 1]);
  });
});
