import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conditionMetrics, pearson, r2, retrieval } from '../../../src/core/eval/metrics';
import { FIXTURES } from '../../helpers';

describe('metrics against hand-computed values', () => {
  const pred = [1, 2, 3, 0];
  const obs = [2, 4, 5, 1];
  const ctx = { controlMean: [1, 1, 1, 1], deRank: [0, 1, 2, 3], topExpressed: [3, 2, 1, 0] };
  const m = conditionMetrics(pred, obs, ctx);
  it('pearson delta = 7 / √50', () => expect(m.pearson_delta).toBeCloseTo(7 / Math.sqrt(50), 12));
  it('mse = (1 + 4 + 4 + 1) / 4', () => expect(m.mse).toBeCloseTo(2.5, 12));
  it('l2 over the top expressed genes = √10', () => expect(m.l2_top1000).toBeCloseTo(Math.sqrt(10), 12));
  it('R² on means [3,5,6,2] vs [2,3,4,1] = 1 − 10/10', () => expect(m.r2).toBeCloseTo(0, 12));
  it('direction: 3 of 4 signs right (0 is no direction)', () => expect(m.direction_de20).toBe(0.75));
  it('top-DE variants use only the ranked genes', () => {
    const sub = conditionMetrics(pred, obs, { ...ctx, deRank: [1, 2] });
    expect(sub.mse_de20).toBeCloseTo((4 + 4) / 2, 12);
    expect(sub.pearson_delta_de20).toBeCloseTo(1, 12); // two points always correlate perfectly
    expect(r2([3, 5, 6, 2], [2, 3, 4, 1], [0, 1])).toBeCloseTo(1 - 5 / 2, 12);
  });
  it('a constant vector has correlation 0, not NaN', () => expect(pearson([0, 0, 0], [1, 2, 3])).toBe(0));
});

describe('retrieval', () => {
  it('is 1 for perfect predictions, low for swapped ones, 0.5 for a constant one', () => {
    const observed = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(retrieval(observed, observed)).toEqual([1, 1, 1]);
    // Swapped: own r = −0.5 loses to the swapped partner (r = 1) and ties with the third (r = −0.5).
    expect(retrieval([observed[1], observed[0], observed[2]], observed)).toEqual([0.25, 0.25, 1]);
    expect(
      retrieval(
        [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
        observed,
      ),
    ).toEqual([0.5, 0.5, 0.5]);
  });
});

describe('metrics against an independent numpy implementation', () => {
  const cases: {
    pred: number[];
    obs: number[];
    control: number[];
    de: number[];
    top: number[];
    expected: Record<string, number>;
  }[] = JSON.parse(readFileSync(join(FIXTURES, 'metrics.expected.json'), 'utf8')).cases;
  const retr: { preds: number[][]; obs: number[][]; expected: number[] } = JSON.parse(
    readFileSync(join(FIXTURES, 'metrics.expected.json'), 'utf8'),
  ).retrieval;
  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    const m = conditionMetrics(c.pred, c.obs, { controlMean: c.control, deRank: c.de, topExpressed: c.top });
    for (const [k, v] of Object.entries(c.expected)) expect(m[k as keyof typeof m], k).toBeCloseTo(v, 9);
  });
  it('retrieval', () => {
    retrieval(retr.preds, retr.obs).forEach((v, i) => expect(v).toBeCloseTo(retr.expected[i], 12));
  });
});
