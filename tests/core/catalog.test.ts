import { describe, expect, it } from 'vitest';
import {
  CONDITION_SUBSETS,
  explainOf,
  labelOf,
  LOWER_IS_BETTER,
  METRIC_NAMES,
  SPLIT_NAMES,
  SUBSET_NAMES,
} from '../../src/core/catalog';
import { conditionMetrics } from '../../src/core/eval/metrics';
import { makeSplit } from '../../src/core/eval/splits';

describe('the catalogue of evaluation vocabulary', () => {
  it('names exactly the metrics the core computes, each with a label, a direction and an explanation', () => {
    const G = 30;
    const obs = Float64Array.from({ length: G }, (_, j) => Math.sin(j));
    const pred = Float64Array.from(obs, (v) => v * 0.5 + 0.1);
    const ranked = Int32Array.from({ length: G }, (_, j) => j);
    const computed = Object.keys(
      conditionMetrics(pred, obs, { deRank: ranked, topExpressed: ranked, controlMean: new Float64Array(G) }),
    );
    // Five are computed across the test conditions or from their cells, not per condition.
    const across = ['retrieval', 'pds_cosine', 'pearson_delta_pert', 'centroid_accuracy', 'lfc_nmae'];
    expect([...computed, ...across].sort()).toEqual([...METRIC_NAMES].sort());
    for (const m of METRIC_NAMES) expect(explainOf(m).length).toBeGreaterThan(20);
    expect(labelOf('pearson_delta')).toBe('Pearson Δ');
    expect([...LOWER_IS_BETTER].sort()).toEqual(['l2_top1000', 'lfc_nmae', 'mse', 'mse_de20']);
  });

  it('names every split the core makes and every subset its test conditions fall in', () => {
    const genes = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const conditions = [
      ...genes.map((g) => ({ name: g, genes: [g] })),
      ...genes.flatMap((a, i) => genes.slice(i + 1).map((b) => ({ name: `${a}+${b}`, genes: [a, b] }))),
    ];
    const seen = new Set<string>();
    for (const split of SPLIT_NAMES) {
      for (const seed of [0, 1, 2])
        for (const s of Object.values(makeSplit(conditions, split, seed).subsetOf)) seen.add(s);
      expect(explainOf(split).length).toBeGreaterThan(20);
    }
    expect([...seen].sort()).toEqual([...CONDITION_SUBSETS].sort());
    expect(SUBSET_NAMES).toEqual(['all_test', ...CONDITION_SUBSETS]);
  });
});
