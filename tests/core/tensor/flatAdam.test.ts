import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../../../src/core/tensor/wasmBackend';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
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
});
