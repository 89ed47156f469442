import * as tf from '@tensorflow/tfjs-core';
import { aggregate } from '../../tensor/messagePassing';
import { seededWeight, zerosVariable } from '../../tensor/layers';
import { fitOnMeans, predictRows } from './fitOnMeans';
import { graphTensors, graphTensorsFrom, selectionMatrix, type GraphTensors } from './graphInput';
import {
  config,
  isNumber,
  isStringArray,
  restoreTensors,
  restoreVariables,
  saveTensors,
  type ModelState,
  restoredOptions,
} from '../state';
import type { Coverage, FitOptions, FitReport, Perturbation, PerturbationModel, TrainingView } from '../types';
import type { ModelSpec } from '../spec';
import { LAYER } from '../../catalog';

export interface AppOptions {
  hidden: number;
  layers: number;
  graph: string;
  learningRate: number;
  epochs: number;
  batchSize: number;
  patience: number;
  code: number;
}

const DEFAULTS: AppOptions = {
  hidden: 64,
  layers: 2,
  graph: LAYER.go,
  learningRate: 1e-3,
  epochs: 300,
  batchSize: 32,
  patience: 60,
  code: 64,
};

/**
 * APP, the AdaptivePerturbPredictor (methods §3.1–3.4): GNN gene embeddings
 * h_i ← σ(W(h_i + AGG(neighbours)) + b) over L layers; perturbation context c_P = mean of the
 * perturbed genes' embeddings; attention e_i = vᵀ tanh(W_c c_P + W_h h_i + b_e), α = softmax over
 * all genes; cell state s = Σ α_i h_i; linear decoder Δy = W_D s + b_D. Trained on per-condition
 * mean changes with MSE.
 *
 * Porting note: the paper leaves AGG and the input features x_i open. AGG is the weighted mean
 * over the graph's neighbours (self-loop included), which keeps h's scale independent of degree.
 * x_i is a fixed, seeded random code per gene (64 values) plus its baseline expression and whether it
 * is measured, projected by a learned matrix. Fixed codes matter: a free embedding of a gene never
 * perturbed in training would stay untrained, while the GNN's smoothing of fixed codes gives every
 * gene — seen or not — a representation of where it sits in the graph.
 */
export class AppModel implements PerturbationModel {
  readonly id = APP_SPEC.id;
  readonly label = APP_SPEC.label;
  private o: AppOptions;
  private nodes: string[] = [];
  private index = new Map<string, number>();
  private graph: GraphTensors | null = null;
  private vars: Record<string, tf.Variable> = {};
  private G = 0;

  constructor(opts: Partial<AppOptions> = {}) {
    this.o = { ...DEFAULTS, ...opts };
  }

  private features: tf.Tensor2D | null = null;

  private embeddings(): tf.Tensor2D {
    let h = tf.matMul(this.features!, this.vars.Win) as tf.Tensor2D;
    for (let l = 0; l < this.o.layers; l++) {
      const agg = aggregate(h, this.graph!.src, this.graph!.dst, this.graph!.weight, this.nodes.length);
      h = tf.relu(tf.add(tf.matMul(tf.add(h, agg), this.vars[`W${l}`]), this.vars[`b${l}`])) as tf.Tensor2D;
    }
    return h;
  }

  /** Predicted changes and attention for a batch of perturbations. */
  private forward(perts: readonly Perturbation[]): { delta: tf.Tensor2D; alpha: tf.Tensor2D } {
    const h = this.embeddings();
    const S = selectionMatrix(perts, this.index, this.nodes.length, 'mean');
    const c = tf.matMul(S, h); // B × d
    const a = tf.matMul(c, this.vars.Wc); // B × d
    const hh = tf.matMul(h, this.vars.Wh); // N × d
    const pre = tf.tanh(tf.add(tf.add(tf.expandDims(a, 1), tf.expandDims(hh, 0)), this.vars.be)); // B × N × d
    const e = tf.reshape(tf.squeeze(tf.matMul(tf.reshape(pre, [-1, this.o.hidden]), this.vars.v), [1]), [
      perts.length,
      this.nodes.length,
    ]);
    const alpha = tf.softmax(e) as tf.Tensor2D;
    const s = tf.matMul(alpha, h);
    const delta = tf.add(tf.matMul(s, this.vars.WD), this.vars.bD) as tf.Tensor2D;
    return { delta, alpha };
  }

  async fit(view: TrainingView, opts: FitOptions): Promise<FitReport> {
    this.dispose();
    const d = this.o.hidden;
    this.G = view.genes.length;
    this.nodes = [...new Set([...view.genes, ...view.perturbableGenes])];
    this.index = new Map(this.nodes.map((n, i) => [n, i]));
    this.graph = graphTensors(view.graphs.get(this.o.graph) ?? null, this.nodes);
    const s = opts.seed * 1000;
    const code = this.o.code;
    const measured = new Map(view.genes.map((g, i) => [g, i]));
    const feats = new Float32Array(this.nodes.length * (code + 2));
    const random = tf.tidy(() => tf.randomNormal([this.nodes.length, code], 0, 1, 'float32', s + 1).dataSync());
    this.nodes.forEach((n, i) => {
      feats.set(random.subarray(i * code, (i + 1) * code), i * (code + 2));
      const j = measured.get(n);
      feats[i * (code + 2) + code] = j === undefined ? 0 : view.controlMean[j];
      feats[i * (code + 2) + code + 1] = j === undefined ? 0 : 1;
    });
    this.features = tf.tensor2d(feats, [this.nodes.length, code + 2]);
    this.vars = {
      Win: seededWeight(code + 2, d, s + 1),
      Wc: seededWeight(d, d, s + 2),
      Wh: seededWeight(d, d, s + 3),
      be: zerosVariable([d]),
      v: seededWeight(d, 1, s + 4),
      WD: seededWeight(d, this.G, s + 5),
      bD: zerosVariable([this.G]),
    };
    for (let l = 0; l < this.o.layers; l++) {
      this.vars[`W${l}`] = seededWeight(d, d, s + 10 + l);
      this.vars[`b${l}`] = zerosVariable([d]);
    }
    return fitOnMeans(view, opts, {
      variables: Object.values(this.vars),
      forward: (p) => this.forward(p).delta,
      loss: (pred, obs) => tf.losses.meanSquaredError(obs, pred) as tf.Scalar,
      hyper: this.o,
    });
  }

  predict(perts: readonly Perturbation[]): Promise<Float64Array[]> {
    return predictRows((p) => this.forward(p).delta, perts, this.G);
  }

  /** Attention over all genes for one perturbation (APP's explanation). */
  async explain(p: Perturbation): Promise<{ genes: string[]; attention: Float32Array }> {
    const alpha = tf.tidy(() => this.forward([p]).alpha);
    const attention = (await alpha.data()) as Float32Array;
    alpha.dispose();
    return { genes: this.nodes, attention };
  }

  coverage(p: Perturbation): Coverage {
    const missing = p.filter((g) => !this.index.has(g));
    return missing.length
      ? { ok: false, reason: `${missing.join(', ')} is neither measured nor in the model's graph` }
      : { ok: true };
  }

  async save(): Promise<ModelState> {
    const g = this.graph!;
    const arrays = {
      ...(await saveTensors(this.vars, 'v.')),
      ...(await saveTensors({ features: this.features!, src: g.src, dst: g.dst, weight: g.weight }, 't.')),
    };
    return { config: { options: { ...this.o }, nodes: this.nodes, G: this.G }, arrays };
  }

  restore(state: ModelState): void {
    this.dispose();
    this.o = restoredOptions(DEFAULTS, state.config.options);
    this.nodes = config(state, 'nodes', isStringArray);
    this.index = new Map(this.nodes.map((n, i) => [n, i]));
    this.G = config(state, 'G', isNumber);
    this.vars = restoreVariables(state, 'v.');
    const t = restoreTensors(state, 't.');
    this.features = t.features as tf.Tensor2D;
    this.graph = graphTensorsFrom(t, this.nodes.length);
  }

  dispose(): void {
    Object.values(this.vars).forEach((v) => v.dispose());
    this.vars = {};
    this.graph?.dispose();
    this.graph = null;
    this.features?.dispose();
    this.features = null;
  }
}

export const APP_SPEC: ModelSpec = {
  id: 'app',
  label: 'APP (attention)',
  description:
    'APP: GNN gene embeddings over GO, perturbation-specific attention over genes, a linear decoder; its attention colours the graph.',
  kind: 'neural',
  needs: { graphs: [LAYER.go], cells: false, counts: false },
  explains: true,
  create: () => new AppModel(),
};
