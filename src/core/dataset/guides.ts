import type { CategoricalColumn, H5adReader } from '../anndata/reader';
import { pearson } from '../eval/metrics';
import type { PerturbDataset } from './build';
import { SKIP } from './design';
import { pseudobulk } from './pseudobulk';

/** A gene's guides: cells per guide and how alike the changes they cause are. */
export interface GuideAgreement {
  gene: string;
  guides: string[];
  cells: number[];
  /**
   * Mean Pearson correlation, over pairs of its guides with ≥ 2 cells, of each guide's mean change
   * from the gene's control reference, over measured genes other than the screen's targets; null
   * with fewer than two such guides.
   */
  agreement: number | null;
}

export interface GuideReport {
  /** The obs column the guides were read from (the perturbation column itself for guide-only labels). */
  column: string;
  genes: GuideAgreement[];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const NAME_HINT = /(guide|sgrna|grna|protospacer|sgid)/i;

/**
 * The guide of each cell, for single-gene conditions: the perturbation column's own labels when a
 * condition merges several of them (`ZAP70_1`, `ZAP70_2`), else a column nested in the conditions
 * (each value within one condition) with more values than conditions.
 */
export function findGuideColumn(columns: readonly CategoricalColumn[], ds: PerturbDataset): CategoricalColumn | null {
  const pert = columns.find((c) => c.name === ds.perturbationKey);
  if (pert && ds.conditions.some((c) => c.labels.length > 1)) return pert;
  const cond = ds.cells.condition;
  const nConditions = ds.conditions.length;
  const nested = columns.filter((col) => {
    if (col.name === ds.perturbationKey || col.storage === 'numeric' || col.storage === 'boolean') return false;
    const owner = new Int32Array(col.categories.length).fill(SKIP - 1);
    for (let r = 0; r < cond.length; r++) {
      const v = col.codes[r];
      if (v < 0 || cond[r] < 0) continue;
      if (owner[v] === SKIP - 1) owner[v] = cond[r];
      else if (owner[v] !== cond[r]) return false;
    }
    return owner.filter((o) => o >= 0).length > nConditions;
  });
  nested.sort(
    (a, b) => Number(NAME_HINT.test(b.name)) - Number(NAME_HINT.test(a.name)) || a.name.localeCompare(b.name),
  );
  return nested[0] ?? null;
}

/** Guide agreement of every single-gene condition: one streaming pass, one group per guide. */
export function guideAgreement(reader: H5adReader, ds: PerturbDataset): GuideReport | null {
  const col = findGuideColumn(reader.labelColumns('obs'), ds);
  if (!col) return null;
  const cond = ds.cells.condition;
  const groupOf = new Map<number, number>();
  const guideGroups: { condition: number; code: number }[] = [];
  const groupOfCell = new Int32Array(cond.length).fill(-1);
  for (let r = 0; r < cond.length; r++) {
    const c = cond[r];
    const v = col.codes[r];
    if (c < 0 || v < 0 || ds.conditions[c].genes.length !== 1) continue;
    const key = c * col.categories.length + v;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = guideGroups.length;
      groupOf.set(key, g);
      guideGroups.push({ condition: c, code: v });
    }
    groupOfCell[r] = g;
  }
  const fileGenes = reader.geneNames().names;
  const index = new Map(ds.genes.map((g, i) => [g, i]));
  const sums = pseudobulk(reader, {
    groupOfCell,
    nGroups: guideGroups.length,
    geneMap: Int32Array.from(fileGenes, (g) => index.get(g) ?? -1),
    values: ds.values,
  });
  const G = ds.genes.length;
  const targets = new Set(ds.conditions.flatMap((c) => c.genes));
  const others = ds.genes.flatMap((g, j) => (targets.has(g) ? [] : [j]));
  const genes: GuideAgreement[] = [];
  ds.conditions.forEach((c, ci) => {
    if (c.genes.length !== 1) return;
    const mine = guideGroups
      .map((g, k) => ({ ...g, k }))
      .filter((g) => g.condition === ci)
      .sort((a, b) => byCodePoint(col.categories[a.code], col.categories[b.code]));
    const delta = (k: number) =>
      Float64Array.from({ length: G }, (_, j) => sums.sum[k * G + j] / sums.cells[k] - c.reference[j]);
    const usable = mine.filter((g) => sums.cells[g.k] >= 2).map((g) => delta(g.k));
    const pairs: number[] = [];
    for (let a = 0; a < usable.length; a++)
      for (let b = a + 1; b < usable.length; b++) pairs.push(pearson(usable[a], usable[b], others));
    genes.push({
      gene: c.genes[0],
      guides: mine.map((g) => col.categories[g.code]),
      cells: mine.map((g) => sums.cells[g.k]),
      agreement: pairs.length ? pairs.reduce((s, x) => s + x, 0) / pairs.length : null,
    });
  });
  genes.sort((a, b) => byCodePoint(a.gene, b.gene));
  return { column: col.name, genes };
}
