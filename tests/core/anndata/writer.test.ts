import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeH5, openH5adPath } from '../../../src/node/openH5ad';
import { writeH5ad } from '../../../src/core/anndata/writer';
import { loadPerturbDataset } from '../../../src/core/dataset/build';

const READ_BACK = `
import sys, json, anndata as ad, numpy as np, scipy.sparse as sp
a = ad.read_h5ad(sys.argv[1])
X = a.X.toarray() if sp.issparse(a.X) else np.asarray(a.X)
print(json.dumps({"shape": list(a.shape), "sparse": bool(sp.issparse(a.X)), "X": X.tolist(), "obs_names": list(a.obs_names),
  "var_names": list(a.var_names), "obs": {c: [str(v) if not isinstance(v, float) else v for v in a.obs[c]] for c in a.obs.columns},
  "uns": {k: (v if isinstance(v, str) else float(v)) for k, v in a.uns.items()}}))
`;

function readBack(path: string) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', READ_BACK, path], { encoding: 'utf8' }));
}

describe('writeH5ad', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-writer-'));

  it('writes a gzip CSR file that the anndata package reads back exactly', async () => {
    const path = join(dir, 'csr.h5ad');
    writeH5ad(await nodeH5(), path, {
      X: {
        kind: 'csr',
        nObs: 3,
        nVars: 4,
        indptr: new Int32Array([0, 2, 2, 5]),
        indices: new Int32Array([1, 3, 0, 1, 2]),
        data: new Float32Array([1.5, 2, 3, 4, 5]),
      },
      obsNames: ['c1', 'c2', 'c3'],
      varNames: ['KLF1', 'CEBPA', 'HLA-A', '<b>x</b>'],
      obs: { condition: { labels: ['ctrl', 'KLF1+ctrl', 'ctrl'] }, score: new Float64Array([0.5, 1, 2]) },
      uns: { description: 'semi-synthetic test', seed: 7 },
      gzip: 6,
    });
    const r = readBack(path);
    expect(r.shape).toEqual([3, 4]);
    expect(r.sparse).toBe(true);
    expect(r.X).toEqual([
      [0, 1.5, 0, 2],
      [0, 0, 0, 0],
      [3, 4, 5, 0],
    ]);
    expect(r.var_names).toEqual(['KLF1', 'CEBPA', 'HLA-A', '<b>x</b>']);
    expect(r.obs.condition).toEqual(['ctrl', 'KLF1+ctrl', 'ctrl']);
    expect(r.obs.score).toEqual([0.5, 1, 2]);
    expect(r.uns).toEqual({ description: 'semi-synthetic test', seed: 7 });
  });

  it('writes a dense file that both anndata and our reader read', async () => {
    const path = join(dir, 'dense.h5ad');
    const data = new Float32Array([0, 1, 2, 3, 4, 5]);
    writeH5ad(await nodeH5(), path, {
      X: { kind: 'dense', nObs: 3, nVars: 2, data },
      obsNames: ['a', 'b', 'c'],
      varNames: ['G1', 'G2'],
      obs: { condition: { labels: ['ctrl', 'G1+ctrl', 'ctrl'] } },
    });
    expect(readBack(path).X).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    const reader = await openH5adPath(path);
    expect(reader.x).toMatchObject({ encoding: 'dense', nObs: 3, nVars: 2 });
    const ds = loadPerturbDataset(reader, { values: 'log-normalized' });
    reader.close();
    expect(ds.conditions.map((c) => c.name)).toEqual(['G1+ctrl']);
    expect(Array.from(ds.control.mean)).toEqual([2, 3]);
  });
});
