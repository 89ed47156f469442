import { describe, expect, it } from 'vitest';
import { edgeList, graphFromEdges, nEdges, type GeneGraph } from '../../../src/core/graph/geneGraph';
import { unionGraphs } from '../../../src/core/graph/union';
import { degradeGraph } from '../../../src/core/graph/degrade';

function ring(n: number, name: string, step = 1): GeneGraph {
  const nodes = Array.from({ length: n }, (_, i) => `G${i}`);
  return graphFromEdges(
    nodes,
    nodes.map((_, i) => ({ src: i, dst: (i + step) % n, weight: 0.5 + i / (2 * n), provenance: 1 })),
    [name],
  );
}

describe('union', () => {
  it('keeps one edge per pair with every source graph in its provenance', () => {
    const a = graphFromEdges(
      ['A', 'B', 'C'],
      [
        { src: 0, dst: 1, weight: 0.2, provenance: 1 },
        { src: 1, dst: 2, weight: 0.3, provenance: 1 },
      ],
      ['GO'],
    );
    const b = graphFromEdges(
      ['B', 'A', 'D'],
      [
        { src: 1, dst: 0, weight: 0.9, provenance: 1 },
        { src: 2, dst: 0, weight: 0.4, provenance: 1 },
      ],
      ['STRING'],
    );
    const u = unionGraphs([a, b]);
    expect(u.layers).toEqual(['GO', 'STRING']);
    expect(u.nodes).toEqual(['A', 'B', 'C', 'D']);
    const edges = edgeList(u);
    expect(edges).toHaveLength(3);
    expect(edges).toContainEqual({
      source: 'A',
      target: 'B',
      weight: expect.closeTo(0.9, 6),
      graphs: ['GO', 'STRING'],
    });
    expect(edges).toContainEqual({ source: 'B', target: 'C', weight: expect.closeTo(0.3, 6), graphs: ['GO'] });
    expect(edges).toContainEqual({ source: 'D', target: 'B', weight: expect.closeTo(0.4, 6), graphs: ['STRING'] });
  });
});

describe('degradation', () => {
  const g = ring(200, 'GO');
  const key = (e: { source: string; target: string }) => `${e.source}>${e.target}`;
  const before = new Set(edgeList(g).map(key));

  it('removes exactly round(fraction × edges), all of them original edges', () => {
    const d = degradeGraph(g, { mode: 'remove', fraction: 0.25, seed: 1 });
    expect(nEdges(d)).toBe(150);
    for (const e of edgeList(d)) expect(before.has(key(e))).toBe(true);
  });
  it('adds exactly that many new edges, marked random, without duplicates or self-loops', () => {
    const d = degradeGraph(g, { mode: 'add', fraction: 0.3, seed: 2 });
    const edges = edgeList(d);
    expect(edges).toHaveLength(260);
    expect(new Set(edges.map(key)).size).toBe(260);
    expect(edges.filter((e) => e.graphs.includes('random'))).toHaveLength(60);
    expect(edges.every((e) => e.source !== e.target)).toBe(true);
  });
  it('rewires exactly that many edges, keeping the edge count and each target’s in-degree', () => {
    const d = degradeGraph(g, { mode: 'rewire', fraction: 0.1, seed: 3 });
    const edges = edgeList(d);
    expect(edges).toHaveLength(200);
    expect(edges.filter((e) => !before.has(key(e)))).toHaveLength(20);
    for (let v = 0; v < 200; v++) expect(d.indptr[v + 1] - d.indptr[v]).toBe(1);
  });
  it('is seeded: same seed, same graph; another seed, another graph', () => {
    const a = edgeList(degradeGraph(g, { mode: 'rewire', fraction: 0.5, seed: 9 }));
    expect(edgeList(degradeGraph(g, { mode: 'rewire', fraction: 0.5, seed: 9 }))).toEqual(a);
    expect(edgeList(degradeGraph(g, { mode: 'rewire', fraction: 0.5, seed: 10 }))).not.toEqual(a);
  });
});
