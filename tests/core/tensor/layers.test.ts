import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../src/core/tensor/wasmBackend';
import { leakyRelu, perGeneDot } from '../../../src/core/tensor/layers';

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

describe('perGeneDot', () => {
  for (const backend of ['cpu', 'wasm'])
    it(`is sum(x · w) over the last axis, value and gradients, on ${backend}`, async () => {
      await tf.setBackend(backend);
      // x: 2 rows × 3 genes × 2 features; w: one 2-vector per gene.
      const x = tf.tensor3d([1, 2, 3, 4, 5, 6, -1, 0, 0.5, 2, 1, 1], [2, 3, 2]);
      const w = tf.tensor2d([1, -1, 2, 0, 0.5, 0.5], [3, 2]);
      const dy = tf.tensor2d([1, 2, 3, -1, 0.5, 4], [2, 3]);
      // By hand: row 0: [1 − 2, 6 + 0, 2.5 + 3], row 1: [−1 − 0, 1 + 0, 0.5 + 0.5].
      expect(perGeneDot(x, w).arraySync()).toEqual([
        [-1, 6, 5.5],
        [-1, 1, 1],
      ]);
      const grads = (f: (a: tf.Tensor3D, b: tf.Tensor2D) => tf.Tensor) =>
        tf
          .grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor3D, b as tf.Tensor2D), dy)))([x, w])
          .map((g) => [...g.dataSync()]);
      const ours = grads(perGeneDot);
      // d/dw[g] = Σ_b dy[b, g] · x[b, g]; gene 0: 1·[1, 2] − 1·[−1, 0] = [2, 2].
      expect(ours[1].slice(0, 2)).toEqual([2, 2]);
      const plain = grads((a, b) => tf.sum(tf.mul(a, b), 2));
      ours.forEach((g, k) => g.forEach((v, i) => expect(v).toBeCloseTo(plain[k][i], 5)));
    });
});
