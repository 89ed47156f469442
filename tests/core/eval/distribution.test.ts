import { describe, expect, it } from 'vitest';
import {
  energyDistance,
  fitPca,
  kMeans,
  project,
  proportions,
  totalVariation,
} from '../../../src/core/eval/distribution';
import { symmetricEigen } from '../../../src/core/models/linalg';
import { Rng } from '../../../src/core/util/random';

const pts = (xs: number[][]) => xs.map((x) => Float64Array.from(x));

describe('energy distance', () => {
  it('matches hand-computed values', () => {
    // {0} vs {1}: 2·1 − 0 − 0.
    expect(energyDistance(pts([[0]]), pts([[1]]))).toBeCloseTo(2, 12);
    // {0, 2} vs {1}: 2·1 − (0 + 2 + 2 + 0)/4 − 0 = 1.
    expect(energyDistance(pts([[0], [2]]), pts([[1]]))).toBeCloseTo(1, 12);
    // 2-D: {(0,0), (3,4)} vs {(0,0)}: E|X−Y| = 2.5, E|X−X'| = 10/4, E|Y−Y'| = 0 → 5 − 2.5 = 2.5.
    expect(
      energyDistance(
        pts([
          [0, 0],
          [3, 4],
        ]),
        pts([[0, 0]]),
      ),
    ).toBeCloseTo(2.5, 12);
  });
  it('is zero for identical samples and grows with a shift', () => {
    const a = pts([
      [0, 1],
      [2, 3],
      [5, -1],
    ]);
    expect(energyDistance(a, a)).toBeCloseTo(0, 12);
    const shifted = a.map((p) => p.map((x) => x + 1));
    const far = a.map((p) => p.map((x) => x + 3));
    expect(energyDistance(a, far)).toBeGreaterThan(energyDistance(a, shifted));
  });
});

describe('PCA by subspace iteration', () => {
  it('finds the same axes as an eigen-decomposition of the covariance', () => {
    const rng = new Rng(4);
    const G = 6;
    const scales = [5, 3, 1, 0.5, 0.2, 0.1];
    const rows = Array.from({ length: 400 }, () => Float32Array.from(scales, (s) => s * rng.normal() + 2));
    const pca = fitPca(rows, 2, 0);
    const mean = new Float64Array(G);
    rows.forEach((r) => r.forEach((x, j) => (mean[j] += x / rows.length)));
    const cov = new Float64Array(G * G);
    rows.forEach((r) => {
      for (let i = 0; i < G; i++)
        for (let j = 0; j < G; j++) cov[i * G + j] += ((r[i] - mean[i]) * (r[j] - mean[j])) / rows.length;
    });
    const { values, vectors } = symmetricEigen(cov, G);
    const order = [...values.keys()].sort((a, b) => values[b] - values[a]);
    for (let a = 0; a < 2; a++) {
      const v = Float64Array.from({ length: G }, (_, i) => vectors[i * G + order[a]]);
      const dot = pca.axes[a].reduce((s, x, i) => s + x * v[i], 0);
      expect(Math.abs(dot)).toBeGreaterThan(0.999);
    }
    // Projections are centred.
    const p = project(pca, rows);
    expect(Math.abs(p.reduce((s, x) => s + x[0], 0) / p.length)).toBeLessThan(1e-6);
  });
});

describe('cell-state clusters', () => {
  it('k-means separates two blobs, and proportions follow them', () => {
    const rng = new Rng(9);
    const blob = (cx: number, n: number) =>
      Array.from({ length: n }, () => Float64Array.from([cx + 0.3 * rng.normal(), 0.3 * rng.normal()]));
    const a = blob(0, 60),
      b = blob(5, 40);
    const centres = kMeans([...a, ...b], 2, 1);
    const xs = centres.map((c) => c[0]).sort((p, q) => p - q);
    expect(xs[0]).toBeCloseTo(0, 0);
    expect(xs[1]).toBeCloseTo(5, 0);
    const p = proportions(centres, [...a, ...b]);
    expect([...p].sort()).toEqual([0.4, 0.6]);
  });
  it('total variation distance by hand', () => {
    expect(totalVariation([0.5, 0.5, 0], [0.2, 0.3, 0.5])).toBeCloseTo(0.5, 12);
    expect(totalVariation([1, 0], [1, 0])).toBe(0);
  });
});
