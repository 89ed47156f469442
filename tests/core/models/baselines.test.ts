import { describe, expect, it } from 'vitest';
import { createModel } from '../../../src/core/models/registry';
import type { ConditionData, TrainingView } from '../../../src/core/models/types';
import { pearson } from '../../../src/core/eval/metrics';
import { Rng } from '../../../src/core/util/random';

function view(train: ConditionData[], genes: string[]): TrainingView {
  return {
    genes,
    controlMean: new Float64Array(genes.length),
    controlVariance: new Float64Array(genes.length),
    train,
    validation: [],
    perturbableGenes: [],
    graphs: new Map(),
  };
}
const cd = (name: string, g: string[], delta: number[]): ConditionData => ({
  name,
  genes: g,
  delta: Float64Array.from(delta),
  reference: new Float64Array(delta.length),
  nCells: 10,
  variance: new Float64Array(delta.length),
});

describe('simple baselines on a hand-made training set', () => {
  const genes = ['A', 'B', 'C'];
  const train = [cd('A', ['A'], [1, 0, 2]), cd('B', ['B'], [0, 3, -1]), cd('A+B', ['A', 'B'], [2, 2, 2])];
  const check = async (id: string, p: string[], want: number[]) => {
    const m = createModel(id);
    await m.fit(view(train, genes), { seed: 0 });
    const got = (await m.predict([p]))[0];
    expect(got).toHaveLength(want.length);
    want.forEach((w, j) => expect(got[j]).toBeCloseTo(w, 12));
  };
  it('no change predicts zeros', () => check('nochange', ['C'], [0, 0, 0]));
  it('mean predicts the mean training change', () => check('mean', ['C'], [1, 5 / 3, 1]));
  it('additive sums the singles', () => check('additive', ['A', 'B'], [1, 3, 1]));
  it('additive uses the mean for an unseen single', () => check('additive', ['A', 'C'], [2, 5 / 3, 3]));
  it('general returns a seen perturbation’s own change', () => check('general', ['B', 'A'], [2, 2, 2]));
  it('general returns the mean for an unseen single', () => check('general', ['C'], [1, 5 / 3, 1]));
});

describe('linear and kNN baselines generalise to unseen genes when the data are low-rank', () => {
  // Gene j has a latent z_j; perturbing g changes gene j by z_j · M z_g. A gene's response profile
  // across perturbations therefore reveals z_j, and so its own effect when perturbed.
  const rng = new Rng(5);
  const G = 60;
  const D = 4;
  const z = Array.from({ length: G }, () => Array.from({ length: D }, () => rng.normal()));
  const M = Array.from({ length: D }, () => Array.from({ length: D }, () => rng.normal()));
  const effect = (g: number) =>
    z.map((zj) => zj.reduce((s, v, a) => s + v * M[a].reduce((t, m, b) => t + m * z[g][b], 0), 0));
  const mse = (a: ArrayLike<number>, b: number[]) => b.reduce((s, v, j) => s + (a[j] - v) ** 2, 0) / b.length;
  const genes = z.map((_, j) => `G${j}`);
  const train = Array.from({ length: 40 }, (_, g) => cd(`G${g}`, [`G${g}`], effect(g)));
  const test = [45, 50, 55];
  it.each([
    ['linear', 0.95],
    ['knn', 0.5],
  ] as const)(
    '%s correlates with the truth on unseen genes (> %s) and has a lower error than the mean',
    async (id, floor) => {
      const model = createModel(id);
      await model.fit(view(train, genes), { seed: 0 });
      const mean = createModel('mean');
      await mean.fit(view(train, genes), { seed: 0 });
      const preds = await model.predict(test.map((g) => [`G${g}`]));
      const meanPreds = await mean.predict(test.map((g) => [`G${g}`]));
      test.forEach((g, i) => {
        const r = pearson(preds[i], effect(g));
        expect(r).toBeGreaterThan(floor);
        expect(mse(preds[i], effect(g))).toBeLessThan(mse(meanPreds[i], effect(g)));
      });
      expect(model.coverage(['NOT_MEASURED'])).toMatchObject({ ok: false });
    },
  );
});
