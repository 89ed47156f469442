import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionHost } from '../../../src/core/session/host';
import { nodeSessionEnv, reopenPath } from '../../../src/node/sessionEnv';
import { leaderboardCsv } from '../../../src/core/eval/exports';
import { fixture } from '../../helpers';

describe('exports of a run', () => {
  it('predictions as CSV and as AnnData agree, and pandas and anndata read them', async () => {
    const host = new SessionHost(nodeSessionEnv());
    const d = await host.load(reopenPath(fixture('gears_csr_lognorm')), {});
    if (!d.ok) throw new Error(d.error.message);
    const r = await host.on(d.value.id, async (s) => {
      const summary = await s.evaluate({ split: 'single', seed: 0, models: [] });
      return {
        summary,
        csv: await s.exportPredictions('csv'),
        h5ad: await s.exportPredictions('h5ad'),
      };
    });
    if (!r.ok) throw new Error(r.error.message);
    const { csv, h5ad, summary } = r.value;
    expect(csv.name).toBe('predictions-gears_csr_lognorm-single-seed0.csv');
    expect(h5ad.name).toBe('predictions-gears_csr_lognorm-single-seed0.h5ad');
    const dir = mkdtempSync(join(tmpdir(), 'ps-exports-'));
    writeFileSync(join(dir, 'p.csv'), csv.bytes);
    writeFileSync(join(dir, 'p.h5ad'), h5ad.bytes);
    const py = `
import anndata as ad, pandas as pd, numpy as np, json, sys
c = pd.read_csv(sys.argv[1]); a = ad.read_h5ad(sys.argv[2])
genes = list(c.columns[3:])
pred = c[c["model"] != "observed"]
obs = c[c["model"] == "observed"].set_index("condition")
same = all(np.allclose(a[(a.obs["model"] == m) & (a.obs["condition"] == k)].X, row[genes].to_numpy(float), atol=1e-6)
           for m, k, (_, row) in zip(pred["model"], pred["condition"], pred.iterrows()))
obs_same = all(np.allclose(a.layers["observed"][i], obs.loc[k, genes].to_numpy(float), atol=1e-6)
               for i, k in enumerate(a.obs["condition"]))
print(json.dumps({"genes_match": genes == list(a.var_names), "rows": len(pred), "obs_rows": int(a.n_obs),
  "tests": len(obs), "models": sorted(set(pred["model"])), "same": bool(same), "obs_same": bool(obs_same)}))`;
    const out = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', py, join(dir, 'p.csv'), join(dir, 'p.h5ad')], { encoding: 'utf8' }),
    );
    expect(out.genes_match).toBe(true);
    expect(out.rows).toBe(out.obs_rows);
    expect(out.tests).toBe(summary.nTest);
    expect(out.rows).toBe(summary.nTest * out.models.length);
    expect(out.models).toEqual(['additive', 'general', 'go-knn', 'go-ridge', 'knn', 'linear', 'mean', 'nochange']);
    expect(out.same).toBe(true);
    expect(out.obs_same).toBe(true);
  });

  it('the leaderboard as CSV: one row per model and subset, quoted where a label needs it', () => {
    const text = leaderboardCsv({
      version: 1,
      split: 'single',
      seed: 2,
      nTrain: 1,
      nValidation: 1,
      nTest: 1,
      testConditions: [],
      metrics: ['pearson_delta', 'mse'],
      rows: [
        {
          model: 'x',
          label: 'Model "X", v2',
          trainSeconds: 0,
          trainedOn: '',
          coverage: [],
          subsets: { all_test: { n: 3, pearson_delta: 0.5, mse: 0.25 } },
          normalized: {},
          interactions: null,
          distribution: null,
        },
      ],
      graphs: [],
      models: [],
      notes: [],
    });
    expect(text).toBe(
      'model,label,split,seed,subset,n,pearson_delta,mse\r\nx,"Model ""X"", v2",single,2,all test conditions,3,0.5,0.25\r\n',
    );
  });
});
