import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConditionalFlow, FLOW_DEFAULTS } from '../../../../src/core/models/perturbnet/cinn';

/** A flow whose couplings are random (not the identity they start as), so the tests bite. */
function randomFlow(dim: number, condDim: number, blocks: number): ConditionalFlow {
  const f = new ConditionalFlow({ ...FLOW_DEFAULTS, dim, condDim, blocks, hidden: 16, seed: 5 });
  f.variables.forEach((v, i) => v.assign(tf.randomNormal(v.shape, 0, 0.2, 'float32', 100 + i)));
  return f;
}

/** Determinant by Gaussian elimination with partial pivoting (float64). */
function det(a: number[][]): number {
  const m = a.map((r) => [...r]);
  const n = m.length;
  let d = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (p !== c) {
      [m[p], m[c]] = [m[c], m[p]];
      d = -d;
    }
    d *= m[c][c];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k < n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return d;
}

describe('conditional invertible network', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('fromNoise inverts toNoise (and back) to 1e-5', () => {
    const f = randomFlow(6, 3, 4);
    const z = tf.randomNormal([32, 6], 0, 1, 'float32', 1) as tf.Tensor2D;
    const y = tf.randomNormal([32, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const { v } = f.toNoise(z, y);
    expect(tf.max(tf.abs(tf.sub(v, z))).dataSync()[0]).toBeGreaterThan(0.1); // it does transform
    const back = f.fromNoise(v, y);
    expect(tf.max(tf.abs(tf.sub(back, z))).dataSync()[0]).toBeLessThan(1e-5);
    const again = f.toNoise(f.fromNoise(z, y), y).v;
    expect(tf.max(tf.abs(tf.sub(again, z))).dataSync()[0]).toBeLessThan(1e-5);
    f.dispose();
  });

  it('the condition changes the map', () => {
    const f = randomFlow(4, 2, 2);
    const z = tf.randomNormal([8, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
    const a = f.toNoise(z, tf.zeros([8, 2])).v;
    const b = f.toNoise(z, tf.ones([8, 2])).v;
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeGreaterThan(0.05);
    f.dispose();
  });

  it('log|det J| matches a finite-difference Jacobian', () => {
    const dim = 4;
    const f = randomFlow(dim, 2, 3);
    const y = tf.tensor2d([[0.3, -0.7]]);
    for (const point of [
      [0.1, -0.4, 0.8, 1.2],
      [-1, 0.5, 0.2, -0.3],
    ]) {
      const z = tf.tensor2d([point]);
      const logdet = f.toNoise(z, y).logdet.dataSync()[0];
      const eps = 1e-2;
      const J: number[][] = Array.from({ length: dim }, () => new Array(dim).fill(0));
      for (let j = 0; j < dim; j++) {
        const plus = [...point],
          minus = [...point];
        plus[j] += eps;
        minus[j] -= eps;
        const vp = f.toNoise(tf.tensor2d([plus]), y).v.dataSync();
        const vm = f.toNoise(tf.tensor2d([minus]), y).v.dataSync();
        for (let i = 0; i < dim; i++) J[i][j] = (vp[i] - vm[i]) / (2 * eps);
      }
      const numeric = Math.log(Math.abs(det(J)));
      expect(Math.abs(logdet)).toBeGreaterThan(0.05);
      expect(Math.abs(numeric - logdet)).toBeLessThan(2e-3);
    }
    f.dispose();
  });

  it('ActNorm initialises every layer to zero mean and unit variance on the batch', () => {
    const f = randomFlow(5, 2, 3);
    const z = tf.add(
      tf.mul(tf.randomNormal([200, 5], 0, 1, 'float32', 7), tf.tensor1d([1, 3, 0.2, 5, 1])),
      tf.tensor1d([4, -2, 0, 10, 1]),
    ) as tf.Tensor2D;
    const y = tf.randomNormal([200, 2], 0, 1, 'float32', 8) as tf.Tensor2D;
    f.initialiseFromData(z, y);
    expect(f.initialised).toBe(true);
    const { v } = f.toNoise(z, y);
    const { mean, variance } = tf.moments(v, 0);
    mean.dataSync().forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-4));
    variance.dataSync().forEach((s) => expect(Math.abs(s - 1)).toBeLessThan(1e-3));
    f.dispose();
  });

  it('is trained by maximum likelihood: a conditional Gaussian is learnt', async () => {
    // z | y ~ N(2y, 0.5²): the flow's likelihood must approach the true one.
    const f = new ConditionalFlow({ ...FLOW_DEFAULTS, dim: 2, condDim: 1, blocks: 4, hidden: 16, seed: 1 });
    const y = tf.randomUniform([256, 1], -1, 1, 'float32', 9) as tf.Tensor2D;
    const z = tf.add(tf.mul(tf.tile(y, [1, 2]), 2), tf.randomNormal([256, 2], 0, 0.5, 'float32', 10)) as tf.Tensor2D;
    f.initialiseFromData(z, y);
    const opt = tf.train.adam(1e-2);
    const before = f.loss(z, y).dataSync()[0];
    for (let i = 0; i < 250; i++) opt.minimize(() => f.loss(z, y), false, f.variables);
    const after = f.loss(z, y).dataSync()[0];
    // Per dimension: ½ + log σ = 0.5 + log 0.5 ≈ −0.19 (the constant ½ log 2π left out).
    const ideal = 0.5 + Math.log(0.5);
    expect(after).toBeLessThan(before - 0.3);
    expect(Math.abs(after - ideal)).toBeLessThan(0.15);
    // Generation follows the condition: mean of z for y = 0.8 near 1.6.
    const gen = f.fromNoise(
      tf.randomNormal([400, 2], 0, 1, 'float32', 11) as tf.Tensor2D,
      tf.fill([400, 1], 0.8) as tf.Tensor2D,
    );
    const m = tf.mean(gen, 0).dataSync();
    m.forEach((x) => expect(Math.abs(x - 1.6)).toBeLessThan(0.2));
    f.dispose();
  });
});
