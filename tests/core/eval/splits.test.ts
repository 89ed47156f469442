import { describe, expect, it } from 'vitest';
import { makeSplit, type SplitCondition } from '../../../src/core/eval/splits';

const genes = Array.from({ length: 40 }, (_, i) => `G${i}`);
const conditions: SplitCondition[] = [
  ...genes.map((g) => ({ name: `${g}+ctrl`, genes: [g] })),
  ...Array.from({ length: 60 }, (_, i) => ({
    name: `G${i % 40}+G${(i * 7 + 3) % 40}`,
    genes: [`G${i % 40}`, `G${(i * 7 + 3) % 40}`],
  })).filter((c, i, all) => c.genes[0] !== c.genes[1] && all.findIndex((x) => x.name === c.name) === i),
];

describe('splits', () => {
  for (const name of ['simulation', 'combo_seen2', 'single'] as const) {
    it(`${name}: disjoint, seeded, and each test condition's subset matches the genes seen in training`, () => {
      const s = makeSplit(conditions, name, 3);
      const all = [...s.train, ...s.validation, ...s.test];
      expect(new Set(all).size).toBe(all.length);
      expect(makeSplit(conditions, name, 3)).toEqual(s);
      expect(makeSplit(conditions, name, 4)).not.toEqual(s);
      expect(s.validation.length).toBeGreaterThan(0);
      const seenSingles = new Set(
        [...s.train, ...s.validation].filter((n) => n.endsWith('+ctrl')).map((n) => n.split('+')[0]),
      );
      for (const t of s.test) {
        const c = conditions.find((x) => x.name === t)!;
        const nSeen = c.genes.filter((g) => seenSingles.has(g)).length;
        const want = c.genes.length === 1 ? 'unseen_single' : `combo_seen${nSeen}`;
        expect(s.subsetOf[t]).toBe(want);
      }
    });
  }
  it('simulation holds out a quarter of the single genes and keeps 75% of seen-both doubles in training', () => {
    const s = makeSplit(conditions, 'simulation', 1);
    expect(Object.values(s.subsetOf).filter((x) => x === 'unseen_single')).toHaveLength(10);
    const seen2 = Object.values(s.subsetOf).filter((x) => x === 'combo_seen2').length;
    const seen2Train = [...s.train, ...s.validation].filter((n) => !n.endsWith('+ctrl')).length;
    expect(seen2Train / (seen2 + seen2Train)).toBeCloseTo(0.75, 1);
  });
  it('combo_seen2 trains every single and tests half of the doubles', () => {
    const s = makeSplit(conditions, 'combo_seen2', 1);
    const doubles = conditions.filter((c) => c.genes.length === 2).length;
    expect(s.test).toHaveLength(Math.floor(doubles / 2));
    expect(s.test.every((t) => s.subsetOf[t] === 'combo_seen2')).toBe(true);
  });
});
