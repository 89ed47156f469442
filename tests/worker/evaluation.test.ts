import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Evaluation } from '../../src/worker/evaluation';
import { openH5adPath } from '../../src/node/openH5ad';
import { loadPerturbDataset } from '../../src/core/dataset/build';
import { loadGoAsset } from '../../src/node/goAsset';
import { fixture } from '../helpers';

describe('the worker evaluation', () => {
  it('never installs the results of a run whose dataset was replaced while it trained', async () => {
    await tf.setBackend('cpu');
    const path = fixture('scperturb_dense_counts_gzip');
    const reader = await openH5adPath(path);
    const ds = loadPerturbDataset(reader);
    reader.close();
    const evaluation = new Evaluation();
    let replaced = false;
    const run = evaluation.run(ds, () => openH5adPath(path), { go: loadGoAsset }, { split: 'single', seed: 0, models: ['gears'], epochs: 40 }, 'cpu', (p) => {
      // A new file loads while GEARS trains: the worker resets the evaluation.
      if (p.epoch === 2 && !replaced) {
        replaced = true;
        evaluation.reset();
      }
    });
    await expect(run).rejects.toMatchObject({ name: 'CancelledError' });
    expect(replaced).toBe(true);
    expect(evaluation.summary()).toBeNull();
  });
});
