import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from './build';
import { resolveDesign } from './design';
import { pseudobulk } from './pseudobulk';
import { Rng } from '../sim/random';

/** The condition of every cell of the file (−1: control or left out), by the dataset's settings. */
export function cellConditions(reader: H5adReader, ds: PerturbDataset): { cellsOf: Map<string, number[]> } {
  const fileGenes = reader.geneNames().names;
  const design = resolveDesign(reader.labelColumns('obs'), new Set(fileGenes), reader.x.nObs, {
    perturbationKey: ds.perturbationKey,
    controlLabel: ds.controlLabels.length === 1 ? ds.controlLabel : undefined,
    batchKey: null,
  });
  const cellsOf = new Map(design.conditions.map((c) => [c.name, [] as number[]]));
  design.cellCondition.forEach((c, r) => c >= 0 && cellsOf.get(design.conditions[c].name)!.push(r));
  return { cellsOf };
}

export interface CellSample {
  condition: string;
  /** Per sampled cell, the values of the chosen genes (log-normalised, as the means). */
  values: Float32Array[];
}

/**
 * Log-normalised values of up to `perCondition` seeded-random cells of each named condition, for
 * the chosen dataset gene indices. One streaming pass over X: each sampled cell is its own group of
 * the pseudobulk accumulator, so normalisation and validation are exactly those of the means.
 */
export function sampleCells(reader: H5adReader, ds: PerturbDataset, conditions: readonly string[], perCondition: number, seed: number, genes: readonly number[]): CellSample[] {
  const { cellsOf } = cellConditions(reader, ds);
  const rng = new Rng(seed * 7919 + 3);
  const groupOfCell = new Int32Array(reader.x.nObs).fill(-1);
  const picked = conditions.map((name) => rng.shuffle([...(cellsOf.get(name) ?? [])]).slice(0, perCondition).sort((a, b) => a - b));
  let g = 0;
  const groupsOf = picked.map((cells) => cells.map((r) => ((groupOfCell[r] = g), g++)));
  const fileGenes = reader.geneNames().names;
  const outIndex = new Map(genes.map((j, k) => [ds.genes[j], k]));
  const geneMap = Int32Array.from(fileGenes, (name) => outIndex.get(name) ?? -1);
  const sums = pseudobulk(reader, { groupOfCell, nGroups: g, geneMap, values: ds.values });
  const n = genes.length;
  return conditions.map((condition, i) => ({ condition, values: groupsOf[i].map((grp) => Float32Array.from(sums.sum.subarray(grp * n, (grp + 1) * n))) }));
}
