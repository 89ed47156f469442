import { GO_SOURCE } from '../go/termEmbedding';
import { Baseline, baseline } from './baselines';
import { symmetricEigen } from './linalg';
import { array, config, f64, isNumber, isStringArray, type ModelState } from './state';
import type { ModelSpec } from './spec';
import type { Coverage, FitOptions, FitReport, Perturbation, TrainingView } from './types';

/**
 * Baselines that reach genes never perturbed in training through a gene embedding fixed before any
 * data are seen (GO terms by default, or a loaded graph's spectral embedding): a perturbation is the
 * sum of its genes' embeddings.
 */
abstract class EmbeddingBaseline extends Baseline {
  /** Embedding of every measured or perturbable gene that has one (what the model can ever be asked). */
  protected embedded = new Map<string, Float64Array>();
  protected dim = 0;
  /** What placed the genes (GeneEmbedding.source): named in the label and in coverage messages. */
  protected source = GO_SOURCE;
  /** The method's name after what placed the genes: "ridge", "kNN (k = 5)". */
  protected abstract readonly method: string;

  get label(): string {
    return this.source === GO_SOURCE ? `GO ${this.method}` : `${this.method} on ${this.source}`;
  }

  protected override train(view: TrainingView): void {
    const e = view.embedding;
    if (!e) throw new Error(`${this.label} places genes by a gene embedding, and none was given to it.`);
    this.dim = e.dim;
    this.source = e.source;
    this.embedded = new Map();
    for (const g of new Set([...view.genes, ...view.perturbableGenes])) {
      const v = e.embed(g);
      if (v) this.embedded.set(g, v);
    }
    this.fitEmbedded([...view.train, ...view.validation]);
  }

  // Placed by GO, as by default, it trained like every baseline; placed by a graph, it says which.
  override async fit(view: TrainingView, opts: FitOptions): Promise<FitReport> {
    const report = await super.fit(view, opts);
    if (this.source === GO_SOURCE) return report;
    return { ...report, trainedOn: `${report.trainedOn}; genes placed by the spectral embedding of ${this.source}` };
  }

  protected abstract fitEmbedded(conditions: { genes: readonly string[]; delta: Float64Array }[]): void;

  /** The perturbation's embedding (the sum over its placed genes), or null when none is placed. */
  protected embed(p: Perturbation): Float64Array | null {
    const parts = p.map((g) => this.embedded.get(g)).filter((v): v is Float64Array => !!v);
    if (!parts.length) return null;
    const out = new Float64Array(this.dim);
    for (const v of parts) for (let j = 0; j < this.dim; j++) out[j] += v[j];
    return out;
  }

  override coverage(p: Perturbation): Coverage {
    const missing = p.filter((g) => !this.embedded.has(g));
    if (!missing.length) return { ok: true };
    return {
      ok: false,
      reason:
        missing.length === p.length
          ? `${missing.join(', ')}: ${this.notPlaced}, so the mean change stands in`
          : `${missing.join(', ')}: ${this.notPlaced}, left out of the sum`,
    };
  }

  private get notPlaced(): string {
    return this.source === GO_SOURCE ? 'no GO annotation' : `no edge in ${this.source}`;
  }

  protected override saveExtra(): ModelState {
    const genes = [...this.embedded.keys()];
    const emb = new Float64Array(genes.length * this.dim);
    genes.forEach((g, i) => emb.set(this.embedded.get(g)!, i * this.dim));
    const extra = this.saveFitted();
    return {
      config: { embeddedGenes: genes, dim: this.dim, source: this.source, ...extra.config },
      arrays: { emb: f64(emb), ...extra.arrays },
    };
  }

  protected override restoreExtra(s: ModelState): void {
    this.dim = config(s, 'dim', isNumber);
    // Saved before graphs could place genes: GO.
    this.source = typeof s.config.source === 'string' ? s.config.source : GO_SOURCE;
    const emb = array(s, 'emb', 'float64');
    const genes = config(s, 'embeddedGenes', isStringArray);
    if (emb.length !== genes.length * this.dim)
      throw new Error(`saved ${this.id}: the embedding does not match its genes`);
    this.embedded = new Map(genes.map((g, i) => [g, emb.subarray(i * this.dim, (i + 1) * this.dim)]));
    this.restoreFitted(s);
  }

  protected abstract saveFitted(): ModelState;
  protected abstract restoreFitted(s: ModelState): void;
}

/** Ridge penalties tried, as multiples of the mean squared singular value of the training embeddings. */
const LAMBDA_GRID = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];

/**
 * GenePert's model with GO in place of text embeddings: ridge regression from a perturbation's
 * embedding to its change, y = b + (e − ē) W. The penalty is chosen by exact leave-one-out error over
 * the training conditions (the largest penalties shrink it to the mean baseline, so it need never
 * do worse than Mean on its training data).
 */
export class GoRidge extends EmbeddingBaseline {
  readonly id = 'go-ridge';
  protected readonly method = 'ridge';
  private W: Float64Array = new Float64Array(0);
  private b: Float64Array = new Float64Array(0);
  private eMean: Float64Array = new Float64Array(0);
  /** The penalty chosen, as a multiple of the mean squared singular value (reported in the state). */
  private lambdaFactor = 0;

  protected fitEmbedded(all: { genes: readonly string[]; delta: Float64Array }[]): void {
    const G = this.means.G,
      k = this.dim;
    const rows = all.flatMap((c) => {
      const e = this.embed(c.genes);
      return e ? [{ e, y: c.delta }] : [];
    });
    const n = rows.length;
    this.b = new Float64Array(G);
    this.eMean = new Float64Array(k);
    this.W = new Float64Array(k * G);
    if (n < 2) return;
    for (const r of rows) {
      for (let j = 0; j < G; j++) this.b[j] += r.y[j] / n;
      for (let a = 0; a < k; a++) this.eMean[a] += r.e[a] / n;
    }
    const E = new Float64Array(n * k),
      Y = new Float64Array(n * G);
    rows.forEach((r, i) => {
      for (let a = 0; a < k; a++) E[i * k + a] = r.e[a] - this.eMean[a];
      for (let j = 0; j < G; j++) Y[i * G + j] = r.y[j] - this.b[j];
    });
    // EᵀE = V S² Vᵀ; U = E V S⁻¹ (n × r) over the directions with s > 0. With f = s²/(s²+λ),
    // the fit is Ŷ = U diag(f) UᵀY and the hat matrix's diagonal h_i = Σ_j U_ij² f_j.
    const EtE = new Float64Array(k * k);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) EtE[a * k + c] += E[i * k + a] * E[i * k + c];
    const { values, vectors } = symmetricEigen(EtE, k);
    const top = values[0] ?? 0;
    const dirs = [...values.keys()].filter((j) => values[j] > 1e-10 * Math.max(top, 1e-300));
    const r = dirs.length;
    if (!r) return;
    const s = dirs.map((j) => Math.sqrt(values[j]));
    const U = new Float64Array(n * r);
    for (let i = 0; i < n; i++)
      dirs.forEach((j, q) => {
        let v = 0;
        for (let a = 0; a < k; a++) v += E[i * k + a] * vectors[a * k + j];
        U[i * r + q] = v / s[q];
      });
    // UᵀY (r × G); P = Y (UᵀY)ᵀ (n × r); M = (UᵀY)(UᵀY)ᵀ (r × r): every λ's leave-one-out error from these.
    const UtY = new Float64Array(r * G);
    for (let i = 0; i < n; i++)
      for (let q = 0; q < r; q++) {
        const u = U[i * r + q];
        for (let j = 0; j < G; j++) UtY[q * G + j] += u * Y[i * G + j];
      }
    const P = new Float64Array(n * r);
    for (let i = 0; i < n; i++)
      for (let q = 0; q < r; q++) {
        let v = 0;
        for (let j = 0; j < G; j++) v += Y[i * G + j] * UtY[q * G + j];
        P[i * r + q] = v;
      }
    const M = new Float64Array(r * r);
    for (let q = 0; q < r; q++)
      for (let t = 0; t < r; t++) {
        let v = 0;
        for (let j = 0; j < G; j++) v += UtY[q * G + j] * UtY[t * G + j];
        M[q * r + t] = v;
      }
    const yy = Float64Array.from({ length: n }, (_, i) => {
      let v = 0;
      for (let j = 0; j < G; j++) v += Y[i * G + j] ** 2;
      return v;
    });
    const meanS2 = s.reduce((t, x) => t + x * x, 0) / r;
    let best = { loo: Infinity, factor: LAMBDA_GRID[0] };
    for (const factor of LAMBDA_GRID) {
      const lambda = factor * meanS2;
      const f = s.map((x) => (x * x) / (x * x + lambda));
      let loo = 0;
      for (let i = 0; i < n; i++) {
        // ‖Y_i − Ŷ_i‖² = ‖Y_i‖² − 2 Σ_q c_q P_iq + Σ_qt c_q c_t M_qt, with c_q = U_iq f_q.
        let h = 0,
          cross = 0,
          quad = 0;
        for (let q = 0; q < r; q++) {
          const c = U[i * r + q] * f[q];
          h += U[i * r + q] * c;
          cross += c * P[i * r + q];
          for (let t = 0; t < r; t++) quad += c * U[i * r + t] * f[t] * M[q * r + t];
        }
        loo += Math.max(0, yy[i] - 2 * cross + quad) / Math.max(1e-12, 1 - h) ** 2;
      }
      if (loo < best.loo) best = { loo, factor };
    }
    this.lambdaFactor = best.factor;
    // W = V diag(s / (s² + λ)) UᵀY (k × G).
    const lambda = best.factor * meanS2;
    dirs.forEach((j, q) => {
      const g = s[q] / (s[q] * s[q] + lambda);
      for (let a = 0; a < k; a++) {
        const v = vectors[a * k + j] * g;
        if (v === 0) continue;
        for (let c = 0; c < G; c++) this.W[a * G + c] += v * UtY[q * G + c];
      }
    });
  }

  protected predictOne(p: Perturbation): Float64Array {
    const e = this.embed(p);
    if (!e) return Float64Array.from(this.means.mean);
    const G = this.means.G;
    const out = Float64Array.from(this.b);
    for (let a = 0; a < this.dim; a++) {
      const x = e[a] - this.eMean[a];
      if (x === 0) continue;
      for (let j = 0; j < G; j++) out[j] += x * this.W[a * G + j];
    }
    return out;
  }

  protected saveFitted(): ModelState {
    return {
      config: { lambdaFactor: this.lambdaFactor },
      arrays: { W: f64(this.W), b: f64(this.b), eMean: f64(this.eMean) },
    };
  }

  protected restoreFitted(s: ModelState): void {
    this.lambdaFactor = config(s, 'lambdaFactor', isNumber);
    this.W = array(s, 'W', 'float64');
    this.b = array(s, 'b', 'float64');
    this.eMean = array(s, 'eMean', 'float64');
  }
}

/**
 * The k = 5 training perturbations nearest in the GO embedding (Euclidean), their changes averaged
 * with weights exp(−d).
 */
export class GoKnn extends EmbeddingBaseline {
  readonly id = 'go-knn';
  protected readonly method = 'kNN (k = 5)';
  private readonly neighbours = 5;
  private trained: { e: Float64Array; delta: Float64Array }[] = [];

  protected fitEmbedded(all: { genes: readonly string[]; delta: Float64Array }[]): void {
    this.trained = all.flatMap((c) => {
      const e = this.embed(c.genes);
      return e ? [{ e, delta: c.delta }] : [];
    });
  }

  protected predictOne(p: Perturbation): Float64Array {
    const e = this.embed(p);
    if (!e || !this.trained.length) return Float64Array.from(this.means.mean);
    const near = this.trained
      .map((t, i) => {
        let d = 0;
        for (let a = 0; a < this.dim; a++) d += (t.e[a] - e[a]) ** 2;
        return { i, d: Math.sqrt(d) };
      })
      .sort((x, y) => x.d - y.d || x.i - y.i)
      .slice(0, this.neighbours);
    // Shifting by the smallest d leaves the weights' ratios unchanged and keeps them from underflowing.
    const w = near.map((x) => Math.exp(-(x.d - near[0].d)));
    const total = w.reduce((t, v) => t + v, 0);
    const G = this.means.G;
    const out = new Float64Array(G);
    near.forEach((x, r) => {
      const d = this.trained[x.i].delta;
      for (let j = 0; j < G; j++) out[j] += (w[r] / total) * d[j];
    });
    return out;
  }

  protected saveFitted(): ModelState {
    const G = this.means.G;
    const E = new Float64Array(this.trained.length * this.dim),
      D = new Float64Array(this.trained.length * G);
    this.trained.forEach((t, i) => {
      E.set(t.e, i * this.dim);
      D.set(t.delta, i * G);
    });
    return { config: {}, arrays: { trainedEmb: f64(E), trainedDelta: f64(D) } };
  }

  protected restoreFitted(s: ModelState): void {
    const E = array(s, 'trainedEmb', 'float64'),
      D = array(s, 'trainedDelta', 'float64');
    const n = E.length / Math.max(1, this.dim);
    const G = this.means.G;
    if (!Number.isInteger(n) || D.length !== n * G) throw new Error(`saved ${this.id}: the training rows do not match`);
    this.trained = Array.from({ length: n }, (_, i) => ({
      e: E.subarray(i * this.dim, (i + 1) * this.dim),
      delta: D.subarray(i * G, (i + 1) * G),
    }));
  }
}

const withEmbedding = (spec: ModelSpec): ModelSpec => ({ ...spec, needs: { ...spec.needs, embedding: true } });

export const GO_RIDGE_SPEC = withEmbedding(
  baseline(
    'go-ridge',
    'GO ridge',
    "Ridge regression from a perturbation's GO embedding (a truncated SVD of the gene × GO-term matrix, summed over its genes) to its change, as GenePert does with text embeddings; reaches any annotated gene.",
    () => new GoRidge(),
  ),
);
export const GO_KNN_SPEC = withEmbedding(
  baseline(
    'go-knn',
    'GO kNN (k = 5)',
    'The 5 training perturbations nearest in the GO embedding, their changes weighted by exp(−distance); reaches any annotated gene.',
    () => new GoKnn(),
  ),
);
