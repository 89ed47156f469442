import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  benjaminiHochberg,
  deAgreement,
  deCall,
  deReference,
  lfcNmae,
  lfcNmaeOfMeans,
  log2FoldChange,
  normalSf,
  rankSumP,
  type DeCall,
} from '../../../src/core/eval/deGenes';
import { observedDe } from '../../../src/core/eval/observedDe';
import { makeSplit } from '../../../src/core/eval/splits';
import { loadPerturbDataset } from '../../../src/core/dataset/build';
import { CONTROL_CELLS, sampleCells } from '../../../src/core/dataset/cells';
import { openH5adPath } from '../../../src/node/openH5ad';
import { Rng } from '../../../src/core/util/random';
import { DEMO_PATH } from '../../../cli/paths';
import { FIXTURES } from '../../helpers';

const FIXTURES_SCRIPTS = join(import.meta.dirname, '..', '..', 'fixtures');

describe('the Wilcoxon rank-sum test and Benjamini–Hochberg', () => {
  it('gives the hand-computed normal tail', () => {
    expect(normalSf(0)).toBeCloseTo(0.5, 7);
    expect(normalSf(1.959963985)).toBeCloseTo(0.025, 7);
    expect(normalSf(-1)).toBeCloseTo(0.841344746, 7);
  });

  it('gives the hand-computed p-value without ties', () => {
    // x = 1, 2, 3 below y = 4, 5, 6: U = 0, μ = 4.5, σ² = 3·3/12 · 7 = 5.25, z = (4.5 − 0.5)/√5.25.
    const z = 4 / Math.sqrt(5.25);
    expect(rankSumP([1, 2, 3], [4, 5, 6])).toBeCloseTo(2 * normalSf(z), 12);
    expect(rankSumP([1, 2, 3], [4, 5, 6])).toBeCloseTo(0.0809, 4);
    // Either side below: the same two-sided p.
    expect(rankSumP([4, 5, 6], [1, 2, 3])).toBeCloseTo(rankSumP([1, 2, 3], [4, 5, 6]), 12);
  });

  it('gives the hand-computed p-value with ties', () => {
    // x = 0, 0, 1 against y = 0, 2, 2, 3 (sorted): ranks 0,0,0 → 2 each; 1 → 4; 2,2 → 5.5; 3 → 7.
    // R_x = 2 + 2 + 4 = 8, U = 8 − 6 = 2, μ = 6; ties: 3³−3 + 2³−2 = 30; σ² = 12/12 · (8 − 30/42).
    const z = (4 - 0.5) / Math.sqrt(8 - 30 / 42);
    expect(rankSumP([1, 0, 0], [0, 2, 2, 3])).toBeCloseTo(2 * normalSf(z), 12);
    // Every value tied: nothing to test.
    expect(rankSumP([0, 0], [0, 0, 0])).toBe(1);
  });

  it('adjusts p-values by the hand-computed Benjamini–Hochberg steps', () => {
    // Sorted .01 .03 .04 .2 → ×4/rank: .04 .06 .0533 .2 → running minimum from the top.
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
    [0.04, 0.16 / 3, 0.16 / 3, 0.2].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 12));
  });
});

describe('the DE metrics', () => {
  const call = (significant: number[], lfc: number[]): DeCall => ({
    significant: new Set(significant),
    lfc: Float64Array.from(lfc),
  });

  it('scores agreement of significant genes by hand', () => {
    // Observed: genes 0–3 (+, +, −, −); predicted: 1–4 (+, −, −, +).
    const obs = call([0, 1, 2, 3], [1, 2, -1, -2, 0]);
    const pred = call([1, 2, 3, 4], [0, 1, 1, -1, 3]);
    // Both: 1, 2, 3; same direction: 1 (+,+) and 3 (−,−), not 2 (+ against −).
    const a = deAgreement(pred, obs);
    expect(a.de_direction_fidelity).toBeCloseTo(2 / 4, 12);
    expect(a.de_sig_jaccard).toBeCloseTo(3 / 5, 12);
    // Four observed DE genes are fewer than ten: not scored.
    expect(a.lfc_nmae).toBeNull();
    expect(deAgreement(call([], [0]), call([], [0]))).toEqual({
      de_direction_fidelity: null,
      de_sig_jaccard: null,
      lfc_nmae: null,
    });
  });

  it('scores lfc_nmae by hand over the observed significant genes', () => {
    const genes = Array.from({ length: 10 }, (_, j) => j);
    const observed = call(genes, [...genes.map((j) => (j % 2 ? 1 : -1)), 5]);
    // Off by 0.5 on every significant gene; gene 10 is not significant and does not count.
    const predicted = [...genes.map((j) => (j % 2 ? 1.5 : -0.5)), 0];
    expect(lfcNmae(predicted, observed)).toBeCloseTo(5 / 10, 12);
    expect(lfcNmae(new Float64Array(11), observed)).toBeCloseTo(1, 12);
  });

  it('scores a model of means on the fold changes its means imply', () => {
    const reference = Array.from({ length: 12 }, (_, j) => 0.5 + j / 10);
    const observed = reference.map((_, j) => (j % 3) - 1);
    const de = new Set(reference.map((_, j) => j).slice(0, 11));
    expect(lfcNmaeOfMeans(observed, observed, reference, de)).toBe(0);
    expect(lfcNmaeOfMeans(new Float64Array(12), observed, reference, de)).toBeCloseTo(1, 12);
    // Hand value of one fold change: log2((expm1(1.5)·100 + 1) / (expm1(0.5)·100 + 1)).
    expect(log2FoldChange(Math.expm1(1.5) * 100, Math.expm1(0.5) * 100)).toBeCloseTo(
      Math.log2((Math.expm1(1.5) * 100 + 1) / (Math.expm1(0.5) * 100 + 1)),
      12,
    );
  });

  it.each([
    ['the demo', DEMO_PATH, 'simulation'],
    ['a log-normalised fixture written by anndata', join(FIXTURES, 'matched_truth_lognorm.h5ad'), 'single'],
  ] as const)(
    'match an independent numpy/scipy implementation on the cells of %s',
    async (_, path, splitName) => {
      const reader = await openH5adPath(path);
      const ds = loadPerturbDataset(reader);
      const split = makeSplit(ds.conditions, splitName, 0);
      const names = split.test.slice(0, 6);
      const genes = ds.genes.map((_, j) => j);
      const samples = sampleCells(
        reader,
        ds,
        [CONTROL_CELLS, ...names],
        (n) => (n === CONTROL_CELLS ? 300 : 80),
        4,
        genes,
      );
      reader.close();
      const control = samples[0].values;
      const cells = samples.slice(1).map((s) => s.values);
      // A prediction of each condition: the cells of another one (some DE genes shared, some not).
      const pairs = cells.map((observed, i) => ({ observed, predicted: cells[(i + 1) % cells.length] }));
      const ref = deReference(control, genes.length);
      const ours = pairs.map((p) => ({ obs: deCall(p.observed, ref), pred: deCall(p.predicted, ref) }));
      const byName = new Map(ds.conditions.map((c) => [c.name, c]));
      const rng = new Rng(5);
      const means = names.map((n, i) => {
        const c = byName.get(n)!;
        const predicted = Array.from(c.delta, (v) => v + 0.2 * rng.normal());
        return {
          reference: Array.from(c.reference),
          observed: Array.from(c.delta),
          predicted,
          significant: [...ours[i].obs.significant],
        };
      });
      const plain = (x: readonly Float32Array[]) => x.map((v) => Array.from(v));
      const numpy = JSON.parse(
        execFileSync('/usr/bin/python3', [join(FIXTURES_SCRIPTS, 'de_numpy.py')], {
          input: JSON.stringify({
            control: plain(control),
            pairs: pairs.map((p) => ({ observed: plain(p.observed), predicted: plain(p.predicted) })),
            means,
          }),
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        }),
      );
      expect(ref.tested).toEqual(numpy.tested);
      let significant = 0;
      ours.forEach((o, i) => {
        const np = numpy.pairs[i];
        expect(
          [...o.obs.significant].sort((a, b) => a - b),
          names[i],
        ).toEqual(np.observed_significant);
        expect(
          [...o.pred.significant].sort((a, b) => a - b),
          names[i],
        ).toEqual(np.predicted_significant);
        ref.tested.forEach((j, k) => expect(o.obs.lfc[j]).toBeCloseTo(np.observed_lfc[k], 9));
        const a = deAgreement(o.pred, o.obs);
        for (const k of ['de_direction_fidelity', 'de_sig_jaccard', 'lfc_nmae'] as const)
          if (np[k] === null) expect(a[k], `${k} of ${names[i]}`).toBeNull();
          else expect(a[k], `${k} of ${names[i]}`).toBeCloseTo(np[k], 9);
        significant += o.obs.significant.size;
      });
      means.forEach((m, i) => {
        const v = lfcNmaeOfMeans(m.predicted, m.observed, m.reference, new Set(m.significant));
        if (numpy.means[i] === null) expect(v).toBeNull();
        else expect(v).toBeCloseTo(numpy.means[i], 9);
      });
      // Not a vacuous comparison: the demo's conditions have DE genes, and lfc_nmae is scored for some.
      expect(significant).toBeGreaterThan(20);
      expect(numpy.pairs.some((p: { lfc_nmae: number | null }) => p.lfc_nmae !== null)).toBe(true);
    },
    60_000,
  );

  it('calls every test condition of the demo against a seeded control sample', async () => {
    const reader = await openH5adPath(DEMO_PATH);
    const ds = loadPerturbDataset(reader);
    const split = makeSplit(ds.conditions, 'simulation', 0);
    const a = observedDe(reader, ds, split, 0);
    const b = observedDe(reader, ds, split, 0);
    reader.close();
    expect([...a.calls.keys()].sort()).toEqual([...split.test].sort());
    expect([...a.calls.values()].map((c) => c.significant.size)).toEqual(
      [...b.calls.values()].map((c) => c.significant.size),
    );
    // Most perturbations of the demo move some genes.
    const moved = [...a.calls.values()].filter((c) => c.significant.size > 0).length;
    expect(moved / a.calls.size).toBeGreaterThan(0.5);
  }, 60_000);
});
