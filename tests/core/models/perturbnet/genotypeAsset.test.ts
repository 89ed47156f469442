import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../../src/core/tensor/wasmBackend';
import { loadGoAsset } from '../../../../src/node/goAsset';
import { loadGenotypeVae } from '../../../../src/node/genotypeVaeAsset';
import { genotypeVocabulary, MIN_GENES_PER_TERM } from '../../../../src/core/models/perturbnet/genotypeVae';
import { jaccard } from '../../../../src/core/go/annotations';
import { Rng } from '../../../../src/core/util/random';

describe('the shipped GenotypeVAE encoder', () => {
  it('matches the GO asset and places GO-similar genes near each other', async () => {
    await tf.setBackend('wasm');
    const go = await loadGoAsset();
    const vae = await loadGenotypeVae(go);
    // Built from this GO asset: the same terms (run `npm run build:genotype-vae` after changing GO).
    expect(vae.vocab.terms).toEqual(genotypeVocabulary(go, MIN_GENES_PER_TERM).terms);
    expect(vae.dim).toBeGreaterThanOrEqual(10);
    expect(vae.dim).toBeLessThanOrEqual(16);
    // Pairs of genes with similar annotations sit closer than random pairs.
    const rng = new Rng(2);
    const genes = vae.vocab.genes;
    const similar: [string, string][] = [],
      random: [string, string][] = [];
    while (similar.length < 200) {
      const a = genes[rng.int(genes.length)],
        b = genes[rng.int(genes.length)];
      if (a !== b && jaccard(go.termsOf(a), go.termsOf(b)) > 0.5) similar.push([a, b]);
      if (random.length < 200) random.push([a, b]);
    }
    const distance = (pairs: [string, string][]) => {
      const ea = vae.encode(pairs.map((p) => [p[0]])),
        eb = vae.encode(pairs.map((p) => [p[1]]));
      return ea.reduce((s, x, i) => s + Math.hypot(...x.map((v, k) => v - eb[i][k])), 0) / pairs.length;
    };
    const [ds, dr] = [distance(similar), distance(random)];
    console.log(
      `GenotypeVAE: mean latent distance of GO-similar pairs ${ds.toFixed(2)}, random pairs ${dr.toFixed(2)}`,
    );
    expect(ds).toBeLessThan(0.6 * dr);
    vae.dispose();
  }, 60_000);
});
