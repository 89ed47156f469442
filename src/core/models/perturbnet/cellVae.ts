import * as tf from '@tensorflow/tfjs';
import { Dense } from './dense';
import { trainLoop, type LoopReport } from '../../tensor/trainer';
import type { FitProgress } from '../types';

export interface CellVaeOptions {
  latent: number;
  hidden: number;
  learningRate: number;
  batchSize: number;
  epochs: number;
  patience: number;
  seed: number;
}

export const CELL_VAE_DEFAULTS: Omit<CellVaeOptions, 'seed'> = { latent: 12, hidden: 128, learningRate: 1e-3, batchSize: 128, epochs: 40, patience: 8 };

/**
 * PerturbNet's cell representation network for normalised data: a VAE with a Gaussian likelihood
 * (methods, "Cell representation network"). Inputs are centred per gene; the decoder gives each
 * gene's mean and a learned per-gene variance, so generated cells carry the data's noise as well
 * as its structure.
 *
 * Porting note: the paper's VAE fixes the output variance implicitly (squared error); a learned
 * per-gene variance makes sampled cells as spread out as measured ones, which the distribution
 * metrics and plots need.
 */
export class CellVae {
  readonly o: CellVaeOptions;
  readonly G: number;
  readonly encoder: Dense;
  readonly decoder: Dense;
  readonly vars: Record<string, tf.Variable>;
  center: Float32Array;

  constructor(G: number, o: CellVaeOptions) {
    this.o = o;
    this.G = G;
    this.encoder = new Dense([G, o.hidden, 2 * o.latent], o.seed + 201, 'cell.enc.');
    this.decoder = new Dense([o.latent, o.hidden, G], o.seed + 202, 'cell.dec.');
    this.vars = { ...this.encoder.vars, ...this.decoder.vars, 'cell.logvar': tf.variable(tf.zeros([G])) };
    this.center = new Float32Array(G);
  }

  get variables(): tf.Variable[] {
    return Object.values(this.vars);
  }

  /** Posterior means and log-variances of centred cells. */
  private posterior(x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
    const out = this.encoder.apply(tf.sub(x, this.center));
    const L = this.o.latent;
    return { mu: tf.slice(out, [0, 0], [-1, L]), logvar: tf.clipByValue(tf.slice(out, [0, L], [-1, L]), -10, 10) };
  }

  /** Latent means of cells (rows of normalised expression). */
  encode(x: tf.Tensor2D): tf.Tensor2D {
    return this.posterior(x).mu;
  }

  /** Decoded expression; with `noiseSeed`, one draw of the per-gene Gaussian noise is added. */
  decode(z: tf.Tensor2D, noiseSeed?: number): tf.Tensor2D {
    const mean = tf.add(this.decoder.apply(z), this.center) as tf.Tensor2D;
    if (noiseSeed === undefined) return mean;
    const sd = tf.exp(tf.mul(0.5, this.vars['cell.logvar']));
    return tf.add(mean, tf.mul(sd, tf.randomNormal(mean.shape, 0, 1, 'float32', noiseSeed)));
  }

  /** Negative ELBO per cell (Gaussian log-likelihood up to its constant, plus KL to N(0, I)). */
  private loss(x: tf.Tensor2D, step: number): tf.Scalar {
    const { mu, logvar } = this.posterior(x);
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logvar)), tf.randomNormal(mu.shape, 0, 1, 'float32', this.o.seed * 7777 + step)));
    const lv = this.vars['cell.logvar'];
    const recon = tf.sum(tf.add(tf.mul(0.5, tf.div(tf.square(tf.sub(x, this.decode(z as tf.Tensor2D))), tf.exp(lv))), tf.mul(0.5, lv)), 1);
    const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar)), 1));
    return tf.mean(tf.add(recon, kl)) as tf.Scalar;
  }

  /** Fits the VAE to the cells (rows of a B × G matrix), early-stopped on the training loss. */
  async fit(cells: Float32Array, signal?: AbortSignal, onProgress?: (p: FitProgress) => void): Promise<LoopReport> {
    const n = cells.length / this.G;
    this.center = new Float32Array(this.G);
    for (let r = 0; r < n; r++) for (let j = 0; j < this.G; j++) this.center[j] += cells[r * this.G + j] / n;
    const X = tf.tensor2d(cells, [n, this.G]);
    let step = 0;
    try {
      return await trainLoop({
        epochs: this.o.epochs, nTrain: n, batchSize: this.o.batchSize, learningRate: this.o.learningRate, seed: this.o.seed, patience: this.o.patience,
        variables: this.variables, signal, onProgress,
        loss: (rows) => this.loss(tf.gather(X, rows) as tf.Tensor2D, ++step),
        validate: () => null,
      });
    } finally {
      X.dispose();
    }
  }

  dispose(): void {
    this.variables.forEach((v) => v.dispose());
  }
}
