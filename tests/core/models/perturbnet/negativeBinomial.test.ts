import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { expectedLog1p, lgamma, nbLogProb } from '../../../../src/core/models/perturbnet/negativeBinomial';
import { Rng } from '../../../../src/core/util/random';

/** log p(k) for k = 0..K−1 of NB(mu, theta), through the tensor implementation. */
function logPmf(mu: number, theta: number, K: number): Float32Array {
  return tf.tidy(() => nbLogProb(tf.range(0, K), tf.fill([K], mu), tf.fill([K], theta)).dataSync() as Float32Array);
}

describe('negative binomial', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('lgamma matches tabulated values (log of factorials, Γ(½) = √π)', () => {
    const t = [0.1, 0.5, 1, 2, 10, 100];
    const want = [2.252712651734206, 0.5 * Math.log(Math.PI), 0, 0, Math.log(362880), 359.1342053695754];
    const got = tf.tidy(() => lgamma(tf.tensor1d(t)).dataSync());
    t.forEach((_, i) => expect(Math.abs(got[i] - want[i])).toBeLessThan(2e-5 * Math.max(1, Math.abs(want[i]))));
  });

  it('its pmf sums to 1 with mean mu and variance mu + mu²/theta', () => {
    for (const [mu, theta] of [
      [3, 0.7],
      [40, 5],
      [0.2, 2],
    ]) {
      const lp = logPmf(mu, theta, 3000);
      let s = 0,
        m = 0,
        m2 = 0;
      lp.forEach((l, k) => {
        const p = Math.exp(l);
        s += p;
        m += k * p;
        m2 += k * k * p;
      });
      expect(Math.abs(s - 1)).toBeLessThan(1e-4);
      expect(Math.abs(m - mu) / mu).toBeLessThan(1e-3);
      expect(Math.abs(m2 - m * m - (mu + (mu * mu) / theta)) / (mu + (mu * mu) / theta)).toBeLessThan(5e-3);
    }
  });

  it('its gradient in theta and mu matches central differences', () => {
    const x = tf.tensor1d([0, 3, 17]);
    const f = (mu: number, th: number) =>
      tf.tidy(() => tf.sum(nbLogProb(x, tf.fill([3], mu), tf.fill([3], th))).dataSync()[0]);
    const g = tf.grads((mu: tf.Tensor, th: tf.Tensor) => tf.sum(nbLogProb(x, mu, th)));
    const [gm, gt] = g([tf.fill([3], 5), tf.fill([3], 1.5)]).map((t) =>
      Array.from(t.dataSync()).reduce((a, b) => a + b, 0),
    );
    const h = 1e-2;
    expect(gm).toBeCloseTo((f(5 + h, 1.5) - f(5 - h, 1.5)) / (2 * h), 2);
    expect(gt).toBeCloseTo((f(5, 1.5 + h) - f(5, 1.5 - h)) / (2 * h), 2);
  });

  it('E[log1p(sX)] equals the pmf-weighted sum and a Monte Carlo estimate', () => {
    const rng = new Rng(3);
    for (const [mu, theta, s] of [
      [0.3, 1, 5],
      [4, 0.5, 5],
      [60, 8, 0.2],
    ]) {
      const lp = logPmf(mu, theta, 4000);
      const exact = lp.reduce((a, l, k) => a + Math.exp(l) * Math.log1p(s * k), 0);
      expect(expectedLog1p(mu, theta, s)).toBeCloseTo(exact, 4);
      const n = 100_000;
      let sum = 0,
        sq = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.log1p(s * rng.negBinomial(mu, 1 / theta));
        sum += v;
        sq += v * v;
      }
      const mean = sum / n,
        se = Math.sqrt((sq / n - mean * mean) / n);
      expect(Math.abs(expectedLog1p(mu, theta, s) - mean)).toBeLessThan(4 * se);
    }
    // Very large means take the delta method: close to the exact sum where the law is narrow.
    expect(expectedLog1p(2000, 50, 0.01, 100)).toBeCloseTo(expectedLog1p(2000, 50, 0.01), 2);
    expect(expectedLog1p(0, 1, 5)).toBe(0);
  });
});
