import * as tf from '@tensorflow/tfjs-core';
import { matMulFast as mm } from '../../tensor/matmul';
import { fitOnMeans, predictRows, type MeanFitSpec } from './fitOnMeans';
import { graphTensors, graphTensorsFrom, type GraphTensors } from './graphInput';
import {
  config,
  isNumber,
  isStringArray,
  restoredOptions,
  restoreTensors,
  saveTensors,
  type ModelState,
} from '../state';
import type { Coverage, FitOptions, FitReport, Perturbation, PerturbationModel, TrainingView } from '../types';

/** A model's trainable weights by name, read back with the rank the forward pass expects. */
export class Weights {
  constructor(readonly vars: Record<string, tf.Variable> = {}) {}

  private get(name: string, rank: number): tf.Variable {
    const v = this.vars[name];
    if (!v) throw new Error(`the model has no weight '${name}'`);
    if (v.rank !== rank) throw new Error(`weight '${name}' has rank ${v.rank}, expected ${rank}`);
    return v;
  }

  mat(name: string): tf.Tensor2D {
    return this.get(name, 2) as tf.Variable<tf.Rank.R2>;
  }

  vec(name: string): tf.Tensor1D {
    return this.get(name, 1) as tf.Variable<tf.Rank.R1>;
  }

  /** A two-layer perceptron `${name}W1, b1, W2, b2` with a ReLU between. */
  mlp(x: tf.Tensor2D, name: string): tf.Tensor2D {
    const h = tf.relu(tf.add(mm(x, this.mat(`${name}W1`)), this.vec(`${name}b1`))) as tf.Tensor2D;
    return tf.add(mm(h, this.mat(`${name}W2`)), this.vec(`${name}b2`));
  }

  get list(): tf.Variable[] {
    return Object.values(this.vars);
  }

  dispose(): void {
    this.list.forEach((v) => v.dispose());
  }
}

/** The graphs a model lays onto its nodes: one per layer name, on the model's nodes or its measured genes. */
export interface GraphUse {
  layer: string;
  on: 'nodes' | 'genes';
}

/**
 * What GEARS, APP and TxPert share: nodes (the genes they can perturb), graphs laid onto them,
 * named weights fitted on per-condition means, and one lifecycle for coverage, save, restore and
 * dispose. A subclass says which graphs it uses, builds its weights from a seed (the same code
 * initialises a fit and gives the shapes a restored file must match), and writes its forward pass.
 *
 * A model file is checked before it is used: its options against the model's defaults, its node list
 * and gene count, and every weight against the shape the options imply, so that a damaged or hostile
 * file is refused with the name of what is wrong instead of failing inside a matrix product.
 */
export abstract class GraphModel<O extends object> implements PerturbationModel {
  abstract readonly id: string;
  abstract readonly label: string;
  protected o: O;
  /** Genes the model holds an embedding for, in its node order. */
  protected nodes: string[] = [];
  protected index = new Map<string, number>();
  /** Measured genes: the length of every prediction. */
  protected G = 0;
  protected w = new Weights();
  /** The graphs of `graphUse()`, in its order (layers the data lack are laid with self-loops only). */
  protected graphs: GraphTensors[] = [];
  /** Tensors fixed at fit time from the data (not trained), saved with the weights. */
  protected constants: Record<string, tf.Tensor> = {};

  protected constructor(
    private readonly defaults: O,
    opts: Partial<O>,
    /** Why a gene without a node cannot be predicted, after its name. */
    private readonly uncovered: string,
  ) {
    this.o = { ...defaults, ...opts };
  }

  /** The graph layers this model reads, from its options and the graphs the data have. */
  protected abstract graphUse(available: ReadonlySet<string>): GraphUse[];
  /** The model's nodes for this training view. */
  protected abstract nodesFor(view: TrainingView): string[];
  /** Fresh weights for the current nodes, G, graphs and options. */
  protected abstract build(seed: number): Weights;
  /** Tensors fixed by the data at fit time, and the shapes a restored file must give them. */
  protected constantsFor(_view: TrainingView, _seed: number): Record<string, tf.Tensor> {
    return {};
  }
  protected constantShapes(): Record<string, number[]> {
    return {};
  }
  /** Predicted changes (B × G) for a batch; `references` are each row's control profile when known. */
  protected abstract forward(perts: readonly Perturbation[], references?: readonly ArrayLike<number>[]): tf.Tensor2D;
  /** See `MeanFitSpec.loss` for `noise`. */
  protected abstract loss(pred: tf.Tensor2D, observed: tf.Tensor2D, noise?: tf.Tensor2D): tf.Scalar;
  /** The hyper-parameters of training (epochs, batch size, learning rate, patience). */
  protected abstract hyper(): MeanFitSpec['hyper'];

  private usedLayers: GraphUse[] = [];

  private setNodes(nodes: string[], G: number): void {
    this.nodes = nodes;
    this.index = new Map(nodes.map((n, i) => [n, i]));
    this.G = G;
  }

  async fit(view: TrainingView, opts: FitOptions): Promise<FitReport> {
    this.dispose();
    this.setNodes(this.nodesFor(view), view.genes.length);
    this.usedLayers = this.graphUse(new Set(view.graphs.keys()));
    this.graphs = this.usedLayers.map((u) =>
      graphTensors(view.graphs.get(u.layer) ?? null, u.on === 'nodes' ? this.nodes : view.genes),
    );
    this.constants = this.constantsFor(view, opts.seed);
    this.w = this.build(opts.seed);
    return fitOnMeans(view, opts, {
      variables: this.w.list,
      forward: (p, refs) => this.forward(p, refs),
      loss: (pred, obs, noise) => this.loss(pred, obs, noise),
      hyper: this.hyper(),
    });
  }

  predict(perts: readonly Perturbation[], references?: readonly Float64Array[]): Promise<Float64Array[]> {
    return predictRows((p) => this.forward(p, references), perts, this.G);
  }

  coverage(p: Perturbation): Coverage {
    const missing = p.filter((g) => !this.index.has(g));
    return missing.length ? { ok: false, reason: `${missing.join(', ')} ${this.uncovered}` } : { ok: true };
  }

  async save(): Promise<ModelState> {
    const arrays = { ...(await saveTensors(this.w.vars, 'v.')), ...(await saveTensors(this.constants, 'c.')) };
    for (const [k, g] of this.graphs.entries())
      Object.assign(arrays, await saveTensors({ src: g.src, dst: g.dst, weight: g.weight }, `graph${k}.`));
    return {
      config: { options: { ...this.o }, nodes: this.nodes, G: this.G, graphs: this.usedLayers.map((u) => u.layer) },
      arrays,
    };
  }

  /**
   * A model file in the layout of an earlier version, rewritten to the current one (files saved
   * before the models shared this class keep loading).
   */
  protected upgrade(state: ModelState): ModelState {
    return state;
  }

  restore(saved: ModelState): void {
    this.dispose();
    try {
      const state = this.upgrade(saved);
      this.o = restoredOptions(this.defaults, state.config.options);
      this.setNodes(config(state, 'nodes', isStringArray), config(state, 'G', isWholeNumber));
      const layers = config(state, 'graphs', isStringArray);
      this.usedLayers = this.graphUse(new Set(layers));
      if (this.usedLayers.map((u) => u.layer).join() !== layers.join())
        throw new Error(`saved model setting 'graphs' (${layers.join(', ')}) does not match its options`);
      this.graphs = this.usedLayers.map((u, k) =>
        checkedGraph(restoreTensors(state, `graph${k}.`), u.on === 'nodes' ? this.nodes.length : this.G, k),
      );
      this.constants = restoreTensors(state, 'c.');
      for (const [name, shape] of Object.entries(this.constantShapes()))
        checkShape(this.constants[name], `c.${name}`, shape);
      this.w = this.build(0);
      const weights = restoreTensors(state, 'v.');
      try {
        for (const [name, v] of Object.entries(this.w.vars)) {
          checkShape(weights[name], `v.${name}`, v.shape);
          v.assign(weights[name]);
        }
      } finally {
        Object.values(weights).forEach((t) => t.dispose());
      }
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  dispose(): void {
    this.w.dispose();
    this.w = new Weights();
    this.graphs.forEach((g) => g.dispose());
    this.graphs = [];
    Object.values(this.constants).forEach((t) => t.dispose());
    this.constants = {};
  }
}

/**
 * `state` with its arrays' prefixes renamed (`[from, to]`, first match wins) and `config` merged in:
 * how an earlier layout of a model file is read.
 */
export function relaidState(
  state: ModelState,
  prefixes: readonly (readonly [string, string])[],
  config: Record<string, unknown>,
): ModelState {
  const arrays: ModelState['arrays'] = {};
  for (const [k, a] of Object.entries(state.arrays)) {
    const rule = prefixes.find(([from]) => k.startsWith(from));
    arrays[rule ? rule[1] + k.slice(rule[0].length) : k] = a;
  }
  return { config: { ...state.config, ...config }, arrays };
}

const isWholeNumber = (v: unknown): v is number => isNumber(v) && Number.isInteger(v) && v >= 0;

function checkShape(t: tf.Tensor | undefined, name: string, shape: readonly number[]): void {
  if (!t) throw new Error(`saved model has no array '${name}'`);
  if (t.shape.join() !== shape.join())
    throw new Error(`saved array '${name}' has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
}

/** A saved graph whose edges all name nodes of the model (an index beyond them would read out of bounds). */
function checkedGraph(t: Record<string, tf.Tensor>, nNodes: number, k: number): GraphTensors {
  let g: GraphTensors;
  try {
    g = graphTensorsFrom(t, nNodes);
  } catch (e) {
    Object.values(t).forEach((x) => x.dispose());
    throw e;
  }
  for (const [name, x] of Object.entries(t)) if (!['src', 'dst', 'weight'].includes(name)) x.dispose();
  const within = (x: tf.Tensor) => {
    const d = x.dataSync();
    return x.dtype === 'int32' && d.every((i) => i >= 0 && i < nNodes);
  };
  if (
    g.src.shape[0] !== g.dst.shape[0] ||
    g.src.shape[0] !== g.weight.shape[0] ||
    !within(g.src) ||
    !within(g.dst) ||
    !g.weight.dataSync().every(Number.isFinite)
  ) {
    g.dispose();
    throw new Error(`saved graph ${k} has edges beyond the model's ${nNodes} nodes or weights that are not numbers`);
  }
  return g;
}
