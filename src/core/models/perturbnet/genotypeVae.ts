import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; training needs them (the tfjs union used to bring them).
import '../../tensor/gradients';
import type { GoAnnotations } from '../../go/annotations';
import { Rng } from '../../util/random';
import { Dense } from '../../tensor/layers';
import { assignVariables, config, isNumber, isStringArray, saveTensors, type ModelState } from '../state';
import type { GenotypeEncoder, Perturbation } from '../types';

/** The GO terms a GenotypeVAE reads, and each gene's terms among them. */
export interface GenotypeVocabulary {
  /** GO term ids, in input order. */
  terms: string[];
  genes: string[];
  /** CSR: the input positions of gene i are indices[indptr[i] .. indptr[i+1]). */
  indptr: Int32Array;
  indices: Int32Array;
}

/** Terms annotated to at least `minGenes` genes; genes with at least one of them. */
export function genotypeVocabulary(go: GoAnnotations, minGenes: number): GenotypeVocabulary {
  const count = new Int32Array(go.terms.length);
  for (const t of go.indices) count[t]++;
  const kept = [...count.keys()].filter((t) => count[t] >= minGenes);
  return vocabularyOver(
    go,
    kept.map((t) => go.terms[t]),
  );
}

/** The vocabulary of a given term list (a trained encoder's), read from the GO annotations. */
export function vocabularyOver(go: GoAnnotations, terms: string[]): GenotypeVocabulary {
  const position = new Map(terms.map((t, i) => [t, i]));
  const genes: string[] = [];
  const indptr = [0];
  const indices: number[] = [];
  go.genes.forEach((g) => {
    const mine = [...go.termsOf(g)]
      .map((t) => position.get(go.terms[t]))
      .filter((p): p is number => p !== undefined)
      .sort((a, b) => a - b);
    if (!mine.length) return;
    genes.push(g);
    indices.push(...mine);
    indptr.push(indices.length);
  });
  return { terms, genes, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices) };
}

export interface GenotypeVaeOptions {
  latent: number;
  hidden: [number, number];
  learningRate: number;
  batchSize: number;
  steps: number;
  seed: number;
}

/** GO terms with fewer annotated genes carry little that generalises (the paper also drops rare terms). */
export const MIN_GENES_PER_TERM = 10;

export const GENOTYPE_VAE_DEFAULTS: GenotypeVaeOptions = {
  latent: 12,
  hidden: [128, 64],
  learningRate: 1e-3,
  batchSize: 128,
  steps: 3000,
  seed: 0,
};

/**
 * PerturbNet's GenotypeVAE (methods, "GenotypeVAE"): a perturbation is the union of its genes' GO
 * annotations as a binary vector; a VAE with a Bernoulli (sigmoid) decoder learns a small latent
 * space of such vectors from random single genes and gene pairs. The encoder's mean is the
 * perturbation representation, so any annotated gene — measured or not — has one.
 *
 * Porting note: the paper's network (15,988 terms, hidden 512/256, latent 10, batch norm, dropout,
 * 300 epochs over ~177 million singles and pairs) is cut to browser size: terms with ≥ 10 genes,
 * hidden 128/64, latent 12, no batch norm or dropout, and a few thousand minibatches drawn at random
 * from the same population of singles and pairs.
 */
export class GenotypeVae implements GenotypeEncoder {
  readonly o: GenotypeVaeOptions;
  readonly vocab: GenotypeVocabulary;
  readonly encoder: Dense;
  private readonly index: Map<string, number>;

  constructor(vocab: GenotypeVocabulary, o: Partial<GenotypeVaeOptions> = {}) {
    this.o = { ...GENOTYPE_VAE_DEFAULTS, ...o };
    this.vocab = vocab;
    this.index = new Map(vocab.genes.map((g, i) => [g, i]));
    this.encoder = new Dense([vocab.terms.length, ...this.o.hidden, 2 * this.o.latent], this.o.seed, 'enc.');
  }

  get dim(): number {
    return this.o.latent;
  }

  knows(gene: string): boolean {
    return this.index.has(gene);
  }

  /** The union annotation vectors of gene sets (genes without annotations add nothing). */
  annotationMatrix(sets: readonly Perturbation[]): tf.Tensor2D {
    const T = this.vocab.terms.length;
    const x = new Float32Array(sets.length * T);
    sets.forEach((genes, b) => {
      for (const g of genes) {
        const i = this.index.get(g);
        if (i === undefined) continue;
        for (let k = this.vocab.indptr[i]; k < this.vocab.indptr[i + 1]; k++) x[b * T + this.vocab.indices[k]] = 1;
      }
    });
    return tf.tensor2d(x, [sets.length, T]);
  }

  /** Encoder means: the perturbation representation of each gene set. */
  encode(sets: readonly Perturbation[]): Float32Array[] {
    const L = this.o.latent;
    const mu = tf.tidy(() => tf.slice(this.encoder.apply(this.annotationMatrix(sets)), [0, 0], [-1, L]));
    const data = mu.dataSync() as Float32Array;
    mu.dispose();
    return sets.map((_, b) => data.slice(b * L, (b + 1) * L));
  }

  /**
   * Trains encoder and decoder on random singles and pairs of annotated genes (negative ELBO:
   * Bernoulli reconstruction plus KL to N(0, I)). Returns the loss per step, averaged per 100 steps.
   */
  async train(onProgress?: (step: number, loss: number) => void): Promise<number[]> {
    const { latent: L, batchSize: B, seed } = this.o;
    const decoder = new Dense([L, this.o.hidden[1], this.o.hidden[0], this.vocab.terms.length], seed + 7, 'dec.');
    const vars = [...this.encoder.variables, ...decoder.variables];
    const opt = tf.train.adam(this.o.learningRate);
    const rng = new Rng(seed + 11);
    const G = this.vocab.genes.length;
    const curve: number[] = [];
    let acc = 0;
    for (let step = 1; step <= this.o.steps; step++) {
      const sets = Array.from({ length: B }, () =>
        rng.uniform() < 0.5
          ? [this.vocab.genes[rng.int(G)]]
          : [this.vocab.genes[rng.int(G)], this.vocab.genes[rng.int(G)]],
      );
      const x = this.annotationMatrix(sets);
      const cost = opt.minimize(
        () => {
          const out = this.encoder.apply(x);
          const mu = tf.slice(out, [0, 0], [-1, L]);
          const logvar = tf.clipByValue(tf.slice(out, [0, L], [-1, L]), -10, 10);
          const z = tf.add(
            mu,
            tf.mul(tf.exp(tf.mul(0.5, logvar)), tf.randomNormal([B, L], 0, 1, 'float32', seed * 100003 + step)),
          );
          const logits = decoder.apply(z);
          // Bernoulli negative log-likelihood with logits: softplus(l) − x·l, summed over terms.
          const recon = tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1);
          const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar)), 1));
          return tf.mean(tf.add(recon, kl)) as tf.Scalar;
        },
        true,
        vars,
      )!;
      acc += (await cost.data())[0];
      cost.dispose();
      x.dispose();
      if (step % 100 === 0) {
        curve.push(acc / 100);
        onProgress?.(step, acc / 100);
        acc = 0;
      }
    }
    opt.dispose();
    decoder.variables.forEach((v) => v.dispose());
    return curve;
  }

  /** The encoder and its vocabulary's terms: what the shipped asset holds. */
  async save(): Promise<ModelState> {
    return {
      config: { terms: this.vocab.terms, latent: this.o.latent, hidden: this.o.hidden },
      arrays: await saveTensors(this.encoder.vars, ''),
    };
  }

  /** An encoder from a saved state, its terms read from the GO annotations (genes without any of them are unknown). */
  static restore(state: ModelState, go: GoAnnotations): GenotypeVae {
    const terms = config(state, 'terms', isStringArray);
    const latent = config(state, 'latent', isNumber);
    const hidden = config(
      state,
      'hidden',
      (v): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(isNumber),
    );
    const vae = new GenotypeVae(vocabularyOver(go, terms), { latent, hidden });
    assignVariables(vae.encoder.vars, state, '', 'the GenotypeVAE asset');
    return vae;
  }

  dispose(): void {
    this.encoder.variables.forEach((v) => v.dispose());
  }
}
