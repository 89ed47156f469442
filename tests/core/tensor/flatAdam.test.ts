import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../../../src/core/tensor/wasmBackend';
import '../../../src/core/tensor/gradients';
import { FlatAdam } from '../../../src/core/tensor/flatAdam';

/** tfjs's Adam with the rate set before each step, as the training loop used before FlatAdam. */
class TfAdam extends tf.AdamOptimizer {
  constructor() {
    super(0, 0.9, 0.999);
  }
  set rate(r: number) {
    this.learningRate = r;
  }
}

describe('FlatAdam', () => {
  for (const backend of ['cpu', 'wasm'])
    it(`updates every variable bit for bit as tfjs's Adam does, on ${backend}, and leaves a variable the loss skips alone`, async () => {
      await tf.setBackend(backend);
      const shapes = [[6, 4], [4], [4, 3], [3], [2, 2]];
      const make = () => shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 1, 'float32', i + 1)));
      const x = tf.randomNormal([10, 6], 0, 1, 'float32', 99);
      // The last variable is reached only on even steps.
      const loss = (v: tf.Variable[], step: number) => () =>
        tf.tidy(() => {
          const h = tf.tanh(tf.add(tf.matMul(x, v[0] as tf.Tensor2D), v[1]));
          const out = tf.mean(tf.square(tf.add(tf.matMul(h as tf.Tensor2D, v[2] as tf.Tensor2D), v[3])));
          return (step % 2 ? out : tf.add(out, tf.sum(tf.square(v[4])))) as tf.Scalar;
        });
      const [ours, theirs] = [make(), make()];
      const flat = new FlatAdam(),
        reference = new TfAdam();
      const initial = ours[0].dataSync()[0];
      const before = tf.memory().numTensors;
      for (let step = 0; step < 12; step++) {
        flat.rate = reference.rate = 0.05 * (1 + Math.cos(step / 4));
        const a = flat.minimize(loss(ours, step), ours);
        const b = reference.minimize(loss(theirs, step), true, theirs)!;
        expect(a.dataSync()[0]).toBe(b.dataSync()[0]);
        tf.dispose([a, b]);
        // Nothing left behind by a step: our two moment vectors, and tfjs's two per variable.
        expect(tf.memory().numTensors).toBe(before + 2 + 2 * shapes.length);
      }
      ours.forEach((v, i) => expect([...v.dataSync()]).toEqual([...theirs[i].dataSync()]));
      // The updates moved the weights: the comparison is not of untouched copies.
      expect(ours[0].dataSync()[0]).not.toBe(initial);
      // Moments are laid out for these variables: another set is refused, not silently misapplied.
      const held = tf.memory().numTensors;
      expect(() => flat.minimize(loss(ours, 0), ours.slice(1))).toThrow(/moments for 47 values, not the 23 given/);
      expect(tf.memory().numTensors).toBe(held);
      flat.dispose();
      reference.dispose();
      tf.dispose([...ours, ...theirs, x]);
    });

  it('keeps a moving average of the weights over the steps, equal to one computed by hand', async () => {
    await tf.setBackend('wasm');
    const v = [tf.variable(tf.tensor1d([1, -2, 0.5])), tf.variable(tf.tensor2d([0.3, 0.1], [1, 2]))];
    const target = tf.tensor1d([0.2, 0.4, -0.6]);
    const flat = new FlatAdam(0.9, 0.999, 0.8);
    expect(flat.averaged(v)).toBeNull();
    const before = tf.memory().numTensors;
    // By hand, in doubles: the average starts at the weights before the first step.
    let average = v.flatMap((x) => [...x.dataSync()]);
    for (let step = 0; step < 6; step++) {
      flat.rate = 0.1;
      // The second variable is reached on odd steps only: it keeps its value, and the average still decays toward it.
      const loss = flat.minimize(
        () =>
          tf.tidy(() => {
            const a = tf.sum(tf.square(tf.sub(v[0], target)));
            return (step % 2 ? tf.add(a, tf.sum(tf.square(v[1]))) : a) as tf.Scalar;
          }),
        v,
      );
      loss.dispose();
      const now = v.flatMap((x) => [...x.dataSync()]);
      average = average.map((a, k) => 0.8 * a + 0.2 * now[k]);
      // The moments, the weights laid flat and their average: three vectors, plus the two powers of β.
      expect(tf.memory().numTensors).toBe(before + 4);
    }
    const averaged = flat.averaged(v)!;
    expect(averaged.map((t) => t.shape)).toEqual([[3], [1, 2]]);
    averaged.flatMap((t) => [...t.dataSync()]).forEach((x, k) => expect(x).toBeCloseTo(average[k], 6));
    // The average lags the weights: it is not the weights themselves.
    expect(Math.abs(averaged[0].dataSync()[0] - v[0].dataSync()[0])).toBeGreaterThan(0.05);
    tf.dispose(averaged);
    flat.dispose();
    tf.dispose([...v, target]);
  });
});
