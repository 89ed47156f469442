import { describe, expect, it } from 'vitest';
import { createModel } from '../../../src/core/models/registry';
import { goTermEmbedding } from '../../../src/core/go/termEmbedding';
import { solveSpd, symmetricEigen } from '../../../src/core/models/linalg';
import type { ConditionData, TrainingView } from '../../../src/core/models/types';
import { pearson } from '../../../src/core/eval/metrics';
import { Rng } from '../../../src/core/util/random';
import { fakeGo } from './perturbnet/twoStates';
import { graphSimulation, unseenPearson } from './graphSim';
import { spectralEmbedding } from '../../../src/core/graph/spectralEmbedding';

/**
 * 80 perturbable genes in 4 functional families known only through GO (each gene has its family's
 * core term and some of 5 family terms); perturbing a gene of family f changes the 12 measured genes
 * by the family's profile, plus noise. 60 genes are trained on (48 + 12 for validation), 20 are unseen.
 */
function familyScreen(noise: number, seed = 1) {
  const rng = new Rng(seed);
  const measured = Array.from({ length: 12 }, (_, j) => `M${j}`);
  const profile = Array.from({ length: 4 }, () => Array.from({ length: 12 }, () => 2 * rng.normal()));
  const table: Record<string, string[]> = {};
  const family = new Map<string, number>();
  for (let i = 0; i < 80; i++) {
    const f = i % 4;
    family.set(`P${i}`, f);
    table[`P${i}`] = [`F${f}`, ...Array.from({ length: 5 }, (_, t) => `F${f}.${t}`).filter(() => rng.uniform() < 0.5)];
  }
  const go = fakeGo(table);
  const change = (g: string) => Float64Array.from(profile[family.get(g)!], (v) => v + noise * rng.normal());
  const cd = (g: string): ConditionData => ({
    name: g,
    genes: [g],
    delta: change(g),
    reference: new Float64Array(12),
    nCells: 10,
    variance: new Float64Array(12),
  });
  const genes = Object.keys(table);
  const view: TrainingView = {
    genes: measured,
    controlMean: new Float64Array(12),
    controlVariance: new Float64Array(12),
    train: genes.slice(0, 48).map(cd),
    validation: genes.slice(48, 60).map(cd),
    perturbableGenes: genes,
    graphs: new Map(),
    embedding: goTermEmbedding(go),
  };
  return { view, go, unseen: genes.slice(60), truth: (g: string) => profile[family.get(g)!] };
}

const meanOf = (rows: Float64Array[]) => rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);

describe('GO ridge', () => {
  it('places unseen genes by their GO terms', async () => {
    const { view, unseen, truth } = familyScreen(0.3);
    const m = createModel('go-ridge');
    await m.fit(view, { seed: 0 });
    const pred = await m.predict(unseen.map((g) => [g]));
    const r = pred.map((p, i) => pearson(p, Float64Array.from(truth(unseen[i]))));
    expect(Math.min(...r)).toBeGreaterThan(0.9);
    expect(m.coverage(['P70'])).toEqual({ ok: true });
    expect(m.coverage(['NOT_IN_GO'])).toMatchObject({ ok: false, reason: expect.stringMatching(/no GO annotation/) });
  });

  it('equals a direct ridge solve at the penalty a brute-force leave-one-out picks', async () => {
    const { view, go, unseen } = familyScreen(1.5, 7);
    const m = createModel('go-ridge');
    await m.fit(view, { seed: 0 });
    const state = await m.save();
    // Independent: for each penalty, refit without each row by solving (EᵀE + λI) W = EᵀY directly.
    const emb = goTermEmbedding(go);
    const rows = [...view.train, ...view.validation];
    const k = emb.dim,
      G = 12,
      n = rows.length;
    const fit = (idx: number[], lambda: number) => {
      const eBar = new Float64Array(k),
        yBar = new Float64Array(G);
      for (const i of idx) {
        emb.embed(rows[i].genes[0])!.forEach((v, a) => (eBar[a] += v / idx.length));
        rows[i].delta.forEach((v, j) => (yBar[j] += v / idx.length));
      }
      const A = new Float64Array(k * k),
        B = new Float64Array(k * G);
      for (const i of idx) {
        const e = emb.embed(rows[i].genes[0])!.map((v, a) => v - eBar[a]);
        for (let a = 0; a < k; a++) {
          for (let c = 0; c < k; c++) A[a * k + c] += e[a] * e[c];
          for (let j = 0; j < G; j++) B[a * G + j] += e[a] * (rows[i].delta[j] - yBar[j]);
        }
      }
      for (let a = 0; a < k; a++) A[a * k + a] += lambda;
      const W = solveSpd(A, B, k, G);
      return (g: string) => {
        const e = emb.embed(g)!.map((v, a) => v - eBar[a]);
        return Float64Array.from(yBar, (y, j) => y + e.reduce((s, v, a) => s + v * W[a * G + j], 0));
      };
    };
    // The penalty scale: the mean squared singular value of the centred training embeddings.
    const all = rows.map((r) => emb.embed(r.genes[0])!);
    const eBar = meanOf(all);
    const EtE = new Float64Array(k * k);
    for (const e of all)
      for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) EtE[a * k + c] += (e[a] - eBar[a]) * (e[c] - eBar[c]);
    const values = symmetricEigen(EtE, k).values.filter((v, _, vs) => v > 1e-10 * vs[0]);
    const scale = values.reduce((s, v) => s + v, 0) / values.length;
    let best = { loo: Infinity, factor: 0 };
    for (const factor of [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]) {
      let loo = 0;
      for (let i = 0; i < n; i++) {
        const p = fit(
          [...Array(n).keys()].filter((x) => x !== i),
          factor * scale,
        )(rows[i].genes[0]);
        loo += p.reduce((s, v, j) => s + (v - rows[i].delta[j]) ** 2, 0);
      }
      if (loo < best.loo) best = { loo, factor };
    }
    expect(state.config.lambdaFactor).toBe(best.factor);
    const direct = fit([...Array(n).keys()], best.factor * scale);
    const pred = await m.predict(unseen.map((g) => [g]));
    unseen.forEach((g, i) => direct(g).forEach((v, j) => expect(pred[i][j]).toBeCloseTo(v, 8)));
  });

  it('shrinks to the mean change when GO says nothing about the changes', async () => {
    const { view } = familyScreen(0);
    // Shuffle the changes across genes: GO no longer predicts them.
    const rng = new Rng(2);
    const noise = [...view.train, ...view.validation].map((c) => ({
      ...c,
      delta: Float64Array.from(c.delta, () => rng.normal()),
    }));
    const shuffled = { ...view, train: noise.slice(0, 48), validation: noise.slice(48) };
    const m = createModel('go-ridge');
    await m.fit(shuffled, { seed: 0 });
    expect((await m.save()).config.lambdaFactor).toBeGreaterThanOrEqual(100);
  });
});

describe('GO kNN', () => {
  it('averages its 5 nearest training perturbations with weights exp(−d) (hand-computed from the embedding)', async () => {
    const { view, go } = familyScreen(0.3);
    const m = createModel('go-knn');
    await m.fit(view, { seed: 0 });
    const emb = goTermEmbedding(go);
    const rows = [...view.train, ...view.validation];
    const target = emb.embed('P73')!;
    const dist = rows.map((r, i) => ({ i, d: Math.hypot(...emb.embed(r.genes[0])!.map((v, a) => v - target[a])) }));
    dist.sort((a, b) => a.d - b.d || a.i - b.i);
    const near = dist.slice(0, 5);
    const w = near.map((x) => Math.exp(-x.d));
    const total = w.reduce((s, v) => s + v, 0);
    const want = new Float64Array(12);
    near.forEach((x, r) => rows[x.i].delta.forEach((v, j) => (want[j] += (w[r] / total) * v)));
    const got = (await m.predict([['P73']]))[0];
    want.forEach((v, j) => expect(got[j]).toBeCloseTo(v, 10));
  });

  it('sums the embeddings of a pair, and falls back to the mean change for a gene GO does not know', async () => {
    const { view } = familyScreen(0.3);
    const m = createModel('go-knn');
    await m.fit(view, { seed: 0 });
    const [unknown] = await m.predict([['NOT_IN_GO']]);
    const mean = meanOf([...view.train, ...view.validation].map((c) => c.delta));
    mean.forEach((v, j) => expect(unknown[j]).toBeCloseTo(v, 12));
    expect(m.coverage(['P70', 'NOT_IN_GO'])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/left out of the sum/),
    });
  });
});

describe('GO baselines saved and restored', () => {
  it.each(['go-ridge', 'go-knn'])('%s predicts the same after a round trip', async (id) => {
    const { view, unseen } = familyScreen(0.5);
    const m = createModel(id);
    await m.fit(view, { seed: 0 });
    const again = createModel(id);
    again.restore(await m.save());
    const ps = [...unseen.slice(0, 3).map((g) => [g]), ['P70', 'P71']];
    expect(await again.predict(ps)).toEqual(await m.predict(ps));
  });
});

describe('GO baselines on the graph simulation (GO drawn from the graph that shapes the effects)', () => {
  it.each(['go-ridge', 'go-knn'])('%s beats the mean baseline on unseen genes by 0.2', async (id) => {
    const { view, test } = graphSimulation(2, 80);
    const fit = async (model: string) => {
      const m = createModel(model);
      await m.fit(view, { seed: 0 });
      return unseenPearson(m, test);
    };
    const [go, mean] = [await fit(id), await fit('mean')];
    expect(go).toBeGreaterThan(mean + 0.2);
  });

  it.each(['go-ridge', 'go-knn'])('%s on the graph’s spectral embedding beats the mean baseline too', async (id) => {
    const { view, test } = graphSimulation(2, 80);
    const embedding = spectralEmbedding(view.graphs.get('GO')!, 'sim.tsv');
    const fit = async (model: string) => {
      const m = createModel(model);
      const report = await m.fit({ ...view, embedding }, { seed: 0 });
      return { pearson: await unseenPearson(m, test), m, report };
    };
    const [graph, mean] = [await fit(id), await fit('mean')];
    expect(graph.pearson).toBeGreaterThan(mean.pearson + 0.2);
    // It says what placed the genes: in its name, its training note and its coverage.
    expect(graph.m.label).toMatch(/ on sim\.tsv$/);
    expect(graph.report.trainedOn).toContain('the spectral embedding of sim.tsv');
    expect(graph.m.coverage(['NOT-A-GENE'])).toEqual({
      ok: false,
      reason: 'NOT-A-GENE: no edge in sim.tsv, so the mean change stands in',
    });
    // Saved and restored, it keeps the source.
    const again = createModel(id);
    again.restore(await graph.m.save());
    expect(again.label).toBe(graph.m.label);
  });
});
