import * as tf from '@tensorflow/tfjs-core';
import { matMulFast as mm } from './matmul';
import { withGradient } from './withGradient';

/** Glorot-uniform weights from a seeded generator, so that a seed fixes the initial model. */
/**
 * A trainable variable holding `init()`'s values. tf.variable copies its initial tensor and leaves
 * it alive: made inside tidy(), the initial tensor is freed (a model fitted ten times in a page
 * leaked one tensor per weight per fit before).
 */
export function variableOf(init: () => tf.Tensor, name?: string): tf.Variable {
  return tf.tidy(() => tf.variable(init(), true, name));
}

export function seededWeight(rows: number, cols: number, seed: number, name?: string): tf.Variable {
  const limit = Math.sqrt(6 / (rows + cols));
  return variableOf(() => tf.randomUniform([rows, cols], -limit, limit, 'float32', seed), name);
}

export function zerosVariable(shape: number[], name?: string): tf.Variable {
  return variableOf(() => tf.zeros(shape), name);
}

/** A stack of dense layers held as named variables, so that a model can save and restore them. */
export class Dense {
  readonly vars: Record<string, tf.Variable> = {};
  readonly sizes: number[];

  /** `sizes` = [input, hidden…, output]; `seed` fixes the Glorot initialisation. */
  constructor(sizes: number[], seed: number, prefix: string) {
    this.sizes = sizes;
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.vars[`${prefix}W${l}`] = seededWeight(sizes[l], sizes[l + 1], seed + 31 * l);
      this.vars[`${prefix}b${l}`] = zerosVariable([sizes[l + 1]]);
    }
    this.prefix = prefix;
  }

  private readonly prefix: string;

  /** Leaky-ReLU between layers, none after the last. */
  apply(x: tf.Tensor): tf.Tensor2D {
    let h = x as tf.Tensor2D;
    const L = this.sizes.length - 1;
    for (let l = 0; l < L; l++) {
      h = tf.add(
        mm(h, this.vars[`${this.prefix}W${l}`] as tf.Tensor2D),
        this.vars[`${this.prefix}b${l}`],
      ) as tf.Tensor2D;
      if (l + 1 < L) h = leakyRelu(h, 0.2);
    }
    return h;
  }

  /** Zeroes the last layer, so that a residual branch starts as "no change". */
  zeroLast(): void {
    const L = this.sizes.length - 2;
    const w = this.vars[`${this.prefix}W${L}`];
    tf.tidy(() => w.assign(tf.zerosLike(w)));
  }

  get variables(): tf.Variable[] {
    return Object.values(this.vars);
  }

  get parameterCount(): number {
    return this.variables.reduce((s, v) => s + v.size, 0);
  }
}

/**
 * Leaky ReLU, max(x, αx) for 0 < α < 1, written as αx + (1 − α)·relu(x): the same function (to
 * float rounding), from kernels the WASM backend runs fast. Its own LeakyRelu kernel and the
 * gradient tfjs gives it (Greater, Select, Multiply) took 8.8 ms and 24.7 ms forward and backward on
 * 1.5 M values, against 1.4 ms and 11.1 ms here: in TxPert's GATv2 layers they were 28 % of an epoch.
 */
export function leakyRelu<T extends tf.Tensor>(x: T, alpha: number): T {
  return tf.add(tf.mul(x, alpha), tf.mul(tf.relu(x), 1 - alpha));
}

/**
 * out[b, g] = Σₖ x[b, g, k] · w[g, k]: each gene's own weight vector applied to its features in
 * every row of a batch. Written as sum(x · w) its gradient would broadcast dy through a tensor of
 * ones the size of x, built in JavaScript and copied into the backend (40 MB per step for 32 rows
 * of 5,000 genes × 64); here dy is broadcast directly.
 */
export const perGeneDot = withGradient<tf.Tensor3D, tf.Tensor2D, tf.Tensor2D>(
  (x, w) => tf.sum(tf.mul(x, w), 2),
  (dy, x, w) => {
    const dyE = tf.expandDims(dy, 2);
    return [tf.mul(dyE, w), tf.sum(tf.mul(dyE, x), 0)];
  },
);
