import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { decodeSession, encodeSession } from '../../../src/core/session/sessionFile';
import { SessionHost } from '../../../src/core/session/host';
import { nodeSessionEnv, reopenPath } from '../../../src/node/sessionEnv';
import type { Session } from '../../../src/core/session/session';
import { fixture } from '../../helpers';

describe('session files', () => {
  it('carry a whole evaluation: a fresh evaluation restored from the bytes shows the same leaderboard and predictions', async () => {
    await tf.setBackend('cpu');
    const path = fixture('scperturb_dense_counts_gzip');
    const open = async (): Promise<Session> => {
      const host = new SessionHost(nodeSessionEnv());
      const r = await host.load(reopenPath(path), {});
      if (!r.ok) throw new Error(r.error.message);
      return host.current!;
    };
    const a = await open();
    const ds = a.dataset;
    const summary = await a.evaluate({ split: 'single', seed: 1, models: [] });
    const snapshot = (await a.snapshot())!;
    const bytes = await encodeSession({
      created: '2026-11-24T00:00:00Z',
      dataset: { fileName: ds.fileName, fileBytes: 1, key: 'k' },
      view: '?condition=KLF1',
      snapshot,
    });
    const file = await decodeSession(bytes, 'x.pssession');
    expect(file.view).toBe('?condition=KLF1');
    const b = await open();
    expect(await b.restoreSnapshot(file.snapshot)).toEqual(summary);
    const test = summary.testConditions[0].name;
    for (const model of ['mean', 'linear', 'additive']) {
      const pa = a.prediction(model, test)!;
      expect(Array.from(b.prediction(model, test)!.predicted)).toEqual(Array.from(pa.predicted));
    }
    // The restored models predict again, for the composer, without training.
    expect((await b.compose(['KLF1', 'CEBPA'])).rows.length).toBeGreaterThan(3);
    // …and can be saved again (a restored model keeps its provenance).
    expect((await b.exportModel('linear')).fileName).toMatch(/^linear-/);
  });

  it('refuses what is not a session, saying what it is and what to do', async () => {
    await expect(decodeSession(new TextEncoder().encode('hello'), 'notes.pssession')).rejects.toMatchObject({
      code: 'bad-session-file',
      message: expect.stringContaining('not gzipped JSON'),
    });
    const other = await encodeSession({
      created: '',
      dataset: { fileName: 'a', fileBytes: 1, key: 'k' },
      view: '',
      snapshot: { split: 'single', seed: 0, results: [], graphs: [], models: [] },
    });
    const wrong = new TextEncoder().encode(JSON.stringify({ format: 'something/2' }));
    await expect(decodeSession(wrong, 'w.pssession')).rejects.toThrow(/format is 'something\/2'/);
    await expect(decodeSession(other, 'ok.pssession')).resolves.toMatchObject({ dataset: { key: 'k' } });
    // A run time that is not one (a damaged or hand-edited file) is refused, not shown as "NaN s".
    const badRun = await encodeSession({
      created: '',
      dataset: { fileName: 'a', fileBytes: 1, key: 'k' },
      view: '',
      snapshot: {
        split: 'single',
        seed: 0,
        results: [],
        graphs: [],
        models: [],
        run: { seconds: 'soon' as unknown as number, atOnce: 2 },
      },
    });
    await expect(decodeSession(badRun, 'r.pssession')).rejects.toThrow(
      'r.pssession is not a usable Perturbscope session: its run time is not a number of seconds and of models.',
    );
  });
});
