import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { SessionHost } from '../../../src/core/session/host';
import { nodeSessionEnv, reopenPath } from '../../../src/node/sessionEnv';
import { fixture } from '../../helpers';
import type { LoadProgress } from '../../../src/core/session/views';

describe('the session host', () => {
  it('stops the old session when a file is opened: its training never lands, and its calls are refused', async () => {
    await tf.setBackend('cpu');
    const host = new SessionHost(nodeSessionEnv());
    const a = await host.load(reopenPath(fixture('scperturb_dense_counts_gzip')), {});
    if (!a.ok) throw new Error(a.error.message);
    let next: ReturnType<typeof host.load> | null = null;
    const run = host.on(a.value.id, (s) =>
      s.evaluate({ split: 'single', seed: 0, models: ['gears'], epochs: 40 }, (p) => {
        // Another file is opened while GEARS trains.
        if (p.epoch === 2 && !next) next = host.load(reopenPath(fixture('gears_csr_lognorm')), {});
      }),
    );
    const answer = await run;
    expect(next).not.toBeNull();
    const b = await next!;
    if (!b.ok) throw new Error(b.error.message);
    expect(answer).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(b.value.id).not.toBe(a.value.id);
    expect(b.value.fileName).toContain('gears_csr');
    // The new session has no evaluation; the old one answers nothing any more.
    expect(await host.on(b.value.id, (s) => s.snapshot())).toEqual({ ok: true, value: null });
    expect(await host.on(a.value.id, (s) => s.conditionDetail(a.value.summary.conditions[0].name, 5))).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
  });

  it('reports the file’s outline (its summary but the values, and its size) before it reads the cells', async () => {
    const host = new SessionHost(nodeSessionEnv());
    const seen: LoadProgress[] = [];
    const r = await host.load(reopenPath(fixture('screen_ko_counts')), {}, (p) => seen.push(p));
    if (!r.ok) throw new Error(r.error.message);
    const at = seen.findIndex((p) => p.outline);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(seen.slice(0, at).some((p) => p.phase === 'pseudobulk' && p.fraction > 0)).toBe(false);
    const { values: _values, ...rest } = r.value.summary;
    expect(seen[at].outline).toMatchObject({ fileName: r.value.fileName, fileBytes: r.value.fileBytes, summary: rest });
  });

  it('keeps the open dataset working when the next file is bad, and says what is wrong with it', async () => {
    const host = new SessionHost(nodeSessionEnv());
    const a = await host.load(reopenPath(fixture('scperturb_dense_counts_gzip')), {});
    if (!a.ok) throw new Error(a.error.message);
    const bad = await host.load(reopenPath(fixture('bad_not_hdf5')), {});
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).not.toBe('internal');
    const detail = await host.on(a.value.id, (s) => s.conditionDetail(a.value.summary.conditions[0].name, 5));
    expect(detail.ok && detail.value?.topDe.length).toBe(5);
  });

  it('lets the later of two overlapping loads win', async () => {
    const host = new SessionHost(nodeSessionEnv());
    const [first, second] = await Promise.all([
      host.load(reopenPath(fixture('scperturb_dense_counts_gzip')), {}),
      host.load(reopenPath(fixture('gears_csr_lognorm')), {}),
    ]);
    expect(first).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(second.ok && host.current?.id).toBe(second.ok ? second.value.id : 'x');
  });
});
