import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { decodeSession, encodeSession } from '../../../src/core/session/sessionFile';
import { Evaluation } from '../../../src/worker/evaluation';
import { openH5adPath } from '../../../src/node/openH5ad';
import { loadPerturbDataset } from '../../../src/core/dataset/build';
import { loadGoAsset } from '../../../src/node/goAsset';
import { fixture } from '../../helpers';

describe('session files', () => {
  it('carry a whole evaluation: a fresh evaluation restored from the bytes shows the same leaderboard and predictions', async () => {
    await tf.setBackend('cpu');
    const path = fixture('scperturb_dense_counts_gzip');
    const reader = await openH5adPath(path);
    const ds = loadPerturbDataset(reader);
    reader.close();
    const a = new Evaluation();
    const summary = await a.run(ds, () => openH5adPath(path), { go: loadGoAsset }, { split: 'single', seed: 1, models: [] }, 'cpu');
    const snapshot = (await a.snapshot(ds))!;
    const bytes = await encodeSession({ created: '2026-11-24T00:00:00Z', dataset: { fileName: ds.fileName, fileBytes: 1, key: 'k' }, view: '?condition=KLF1', snapshot });
    const file = await decodeSession(bytes, 'x.pssession');
    expect(file.view).toBe('?condition=KLF1');
    const b = new Evaluation();
    expect(b.restore(ds, file.snapshot)).toEqual(summary);
    const test = summary.testConditions[0].name;
    for (const model of ['mean', 'linear', 'additive']) {
      const pa = a.prediction(ds, model, test)!;
      expect(Array.from(b.prediction(ds, model, test)!.predicted)).toEqual(Array.from(pa.predicted));
    }
    // The restored models predict again, for the composer, without training.
    expect((await b.compose(ds, ['KLF1', 'CEBPA'], () => openH5adPath(path))).rows.length).toBeGreaterThan(3);
  });

  it('refuses what is not a session, saying what it is and what to do', async () => {
    await expect(decodeSession(new TextEncoder().encode('hello'), 'notes.pssession')).rejects.toMatchObject({ code: 'bad-session-file', message: expect.stringContaining('not gzipped JSON') });
    const other = await encodeSession({ created: '', dataset: { fileName: 'a', fileBytes: 1, key: 'k' }, view: '', snapshot: { split: 'single', seed: 0, results: [], graphs: [], models: [] } });
    const wrong = new TextEncoder().encode(JSON.stringify({ format: 'something/2' }));
    await expect(decodeSession(wrong, 'w.pssession')).rejects.toThrow(/format is 'something\/2'/);
    await expect(decodeSession(other, 'ok.pssession')).resolves.toMatchObject({ dataset: { key: 'k' } });
  });
});
