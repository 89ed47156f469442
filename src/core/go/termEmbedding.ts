import { matmul, orthonormalColumns, symmetricEigen, transpose } from '../models/linalg';
import { Rng } from '../util/random';
import type { GoAnnotations } from './annotations';

/** Genes as points in a space where genes of shared function lie close. */
export interface GeneEmbedding {
  readonly dim: number;
  /** What placed the genes ("GO terms", or the graph's name), as messages name it. */
  readonly source: string;
  /** The gene's coordinates, or null when it has no annotation to place it by. */
  embed(gene: string): Float64Array | null;
}

/** GeneEmbedding.source of the GO embedding. */
export const GO_SOURCE = 'GO terms';

/** Dimensions kept: enough for the functional groups of a screen, few enough for ~100 training conditions. */
export const GO_EMBEDDING_DIM = 64;

const cache = new WeakMap<GoAnnotations, GeneEmbedding>();

/**
 * Each gene embedded by a truncated SVD of the gene × GO-term matrix of the shipped asset (GenePert's
 * recipe with GO in place of text embeddings). Rows are scaled to unit length, so a gene annotated
 * with many terms is not placed farther out than one with few; a gene's coordinates are its row
 * projected on the top right singular vectors (Σ·u for a gene of the asset). Computed once per asset
 * (a randomised SVD with two power iterations, seeded: the same asset gives the same embedding).
 */
export function goTermEmbedding(go: GoAnnotations): GeneEmbedding {
  let e = cache.get(go);
  if (!e) {
    e = randomisedSvdEmbedding(go, GO_EMBEDDING_DIM);
    cache.set(go, e);
  }
  return e;
}

function randomisedSvdEmbedding(go: GoAnnotations, k: number): GeneEmbedding {
  const n = go.genes.length,
    T = go.terms.length;
  const l = Math.min(k + 10, n, T);
  const { indptr, indices } = go;
  const w = Float64Array.from({ length: n }, (_, i) => {
    const nnz = indptr[i + 1] - indptr[i];
    return nnz ? 1 / Math.sqrt(nnz) : 0;
  });
  // Y (n × l) = A X (X: T × l), and Z (T × l) = Aᵀ Y, with A's rows scaled by w.
  const mulA = (X: Float64Array) => {
    const Y = new Float64Array(n * l);
    for (let i = 0; i < n; i++)
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const t = indices[p];
        for (let c = 0; c < l; c++) Y[i * l + c] += w[i] * X[t * l + c];
      }
    return Y;
  };
  const mulAt = (Y: Float64Array) => {
    const Z = new Float64Array(T * l);
    for (let i = 0; i < n; i++)
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const t = indices[p];
        for (let c = 0; c < l; c++) Z[t * l + c] += w[i] * Y[i * l + c];
      }
    return Z;
  };
  const rng = new Rng(0x60e);
  const omega = Float64Array.from({ length: T * l }, () => rng.normal());
  let Q = orthonormalColumns(mulA(omega), n, l);
  // Power iterations (A Aᵀ)Q, re-orthonormalised on the gene side only: two are enough for the
  // 64 leading directions, and the term-side basis would cost as much again.
  for (let q = 0; q < 2; q++) Q = orthonormalColumns(mulA(mulAt(Q)), n, l);
  // B = Qᵀ A (l × T), held transposed; B Bᵀ = U_B Σ² U_Bᵀ, and V = Bᵀ U_B Σ⁻¹ (T × k).
  const Bt = mulAt(Q);
  const { values, vectors } = symmetricEigen(matmul(transpose(Bt, T, l), Bt, l, T, l), l);
  const dim = Math.min(k, l, values.filter((v) => v > 1e-12).length);
  const V = new Float64Array(T * dim);
  for (let t = 0; t < T; t++)
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let a = 0; a < l; a++) s += Bt[t * l + a] * vectors[a * l + j];
      V[t * dim + j] = s / Math.sqrt(values[j]);
    }
  const index = new Map(go.genes.map((g, i) => [g, i]));
  return {
    dim,
    source: GO_SOURCE,
    embed(gene) {
      const i = index.get(gene);
      if (i === undefined || indptr[i + 1] === indptr[i]) return null;
      const out = new Float64Array(dim);
      for (let p = indptr[i]; p < indptr[i + 1]; p++)
        for (let j = 0; j < dim; j++) out[j] += w[i] * V[indices[p] * dim + j];
      return out;
    },
  };
}
