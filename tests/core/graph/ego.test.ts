import { describe, expect, it } from 'vitest';
import { graphFromEdges } from '../../../src/core/graph/geneGraph';
import { egoNetwork } from '../../../src/core/graph/ego';

// A star around S with weights 0.1..0.9 to L1..L9; L9 links on to M (second hop); a second layer adds S–X.
const nodes = ['S', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9', 'M', 'X'];
const star = graphFromEdges(
  nodes,
  [
    ...Array.from({ length: 9 }, (_, i) => ({ src: i + 1, dst: 0, weight: (i + 1) / 10, provenance: 1 })),
    { src: 10, dst: 9, weight: 0.5, provenance: 1 },
  ],
  ['GO'],
);
const other = graphFromEdges(['S', 'X'], [{ src: 0, dst: 1, weight: 0.95, provenance: 1 }], ['STRING']);

describe('ego network', () => {
  it('keeps the seeds and the strongest neighbours under the cap', () => {
    const ego = egoNetwork([star], ['S'], 1, 4);
    expect(ego.nodes).toEqual(['S', 'L9', 'L8', 'L7']);
    expect(ego.truncated).toBe(true);
    expect(ego.edges.every((e) => ego.nodes.includes(e.source) && ego.nodes.includes(e.target))).toBe(true);
    expect(ego.edges).toHaveLength(3);
  });
  it('walks edges in both directions for a second hop and tags edges by layer', () => {
    const ego = egoNetwork([star, other], ['S'], 2, 100);
    expect(ego.nodes).toContain('M');
    expect(ego.hops[ego.nodes.indexOf('M')]).toBe(2);
    expect(ego.nodes[1]).toBe('X');
    expect(ego.edges.find((e) => e.target === 'X')).toEqual({
      source: 'S',
      target: 'X',
      weight: expect.closeTo(0.95, 6),
      layer: 'STRING',
      directed: false,
    });
    expect(ego.truncated).toBe(false);
  });
  it('draws a symmetric relation once per pair (the stronger weight), and a directed one per direction', () => {
    const edges = [
      { src: 0, dst: 1, weight: 0.5, provenance: 1 },
      { src: 1, dst: 0, weight: 0.5, provenance: 1 },
      { src: 0, dst: 2, weight: 0.3, provenance: 1 },
      { src: 2, dst: 0, weight: -0.7, provenance: 1 },
      { src: 3, dst: 0, weight: 0.2, provenance: 1 },
    ];
    const draw = (directed: boolean) =>
      egoNetwork([{ ...graphFromEdges(['A', 'B', 'C', 'D'], edges, ['L']), directed }], ['A'], 1, 10)
        .edges.map((e) => `${e.source}${e.directed ? '→' : '—'}${e.target} ${e.weight.toFixed(1)}`)
        .sort();
    expect(draw(false)).toEqual(['A—B 0.5', 'A—C -0.7', 'A—D 0.2']);
    expect(draw(true)).toEqual(['A→B 0.5', 'A→C 0.3', 'B→A 0.5', 'C→A -0.7', 'D→A 0.2']);
  });
  it('returns lone seeds that no graph knows', () => {
    expect(egoNetwork([star], ['NOPE'], 2, 10)).toEqual({ nodes: ['NOPE'], edges: [], hops: [0], truncated: false });
  });
});
