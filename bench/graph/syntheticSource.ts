import type { XSource } from '../../src/core/dataset/pseudobulk';
import type { RowBlock, ColumnBlock } from '../../src/core/anndata/reader';
import { Rng } from '../../src/core/util/random';

/**
 * An in-memory CSR source of random counts, generated block by block, so the co-expression cost can
 * be measured the same way in Node and in the browser's worker without a multi-GB file.
 */
export function syntheticCounts(nObs: number, nVars: number, density: number, seed = 1): XSource {
  const perRow = Math.round(nVars * density);
  const x = {
    encoding: 'csr' as const,
    nObs,
    nVars,
    valueKind: 'int' as const,
    valueBytes: 4,
    nnz: nObs * perRow,
    compression: null,
  };
  return {
    x,
    *rowBlocks(target = 2_000_000): Generator<RowBlock> {
      const rng = new Rng(seed);
      const rows = Math.max(1, Math.floor(target / perRow));
      const perm = Int32Array.from({ length: nVars }, (_, i) => i);
      for (let r0 = 0; r0 < nObs; r0 += rows) {
        const n = Math.min(rows, nObs - r0);
        const indptr = new Float64Array(n + 1);
        const indices = new Int32Array(n * perRow);
        const data = new Float32Array(n * perRow);
        for (let r = 0; r < n; r++) {
          // perRow distinct genes: a partial Fisher–Yates shuffle of the gene indices, then sorted.
          for (let k = 0; k < perRow; k++) {
            const j = k + rng.int(nVars - k);
            [perm[k], perm[j]] = [perm[j], perm[k]];
          }
          const row = indices.subarray(r * perRow, (r + 1) * perRow);
          row.set(perm.subarray(0, perRow));
          row.sort();
          for (let k = 0; k < perRow; k++) data[r * perRow + k] = 1 + rng.int(5);
          indptr[r + 1] = (r + 1) * perRow;
        }
        yield { kind: 'sparse', rowStart: r0, nRows: n, indptr, indices, data };
      }
    },
    columnBlocks(): Iterable<ColumnBlock> {
      throw new Error('synthetic source is row-major');
    },
  };
}
