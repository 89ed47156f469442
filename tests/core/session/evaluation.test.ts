import { describe, expect, it } from 'vitest';
import { Evaluation } from '../../../src/core/session/evaluation';
import type { PerturbDataset } from '../../../src/core/dataset/build';
import type { H5adReader } from '../../../src/core/anndata/reader';

describe('a robustness run in the page', () => {
  it('is refused, naming the graph models, when none of the ticked models reads a graph (and reads no file)', async () => {
    let opened = 0;
    const ds = { conditions: [] } as unknown as PerturbDataset;
    const ev = new Evaluation(ds, async () => {
      opened++;
      return {} as H5adReader;
    });
    await expect(
      ev.robustness(
        { go: async () => Promise.reject(new Error('not needed')) },
        { split: 'simulation', seed: 0, models: ['mean'], mode: 'rewire', levels: [0, 1] },
        'cpu',
      ),
    ).rejects.toThrow(/Tick a graph model \(GEARS.*APP.*TxPert.*\): only they read the graph/);
    expect(opened).toBe(0);
  });
});
