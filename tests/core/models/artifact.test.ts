import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { decodeArtifact, encodeArtifact, restoreModel, type ModelArtifact } from '../../../src/core/models/artifact';
import { availableModels, createModel, modelSpec } from '../../../src/core/models/registry';
import { InputError } from '../../../src/core/errors';
import type { SavedArray } from '../../../src/core/models/state';
import { graphSimulation } from './graphSim';

/** A model of `id` fitted on the simulation, as a model file would hold it. */
async function trainedArtifact(
  id: string,
  genes: readonly string[],
  fit: { seed: number; epochs?: number },
  view: Parameters<ReturnType<typeof createModel>['fit']>[0],
): Promise<ModelArtifact> {
  const m = createModel(id);
  await m.fit(view, fit);
  const art: ModelArtifact = {
    model: id,
    label: m.label,
    genes: [...genes],
    dataset: 'sim.h5ad',
    split: 'single',
    seed: fit.seed,
    backend: 'cpu',
    trainedOn: '',
    created: '',
    state: await m.save(),
  };
  m.dispose();
  return art;
}

describe('model files', () => {
  it('every model predicts the same after save → file bytes → load, without training', async () => {
    await tf.setBackend('cpu');
    const { view, test } = graphSimulation(2, 30);
    // Doubles and an unseen gene too, so that every code path of the baselines is exercised.
    const perts = [
      ...test.map((c) => c.genes),
      [view.train[0].genes[0], test[0].genes[0]],
      [view.train[1].genes[0], view.train[2].genes[0]],
    ];
    // Models of single cells need cells and their GO encoder: their save → restore test is their own
    // (tests/core/models/perturbnet); the file round trip here is the same for every state.
    for (const id of availableModels().filter((m) => !modelSpec(m).needs.cells)) {
      const m = createModel(id);
      await m.fit(view, { seed: 3, epochs: 3 });
      const before = await m.predict(perts);
      const art: ModelArtifact = {
        model: id,
        label: m.label,
        genes: [...view.genes],
        dataset: 'sim',
        split: 'single',
        seed: 3,
        backend: 'cpu',
        trainedOn: 'per-condition means',
        created: '2026-11-22T00:00:00Z',
        state: await m.save(),
      };
      const bytes = encodeArtifact(art);
      // As the CLI reads it: a Node Buffer, whose slices are views into a shared pool.
      const back = decodeArtifact(Buffer.from(bytes));
      expect(back.label).toBe(m.label);
      const loaded = restoreModel(back, view.genes);
      expect(await loaded.predict(perts), id).toEqual(before);
      m.dispose();
      loaded.dispose();
    }
  });

  it('names what is wrong with a damaged file or a model for other genes', async () => {
    await tf.setBackend('cpu');
    const { view } = graphSimulation(2, 30);
    const bytes = encodeArtifact(await trainedArtifact('linear', view.genes, { seed: 0 }, view));
    expect(() => decodeArtifact(new TextEncoder().encode('hello world, not a model'), 'x.psmodel')).toThrow(
      /x.psmodel is not a usable Perturbscope model: it does not start with the model file signature/,
    );
    expect(() => decodeArtifact(bytes.subarray(0, bytes.length - 100), 'cut.psmodel')).toThrow(
      /runs past the end of the file .* truncated/,
    );
    const art = decodeArtifact(bytes);
    let err: unknown;
    try {
      restoreModel(art, view.genes.slice(0, 20));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/trained on sim.h5ad with 30 genes; the open dataset has 20/);
    expect(() => restoreModel({ ...art, model: 'nosuch' }, view.genes)).toThrow(/names a model 'nosuch'/);
    const { mean: _drop, ...rest } = art.state.arrays;
    expect(() => restoreModel({ ...art, state: { ...art.state, arrays: rest } }, view.genes)).toThrow(
      /damaged: saved model has no array 'mean'/,
    );
  });

  it('refuses a model file whose settings are damaged or hostile, naming the setting', async () => {
    await tf.setBackend('cpu');
    const { view } = graphSimulation(2, 30);
    const art = await trainedArtifact('gears', view.genes, { seed: 0, epochs: 1 }, view);
    const { state } = art;
    const withOptions = (options: unknown) => ({ ...art, state: { ...state, config: { ...state.config, options } } });
    const options = state.config.options as Record<string, unknown>;
    for (const [bad, re] of [
      [{ ...options, hidden: 1e9 }, /setting 'options.hidden' is 1000000000, not a whole number up to/],
      [{ ...options, hidden: 'many' }, /setting 'options.hidden' is "many"/],
      [{ ...options, directionLambda: Number.NaN }, /setting 'options.directionLambda' is null/],
      [{ ...options, __proto__x: 1 }, /setting 'options.__proto__x' is not one this version knows/],
      ['all of them', /setting 'options' is not a group of settings/],
    ] as const) {
      let err: unknown;
      try {
        restoreModel(decodeArtifact(encodeArtifact(withOptions(bad))), view.genes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message).toMatch(re);
    }
    // The file's own settings still load.
    restoreModel(decodeArtifact(encodeArtifact(art)), view.genes).dispose();
  });
});

describe('model files of the graph models', () => {
  it('refuse a weight or graph that does not fit the model, naming it, and leak nothing', async () => {
    await tf.setBackend('cpu');
    const { view } = graphSimulation(2, 30);
    for (const id of ['gears', 'app', 'txpert']) {
      const art = await trainedArtifact(id, view.genes, { seed: 0, epochs: 1 }, view);
      const { arrays } = art.state;
      const before = tf.memory().numTensors;
      const weight = Object.keys(arrays).find((k) => k.startsWith('v.'))!;
      const src = arrays['graph0.src'];
      const outOfRange = { ...src, data: Int32Array.from(src.data, (i) => i + 10_000) };
      const { [weight]: _drop, ...withoutWeight } = arrays;
      const cases: [Record<string, SavedArray>, RegExp][] = [
        [{ ...arrays, [weight]: { ...arrays[weight], shape: [arrays[weight].data.length, 1] } }, /has shape/],
        [withoutWeight, new RegExp(`no array '${weight.replace('.', '\\.')}'`)],
        [{ ...arrays, 'graph0.src': outOfRange }, /saved graph 0 has edges beyond the model's \d+ nodes/],
      ];
      for (const [damaged, re] of cases) {
        const file = decodeArtifact(encodeArtifact({ ...art, state: { ...art.state, arrays: damaged } }));
        expect(() => restoreModel(file, view.genes), id).toThrow(re);
        expect(tf.memory().numTensors, `${id} after refusing ${re}`).toBe(before);
      }
    }
  });

  it('still load from the layout earlier versions saved, predicting the same', async () => {
    await tf.setBackend('cpu');
    const { view, test } = graphSimulation(2, 30);
    const perts = test.map((c) => c.genes);
    // The names versions up to 0.1.0 (commit 924a626) wrote, per model.
    const earlier: Record<
      string,
      { arrays: [string, string][]; config: (c: Record<string, unknown>) => Record<string, unknown> }
    > = {
      gears: {
        arrays: [
          ['graph0.', 'go.'],
          ['graph1.', 'co.'],
        ],
        config: ({ nodes, graphs: _g, ...c }) => ({ ...c, pertNodes: nodes }),
      },
      app: {
        arrays: [
          ['c.features', 't.features'],
          ['graph0.', 't.'],
        ],
        config: ({ graphs: _g, ...c }) => c,
      },
      txpert: { arrays: [], config: ({ graphs, ...c }) => ({ ...c, graphNames: graphs }) },
    };
    for (const [id, layout] of Object.entries(earlier)) {
      const art = await trainedArtifact(id, view.genes, { seed: 1, epochs: 2 }, view);
      const now = restoreModel(art, view.genes);
      const arrays = Object.fromEntries(
        Object.entries(art.state.arrays).map(([k, a]) => {
          const rule = layout.arrays.find(([to]) => k.startsWith(to));
          return [rule ? rule[1] + k.slice(rule[0].length) : k, a];
        }),
      );
      const old = { ...art, state: { config: layout.config(art.state.config), arrays } };
      expect(Object.keys(old.state.config)).not.toContain('graphs');
      const then = restoreModel(decodeArtifact(encodeArtifact(old)), view.genes);
      expect(await then.predict(perts), id).toEqual(await now.predict(perts));
      now.dispose();
      then.dispose();
    }
  });
});
