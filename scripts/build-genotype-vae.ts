/**
 * Writes public/data/genotype_vae.psmodel.gz: PerturbNet's GenotypeVAE encoder, trained on random
 * single genes and gene pairs of the GO asset, so that users need not train it. The app and the CLI
 * read GO term ids from it and annotations from go_human.json.gz.
 * Usage: npm run build:genotype-vae [-- STEPS]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../src/core/tensor/wasmBackend';
import { writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadGoAsset } from '../src/node/goAsset';
import { GENOTYPE_VAE_PATH } from '../src/node/genotypeVaeAsset';
import { encodeArtifact } from '../src/core/models/artifact';
import {
  GenotypeVae,
  genotypeVocabulary,
  GENOTYPE_VAE_DEFAULTS,
  MIN_GENES_PER_TERM,
} from '../src/core/models/perturbnet/genotypeVae';

await tf.setBackend('wasm');
const go = await loadGoAsset();
const vocab = genotypeVocabulary(go, MIN_GENES_PER_TERM);
const steps = Number(process.argv[2] ?? GENOTYPE_VAE_DEFAULTS.steps);
const vae = new GenotypeVae(vocab, { steps });
const t0 = performance.now();
const curve = await vae.train(
  (step, loss) => step % 1000 === 0 && console.log(`step ${step}: loss ${loss.toFixed(2)}`),
);
const seconds = (performance.now() - t0) / 1000;
const state = await vae.save();
state.config.minGenesPerTerm = MIN_GENES_PER_TERM;
state.config.trainingLoss = { first100: curve[0], last100: curve[curve.length - 1] };
const bytes = encodeArtifact({
  model: 'genotype-vae',
  label: 'GenotypeVAE encoder (PerturbNet)',
  genes: [],
  dataset: `GO: ${go.source.package} ${go.source.version}`,
  split: 'none',
  seed: vae.o.seed,
  backend: 'wasm',
  trainedOn: `${steps} minibatches of ${vae.o.batchSize} random single genes and pairs of ${vocab.genes.length} annotated genes`,
  created: new Date().toISOString().slice(0, 10),
  state,
});
writeFileSync(GENOTYPE_VAE_PATH, gzipSync(bytes, { level: 9 }));
console.log(
  `${GENOTYPE_VAE_PATH}: ${vocab.terms.length} terms, ${vocab.genes.length} genes, latent ${vae.dim}, ${vae.encoder.parameterCount} encoder parameters, ${steps} steps in ${seconds.toFixed(0)} s, loss ${curve[0].toFixed(1)} → ${curve[curve.length - 1].toFixed(1)}, ${(statSync(GENOTYPE_VAE_PATH).size / 1e6).toFixed(2)} MB`,
);
