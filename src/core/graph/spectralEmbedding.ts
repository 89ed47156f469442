import type { GeneEmbedding } from '../go/termEmbedding';
import { GO_EMBEDDING_DIM } from '../go/termEmbedding';
import { matmul, orthonormalColumns, symmetricEigen, transpose } from '../models/linalg';
import { Rng } from '../util/random';
import type { GeneGraph } from './geneGraph';

/** Subspace iterations: enough for the leading directions of graphs of a few thousand genes. */
const ITERATIONS = 30;

const cache = new WeakMap<GeneGraph, Map<number, GeneEmbedding>>();

/**
 * Genes placed by a graph instead of GO (Laplacian eigenmaps): the eigenvectors of the normalised
 * adjacency D^-½ A D^-½ with the largest eigenvalues after the first (the smoothest functions on the
 * graph), mapped back by D^-½ and each gene's row scaled to unit length, as the GO embedding's
 * rows are. Edges are read as undirected and unsigned (A = (|W| + |W|ᵀ)/2: a repressor is as much
 * a relation as an activator). A gene without edges is not placed.
 * Computed by seeded subspace iteration on (I + D^-½ A D^-½)/2, whose spectrum lies in [0, 1].
 */
export function spectralEmbedding(g: GeneGraph, name: string, k = GO_EMBEDDING_DIM): GeneEmbedding {
  const byDim = cache.get(g) ?? new Map<number, GeneEmbedding>();
  cache.set(g, byDim);
  const known = byDim.get(k);
  if (known) return { ...known, source: name };
  const e = computeEmbedding(g, name, k);
  byDim.set(k, e);
  return e;
}

function computeEmbedding(g: GeneGraph, name: string, k: number): GeneEmbedding {
  const n = g.nodes.length;
  const degree = new Float64Array(n);
  for (let v = 0; v < n; v++)
    for (let p = g.indptr[v]; p < g.indptr[v + 1]; p++) {
      // Half of each stored edge to each end: the symmetrised weight.
      degree[v] += Math.abs(g.weight[p]) / 2;
      degree[g.src[p]] += Math.abs(g.weight[p]) / 2;
    }
  const placed = [...degree.keys()].filter((v) => degree[v] > 0);
  const l = Math.min(k + 11, placed.length);
  const dim = Math.max(0, Math.min(k, l - 1));
  const rows = new Map<string, Float64Array>();
  if (dim > 0) {
    const s = Float64Array.from(degree, (d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
    // Y = (X + D^-½ A D^-½ X) / 2 over the n × l block X.
    const mul = (X: Float64Array) => {
      const Y = Float64Array.from(X, (x) => x / 2);
      for (let v = 0; v < n; v++)
        for (let p = g.indptr[v]; p < g.indptr[v + 1]; p++) {
          const u = g.src[p];
          const w = (Math.abs(g.weight[p]) * s[u] * s[v]) / 4;
          if (w === 0) continue;
          for (let c = 0; c < l; c++) {
            Y[v * l + c] += w * X[u * l + c];
            Y[u * l + c] += w * X[v * l + c];
          }
        }
      return Y;
    };
    const rng = new Rng(0x59ec);
    const X0 = new Float64Array(n * l);
    for (const v of placed) for (let c = 0; c < l; c++) X0[v * l + c] = rng.normal();
    let Q = orthonormalColumns(X0, n, l);
    for (let i = 0; i < ITERATIONS; i++) Q = orthonormalColumns(mul(Q), n, l);
    // Rayleigh–Ritz: the eigenvectors of Qᵀ M Q (l × l), mapped back through Q.
    const { vectors } = symmetricEigen(matmul(transpose(Q, n, l), mul(Q), l, n, l), l);
    for (const v of placed) {
      const row = new Float64Array(dim);
      let norm = 0;
      for (let j = 0; j < dim; j++) {
        // Eigenvector j + 1: the first is D^½·1, constant after mapping back.
        let x = 0;
        for (let a = 0; a < l; a++) x += Q[v * l + a] * vectors[a * l + j + 1];
        row[j] = x * s[v];
        norm += row[j] * row[j];
      }
      norm = Math.sqrt(norm);
      if (norm > 0)
        rows.set(
          g.nodes[v],
          row.map((x) => x / norm),
        );
    }
  }
  return { dim, source: name, embed: (gene) => rows.get(gene) ?? null };
}
