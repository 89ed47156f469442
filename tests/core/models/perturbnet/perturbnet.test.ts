import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../../src/core/tensor/wasmBackend';
import { GenotypeVae, genotypeVocabulary } from '../../../../src/core/models/perturbnet/genotypeVae';
import { PerturbNetModel } from '../../../../src/core/models/perturbnet/perturbnet';
import { CELL_VAE_DEFAULTS } from '../../../../src/core/models/perturbnet/cellVae';
import { FLOW_DEFAULTS } from '../../../../src/core/models/perturbnet/cinn';
import { twoStateSimulation, fakeGo } from './twoStates';
import { decodeArtifact, encodeArtifact } from '../../../../src/core/models/artifact';

describe('GenotypeVAE', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('keeps terms with enough genes and encodes the union of a set’s annotations', () => {
    const go = fakeGo({ A: ['T1', 'T2'], B: ['T2', 'T3'], C: ['T3'], D: ['T9'] });
    const vocab = genotypeVocabulary(go, 2); // T2 (A, B), T3 (B, C); T1 and T9 have one gene
    expect(vocab.terms).toEqual(['T2', 'T3']);
    expect(vocab.genes).toEqual(['A', 'B', 'C']); // D has none of the kept terms
    const vae = new GenotypeVae(vocab, { latent: 3, hidden: [8, 4] });
    const x = vae.annotationMatrix([['A'], ['A', 'C'], ['D'], ['A', 'A']]).arraySync();
    expect(x).toEqual([
      [1, 0],
      [1, 1],
      [0, 0],
      [1, 0],
    ]);
    // B's terms are the union of A's and C's: the same representation.
    const [ac, b] = vae.encode([['A', 'C'], ['B']]);
    expect([...ac]).toEqual([...b]);
    vae.dispose();
  });
});

describe('PerturbNet on two cell states', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('predicts the state proportions of unseen genes better than the training sample, and saves', async () => {
    const sim = twoStateSimulation(1);
    const genotype = new GenotypeVae(genotypeVocabulary(sim.go, 1), {
      latent: 4,
      hidden: [16, 8],
      steps: 800,
      batchSize: 64,
      learningRate: 3e-3,
    });
    await genotype.train();
    const model = new PerturbNetModel({
      cell: { ...CELL_VAE_DEFAULTS, latent: 4, hidden: 32, epochs: 40, patience: 40 },
      flow: { ...FLOW_DEFAULTS, blocks: 4, hidden: 32 },
      flowEpochs: 60,
      flowPatience: 60,
      cellsPerPrediction: 100,
    });
    await model.fit({ ...sim.view, genotype }, { seed: 0 });
    const errors = await Promise.all(
      sim.testGenes.map(async (g, i) => {
        const cells = await model.generate([g], 300, 10 + i);
        return {
          model: Math.abs(sim.fractionB(cells) - sim.truthB(g)),
          trainingSample: Math.abs(sim.trainingSampleB - sim.truthB(g)),
        };
      }),
    );
    const mean = (k: 'model' | 'trainingSample') => errors.reduce((s, e) => s + e[k], 0) / errors.length;
    console.log(
      `two-state simulation: |predicted − true| fraction in state B, PerturbNet ${mean('model').toFixed(3)}, training sample ${mean('trainingSample').toFixed(3)}`,
    );
    expect(mean('model')).toBeLessThan(mean('trainingSample') - 0.1);
    expect(model.parameterCount).toBeLessThan(5e6);

    // Save → file bytes → restore predicts the same means; an unannotated gene is named.
    const bytes = encodeArtifact({
      model: 'perturbnet',
      label: model.label,
      genes: [...sim.view.genes],
      dataset: 'two states',
      split: 'test',
      seed: 0,
      backend: 'wasm',
      trainedOn: '',
      created: '',
      state: await model.save(),
    });
    const restored = new PerturbNetModel();
    restored.restore(decodeArtifact(bytes).state);
    const [a] = await model.predict([[sim.testGenes[0]]]);
    const [b] = await restored.predict([[sim.testGenes[0]]]);
    expect(Math.max(...a.map((x, j) => Math.abs(x - b[j])))).toBeLessThan(1e-6);
    expect(restored.coverage(['NOPE1'])).toEqual({
      ok: false,
      reason: expect.stringContaining('NOPE1 has no GO annotation'),
    });
    model.dispose();
    restored.dispose();
    genotype.dispose();
  }, 120_000);

  it('with the negative-binomial likelihood on raw counts: the same two states, proportions better than the training sample', async () => {
    const sim = twoStateSimulation(2, true);
    const truthFractions = sim.testGenes.map((g) => sim.truthB(g));
    const genotype = new GenotypeVae(genotypeVocabulary(sim.go, 1), {
      latent: 4,
      hidden: [16, 8],
      steps: 800,
      batchSize: 64,
      learningRate: 3e-3,
    });
    await genotype.train();
    const small = {
      cell: { ...CELL_VAE_DEFAULTS, latent: 4, hidden: 32, epochs: 40, patience: 40, likelihood: 'nb' as const },
      flow: { ...FLOW_DEFAULTS, blocks: 4, hidden: 32 },
      flowEpochs: 60,
      flowPatience: 60,
      cellsPerPrediction: 100,
    };
    // Without counts it says what it needs.
    await expect(
      new PerturbNetModel(small).fit({ ...sim.view, cellCounts: undefined, genotype }, { seed: 0, epochs: 1 }),
    ).rejects.toThrow(/models raw counts, but this dataset’s X does not hold counts\./);
    const model = new PerturbNetModel(small);
    expect(model.id).toBe('perturbnet-nb');
    await model.fit({ ...sim.view, genotype }, { seed: 0 });
    const errors = await Promise.all(
      sim.testGenes.map(async (g, i) => {
        const cells = await model.generate([g], 300, 10 + i);
        // Generated cells are log-normalised counts: log1p of whole numbers times a size factor ≥ 0.
        expect(cells.every((c) => c.every((v) => v >= 0))).toBe(true);
        return {
          model: Math.abs(sim.fractionB(cells) - truthFractions[i]),
          trainingSample: Math.abs(sim.trainingSampleB - truthFractions[i]),
        };
      }),
    );
    const mean = (k: 'model' | 'trainingSample') => errors.reduce((s, e) => s + e[k], 0) / errors.length;
    console.log(
      `two-state counts (NB): |predicted − true| fraction in state B, PerturbNet-NB ${mean('model').toFixed(3)}, training sample ${mean('trainingSample').toFixed(3)}; observed training cells in B ${sim.trainingSampleB.toFixed(3)}`,
    );
    expect(mean('model')).toBeLessThan(mean('trainingSample') - 0.1);

    // Restored through file bytes, it is the NB model again and predicts the same means.
    const bytes = encodeArtifact({
      model: model.id,
      label: model.label,
      genes: [...sim.view.genes],
      dataset: 'two states',
      split: 'test',
      seed: 0,
      backend: 'wasm',
      trainedOn: '',
      created: '',
      state: await model.save(),
    });
    const restored = new PerturbNetModel();
    restored.restore(decodeArtifact(bytes).state);
    expect(restored.id).toBe('perturbnet-nb');
    const [a] = await model.predict([[sim.testGenes[0]]]);
    const [b] = await restored.predict([[sim.testGenes[0]]]);
    expect(Math.max(...a.map((x, j) => Math.abs(x - b[j])))).toBeLessThan(1e-6);
    model.dispose();
    restored.dispose();
    genotype.dispose();
  }, 180_000);
});
