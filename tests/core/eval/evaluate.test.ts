import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { evaluateModels, type EvaluateOptions } from '../../../src/core/eval/evaluate';
import { makeSplit } from '../../../src/core/eval/splits';
import { loadPerturbDataset } from '../../../src/core/dataset/build';
import { openH5adPath } from '../../../src/node/openH5ad';
import { loadGoAsset } from '../../../src/node/goAsset';
import { fixture } from '../../helpers';

describe('evaluation when the compute backend is lost', () => {
  it('costs only the model that was training: the fitted ones are kept, that one is trained again', async () => {
    await tf.setBackend('cpu');
    const reader = await openH5adPath(fixture('scperturb_dense_counts_gzip'));
    const ds = loadPerturbDataset(reader);
    const split = makeSplit(ds.conditions, 'single', 0);
    const options: EvaluateOptions = {
      models: ['gears', 'app'],
      seed: 1,
      epochs: 3,
      backend: 'gpu (simulated)',
      go: loadGoAsset,
    };
    const clean = await evaluateModels(reader, ds, split, options);
    const before = tf.memory().numTensors;

    // The device goes during APP's second epoch, after GEARS was fitted on it.
    const lost = new Error('GPU device lost');
    let appEpochs = 0;
    const asked: unknown[] = [];
    const ev = await evaluateModels(reader, ds, split, {
      ...options,
      onProgress: (model) => {
        if (model === 'app' && ++appEpochs === 2) throw lost;
      },
      onBackendLost: async (e) => {
        asked.push(e);
        return e === lost ? 'cpu' : null;
      },
    });
    expect(asked).toEqual([lost]);
    expect(ev.notes).toEqual([
      'The gpu (simulated) backend was lost while APP (attention) trained (GPU device lost). Training went on with cpu: APP (attention) was trained again from the start, and the model trained before it was kept.',
    ]);
    const byModel = (e: typeof ev, id: string) => e.results.find((r) => r.model === id)!;
    expect(byModel(ev, 'gears').backend).toBe('gpu (simulated)');
    expect(byModel(ev, 'app').backend).toBe('cpu');
    // Same seed, so the same numbers as the run that lost nothing; the kept GEARS predicts as before.
    for (const id of ['gears', 'app']) expect(byModel(ev, id).subsets, id).toEqual(byModel(clean, id).subsets);
    const test = split.test.map((n) => ds.conditions.find((c) => c.name === n)!.genes);
    expect(await ev.models.get('gears')!.predict(test)).toEqual(await clean.models.get('gears')!.predict(test));
    expect([...ev.kept.keys()].sort()).toEqual([...ev.models.keys()].sort());
    ev.models.forEach((m) => m.dispose());
    expect(tf.memory().numTensors).toBe(before);

    // A model that fails again on the backend that replaced the lost one ends the run: no endless retry.
    let tries = 0;
    await expect(
      evaluateModels(reader, ds, split, {
        ...options,
        onProgress: (model) => {
          if (model === 'app') {
            tries++;
            throw lost;
          }
        },
        onBackendLost: async () => 'cpu',
      }),
    ).rejects.toBe(lost);
    expect(tries).toBe(2);
    expect(tf.memory().numTensors).toBe(before);

    // Any other failure still ends the run.
    await expect(
      evaluateModels(reader, ds, split, {
        ...options,
        onProgress: () => {
          throw new Error('out of patience');
        },
        onBackendLost: async () => null,
      }),
    ).rejects.toThrow('out of patience');
    expect(tf.memory().numTensors).toBe(before);
    clean.models.forEach((m) => m.dispose());
    reader.close();
  });
});

describe('a robustness run', () => {
  it('gives the graph models the graphs degraded by the asked fraction, seeded by the run', async () => {
    await tf.setBackend('cpu');
    const reader = await openH5adPath(fixture('scperturb_dense_counts_gzip'));
    const ds = loadPerturbDataset(reader);
    const split = makeSplit(ds.conditions, 'single', 0);
    const base: EvaluateOptions = { models: ['app'], seed: 1, epochs: 1, backend: 'cpu', go: loadGoAsset };
    const clean = await evaluateModels(reader, ds, split, base);
    const half = await evaluateModels(reader, ds, split, { ...base, degrade: { mode: 'remove', fraction: 0.5 } });
    const again = await evaluateModels(reader, ds, split, { ...base, degrade: { mode: 'remove', fraction: 0.5 } });
    for (const [name, g] of clean.graphs) {
      expect(g.src.length).toBeGreaterThan(0);
      expect(half.graphs.get(name)!.src.length).toBe(g.src.length - Math.round(0.5 * g.src.length));
      expect(Array.from(again.graphs.get(name)!.src)).toEqual(Array.from(half.graphs.get(name)!.src));
    }
    for (const ev of [clean, half, again]) ev.models.forEach((m) => m.dispose());
    reader.close();
  }, 120_000);
});
