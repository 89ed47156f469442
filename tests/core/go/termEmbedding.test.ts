import { describe, expect, it } from 'vitest';
import { goTermEmbedding } from '../../../src/core/go/termEmbedding';
import { fakeGo } from '../models/perturbnet/twoStates';
import { Rng } from '../../../src/core/util/random';

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('the GO-term embedding', () => {
  it('keeps the cosine between term sets when the rank fits (hand values)', () => {
    const go = fakeGo({ A: ['t1', 't2'], B: ['t1', 't2'], C: ['t3'], D: ['t1', 't3'], E: ['t2', 't4', 't5'] });
    const e = goTermEmbedding(go);
    const v = (g: string) => e.embed(g)!;
    expect(dot(v('A'), v('A'))).toBeCloseTo(1, 9);
    expect(dot(v('A'), v('B'))).toBeCloseTo(1, 9);
    expect(dot(v('A'), v('C'))).toBeCloseTo(0, 9);
    // A = {t1, t2}, D = {t1, t3}: one shared term of two each, cos = 1/2.
    expect(dot(v('A'), v('D'))).toBeCloseTo(0.5, 9);
    // A and E share t2: 1 / √(2·3).
    expect(dot(v('A'), v('E'))).toBeCloseTo(1 / Math.sqrt(6), 9);
    expect(e.embed('UNKNOWN')).toBeNull();
  });

  it('is exact for a larger asset whose rank is below the 64 dimensions kept (randomised SVD)', () => {
    const rng = new Rng(3);
    const table: Record<string, string[]> = {};
    for (let i = 0; i < 300; i++)
      table[`G${i}`] = [...new Set(Array.from({ length: 1 + rng.int(4) }, () => `t${rng.int(50)}`))];
    const e = goTermEmbedding(fakeGo(table));
    expect(e.dim).toBeLessThanOrEqual(64);
    let worst = 0;
    for (let i = 0; i < 40; i++)
      for (let j = 0; j < 40; j++) {
        const a = table[`G${i}`],
          b = table[`G${j}`];
        const cos = a.filter((t) => b.includes(t)).length / Math.sqrt(a.length * b.length);
        worst = Math.max(worst, Math.abs(dot(e.embed(`G${i}`)!, e.embed(`G${j}`)!) - cos));
      }
    // 50 distinct terms: rank ≤ 50 < 64, so the embedding is exact up to rounding.
    expect(worst).toBeLessThan(1e-8);
  });

  it('is computed once per asset and is the same every time', () => {
    const go = fakeGo({ A: ['t1'], B: ['t2'] });
    expect(goTermEmbedding(go)).toBe(goTermEmbedding(go));
    const again = goTermEmbedding(fakeGo({ A: ['t1'], B: ['t2'] }));
    expect(Array.from(again.embed('A')!)).toEqual(Array.from(goTermEmbedding(go).embed('A')!));
  });
});
