import { describe, expect, it } from 'vitest';
import {
  availableModels,
  baselineIds,
  createModel,
  modelCatalog,
  registerModel,
} from '../../../src/core/models/registry';
import { evaluateModels } from '../../../src/core/eval/evaluate';
import { makeSplit } from '../../../src/core/eval/splits';
import { loadPerturbDataset } from '../../../src/core/dataset/build';
import { openH5adPath } from '../../../src/node/openH5ad';
import { loadGoAsset } from '../../../src/node/goAsset';
import { decodeArtifact, encodeArtifact, restoreModel } from '../../../src/core/models/artifact';
import { f64 } from '../../../src/core/models/state';
import type { ModelSpec } from '../../../src/core/models/spec';
import type { PerturbationModel, TrainingView } from '../../../src/core/models/types';
import { fixture } from '../../helpers';

/** A toy model: twice the mean training change. Its file would hold this class and its spec. */
class TwiceTheMean implements PerturbationModel {
  readonly id = TOY.id;
  readonly label = TOY.label;
  private change = new Float64Array(0);
  async fit(view: TrainingView) {
    // Train and validation conditions, as the mean baseline averages them.
    const all = [...view.train, ...view.validation];
    this.change = new Float64Array(view.genes.length);
    for (const c of all) for (let j = 0; j < this.change.length; j++) this.change[j] += (2 * c.delta[j]) / all.length;
    return { seconds: 0, epochs: 0, trainedOn: 'per-condition means' };
  }
  async predict(perts: readonly (readonly string[])[]) {
    return perts.map(() => Float64Array.from(this.change));
  }
  coverage() {
    return { ok: true } as const;
  }
  async save() {
    return { config: {}, arrays: { change: f64(this.change) } };
  }
  restore(state: { arrays: Record<string, { data: ArrayLike<number> }> }) {
    this.change = Float64Array.from(state.arrays.change.data);
  }
  dispose() {}
}

const TOY: ModelSpec = {
  id: 'toy-twice-mean',
  label: 'Toy (twice the mean)',
  description: 'A test model: twice the mean training change.',
  kind: 'neural',
  needs: { graphs: [], cells: false, counts: false, embedding: false },
  explains: false,
  create: () => new TwiceTheMean(),
};

describe('the model registry', () => {
  it('takes a new model with one spec: it is listed, trained beside the baselines, scored, saved and restored', async () => {
    registerModel(TOY);
    expect(() => registerModel(TOY)).toThrow(/registered already/);
    expect(availableModels()).toContain('toy-twice-mean');
    expect(modelCatalog().find((m) => m.id === 'toy-twice-mean')).toEqual({
      id: TOY.id,
      label: TOY.label,
      description: TOY.description,
      kind: 'neural',
      needs: TOY.needs,
      explains: false,
    });
    expect(baselineIds()).not.toContain('toy-twice-mean');

    const path = fixture('scperturb_dense_counts_gzip');
    const reader = await openH5adPath(path);
    const ds = loadPerturbDataset(reader);
    const split = makeSplit(ds.conditions, 'single', 0);
    const ev = await evaluateModels(reader, ds, split, {
      models: ['toy-twice-mean'],
      seed: 0,
      backend: 'cpu',
      go: loadGoAsset,
    });
    reader.close();
    const models = ev.results.map((r) => r.model);
    expect(models).toEqual(expect.arrayContaining(['toy-twice-mean', ...baselineIds(), 'split-half']));
    const toy = ev.results.find((r) => r.model === 'toy-twice-mean')!;
    const mean = ev.results.find((r) => r.model === 'mean')!;
    // Twice the mean correlates exactly as the mean does (Pearson is scale-free) but is farther off.
    expect(toy.subsets.all_test!.pearson_delta).toBeCloseTo(mean.subsets.all_test!.pearson_delta, 10);
    expect(toy.subsets.all_test!.mse).toBeGreaterThan(mean.subsets.all_test!.mse);

    const fitted = ev.models.get('toy-twice-mean')!;
    const bytes = encodeArtifact({
      model: TOY.id,
      label: TOY.label,
      genes: [...ds.genes],
      dataset: ds.fileName,
      split: 'single',
      seed: 0,
      backend: 'cpu',
      trainedOn: 'per-condition means',
      created: '',
      state: await fitted.save(),
    });
    const back = restoreModel(decodeArtifact(bytes), ds.genes);
    expect(Array.from((await back.predict([['X']]))[0])).toEqual(Array.from((await fitted.predict([['X']]))[0]));
    expect(createModel('toy-twice-mean')).toBeInstanceOf(TwiceTheMean);
  });
});
