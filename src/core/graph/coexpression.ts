import { InputError } from '../errors';
import type { RowBlock } from '../anndata/reader';
import type { XSource, ValuesKind } from '../dataset/pseudobulk';
import { graphFromEdges, type EdgeIndexed, type GeneGraph } from './geneGraph';
import { LAYER } from '../catalog';

export interface CoexpressionOptions {
  /** Per cell: 1 to use it. GEARS uses control cells and training single-gene perturbations only. */
  cells: Uint8Array;
  /** Gene symbols of the output nodes. */
  genes: readonly string[];
  /** Per file gene: node index, or -1 to leave the gene out. Identity when omitted. */
  geneMap?: Int32Array;
  values: ValuesKind;
  targetSum?: number;
  k?: number;
  /** Edges need |Pearson r| strictly above this. */
  minWeight?: number;
  blockValues?: number;
  /** Bytes the pairwise sums may take. */
  memoryBudgetBytes?: number;
  onProgress?: (fraction: number) => void;
}

export const COEXPRESSION_DEFAULT_K = 20;
export const COEXPRESSION_DEFAULT_MIN_WEIGHT = 0.4;

/**
 * The GEARS co-expression graph: |Pearson r| between genes over the chosen cells (log-normalised
 * expression), each gene keeping its top-k partners with |r| > minWeight as edges partner → gene.
 * Streams X in row blocks: the memory is the G×(G−1)/2 pairwise sums, never a genes × cells matrix.
 *
 * Porting note: GEARS keeps each gene's top k+1 including itself and stores them as edges
 * gene → partner; we drop the self-loop and store partner → gene, the same direction as the GO
 * graph, so that every gene aggregates from the k genes it correlates with most. Zero-variance
 * genes have r = NaN, which GEARS sets to 0: they get no edges.
 */
export function buildCoexpressionGraph(src: XSource, opts: CoexpressionOptions): GeneGraph {
  const G = opts.genes.length;
  const geneMap = opts.geneMap ?? Int32Array.from({ length: src.x.nVars }, (_, i) => i);
  const pairBytes = ((G * (G - 1)) / 2) * 8;
  const budget = opts.memoryBudgetBytes ?? 1.5 * 2 ** 30;
  if (pairBytes > budget) {
    throw new InputError(
      'too-large',
      `A co-expression graph over ${G.toLocaleString('en-US')} genes needs ${Math.round(pairBytes / 2 ** 20)} MB of pairwise sums, more than the ${Math.round(budget / 2 ** 20)} MB allowed.`,
      'Restrict it to fewer genes (highly variable genes).',
    );
  }
  const sum = new Float64Array(G);
  const sumsq = new Float64Array(G);
  const cross = new Float64Array((G * (G - 1)) / 2);
  const rowIdx = new Int32Array(G);
  const rowVal = new Float64Array(G);
  let n = 0;
  const counts = opts.values === 'counts';
  const targetSum = opts.targetSum ?? 1e4;

  const addRow = (m: number) => {
    // Pairs (a < b) of the row's non-zero genes; rowIdx is ascending.
    n++;
    for (let p = 0; p < m; p++) {
      const a = rowIdx[p],
        va = rowVal[p];
      sum[a] += va;
      sumsq[a] += va * va;
      const base = a * G - (a * (a + 1)) / 2 - a - 1;
      for (let q = p + 1; q < m; q++) cross[base + rowIdx[q]] += va * rowVal[q];
    }
  };

  const rows = src.x.encoding === 'csc' ? cscAsRows(src, opts.cells, budget) : src.rowBlocks(opts.blockValues);
  for (const b of rows) {
    for (let r = 0; r < b.nRows; r++) {
      const cell = b.rowStart + r;
      if (!opts.cells[cell]) continue;
      let m = 0;
      let total = 0;
      if (b.kind === 'sparse') {
        for (let e = b.indptr[r]; e < b.indptr[r + 1]; e++) total += b.data[e];
        const scale = counts && total > 0 ? targetSum / total : 1;
        for (let e = b.indptr[r]; e < b.indptr[r + 1]; e++) {
          const j = geneMap[b.indices[e]];
          if (j < 0 || b.data[e] === 0) continue;
          rowIdx[m] = j;
          rowVal[m++] = counts ? Math.log1p(b.data[e] * scale) : b.data[e];
        }
      } else {
        const off = r * b.nCols;
        for (let c = 0; c < b.nCols; c++) total += b.data[off + c];
        const scale = counts && total > 0 ? targetSum / total : 1;
        for (let c = 0; c < b.nCols; c++) {
          const j = geneMap[c];
          const v = b.data[off + c];
          if (j < 0 || v === 0) continue;
          rowIdx[m] = j;
          rowVal[m++] = counts ? Math.log1p(v * scale) : v;
        }
      }
      if (!isAscending(rowIdx, m)) sortPairs(rowIdx, rowVal, m);
      addRow(m);
    }
    opts.onProgress?.((0.9 * (b.rowStart + b.nRows)) / src.x.nObs);
  }

  const mean = Float64Array.from(sum, (s) => (n ? s / n : 0));
  const sd = Float64Array.from(sumsq, (s, a) => Math.sqrt(Math.max(0, (n ? s / n : 0) - mean[a] * mean[a])));
  const k = opts.k ?? COEXPRESSION_DEFAULT_K;
  const minWeight = opts.minWeight ?? COEXPRESSION_DEFAULT_MIN_WEIGHT;
  const edges: EdgeIndexed[] = [];
  const w: number[] = [];
  const idx: number[] = [];
  for (let a = 0; a < G; a++) {
    w.length = 0;
    idx.length = 0;
    if (sd[a] > 0) {
      for (let b = 0; b < G; b++) {
        if (b === a || !(sd[b] > 0)) continue;
        const lo = Math.min(a, b),
          hi = Math.max(a, b);
        const c = cross[lo * G - (lo * (lo + 1)) / 2 + hi - lo - 1];
        const r = Math.abs((c / n - mean[a] * mean[b]) / (sd[a] * sd[b]));
        if (r > minWeight) {
          w.push(r);
          idx.push(b);
        }
      }
    }
    const order = idx.map((_, x) => x).sort((x, y) => w[y] - w[x] || idx[x] - idx[y]);
    for (let t = 0; t < Math.min(k, order.length); t++)
      edges.push({ src: idx[order[t]], dst: a, weight: w[order[t]], provenance: 1 });
  }
  opts.onProgress?.(1);
  return graphFromEdges([...opts.genes], edges, [LAYER.coexpression]);
}

function isAscending(a: Int32Array, m: number): boolean {
  for (let i = 1; i < m; i++) if (a[i] <= a[i - 1]) return false;
  return true;
}

function sortPairs(idx: Int32Array, val: Float64Array, m: number): void {
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => idx[x] - idx[y]);
  const i2 = order.map((o) => idx[o]);
  const v2 = order.map((o) => val[o]);
  for (let i = 0; i < m; i++) {
    idx[i] = i2[i];
    val[i] = v2[i];
  }
}

/**
 * A CSC matrix has no row access, so the chosen cells are transposed into one in-memory CSR block
 * (counting sort over the column blocks) when that fits the budget.
 */
function* cscAsRows(src: XSource, cells: Uint8Array, budget: number): Generator<RowBlock> {
  const { nObs } = src.x;
  const rowCount = new Float64Array(nObs + 1);
  let nnz = 0;
  for (const b of src.columnBlocks())
    for (let e = 0; e < b.indices.length; e++)
      if (cells[b.indices[e]]) {
        rowCount[b.indices[e] + 1]++;
        nnz++;
      }
  if (nnz * 12 > budget) {
    throw new InputError(
      'too-large',
      `X is stored by column (CSC); the co-expression graph needs the chosen ${nnz.toLocaleString('en-US')} values by row, more than fits in memory here.`,
      'Save X as CSR (adata.X = adata.X.tocsr()) and load the file again.',
    );
  }
  for (let r = 0; r < nObs; r++) rowCount[r + 1] += rowCount[r];
  const indptr = Float64Array.from(rowCount);
  const fill = Float64Array.from(rowCount.subarray(0, nObs));
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  for (const b of src.columnBlocks()) {
    for (let c = 0; c < b.nCols; c++) {
      for (let e = b.indptr[c]; e < b.indptr[c + 1]; e++) {
        const r = b.indices[e];
        if (!cells[r]) continue;
        const at = fill[r]++;
        indices[at] = b.colStart + c;
        data[at] = b.data[e];
      }
    }
  }
  yield { kind: 'sparse', rowStart: 0, nRows: nObs, indptr, indices, data };
}
