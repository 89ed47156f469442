import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGoAsset } from '../../../src/node/goAsset';
import { buildGoGraph, sharedTerms } from '../../../src/core/graph/goGraph';
import { FIXTURES, neighbourLists, type NeighbourLists } from '../../helpers';

type Lists = NeighbourLists;
const exp: { universe: string[]; all: Lists; bp_k5: Lists } = JSON.parse(
  readFileSync(join(FIXTURES, 'go_graph.expected.json'), 'utf8'),
);

function expectSame(got: Lists, want: Lists) {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [gene, list] of Object.entries(want)) {
    expect(
      got[gene].map((x) => x[0]),
      gene,
    ).toEqual(list.map((x) => x[0]));
    got[gene].forEach(([, w], i) => expect(Math.abs(w - list[i][1])).toBeLessThan(1e-6));
  }
}

describe('GO graph against an independent Python computation', async () => {
  const go = await loadGoAsset();
  it('matches neighbour sets, order and weights (all ontologies, k 20, > 0.1)', () => {
    const g = buildGoGraph(go, { universe: exp.universe });
    expectSame(neighbourLists(g), exp.all);
    expect(g.src.length).toBeGreaterThan(1000);
    expect(g.layers).toEqual(['GO']);
  });
  it('matches with BP only, k 5, > 0.2', () => {
    const g = buildGoGraph(go, { universe: exp.universe, ontologies: ['BP'], k: 5, minWeight: 0.2 });
    expectSame(neighbourLists(g), exp.bp_k5);
    expect(g.layers).toEqual(['GO-BP']);
  });
  it('names the GO terms two genes share', () => {
    const shared = sharedTerms(go, 'KLF1', 'GATA1');
    expect(shared.length).toBeGreaterThan(0);
    for (const t of shared) {
      expect(t.id).toMatch(/^GO:\d{7}$/);
      expect(t.name.length).toBeGreaterThan(0);
    }
  });
});
