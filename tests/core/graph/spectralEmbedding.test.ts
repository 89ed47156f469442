import { describe, expect, it } from 'vitest';
import { graphFromEdges, type EdgeIndexed } from '../../../src/core/graph/geneGraph';
import { spectralEmbedding } from '../../../src/core/graph/spectralEmbedding';

const cosine = (a: Float64Array, b: Float64Array) => a.reduce((s, x, j) => s + x * b[j], 0);

/** A ring of n genes, each edge stored one way (the embedding reads edges as undirected). */
function ring(n: number, extra: EdgeIndexed[] = []) {
  const nodes = Array.from({ length: n }, (_, i) => `R${i}`);
  const edges = nodes.map((_, i) => ({ src: i, dst: (i + 1) % n, weight: 1, provenance: 1 }));
  return graphFromEdges([...nodes, 'LONE'], [...edges, ...extra], ['ring']);
}

describe('the spectral embedding of a graph', () => {
  it('places a ring on a circle: the hand-computed cosines cos(2π(i − j)/n)', () => {
    // The normalised adjacency of a 12-ring has eigenvalues cos(2πk/12); after the constant vector,
    // the leading pair (k = 1) is cos and sin of 2πi/12, so each gene lands at its angle on a circle.
    const e = spectralEmbedding(ring(12), 'ring', 2);
    expect(e.dim).toBe(2);
    expect(e.source).toBe('ring');
    const at = (i: number) => e.embed(`R${i}`)!;
    for (const [i, j] of [
      [0, 1],
      [0, 3],
      [2, 8],
      [5, 9],
    ])
      expect(cosine(at(i), at(j))).toBeCloseTo(Math.cos((2 * Math.PI * (i - j)) / 12), 6);
    for (let i = 0; i < 12; i++) expect(Math.hypot(...at(i))).toBeCloseTo(1, 12);
  });

  it('places no gene without edges, and is the same computed twice', () => {
    const g = ring(12);
    expect(spectralEmbedding(g, 'ring', 2).embed('LONE')).toBeNull();
    expect(spectralEmbedding(g, 'ring', 2).embed('NOT-IN-GRAPH')).toBeNull();
    const fresh = spectralEmbedding(ring(12), 'ring', 2);
    expect(Array.from(fresh.embed('R3')!)).toEqual(Array.from(spectralEmbedding(g, 'ring', 2).embed('R3')!));
  });

  it('reads a signed edge by its size: a repressor is as much a relation as an activator', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => `R${i}`);
    const signed = nodes.map((_, i) => ({ src: i, dst: (i + 1) % 12, weight: i % 2 ? -1 : 1, provenance: 1 }));
    const e = spectralEmbedding(graphFromEdges(nodes, signed, ['signed']), 'signed', 2);
    const at = (i: number) => e.embed(`R${i}`)!;
    expect(cosine(at(0), at(3))).toBeCloseTo(0, 6);
    expect(cosine(at(0), at(6))).toBeCloseTo(-1, 6);
  });

  it('separates two communities joined by one edge', () => {
    const n = 10;
    const nodes = Array.from({ length: 2 * n }, (_, i) => `C${i}`);
    const edges: EdgeIndexed[] = [];
    for (const base of [0, n])
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) edges.push({ src: base + i, dst: base + j, weight: 1, provenance: 1 });
    edges.push({ src: 0, dst: n, weight: 1, provenance: 1 });
    const e = spectralEmbedding(graphFromEdges(nodes, edges, ['two']), 'two', 1);
    // The first direction after the constant one is the cut: one sign per community.
    const side = nodes.map((g) => Math.sign(e.embed(g)![0]));
    expect(new Set(side.slice(0, n)).size).toBe(1);
    expect(new Set(side.slice(n)).size).toBe(1);
    expect(side[0]).toBe(-side[n]);
  });
});
