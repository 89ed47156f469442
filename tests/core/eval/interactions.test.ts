import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  classify,
  compareInteractions,
  fitInteraction,
  GI_THRESHOLDS,
  leastSquares2,
  theilSen2,
} from '../../../src/core/eval/interactions';
import { FIXTURES } from '../../helpers';

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('genetic-interaction fits', () => {
  it('least squares by hand on three genes', () => {
    // a = (1, 0, 1), b = (0, 1, 1), y = (2, 3, 4): normal equations [[2,1],[1,2]]·c = [6,7] → c = (5/3, 8/3).
    const [c1, c2] = leastSquares2([1, 0, 1], [0, 1, 1], [2, 3, 4], all(3));
    expect(c1).toBeCloseTo(5 / 3, 12);
    expect(c2).toBeCloseTo(8 / 3, 12);
  });

  it('Theil–Sen through exact points recovers the coefficients; the spatial median ignores a wild gene', () => {
    const a = [1, 2, 3, -1, 0.5, 2.5],
      b = [0, 1, -1, 2, 1.5, 0.2];
    const y = a.map((v, i) => 1.5 * v + 0.5 * b[i]);
    y[2] += 40;
    const [c1, c2] = theilSen2(a, b, y, all(6));
    expect(c1).toBeCloseTo(1.5, 6);
    expect(c2).toBeCloseTo(0.5, 6);
    const ls = leastSquares2(a, b, y, all(6));
    expect(Math.abs(ls[0] - 1.5)).toBeGreaterThan(1); // least squares is pulled by the wild gene
  });

  it('matches numpy least squares and scikit-learn Theil–Sen', () => {
    const cases: { a: number[]; b: number[]; y: number[]; true: [number, number]; ls: number[]; ts: number[] }[] =
      JSON.parse(readFileSync(join(FIXTURES, 'metrics.expected.json'), 'utf8')).interactions;
    expect(cases.length).toBe(3);
    for (const c of cases) {
      const idx = all(c.a.length);
      const ls = leastSquares2(c.a, c.b, c.y, idx);
      expect(ls[0]).toBeCloseTo(c.ls[0], 9);
      expect(ls[1]).toBeCloseTo(c.ls[1], 9);
      const ts = theilSen2(c.a, c.b, c.y, idx);
      expect(Math.abs(ts[0] - c.ts[0])).toBeLessThan(1e-5);
      expect(Math.abs(ts[1] - c.ts[1])).toBeLessThan(1e-5);
      // And Theil-Sen is the closer of the two to the truth, despite the outlying genes.
      expect(Math.hypot(ts[0] - c.true[0], ts[1] - c.true[1])).toBeLessThan(
        Math.hypot(ls[0] - c.true[0], ls[1] - c.true[1]),
      );
    }
  });

  it('classifies by the stated thresholds, in order', () => {
    const base = { c1: 1, c2: 1, magnitude: Math.SQRT2, fitCorrelation: 0.95, dominance: 0, singlesCorrelation: 0.1 };
    expect(classify(base)).toBe('additive');
    expect(classify({ ...base, fitCorrelation: GI_THRESHOLDS.neomorphicFitBelow - 0.01, magnitude: 3 })).toBe(
      'neomorphic',
    );
    expect(classify({ ...base, fitCorrelation: NaN })).toBe('neomorphic');
    expect(classify({ ...base, singlesCorrelation: 0.9 })).toBe('redundant');
    expect(classify({ ...base, singlesCorrelation: 0.995 })).toBe('not classifiable');
    expect(classify({ ...base, c1: NaN, c2: NaN, fitCorrelation: NaN })).toBe('not classifiable');
    expect(classify({ ...base, dominance: 1 })).toBe('epistatic');
    expect(classify({ ...base, magnitude: 1.8 })).toBe('synergistic');
    expect(classify({ ...base, magnitude: 1.7 })).toBe('additive');
    expect(classify({ ...base, magnitude: 1.0 })).toBe('suppressive');
  });

  it('fits a synergistic double built from two independent singles', () => {
    const G = 200;
    const a = all(G).map((i) => Math.sin(i * 1.7) * (i % 3 === 0 ? 1 : 0));
    const b = all(G).map((i) => Math.cos(i * 0.9) * (i % 3 === 1 ? 1 : 0));
    const ab = a.map((v, i) => 1.4 * v + 1.3 * b[i]);
    const f = fitInteraction(a, b, ab, all(G));
    expect(f.c1).toBeCloseTo(1.4, 6);
    expect(f.c2).toBeCloseTo(1.3, 6);
    expect(f.magnitude).toBeCloseTo(Math.hypot(1.4, 1.3), 6);
    expect(f.fitCorrelation).toBeCloseTo(1, 9);
    expect(f.class).toBe('synergistic');
  });

  it('gives zero singles no class, and counts agreement over classifiable doubles only', () => {
    const G = 60;
    const a = all(G).map((i) => Math.sin(i * 1.7) * (i % 3 === 0 ? 1 : 0));
    const b = all(G).map((i) => Math.cos(i * 0.9) * (i % 3 === 1 ? 1 : 0));
    const zero = all(G).map(() => 0);
    expect(fitInteraction(zero, b, b, all(G)).class).toBe('not classifiable');
    // Double 1: classifiable on both sides and agreeing; double 2: observed singles zero.
    const add = a.map((v, i) => v + b[i]);
    const singles: Record<string, number[]> = { A: a, B: b, Z: zero };
    const s = compareInteractions(
      [
        { condition: 'A+B', subset: 'combo_seen2', genes: ['A', 'B'], observed: add, predicted: add },
        { condition: 'Z+B', subset: 'combo_seen2', genes: ['Z', 'B'], observed: b, predicted: b },
      ],
      (g) => ({ delta: singles[g], deTop: all(G) }),
      () => all(G),
    )!;
    expect(s.n).toBe(2);
    expect(s.nClassified).toBe(1);
    expect(s.classAgreement).toBe(1);
  });
});
