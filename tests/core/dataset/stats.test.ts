import { describe, expect, it } from 'vitest';
import { meanVar, topIndices, welchT } from '../../../src/core/dataset/stats';

describe('topIndices', () => {
  it('matches a full stable sort, for few-of-many and many-of-few, with ties and infinities', () => {
    let seed = 3;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const n of [7, 50, 1000]) {
      const v = Array.from({ length: n }, () => Math.round((rand() - 0.5) * 20) / 2);
      v[3] = Infinity;
      v[5] = -Infinity;
      for (const k of [1, 5, 20, n]) {
        for (const abs of [false, true]) {
          const want = v
            .map((_, i) => i)
            .sort((a, b) => (abs ? Math.abs(v[b]) - Math.abs(v[a]) : v[b] - v[a]) || a - b)
            .filter((i, r) => r < k);
          const got = Array.from(topIndices(v, k, abs));
          const keyOf = (i: number) => (abs ? Math.abs(v[i]) : v[i]);
          expect(got.map(keyOf)).toEqual(want.map(keyOf));
          for (let r = 1; r < got.length; r++)
            if (keyOf(got[r]) === keyOf(got[r - 1])) expect(got[r]).toBeGreaterThan(got[r - 1]);
        }
      }
    }
  });
});

describe('welchT and meanVar', () => {
  it('match hand-computed values', () => {
    // group 1: [1, 2, 3] mean 2 var 1; group 2: [2, 4] mean 3 var 2 → t = -1 / sqrt(1/3 + 2/2)
    const a = meanVar(3, new Float64Array([6]), new Float64Array([14]), 0, 1);
    const b = meanVar(2, new Float64Array([6]), new Float64Array([20]), 0, 1);
    expect(a.mean[0]).toBe(2);
    expect(a.variance[0]).toBeCloseTo(1, 12);
    expect(b.variance[0]).toBeCloseTo(2, 12);
    expect(welchT(a.mean, a.variance, 3, b.mean, b.variance, 2)[0]).toBeCloseTo(-1 / Math.sqrt(1 / 3 + 1), 12);
  });
  it('gives 0 for equal constant groups and ±Infinity for different constant groups, like scanpy', () => {
    const z = new Float64Array([0, 0]);
    expect(Array.from(welchT(new Float64Array([1, 2]), z, 3, new Float64Array([1, 1]), z, 3))).toEqual([0, Infinity]);
  });
});
