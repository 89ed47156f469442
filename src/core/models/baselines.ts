import { perturbationKey } from '../dataset/labels';
import { matmul, solveSpd, symmetricEigen, transpose } from './linalg';
import type {
  ConditionData,
  Coverage,
  FitOptions,
  FitReport,
  Perturbation,
  PerturbationModel,
  TrainingView,
} from './types';
import { array, config, f64, isNumber, isStringArray, type ModelState } from './state';
import { MEANS_ONLY, type ModelSpec } from './spec';

/** What every baseline learns from the training conditions (validation conditions count as training). */
export class TrainingMeans {
  readonly single = new Map<string, Float64Array>();
  readonly exact = new Map<string, Float64Array>();
  private constructor(
    readonly G: number,
    readonly mean: Float64Array,
  ) {}

  static fit(view: TrainingView): TrainingMeans {
    const all: ConditionData[] = [...view.train, ...view.validation];
    const m = new TrainingMeans(view.genes.length, new Float64Array(view.genes.length));
    for (const c of all) for (let j = 0; j < m.G; j++) m.mean[j] += c.delta[j] / Math.max(1, all.length);
    for (const c of all) {
      m.exact.set(perturbationKey(c.genes), c.delta);
      if (c.genes.length === 1) m.single.set(c.genes[0], c.delta);
    }
    return m;
  }

  /** The training conditions' changes, by perturbation key: singles are the one-gene keys. */
  save(): ModelState {
    const keys = [...this.exact.keys()];
    const all = new Float64Array(keys.length * this.G);
    keys.forEach((k, i) => all.set(this.exact.get(k)!, i * this.G));
    return {
      config: { G: this.G, keys, singles: [...this.single.keys()] },
      arrays: { mean: f64(this.mean), deltas: f64(all) },
    };
  }

  static restore(s: ModelState): TrainingMeans {
    const G = config(s, 'G', isNumber);
    const keys = config(s, 'keys', isStringArray);
    const deltas = array(s, 'deltas', 'float64');
    if (deltas.length !== keys.length * G)
      throw new Error('saved baseline: the training changes do not match their keys');
    const m = new TrainingMeans(G, array(s, 'mean', 'float64'));
    keys.forEach((k, i) => m.exact.set(k, deltas.subarray(i * G, (i + 1) * G)));
    for (const g of config(s, 'singles', isStringArray)) {
      const d = m.exact.get(perturbationKey([g]));
      if (!d) throw new Error(`saved baseline: single ${g} has no change`);
      m.single.set(g, d);
    }
    return m;
  }
}

/** A model of condition means: what every baseline shares (fit, save and restore of the training changes). */
export abstract class Baseline implements PerturbationModel {
  abstract readonly id: string;
  abstract readonly label: string;
  protected m: TrainingMeans | null = null;

  async fit(view: TrainingView, _opts: FitOptions): Promise<FitReport> {
    const t0 = performance.now();
    this.m = TrainingMeans.fit(view);
    this.train(view);
    return { seconds: (performance.now() - t0) / 1000, epochs: 0, trainedOn: 'per-condition means' };
  }

  protected train(_view: TrainingView): void {}

  async save(): Promise<ModelState> {
    const s = this.means.save();
    const extra = this.saveExtra();
    return { config: { ...s.config, ...extra.config }, arrays: { ...s.arrays, ...extra.arrays } };
  }

  restore(state: ModelState): void {
    this.m = TrainingMeans.restore(state);
    this.restoreExtra(state);
  }

  /** State beyond the training means (the linear model's embedding and weights). */
  protected saveExtra(): ModelState {
    return { config: {}, arrays: {} };
  }

  protected restoreExtra(_s: ModelState): void {}

  dispose(): void {}

  protected get means(): TrainingMeans {
    if (!this.m) throw new Error(`${this.id}: predict before fit`);
    return this.m;
  }

  async predict(ps: readonly Perturbation[]): Promise<Float64Array[]> {
    return ps.map((p) => this.predictOne(p));
  }

  protected abstract predictOne(p: Perturbation): Float64Array;

  coverage(_p: Perturbation): Coverage {
    return { ok: true };
  }
}

/** Predicts no change at all. */
export class NoChange extends Baseline {
  readonly id = 'nochange';
  readonly label = 'No change';
  protected predictOne(): Float64Array {
    return new Float64Array(this.means.G);
  }
}

/** The mean change over all training conditions, for every perturbation. */
export class MeanBaseline extends Baseline {
  readonly id = 'mean';
  readonly label = 'Mean';
  protected predictOne(): Float64Array {
    return Float64Array.from(this.means.mean);
  }
}

export function sumOf(parts: Float64Array[], G: number): Float64Array {
  const out = new Float64Array(G);
  for (const p of parts) for (let j = 0; j < G; j++) out[j] += p[j];
  return out;
}

/** Sum of the singles' observed changes; the mean change stands in for an unseen single. */
export class AdditiveBaseline extends Baseline {
  readonly id = 'additive';
  readonly label = 'Additive';
  protected predictOne(p: Perturbation): Float64Array {
    const m = this.means;
    return sumOf(
      p.map((g) => m.single.get(g) ?? m.mean),
      m.G,
    );
  }
  override coverage(p: Perturbation): Coverage {
    const unseen = p.filter((g) => !this.means.single.has(g));
    return unseen.length
      ? { ok: false, reason: `no training single for ${unseen.join(', ')}: the mean change stands in` }
      : { ok: true };
  }
}

/**
 * TxPert's general baseline: a seen perturbation gets its own training mean change; an unseen one
 * the global mean change; a multi-gene perturbation that was not seen as a whole is built component
 * by component (each gene's single if seen, else the global mean) and summed.
 */
export class GeneralBaseline extends Baseline {
  readonly id = 'general';
  readonly label = 'General (TxPert)';
  protected predictOne(p: Perturbation): Float64Array {
    const m = this.means;
    const exact = m.exact.get(perturbationKey(p));
    if (exact) return Float64Array.from(exact);
    if (p.length === 1) return Float64Array.from(m.mean);
    return sumOf(
      p.map((g) => m.single.get(g) ?? m.mean),
      m.G,
    );
  }
}

/**
 * The linear model of Ahlmann-Eltze et al. (2024): gene embedding G = top-K principal components of
 * the training single-gene change matrix Y (genes × perturbations); perturbation embedding P = the
 * rows of G for the perturbed genes; W = argmin ‖Y − b − G W Pᵀ‖² + λ‖W‖² (λ = 0.1), solved in
 * closed form. A double adds its singles' predictions (the observed change where the single trained).
 */
export class LinearBaseline extends Baseline {
  readonly id: string = 'linear';
  readonly label: string = 'Linear (Ahlmann-Eltze)';
  protected K = 10;
  protected lambda = 0.1;
  protected geneIndex = new Map<string, number>();
  /** genes × K embedding */
  protected emb: Float64Array = new Float64Array(0);
  protected k = 0;
  private W: Float64Array = new Float64Array(0);
  private b: Float64Array = new Float64Array(0);

  protected override train(view: TrainingView): void {
    const m = this.means;
    const G = m.G;
    this.geneIndex = new Map(view.genes.map((g, i) => [g, i]));
    const perts = [...m.single.keys()].filter((g) => this.geneIndex.has(g)).sort();
    const P = perts.length;
    this.b = new Float64Array(G);
    if (P === 0) {
      this.k = 0;
      return;
    }
    // Y: genes × P, centred by gene (b = row means).
    const Y = new Float64Array(G * P);
    perts.forEach((g, c) => {
      const d = m.single.get(g)!;
      for (let j = 0; j < G; j++) Y[j * P + c] = d[j];
    });
    for (let j = 0; j < G; j++) {
      let s = 0;
      for (let c = 0; c < P; c++) s += Y[j * P + c];
      this.b[j] = s / P;
      for (let c = 0; c < P; c++) Y[j * P + c] -= this.b[j];
    }
    // PCA of the genes (rows) over the P perturbation features: scores = Yc V_K.
    const colMean = new Float64Array(P);
    for (let j = 0; j < G; j++) for (let c = 0; c < P; c++) colMean[c] += Y[j * P + c] / G;
    const Yc = Float64Array.from(Y, (v, i) => v - colMean[i % P]);
    const cov = matmul(transpose(Yc, G, P), Yc, P, G, P);
    const { vectors } = symmetricEigen(cov, P);
    const K = Math.min(this.K, P);
    const VK = new Float64Array(P * K);
    for (let r = 0; r < P; r++) for (let c = 0; c < K; c++) VK[r * K + c] = vectors[r * P + c];
    this.emb = matmul(Yc, VK, G, P, K);
    this.k = K;
    // W = (GᵀG + λI)⁻¹ Gᵀ Y P (PᵀP + λI)⁻¹ with P the embedding rows of the trained perturbations.
    const Pe = new Float64Array(P * K);
    perts.forEach((g, r) =>
      Pe.set(this.emb.subarray(this.geneIndex.get(g)! * K, this.geneIndex.get(g)! * K + K), r * K),
    );
    const Gt = transpose(this.emb, G, K);
    const GtG = matmul(Gt, this.emb, K, G, K);
    const PtP = matmul(transpose(Pe, P, K), Pe, K, P, K);
    for (let i = 0; i < K; i++) {
      GtG[i * K + i] += this.lambda;
      PtP[i * K + i] += this.lambda;
    }
    const GtYP = matmul(matmul(Gt, Y, K, G, P), Pe, K, P, K);
    const left = solveSpd(GtG, GtYP, K, K); // (GᵀG+λ)⁻¹ GᵀYP
    this.W = transpose(solveSpd(PtP, transpose(left, K, K), K, K), K, K); // · (PᵀP+λ)⁻¹ (symmetric)
  }

  protected override saveExtra(): ModelState {
    return {
      config: { embeddedGenes: [...this.geneIndex.keys()], k: this.k },
      arrays: { emb: f64(this.emb), W: f64(this.W), b: f64(this.b) },
    };
  }

  protected override restoreExtra(s: ModelState): void {
    this.geneIndex = new Map(config(s, 'embeddedGenes', isStringArray).map((g, i) => [g, i]));
    this.k = config(s, 'k', isNumber);
    this.emb = array(s, 'emb', 'float64');
    this.W = array(s, 'W', 'float64');
    this.b = array(s, 'b', 'float64');
  }

  /** Prediction for one unseen gene from its embedding, or null when the gene is not measured. */
  protected singleFromEmbedding(gene: string): Float64Array | null {
    const i = this.geneIndex.get(gene);
    if (i === undefined || this.k === 0) return null;
    const K = this.k;
    const G = this.means.G;
    const p = this.emb.subarray(i * K, i * K + K);
    const wp = new Float64Array(K);
    for (let a = 0; a < K; a++) for (let c = 0; c < K; c++) wp[a] += this.W[a * K + c] * p[c];
    const out = Float64Array.from(this.b);
    for (let j = 0; j < G; j++) for (let a = 0; a < K; a++) out[j] += this.emb[j * K + a] * wp[a];
    return out;
  }

  protected predictOne(p: Perturbation): Float64Array {
    const m = this.means;
    if (p.length === 1 && m.single.has(p[0]) === false)
      return this.singleFromEmbedding(p[0]) ?? Float64Array.from(m.mean);
    return sumOf(
      p.map((g) => m.single.get(g) ?? this.singleFromEmbedding(g) ?? m.mean),
      m.G,
    );
  }

  override coverage(p: Perturbation): Coverage {
    const missing = p.filter((g) => !this.means.single.has(g) && !this.geneIndex.has(g));
    return missing.length
      ? { ok: false, reason: `${missing.join(', ')} not measured and not seen in training: the mean change stands in` }
      : { ok: true };
  }
}

/**
 * k nearest neighbours (k = 5) in the linear model's gene embedding: an unseen gene's change is the
 * exp(−distance)-weighted mean of its nearest trained singles' changes; doubles add their singles.
 */
export class KnnBaseline extends LinearBaseline {
  override readonly id = 'knn';
  override readonly label = 'kNN (k = 5)';
  private readonly neighbours = 5;

  protected override singleFromEmbedding(gene: string): Float64Array | null {
    const i = this.geneIndex.get(gene);
    const m = this.means;
    if (i === undefined || this.k === 0) return null;
    const K = this.k;
    const cands = [...m.single.keys()]
      .filter((g) => g !== gene && this.geneIndex.has(g))
      .map((g) => {
        const h = this.geneIndex.get(g)!;
        let d = 0;
        for (let a = 0; a < K; a++) d += (this.emb[i * K + a] - this.emb[h * K + a]) ** 2;
        return { g, d: Math.sqrt(d) };
      });
    cands.sort((x, y) => x.d - y.d || (x.g < y.g ? -1 : 1));
    const near = cands.slice(0, this.neighbours);
    if (!near.length) return null;
    // exp(−d) normalised; shifting by the smallest d leaves the weights' ratios unchanged and keeps
    // them from underflowing when embeddings are far apart.
    const w = near.map((x) => Math.exp(-(x.d - near[0].d)));
    const total = w.reduce((s, v) => s + v, 0);
    const out = new Float64Array(m.G);
    near.forEach((x, r) => {
      const d = m.single.get(x.g)!;
      for (let j = 0; j < m.G; j++) out[j] += (w[r] / total) * d[j];
    });
    return out;
  }
}

export const baseline = (
  id: string,
  label: string,
  description: string,
  create: () => PerturbationModel,
): ModelSpec => ({
  id,
  label,
  description,
  kind: 'baseline',
  needs: MEANS_ONLY,
  explains: false,
  create,
});

export const NOCHANGE_SPEC = baseline(
  'nochange',
  'No change',
  'Predicts no change at all: the floor every model must beat.',
  () => new NoChange(),
);
export const MEAN_SPEC = baseline(
  'mean',
  'Mean',
  'Predicts the mean change of the training conditions for every perturbation: what all perturbations share.',
  () => new MeanBaseline(),
);
export const ADDITIVE_SPEC = baseline(
  'additive',
  'Additive',
  "Sums the singles' observed changes; the mean change stands in for an unseen single.",
  () => new AdditiveBaseline(),
);
export const LINEAR_SPEC = baseline(
  'linear',
  'Linear (Ahlmann-Eltze)',
  'Ridge regression of changes on PCA gene embeddings (Ahlmann-Eltze et al.); pairs add their singles.',
  () => new LinearBaseline(),
);
export const KNN_SPEC = baseline(
  'knn',
  'kNN (k = 5)',
  "An unseen gene's change is the weighted mean of its 5 nearest trained singles in the linear model's embedding.",
  () => new KnnBaseline(),
);
export const GENERAL_SPEC = baseline(
  'general',
  'General (TxPert)',
  "TxPert's general baseline: a seen perturbation keeps its training change; otherwise singles' changes (or the mean) are summed, so on unseen test conditions it predicts as Additive does.",
  () => new GeneralBaseline(),
);
