import * as tf from '@tensorflow/tfjs-core';
import { aggregate } from '../../tensor/messagePassing';
import { matMulFast as mm } from '../../tensor/matmul';
import { seededWeight, variableOf, zerosVariable } from '../../tensor/layers';
import { selectionMatrix } from './graphInput';
import { GraphModel, relaidState, Weights, type GraphUse } from './graphModel';
import type { ModelState } from '../state';
import type { Perturbation, TrainingView } from '../types';
import type { ModelSpec } from '../spec';
import { LAYER } from '../../catalog';

export interface GearsOptions {
  hidden: number;
  learningRate: number;
  epochs: number;
  batchSize: number;
  patience: number;
  /** Exponent of the autofocus loss: |error|^(2+gamma). */
  gamma: number;
  /** Weight of the direction-aware term. */
  directionLambda: number;
}

const DEFAULTS: GearsOptions = {
  hidden: 64,
  learningRate: 3e-3,
  epochs: 150,
  batchSize: 32,
  patience: 40,
  gamma: 2,
  directionLambda: 0.1,
};

/**
 * GEARS (Roohani et al. 2023), from its formulas and the MIT reference code:
 * - perturbation embeddings (one per perturbable gene) refined by an SGConv layer over the GO graph;
 * - gene embeddings refined by an SGConv layer over the co-expression graph (added with weight 0.2);
 * - the summed embedding of a condition's perturbed genes, through an MLP, shifts every gene's
 *   embedding;
 * - an MLP, a gene-specific linear decoder (one weight vector per gene), a cross-gene MLP over all
 *   genes' outputs, and a second gene-specific decoder on [own output, cross-gene state] give the
 *   change from control;
 * - loss: autofocus (|error|^4) plus λ × the direction term.
 *
 * Porting notes:
 * - Trained on per-condition mean changes, not cells: the prediction is a change from the control
 *   mean (GEARS adds the control cell's expression back; for means that is the same residual).
 * - The reference code's direction term uses sign(), which has no gradient; we use tanh(10·x), a
 *   smooth sign, so the term actually trains the direction.
 * - Early stopping and the kept weights follow the validation Pearson Δ (the reference code uses
 *   MSE on the top DE genes, which this class does not see); see `validationScore`.
 * - The reference code applies the co-expression convolution to the gene embeddings of the first
 *   cell in a batch only (an indexing quirk); here gene embeddings are shared by every condition,
 *   so the convolution reaches all of them.
 */
export class GearsModel extends GraphModel<GearsOptions> {
  readonly id = GEARS_SPEC.id;
  readonly label = GEARS_SPEC.label;

  constructor(opts: Partial<GearsOptions> = {}) {
    super(DEFAULTS, opts, 'has no perturbation embedding (not measured, not perturbed in the data)');
  }

  protected graphUse(): GraphUse[] {
    return [
      { layer: LAYER.go, on: 'nodes' },
      { layer: LAYER.coexpression, on: 'genes' },
    ];
  }

  protected nodesFor(view: TrainingView): string[] {
    return [...new Set([...view.perturbableGenes, ...view.genes])];
  }

  protected hyper() {
    return this.o;
  }

  protected build(seed: number): Weights {
    const d = this.o.hidden,
      G = this.G;
    const s = seed * 1000;
    let k = 0;
    const w = (r: number, c: number) => seededWeight(r, c, s + ++k);
    const uniform = (shape: number[], fanIn: number) =>
      variableOf(() => tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), 'float32', s + ++k));
    const v: Record<string, tf.Variable> = {
      geneEmb: w(G, d),
      embTrans: w(d, d),
      posEmb: w(G, d),
      posW: w(d, d),
      pertEmb: w(this.nodes.length, d),
      goW: w(d, d),
      indvW1: uniform([G, d], d),
      indvB1: zerosVariable([G]),
      indvW2a: uniform([G], d + 1),
      indvW2b: uniform([G, d], d + 1),
      indvB2: zerosVariable([G]),
    };
    const mlp = (name: string, inDim: number, outDim: number) => {
      v[`${name}W1`] = w(inDim, d);
      v[`${name}b1`] = zerosVariable([d]);
      v[`${name}W2`] = w(d, outDim);
      v[`${name}b2`] = zerosVariable([outDim]);
    };
    mlp('geneMlp', d, d);
    mlp('fuse', d, d);
    mlp('recovery', d, d);
    mlp('cross', G, d);
    return new Weights(v);
  }

  protected forward(perts: readonly Perturbation[]): tf.Tensor2D {
    const d = this.o.hidden,
      G = this.G,
      B = perts.length;
    const w = this.w;
    const mlp = (x: tf.Tensor2D, name: string) => w.mlp(x, name, mm);
    const [go, coexpr] = this.graphs;
    // Gene embeddings, refined over co-expression.
    let gene = mm(w.mat('geneEmb'), w.mat('embTrans'));
    const pos = aggregate(w.mat('posEmb'), coexpr.src, coexpr.dst, coexpr.weight, G);
    gene = mlp(tf.add(gene, tf.mul(0.2, mm(pos, w.mat('posW')))), 'geneMlp');
    // Perturbation embeddings, refined over GO.
    const pert = tf.relu(mm(aggregate(w.mat('pertEmb'), go.src, go.dst, go.weight, this.nodes.length), w.mat('goW')));
    const S = selectionMatrix(perts, this.index, this.nodes.length, 'sum');
    const shift = mlp(mm(S, pert), 'fuse'); // B × d
    const h = tf.relu(tf.add(tf.expandDims(gene, 0), tf.expandDims(shift, 1))); // B × G × d
    const rec = tf.reshape(mlp(tf.reshape(h, [B * G, d]), 'recovery'), [B, G, d]);
    const out1 = tf.add(tf.sum(tf.mul(rec, w.mat('indvW1')), 2), w.vec('indvB1')) as tf.Tensor2D; // B × G
    const cross = mlp(out1, 'cross'); // B × d
    // Second gene-specific decoder on [out1_g, cross]: w2_g · [out1_g, cross] splits into
    // w2a_g · out1_g + w2b_g · cross, so no B × G × (d+1) tensor is ever tiled.
    return tf.add(tf.add(tf.mul(out1, w.vec('indvW2a')), mm(cross, tf.transpose(w.mat('indvW2b')))), w.vec('indvB2'));
  }

  protected loss(pred: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
    const err = tf.abs(tf.sub(pred, target));
    const focus = tf.mean(tf.pow(err, 2 + this.o.gamma));
    const dir = tf.mean(tf.square(tf.sub(tf.tanh(tf.mul(10, target)), tf.tanh(tf.mul(10, pred)))));
    return tf.add(focus, tf.mul(this.o.directionLambda, dir));
  }

  /** Files saved before GEARS shared `GraphModel`: nodes under 'pertNodes', graphs under 'go.' and 'co.'. */
  protected override upgrade(state: ModelState): ModelState {
    if (!('pertNodes' in state.config)) return state;
    return relaidState(
      state,
      [
        ['go.', 'graph0.'],
        ['co.', 'graph1.'],
      ],
      { nodes: state.config.pertNodes, graphs: this.graphUse().map((u) => u.layer) },
    );
  }
}

export const GEARS_SPEC: ModelSpec = {
  id: 'gears',
  label: 'GEARS',
  description:
    'GEARS: gene embeddings over the co-expression graph, perturbation embeddings over the GO graph, a cross-gene decoder.',
  kind: 'neural',
  needs: { graphs: [LAYER.go, LAYER.coexpression], cells: false, counts: false },
  explains: false,
  create: () => new GearsModel(),
};
