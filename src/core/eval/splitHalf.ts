import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from '../dataset/build';
import { cellConditions } from '../dataset/cells';
import { pseudobulk } from '../dataset/pseudobulk';
import { Rng } from '../util/random';

/**
 * Split-half reproducibility of the data (TxPert): each condition's cells are split at random into
 * two halves; the change of one half's mean from control is the "prediction" of the other's. Returns
 * per condition the two halves' changes, each from the condition's own control reference (matched
 * on covariates or pooled, as its full change is).
 */
export function splitHalfDeltas(
  reader: H5adReader,
  ds: PerturbDataset,
  seed: number,
): Map<string, [Float64Array, Float64Array]> {
  const { cellsOf } = cellConditions(ds);
  const rng = new Rng(seed * 104729 + 17);
  const groupOfCell = new Int32Array(reader.x.nObs).fill(-1);
  const names = [...cellsOf.keys()];
  // Alternate halves over a shuffled order of each condition's cells: sizes differ by at most one.
  names.forEach((name, c) => rng.shuffle(cellsOf.get(name)!).forEach((r, k) => (groupOfCell[r] = 2 * c + (k % 2))));
  const fileGenes = reader.geneNames().names;
  const index = new Map(ds.genes.map((g, i) => [g, i]));
  const geneMap = Int32Array.from(fileGenes, (g) => index.get(g) ?? -1);
  const sums = pseudobulk(reader, { groupOfCell, nGroups: 2 * names.length, geneMap, values: ds.values });
  const G = ds.genes.length;
  const byName = new Map(names.map((n, i) => [n, i]));
  const out = new Map<string, [Float64Array, Float64Array]>();
  for (const c of ds.conditions) {
    const ci = byName.get(c.name);
    if (ci === undefined) continue;
    const half = (h: number) => {
      const g = 2 * ci + h;
      const n = sums.cells[g];
      return Float64Array.from({ length: G }, (_, j) => (n ? sums.sum[g * G + j] / n : 0) - c.reference[j]);
    };
    if (sums.cells[2 * ci] > 0 && sums.cells[2 * ci + 1] > 0) out.set(c.name, [half(0), half(1)]);
  }
  return out;
}
