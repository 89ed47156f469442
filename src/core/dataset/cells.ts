import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from './build';
import { CONTROL } from './design';
import { pseudobulk } from './pseudobulk';
import { Rng } from '../util/random';

/** Stands for the control cells where a condition name is expected (no real label looks like it). */
export const CONTROL_CELLS = '\u0000control';

/** The rows of each condition's cells, and of the control cells, as the dataset resolved them. */
export function cellConditions(ds: PerturbDataset): { cellsOf: Map<string, number[]>; controlRows: number[] } {
  const cellsOf = new Map(ds.conditions.map((c) => [c.name, [] as number[]]));
  const controlRows: number[] = [];
  ds.cells.condition.forEach((c, r) =>
    c >= 0 ? cellsOf.get(ds.conditions[c].name)!.push(r) : c === CONTROL && controlRows.push(r),
  );
  return { cellsOf, controlRows };
}

export interface CellSample {
  condition: string;
  /** Per sampled cell, the values of the chosen genes (log-normalised, as the means). */
  values: Float32Array[];
  /** With `withCounts` on a file of counts: per sampled cell, the raw counts of the chosen genes. */
  counts?: Float32Array[];
  /** With `withCounts`: per sampled cell, its library size (counts of every gene of the file). */
  library?: Float64Array;
}

/**
 * Log-normalised values of up to `perCondition` seeded-random cells of each named condition (or
 * `CONTROL_CELLS`; a function gives each its own number), for
 * the chosen dataset gene indices. One streaming pass over X: each sampled cell is its own group of
 * the pseudobulk accumulator, so normalisation and validation are exactly those of the means.
 * `withCounts` (files of counts only) adds a second pass for the same cells' raw counts and library
 * sizes: X taken as stored, every other gene of the file summed into one extra column.
 */
export function sampleCells(
  reader: H5adReader,
  ds: PerturbDataset,
  conditions: readonly string[],
  perCondition: number | ((condition: string) => number),
  seed: number,
  genes: readonly number[],
  withCounts = false,
): CellSample[] {
  const { cellsOf, controlRows } = cellConditions(ds);
  const rng = new Rng(seed * 7919 + 3);
  const limit = typeof perCondition === 'number' ? () => perCondition : perCondition;
  const groupOfCell = new Int32Array(reader.x.nObs).fill(-1);
  const picked = conditions.map((name) =>
    rng
      .shuffle([...((name === CONTROL_CELLS ? controlRows : cellsOf.get(name)) ?? [])])
      .slice(0, limit(name))
      .sort((a, b) => a - b),
  );
  let g = 0;
  const groupsOf = picked.map((cells) => cells.map((r) => ((groupOfCell[r] = g), g++)));
  const fileGenes = reader.geneNames().names;
  const outIndex = new Map(genes.map((j, k) => [ds.genes[j], k]));
  const geneMap = Int32Array.from(fileGenes, (name) => outIndex.get(name) ?? -1);
  const sums = pseudobulk(reader, { groupOfCell, nGroups: g, geneMap, values: ds.values });
  const n = genes.length;
  const rows = (sum: Float64Array, grp: number, width: number) =>
    Float32Array.from(sum.subarray(grp * width, grp * width + n));
  const raw =
    withCounts && ds.values === 'counts'
      ? pseudobulk(reader, {
          groupOfCell,
          nGroups: g,
          geneMap: geneMap.map((k) => (k >= 0 ? k : n)),
          values: 'log-normalized',
        })
      : null;
  return conditions.map((condition, i) => ({
    condition,
    values: groupsOf[i].map((grp) => rows(sums.sum, grp, n)),
    ...(raw && {
      counts: groupsOf[i].map((grp) => rows(raw.sum, grp, raw.nGenes)),
      library: Float64Array.from(groupsOf[i], (grp) =>
        raw.sum.subarray(grp * raw.nGenes, (grp + 1) * raw.nGenes).reduce((a, b) => a + b, 0),
      ),
    }),
  }));
}
