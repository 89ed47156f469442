import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from '../dataset/build';
import { cellConditions } from '../dataset/cells';
import { pseudobulk } from '../dataset/pseudobulk';
import { Rng } from '../util/random';

/** Per condition, the changes of its two halves of cells. */
export type HalfDeltas = Map<string, [Float64Array, Float64Array]>;

/** Group sums held at once (sum and sum of squares, float64): about 64 MB. */
const GROUP_BUDGET = 4e6;

/**
 * Split-half reproducibility of the data (TxPert): each condition's cells are split at random into
 * two halves; the change of one half's mean from control is the "prediction" of the other's. Returns,
 * per seed, per condition of `conditions` the two halves' changes, each from the condition's own
 * control reference (matched on covariates or pooled, as its full change is).
 *
 * Several seeds share one pass over X: each cell's group is its condition and its half in every seed
 * of the pass (2^seeds groups per condition), and a seed's half sums the groups on its side. As many
 * seeds go in one pass as GROUP_BUDGET allows. The halves are those each seed drew alone.
 */
export function splitHalfDeltas(
  reader: H5adReader,
  ds: PerturbDataset,
  conditions: readonly string[],
  seeds: readonly number[],
): HalfDeltas[] {
  const { cellsOf } = cellConditions(ds);
  const wanted = new Map(conditions.map((n, i) => [n, i]));
  // Each seed's halves: over all conditions, in order, as the draw has always been made.
  const halfOf = seeds.map((seed) => {
    const rng = new Rng(seed * 104729 + 17);
    const half = new Int8Array(reader.x.nObs).fill(-1);
    for (const [name, rows] of cellsOf) rng.shuffle([...rows]).forEach((r, k) => wanted.has(name) && (half[r] = k % 2));
    return half;
  });
  const G = ds.genes.length;
  const perPass = Math.max(
    1,
    Math.min(seeds.length, Math.floor(Math.log2(GROUP_BUDGET / (G * Math.max(1, conditions.length))))),
  );
  const out: HalfDeltas[] = [];
  for (let first = 0; first < seeds.length; first += perPass)
    out.push(...halvesInOnePass(reader, ds, cellsOf, conditions, halfOf.slice(first, first + perPass)));
  return out;
}

function halvesInOnePass(
  reader: H5adReader,
  ds: PerturbDataset,
  cellsOf: ReadonlyMap<string, readonly number[]>,
  conditions: readonly string[],
  halfOf: readonly Int8Array[],
): HalfDeltas[] {
  const patterns = 1 << halfOf.length;
  const groupOfCell = new Int32Array(reader.x.nObs).fill(-1);
  conditions.forEach((name, c) => {
    for (const r of cellsOf.get(name) ?? []) {
      let p = 0;
      halfOf.forEach((h, s) => (p |= h[r] << s));
      groupOfCell[r] = c * patterns + p;
    }
  });
  const fileGenes = reader.geneNames().names;
  const index = new Map(ds.genes.map((g, i) => [g, i]));
  const geneMap = Int32Array.from(fileGenes, (g) => index.get(g) ?? -1);
  const sums = pseudobulk(reader, { groupOfCell, nGroups: conditions.length * patterns, geneMap, values: ds.values });
  const G = ds.genes.length;
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  return halfOf.map((_, s) => {
    const out: HalfDeltas = new Map();
    conditions.forEach((name, c) => {
      const reference = byName.get(name)!.reference;
      const half = (h: number) => {
        const total = new Float64Array(G);
        let n = 0;
        for (let p = 0; p < patterns; p++) {
          if (((p >> s) & 1) !== h) continue;
          const g = c * patterns + p;
          n += sums.cells[g];
          for (let j = 0; j < G; j++) total[j] += sums.sum[g * G + j];
        }
        return { n, delta: total.map((v, j) => (n ? v / n : 0) - reference[j]) };
      };
      const [a, b] = [half(0), half(1)];
      if (a.n > 0 && b.n > 0) out.set(name, [a.delta, b.delta]);
    });
    return out;
  });
}
