import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../src/core/tensor/wasmBackend';
import { leakyRelu } from '../../../src/core/tensor/layers';

describe('leakyRelu', () => {
  for (const backend of ['cpu', 'wasm'])
    it(`is tfjs's LeakyRelu, value and gradient, on ${backend}`, async () => {
      await tf.setBackend(backend);
      const x = tf.tensor2d([-3, -0.5, 0, 1e-8, 0.25, 4, -1e-8, 2], [2, 4]);
      const dy = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]);
      const ours = leakyRelu(x, 0.2).arraySync();
      // Written out by hand: x where positive, 0.2·x elsewhere.
      expect(ours[0][0]).toBeCloseTo(-0.6, 6);
      expect(ours[1][1]).toBeCloseTo(4, 6);
      expect(ours).toEqual(
        tf
          .leakyRelu(x, 0.2)
          .arraySync()
          .map((r) => r.map((v) => expect.closeTo(v, 6))),
      );
      const grad = (f: (v: tf.Tensor) => tf.Tensor) =>
        tf
          .grad((v: tf.Tensor) => tf.sum(tf.mul(f(v), dy)))(x)
          .dataSync();
      const g = grad((v) => leakyRelu(v, 0.2));
      // dy where x > 0, 0.2·dy elsewhere (x = 0 included, as tfjs's gradient has it).
      expect([...g].map((v) => Number(v.toFixed(6)))).toEqual([0.2, 0.4, 0.6, 4, 5, 6, 1.4, 8]);
      expect([...g]).toEqual([...grad((v) => tf.leakyRelu(v, 0.2))].map((v) => expect.closeTo(v, 6)));
    });
});
