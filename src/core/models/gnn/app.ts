import * as tf from '@tensorflow/tfjs-core';
import { aggregate } from '../../tensor/messagePassing';
import { matMulFast as mm } from '../../tensor/matmul';
import { seededWeight, zerosVariable } from '../../tensor/layers';
import { selectionMatrix } from './graphInput';
import { GraphModel, relaidState, Weights, type GraphUse } from './graphModel';
import { restoredOptions, type ModelState } from '../state';
import type { Perturbation, TrainingView } from '../types';
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
  learningRate: 2e-3,
  epochs: 60,
  batchSize: 32,
  // The whole schedule: on the demo APP's validation score peaks late in the cosine's tail (epoch
  // 58–71 of 60–75), after plateaus that a shorter patience mistook for convergence.
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
export class AppModel extends GraphModel<AppOptions> {
  readonly id = APP_SPEC.id;
  readonly label = APP_SPEC.label;

  constructor(opts: Partial<AppOptions> = {}) {
    super(DEFAULTS, opts, "is neither measured nor in the model's graph");
  }

  protected graphUse(): GraphUse[] {
    return [{ layer: this.o.graph, on: 'nodes' }];
  }

  protected nodesFor(view: TrainingView): string[] {
    return [...new Set([...view.genes, ...view.perturbableGenes])];
  }

  protected hyper() {
    return this.o;
  }

  /** x_i: a fixed seeded code per node, its control expression, and whether it is measured. */
  protected override constantsFor(view: TrainingView, seed: number): Record<string, tf.Tensor> {
    const code = this.o.code;
    const measured = new Map(view.genes.map((g, i) => [g, i]));
    const feats = new Float32Array(this.nodes.length * (code + 2));
    const random = tf.tidy(() =>
      tf.randomNormal([this.nodes.length, code], 0, 1, 'float32', seed * 1000 + 1).dataSync(),
    );
    this.nodes.forEach((n, i) => {
      feats.set(random.subarray(i * code, (i + 1) * code), i * (code + 2));
      const j = measured.get(n);
      feats[i * (code + 2) + code] = j === undefined ? 0 : view.controlMean[j];
      feats[i * (code + 2) + code + 1] = j === undefined ? 0 : 1;
    });
    return { features: tf.tensor2d(feats, [this.nodes.length, code + 2]) };
  }

  protected override constantShapes(): Record<string, number[]> {
    return { features: [this.nodes.length, this.o.code + 2] };
  }

  protected build(seed: number): Weights {
    const d = this.o.hidden;
    const s = seed * 1000;
    const v: Record<string, tf.Variable> = {
      Win: seededWeight(this.o.code + 2, d, s + 1),
      Wc: seededWeight(d, d, s + 2),
      Wh: seededWeight(d, d, s + 3),
      be: zerosVariable([d]),
      v: seededWeight(d, 1, s + 4),
      WD: seededWeight(d, this.G, s + 5),
      bD: zerosVariable([this.G]),
    };
    for (let l = 0; l < this.o.layers; l++) {
      v[`W${l}`] = seededWeight(d, d, s + 10 + l);
      v[`b${l}`] = zerosVariable([d]);
    }
    return new Weights(v);
  }

  private embeddings(): tf.Tensor2D {
    const [graph] = this.graphs;
    let h: tf.Tensor2D = mm(this.constants.features as tf.Tensor2D, this.w.mat('Win'));
    for (let l = 0; l < this.o.layers; l++) {
      const agg = aggregate(h, graph.src, graph.dst, graph.weight, this.nodes.length);
      h = tf.relu(tf.add(mm(tf.add(h, agg), this.w.mat(`W${l}`)), this.w.vec(`b${l}`))) as tf.Tensor2D;
    }
    return h;
  }

  /** Predicted changes and attention for a batch of perturbations. */
  private attend(perts: readonly Perturbation[]): { delta: tf.Tensor2D; alpha: tf.Tensor2D } {
    const w = this.w;
    const h = this.embeddings();
    const S = selectionMatrix(perts, this.index, this.nodes.length, 'mean');
    const c = mm(S, h); // B × d
    const a = mm(c, w.mat('Wc')); // B × d
    const hh = mm(h, w.mat('Wh')); // N × d
    const pre = tf.tanh(tf.add(tf.add(tf.expandDims(a, 1), tf.expandDims(hh, 0)), w.vec('be'))); // B × N × d
    const e = tf.reshape(tf.squeeze(mm(tf.reshape(pre, [-1, this.o.hidden]), w.mat('v')), [1]), [
      perts.length,
      this.nodes.length,
    ]);
    const alpha = tf.softmax(e) as tf.Tensor2D;
    const s = mm(alpha, h);
    const delta = tf.add(mm(s, w.mat('WD')), w.vec('bD')) as tf.Tensor2D;
    return { delta, alpha };
  }

  protected forward(perts: readonly Perturbation[]): tf.Tensor2D {
    return this.attend(perts).delta;
  }

  protected loss(pred: tf.Tensor2D, observed: tf.Tensor2D): tf.Scalar {
    return tf.losses.meanSquaredError(observed, pred) as tf.Scalar;
  }

  /** Attention over all genes for one perturbation (APP's explanation). */
  async explain(p: Perturbation): Promise<{ genes: string[]; attention: Float32Array }> {
    const alpha = tf.tidy(() => this.attend([p]).alpha);
    const attention = (await alpha.data()) as Float32Array;
    alpha.dispose();
    return { genes: this.nodes, attention };
  }

  /** Files saved before APP shared `GraphModel`: features and graph together under 't.'. */
  protected override upgrade(state: ModelState): ModelState {
    if (!('t.features' in state.arrays)) return state;
    return relaidState(
      state,
      [
        ['t.features', 'c.features'],
        ['t.', 'graph0.'],
      ],
      { graphs: [restoredOptions(DEFAULTS, state.config.options).graph] },
    );
  }
}

export const APP_SPEC: ModelSpec = {
  id: 'app',
  label: 'APP (attention)',
  description:
    'APP: GNN gene embeddings over GO, perturbation-specific attention over genes, a linear decoder; its attention colours the graph.',
  kind: 'neural',
  needs: { graphs: [LAYER.go], cells: false, counts: false, embedding: false },
  explains: true,
  create: () => new AppModel(),
};
