import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from '../dataset/build';
import { resolveDesign } from '../dataset/design';
import { pseudobulk } from '../dataset/pseudobulk';
import { Rng } from '../sim/random';

/**
 * Split-half reproducibility of the data (TxPert): each condition's cells are split at random into
 * two halves; the change of one half's mean from control is the "prediction" of the other's. Returns
 * per condition the two halves' changes.
 */
export function splitHalfDeltas(reader: H5adReader, ds: PerturbDataset, seed: number): Map<string, [Float64Array, Float64Array]> {
  const fileGenes = reader.geneNames().names;
  const design = resolveDesign(reader.labelColumns('obs'), new Set(fileGenes), reader.x.nObs, {
    perturbationKey: ds.perturbationKey,
    controlLabel: ds.controlLabels.length === 1 ? ds.controlLabel : undefined,
    batchKey: null,
  });
  const byName = new Map(design.conditions.map((c, i) => [c.name, i]));
  const rng = new Rng(seed * 104729 + 17);
  const groupOfCell = new Int32Array(reader.x.nObs).fill(-1);
  // Alternate halves over a shuffled order of each condition's cells: sizes differ by at most one.
  const cellsOf: number[][] = design.conditions.map(() => []);
  design.cellCondition.forEach((c, r) => c >= 0 && cellsOf[c].push(r));
  cellsOf.forEach((cells, c) => rng.shuffle(cells).forEach((r, k) => (groupOfCell[r] = 2 * c + (k % 2))));
  const index = new Map(ds.genes.map((g, i) => [g, i]));
  const geneMap = Int32Array.from(fileGenes, (g) => index.get(g) ?? -1);
  const sums = pseudobulk(reader, { groupOfCell, nGroups: 2 * design.conditions.length, geneMap, values: ds.values });
  const G = ds.genes.length;
  const out = new Map<string, [Float64Array, Float64Array]>();
  for (const c of ds.conditions) {
    const ci = byName.get(c.name);
    if (ci === undefined) continue;
    const half = (h: number) => {
      const g = 2 * ci + h;
      const n = sums.cells[g];
      return Float64Array.from({ length: G }, (_, j) => (n ? sums.sum[g * G + j] / n : 0) - ds.control.mean[j]);
    };
    if (sums.cells[2 * ci] > 0 && sums.cells[2 * ci + 1] > 0) out.set(c.name, [half(0), half(1)]);
  }
  return out;
}
