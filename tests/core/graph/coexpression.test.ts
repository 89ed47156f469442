import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openH5adPath } from '../../../src/node/openH5ad';
import { buildCoexpressionGraph } from '../../../src/core/graph/coexpression';
import { FIXTURES, fixture, neighbourLists, type NeighbourLists } from '../../helpers';

type Lists = NeighbourLists;
const exp: { cells: number[]; k20_w04: Lists; k5_w01: Lists; csc_k3_w0: Lists } = JSON.parse(
  readFileSync(join(FIXTURES, 'coexpression.expected.json'), 'utf8'),
);

describe('co-expression graph against numpy', () => {
  it.each([
    ['k20_w04', 20, 0.4],
    ['k5_w01', 5, 0.1],
  ] as const)('%s: same neighbours and |r| within 1e-6', async (key, k, minWeight) => {
    const r = await openH5adPath(fixture('scperturb_dense_counts_gzip'));
    const genes = r.geneNames().names;
    const g = buildCoexpressionGraph(r, {
      cells: Uint8Array.from(exp.cells),
      genes,
      values: 'counts',
      k,
      minWeight,
      blockValues: 500,
    });
    r.close();
    const got = neighbourLists(g);
    const want = exp[key];
    let edges = 0;
    for (const gene of genes) {
      expect(
        got[gene].map((x) => x[0]),
        gene,
      ).toEqual(want[gene].map((x) => x[0]));
      got[gene].forEach(([, w], i) => expect(Math.abs(w - want[gene][i][1])).toBeLessThan(1e-6));
      edges += want[gene].length;
    }
    expect(edges).toBeGreaterThan(key === 'k5_w01' ? 10 : 0);
  });
  it('reads a CSC file (transposed in memory) and matches numpy', async () => {
    const r = await openH5adPath(fixture('csc_float64_counts'));
    const genes = r.geneNames().names;
    const g = buildCoexpressionGraph(r, {
      cells: new Uint8Array(r.x.nObs).fill(1),
      genes,
      values: 'counts',
      k: 3,
      minWeight: 0,
    });
    r.close();
    const got = neighbourLists(g);
    for (const gene of genes) {
      expect(
        got[gene].map((x) => x[0]),
        gene,
      ).toEqual(exp.csc_k3_w0[gene].map((x) => x[0]));
      got[gene].forEach(([, w], i) => expect(Math.abs(w - exp.csc_k3_w0[gene][i][1])).toBeLessThan(1e-6));
    }
  });
});
