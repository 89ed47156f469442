import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/tensor/wasmBackend';
import { evaluateModels, type EvaluateOptions } from '../../src/core/eval/evaluate';
import { makeSplit } from '../../src/core/eval/splits';
import { loadPerturbDataset } from '../../src/core/dataset/build';
import { openH5adPath } from '../../src/node/openH5ad';
import { loadGoAsset } from '../../src/node/goAsset';
import { loadGenotypeVae } from '../../src/node/genotypeVaeAsset';
import { startFitThread } from '../../src/node/fitThread';
import { CancelledError, InputError } from '../../src/core/errors';
import type { FitHelper } from '../../src/core/models/fitHelper';
import type { TestAnswers } from '../../src/core/models/testAnswers';
import { fixture } from '../helpers';

const thread = startFitThread(() => tf.getBackend());
afterAll(() => thread.close());

/** The helper, counting the models it was given and keeping what each answered. */
function counted(helper: FitHelper): FitHelper & { ids: string[]; answers: Map<string, TestAnswers> } {
  const ids: string[] = [];
  const answers = new Map<string, TestAnswers>();
  return {
    ids,
    answers,
    fit: async (id, view, opts, query) => {
      ids.push(id);
      const fitted = await helper.fit(id, view, opts, query);
      answers.set(id, fitted.answers);
      return fitted;
    },
  };
}

describe('models trained at once, one in a helper thread', () => {
  it('give the same fits, scores and order as one at a time, with two models in training together', async () => {
    await tf.setBackend('wasm');
    const reader = await openH5adPath(fixture('scperturb_dense_counts_gzip'));
    const ds = loadPerturbDataset(reader);
    const split = makeSplit(ds.conditions, 'single', 0);
    const go = await loadGoAsset();
    const options: EvaluateOptions = {
      models: ['gears', 'app', 'perturbnet'],
      seed: 3,
      epochs: 2,
      backend: 'wasm',
      go: async () => go,
      genotype: () => loadGenotypeVae(go),
    };
    const alone = await evaluateModels(reader, ds, split, options);
    const helper = counted(thread);
    let most = 0;
    const together = await evaluateModels(reader, ds, split, {
      ...options,
      helpers: [helper],
      onStep: (_step, _done, _total, running) => (most = Math.max(most, running.length)),
    });
    // This thread took the list from its front (GEARS), the helper from its end (PerturbNet).
    expect(helper.ids[0]).toBe('perturbnet');
    expect(helper.ids.length).toBeGreaterThanOrEqual(1);
    expect(most).toBe(2);
    expect(together.run.atOnce).toBe(2);
    expect(alone.run.atOnce).toBe(1);
    expect(together.results.map((r) => r.model)).toEqual(alone.results.map((r) => r.model));
    expect([...together.models.keys()]).toEqual([...alone.models.keys()]);
    for (const r of alone.results) {
      const t = together.results.find((x) => x.model === r.model)!;
      expect(t.subsets, r.model).toEqual(r.subsets);
      expect(t.distribution, r.model).toEqual(r.distribution);
      expect(t.trained_on).toBe(r.trained_on);
    }
    // The helper answered for PerturbNet there: its predictions and the cells scored here.
    const answered = helper.answers.get('perturbnet')!;
    expect(answered.predictions).toHaveLength(split.test.length);
    expect(answered.generated).toHaveLength(split.test.length);
    expect(together.generated.get('perturbnet')!.cells).toEqual(alone.generated.get('perturbnet')!.cells);
    const test = split.test.map((n) => ds.conditions.find((c) => c.name === n)!.genes);
    expect(await together.models.get('perturbnet')!.predict(test)).toEqual(answered.predictions);
    for (const id of ['gears', 'app'])
      expect(await together.models.get(id)!.predict(test), id).toEqual(await alone.models.get(id)!.predict(test));
    [alone, together].forEach((e) => e.models.forEach((m) => m.dispose()));
    reader.close();
  });

  it('stop together: a cancel stops the helper fit, and a helper failure fails the run with its own error', async () => {
    await tf.setBackend('wasm');
    const reader = await openH5adPath(fixture('scperturb_dense_counts_gzip'));
    const ds = loadPerturbDataset(reader);
    const split = makeSplit(ds.conditions, 'single', 0);
    const options: EvaluateOptions = {
      models: ['gears', 'app'],
      seed: 0,
      epochs: 400,
      backend: 'wasm',
      go: loadGoAsset,
    };
    const before = tf.memory().numTensors;

    // Cancelled once the helper's model has trained an epoch: both lanes stop, long before 400 epochs.
    const controller = new AbortController();
    const t0 = performance.now();
    await expect(
      evaluateModels(reader, ds, split, {
        ...options,
        helpers: [thread],
        signal: controller.signal,
        onProgress: (model) => model === 'app' && controller.abort(),
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(performance.now() - t0).toBeLessThan(60_000);

    // A helper that fails: its error (what, and what to do) is the run's, and this thread's model stops.
    const failing: FitHelper = {
      fit: async () => {
        throw new InputError('no-cells', 'APP could not be fitted in the helper.', 'Try again.');
      },
    };
    const error = await evaluateModels(reader, ds, split, { ...options, helpers: [failing] }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('no-cells');

    // What scoring reads is prepared here while the helper trains: a failure there (the GO
    // annotations unreadable on their second read, for the embedding baselines) is the run's, and
    // stops the helper's 400 epochs.
    let reads = 0;
    const t1 = performance.now();
    const unreadable = await evaluateModels(reader, ds, split, {
      ...options,
      helpers: [thread],
      go: async () => {
        if (++reads > 1)
          throw new InputError('missing-asset', 'The GO annotations could not be read.', 'Serve public/data.');
        return loadGoAsset();
      },
    }).catch((e) => e);
    expect((unreadable as InputError).code).toBe('missing-asset');
    expect(reads).toBe(2);
    expect(performance.now() - t1).toBeLessThan(60_000);
    // Nothing of either lane is left on the backend.
    expect(tf.memory().numTensors).toBe(before);

    // The helper thread is still serving after a cancelled fit.
    const ok = await evaluateModels(reader, ds, split, { ...options, epochs: 1, helpers: [thread] });
    expect(ok.results.find((r) => r.model === 'app')!.train_seconds).toBeGreaterThan(0);
    ok.models.forEach((m) => m.dispose());
    reader.close();
  });
});
