import * as tf from '@tensorflow/tfjs-core';
import { Dense, zerosVariable } from '../../tensor/layers';
import { matMulFast as mm } from '../../tensor/matmul';
import { Rng } from '../../util/random';

export interface FlowOptions {
  /** Size of the modelled variable (the cell latent). */
  dim: number;
  /** Size of the raw condition (the perturbation representation). */
  condDim: number;
  /** Size the condition is embedded to before it enters the couplings (10 in the paper). */
  embedDim: number;
  blocks: number;
  hidden: number;
  /** Bound of each log-scale: s = clamp · tanh(raw / clamp). */
  clamp: number;
  seed: number;
}

export const FLOW_DEFAULTS: Omit<FlowOptions, 'dim' | 'condDim' | 'seed'> = {
  embedDim: 10,
  blocks: 8,
  hidden: 64,
  clamp: 2,
};

/**
 * PerturbNet's conditional invertible network (methods, "cINN"): blocks of a conditional affine
 * coupling (both halves), ActNorm and a fixed permutation, with the condition passed through a
 * small embedding MLP. `toNoise` is the paper's f⁻¹ (cell latent Z → residual V, with
 * log|det ∂V/∂Z|), `fromNoise` its f (V → Z); they are exact inverses.
 *
 * Porting note: the paper's learning rate (4.5e-6 over 50 epochs of a large screen) is far too slow
 * for a browser; training uses Adam peaking at 1e-3 on the shared warm-up and cosine schedule, for
 * 25 epochs, early-stopped after 8 without a better validation score (on the demo the flow's best
 * validation came within its first 5 epochs; 60 epochs at a constant 1e-3 took 297 s for all_test
 * Pearson Δ 0.530, these 51 s for 0.535, seed 0). The coupling's scale is tanh-bounded
 * and its last layer starts at zero, so every block starts as the identity and the flow cannot
 * blow up early in training.
 */
export class ConditionalFlow {
  readonly o: FlowOptions;
  readonly vars: Record<string, tf.Variable> = {};
  readonly perms: Int32Array[];
  /** Permutations as matrices: x·P[k] reorders columns (a gather has no WASM gradient). */
  private readonly permMatrices: tf.Tensor2D[];
  private readonly embed: Dense;
  private readonly nets: [Dense, Dense][];
  private readonly d1: number;
  /** Whether the ActNorm layers have been initialised from data. */
  initialised = false;

  constructor(o: FlowOptions, perms?: Int32Array[]) {
    this.o = o;
    this.d1 = Math.floor(o.dim / 2);
    const d2 = o.dim - this.d1;
    this.embed = new Dense([o.condDim, o.hidden, o.embedDim], o.seed, 'embed.');
    this.nets = Array.from({ length: o.blocks }, (_, k) => {
      const a = new Dense([d2 + o.embedDim, o.hidden, 2 * this.d1], o.seed + 1000 * (k + 1), `b${k}.s1.`);
      const b = new Dense([this.d1 + o.embedDim, o.hidden, 2 * d2], o.seed + 1000 * (k + 1) + 500, `b${k}.s2.`);
      a.zeroLast();
      b.zeroLast();
      return [a, b];
    });
    for (const net of [this.embed, ...this.nets.flat()]) Object.assign(this.vars, net.vars);
    for (let k = 0; k < o.blocks; k++) {
      this.vars[`b${k}.an.bias`] = zerosVariable([o.dim]);
      this.vars[`b${k}.an.logs`] = zerosVariable([o.dim]);
    }
    const rng = new Rng(o.seed + 17);
    this.perms =
      perms ??
      Array.from({ length: o.blocks }, () => Int32Array.from(rng.shuffle(Array.from({ length: o.dim }, (_, i) => i))));
    this.permMatrices = this.perms.map((p) => {
      const m = new Float32Array(o.dim * o.dim);
      p.forEach((from, to) => (m[from * o.dim + to] = 1));
      return tf.tensor2d(m, [o.dim, o.dim]);
    });
  }

  get variables(): tf.Variable[] {
    return Object.values(this.vars);
  }

  get parameterCount(): number {
    return this.variables.reduce((s, v) => s + v.size, 0);
  }

  embedCondition(y: tf.Tensor2D): tf.Tensor2D {
    return this.embed.apply(y);
  }

  private scaleShift(net: Dense, x: tf.Tensor, e: tf.Tensor, width: number): [tf.Tensor2D, tf.Tensor2D] {
    const out = net.apply(tf.concat([x, e], 1));
    const raw = tf.slice(out, [0, 0], [-1, width]);
    const c = this.o.clamp;
    return [tf.mul(c, tf.tanh(tf.div(raw, c))), tf.slice(out, [0, width], [-1, width])];
  }

  /** Block k's coupling, forward: returns its output and the log-determinant per row. */
  private couple(k: number, x: tf.Tensor2D, e: tf.Tensor2D): { u: tf.Tensor2D; logdet: tf.Tensor1D } {
    const d1 = this.d1,
      d2 = this.o.dim - d1;
    const [net1, net2] = this.nets[k];
    const x1 = tf.slice(x, [0, 0], [-1, d1]);
    const x2 = tf.slice(x, [0, d1], [-1, d2]);
    const [s1, t1] = this.scaleShift(net1, x2, e, d1);
    const y1 = tf.add(tf.mul(x1, tf.exp(s1)), t1);
    const [s2, t2] = this.scaleShift(net2, y1, e, d2);
    const y2 = tf.add(tf.mul(x2, tf.exp(s2)), t2);
    return { u: tf.concat([y1, y2], 1) as tf.Tensor2D, logdet: tf.add(tf.sum(s1, 1), tf.sum(s2, 1)) };
  }

  private actNorm(k: number, u: tf.Tensor2D): tf.Tensor2D {
    return tf.mul(tf.add(u, this.vars[`b${k}.an.bias`]), tf.exp(this.vars[`b${k}.an.logs`]));
  }

  /** Z → V and log|det ∂V/∂Z| per row. */
  toNoise(z: tf.Tensor2D, y: tf.Tensor2D): { v: tf.Tensor2D; logdet: tf.Tensor1D } {
    const e = this.embedCondition(y);
    let x = z;
    let logdet: tf.Tensor1D = tf.zeros([z.shape[0]]);
    for (let k = 0; k < this.o.blocks; k++) {
      const c = this.couple(k, x, e);
      logdet = tf.add(tf.add(logdet, c.logdet), tf.sum(this.vars[`b${k}.an.logs`]));
      x = mm(this.actNorm(k, c.u), this.permMatrices[k]);
    }
    return { v: x, logdet };
  }

  /** V → Z: the exact inverse of `toNoise`. */
  fromNoise(v: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
    const e = this.embedCondition(y);
    const d1 = this.d1,
      d2 = this.o.dim - d1;
    let x = v;
    for (let k = this.o.blocks - 1; k >= 0; k--) {
      const [net1, net2] = this.nets[k];
      x = tf.matMul(x, this.permMatrices[k], false, true);
      x = tf.sub(tf.mul(x, tf.exp(tf.neg(this.vars[`b${k}.an.logs`]))), this.vars[`b${k}.an.bias`]);
      const y1 = tf.slice(x, [0, 0], [-1, d1]);
      const y2 = tf.slice(x, [0, d1], [-1, d2]);
      const [s2, t2] = this.scaleShift(net2, y1, e, d2);
      const x2 = tf.mul(tf.sub(y2, t2), tf.exp(tf.neg(s2)));
      const [s1, t1] = this.scaleShift(net1, x2, e, d1);
      const x1 = tf.mul(tf.sub(y1, t1), tf.exp(tf.neg(s1)));
      x = tf.concat([x1, x2], 1) as tf.Tensor2D;
    }
    return x;
  }

  /** Mean negative log-likelihood per dimension, up to a constant: ½‖V‖² − log|det J|. */
  loss(z: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    const { v, logdet } = this.toNoise(z, y);
    return tf.div(tf.mean(tf.sub(tf.mul(0.5, tf.sum(tf.square(v), 1)), logdet)), this.o.dim);
  }

  /**
   * ActNorm's data-dependent initialisation (Kingma & Dhariwal): each layer, in turn, is set so
   * that its output over this batch has zero mean and unit variance per dimension.
   */
  initialiseFromData(z: tf.Tensor2D, y: tf.Tensor2D): void {
    tf.tidy(() => {
      const e = this.embedCondition(y);
      let x = z;
      for (let k = 0; k < this.o.blocks; k++) {
        const { u } = this.couple(k, x, e);
        const { mean, variance } = tf.moments(u, 0);
        this.vars[`b${k}.an.bias`].assign(tf.neg(mean));
        this.vars[`b${k}.an.logs`].assign(tf.neg(tf.log(tf.add(tf.sqrt(variance), 1e-6))));
        x = mm(this.actNorm(k, u), this.permMatrices[k]);
      }
    });
    this.initialised = true;
  }

  dispose(): void {
    this.variables.forEach((v) => v.dispose());
    this.permMatrices.forEach((m) => m.dispose());
  }
}
