import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  centroidAccuracy,
  conditionMetrics,
  pdsCosine,
  pearson,
  pearsonDeltaPert,
  r2,
  retrieval,
} from '../../../src/core/eval/metrics';
import { trainingCentroid } from '../../../src/core/eval/runner';
import { makeSplit } from '../../../src/core/eval/splits';
import { loadPerturbDataset } from '../../../src/core/dataset/build';
import { openH5adPath } from '../../../src/node/openH5ad';
import { Rng } from '../../../src/core/util/random';
import { DEMO_PATH } from '../../../cli/paths';
import { FIXTURES } from '../../helpers';

const FIXTURES_SCRIPTS = join(import.meta.dirname, '..', '..', 'fixtures');

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

describe('metrics across the test conditions (issue 16 definitions)', () => {
  // Three conditions over three genes; gene 0 is a target of a test condition and is left out.
  const observed = [
    [5, 1, 0],
    [0, 0, 1],
    [0, 1, 1],
  ];
  it('pds_cosine: own change nearest → 1; a tie with one other and one nearer → 0.25; a zero prediction → 0.5', () => {
    const preds = [
      [9, 2, 0], // on genes 1, 2: (2, 0), cos 1 with its own (1, 0): d = 0, nearest.
      [0, 1, 1], // own (0, 1) and (1, 0) both at 1 − 1/√2; (1, 1) at 0: k = 1 + ½(2 − 1) = 1.5.
      [0, 0, 0], // every d = 1: k = ½(3 − 1) = 1.
    ];
    expect(pdsCosine(preds, observed, new Set([0]))).toEqual([1, 1 - 1.5 / 2, 0.5]);
    // With gene 0 kept, the first prediction still points at its own change, the second no longer ties.
    expect(pdsCosine(preds, observed, new Set())[1]).not.toBe(0.25);
  });

  it('pearson_delta_pert: changes taken from the training centroid; the centroid itself scores 0', () => {
    // pred − c = [0, 1, 2], obs − c = [1, 1, 4]: Σ = 3, Σp² = 2, Σo² = 6 after centring: 3 / √12.
    expect(pearsonDeltaPert([1, 2, 3], [2, 2, 5], [1, 1, 1])).toBeCloseTo(3 / Math.sqrt(12), 12);
    expect(pearsonDeltaPert([1, 1, 1], [2, 2, 5], [1, 1, 1])).toBe(0);
  });

  it('centroid_accuracy: 1 only when the prediction is strictly nearest its own change', () => {
    const obs = [
      [0, 1],
      [0, 0],
    ];
    // [0, 0] is at 1 from its own [0, 1] and 0 from [0, 0]; [0, −1] is at 1 from its own, 4 from the other.
    expect(
      centroidAccuracy(
        [
          [0, 0],
          [0, -1],
        ],
        obs,
      ),
    ).toEqual([0, 1]);
  });

  it('match an independent numpy implementation on the demo’s test changes', async () => {
    const reader = await openH5adPath(DEMO_PATH);
    const ds = loadPerturbDataset(reader);
    reader.close();
    const split = makeSplit(ds.conditions, 'simulation', 0);
    const byName = new Map(ds.conditions.map((c) => [c.name, c]));
    const observed = split.test.map((n) => Array.from(byName.get(n)!.delta));
    const centroid = trainingCentroid(ds, split);
    // Predictions of every kind: near their own change, the centroid, another's change, zero.
    const rng = new Rng(2);
    const preds = observed.map((o, i) =>
      i % 4 === 0
        ? o.map((v) => v + 0.3 * rng.normal())
        : i % 4 === 1
          ? Array.from(centroid)
          : i % 4 === 2
            ? observed[(i + 1) % observed.length]
            : o.map(() => 0),
    );
    const geneIndex = new Map(ds.genes.map((g, j) => [g, j]));
    const targets = [
      ...new Set(
        split.test.flatMap((n) => byName.get(n)!.genes.flatMap((g) => (geneIndex.has(g) ? [geneIndex.get(g)!] : []))),
      ),
    ];
    const numpy = JSON.parse(
      execFileSync('/usr/bin/python3', [join(FIXTURES_SCRIPTS, 'metrics_numpy.py')], {
        input: JSON.stringify({ preds, observed, targets, centroid: Array.from(centroid) }),
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      }),
    );
    const ours = {
      pds_cosine: pdsCosine(preds, observed, new Set(targets)),
      pearson_delta_pert: preds.map((p, i) => pearsonDeltaPert(p, observed[i], centroid)),
      centroid_accuracy: centroidAccuracy(preds, observed),
    };
    for (const k of ['pds_cosine', 'pearson_delta_pert', 'centroid_accuracy'] as const) {
      expect(ours[k].length).toBe(numpy[k].length);
      ours[k].forEach((v, i) => expect(v, `${k} of ${split.test[i]}`).toBeCloseTo(numpy[k][i], 9));
    }
    // Not all alike: the metrics discriminate between the kinds of prediction.
    expect(new Set(ours.pds_cosine.map((v) => v.toFixed(3))).size).toBeGreaterThan(3);
  });
});
