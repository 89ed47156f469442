import { InputError } from '../errors';
import type { H5adReader, XEncoding } from '../anndata/reader';
import { CONTROL, resolveDesign, type DesignOptions } from './design';
import { pseudobulk, type ValuesKind } from './pseudobulk';
import { meanVar, topIndices, welchT } from './stats';
import { selectHighlyVariable } from './hvg';

export interface LoadOptions extends DesignOptions {
  values?: 'auto' | ValuesKind;
  /** Keep only this many highly variable genes (plus every perturbed gene that is measured). */
  hvg?: number;
  /** Extra symbols that count as genes when detecting the perturbation column (e.g. the GO asset's). */
  knownGenes?: Iterable<string>;
  /** Bytes the per-condition tables may take; past it the load stops with advice. */
  memoryBudgetBytes?: number;
  onProgress?: (p: { phase: 'metadata' | 'genes' | 'pseudobulk' | 'statistics'; fraction: number }) => void;
  signal?: AbortSignal;
}

export interface ConditionStats {
  name: string;
  labels: string[];
  genes: string[];
  nCells: number;
  mean: Float64Array;
  variance: Float64Array;
  /** Mean change from the control mean, per gene. */
  delta: Float64Array;
  /** Welch t statistic against control, per gene. */
  t: Float64Array;
  /** Gene indices ranked by |t|, largest first (the top 100, or all genes when fewer). */
  deTop: Int32Array;
}

export interface BatchMean {
  /** Condition index, or -1 for control cells. */
  condition: number;
  batch: number;
  nCells: number;
  mean: Float64Array;
}

/** Everything the app and the models need from a Perturb-seq file: small, per-condition arrays. */
export interface PerturbDataset {
  fileName: string;
  nObs: number;
  nVars: number;
  xEncoding: XEncoding;
  xCompression: string | null;
  values: ValuesKind;
  valuesEvidence: string;
  genes: string[];
  geneSource: string;
  /** Genes kept out of the file's, when highly variable genes were selected; else null. */
  hvgSelected: number | null;
  perturbationKey: string;
  controlLabel: string;
  controlLabels: string[];
  batchKey: string | null;
  batches: string[];
  /** Label columns of obs with their distinct-value counts, for the override menus. */
  obsColumns: { name: string; nCategories: number }[];
  /** The labels of the perturbation column, for the control-label menu. */
  perturbationLabels: string[];
  nControlCells: number;
  nSkippedCells: number;
  control: { nCells: number; mean: Float64Array; variance: Float64Array };
  conditions: ConditionStats[];
  batchMeans: BatchMean[];
  /** Gene indices by control mean, highest first. */
  topExpressed: Int32Array;
  uns: Record<string, string>;
  /** A description when the file says it is simulated or semi-synthetic. */
  syntheticNote: string | null;
  warnings: string[];
}

export const DEFAULT_MEMORY_BUDGET = 1.5 * 2 ** 30;
const DE_TOP = 100;

export function loadPerturbDataset(reader: H5adReader, opts: LoadOptions = {}): PerturbDataset {
  const progress = opts.onProgress ?? (() => {});
  const { x } = reader;
  const fileName = reader.fileName;
  if (x.nObs === 0) throw new InputError('empty-matrix', `${fileName} has no cells: X is 0 × ${x.nVars}.`, 'Load a file that contains cells.');
  if (x.nVars === 0) throw new InputError('empty-matrix', `${fileName} has no genes: X is ${x.nObs} × 0.`, 'Load a file that contains measured genes.');
  if (x.nnz === 0) throw new InputError('empty-matrix', `X in ${fileName} is all zeros (${x.nObs} × ${x.nVars}, no stored values).`, 'Check that the expression matrix was saved into X.');
  progress({ phase: 'metadata', fraction: 0 });
  const { names: fileGenes, source: geneSource } = reader.geneNames();
  const known = new Set<string>(fileGenes);
  for (const g of opts.knownGenes ?? []) known.add(g);
  const columns = reader.labelColumns('obs');
  const design = resolveDesign(columns, known, x.nObs, opts);
  const uns = reader.unsStrings();
  progress({ phase: 'metadata', fraction: 1 });

  // Groups: (condition or control) × batch, only the combinations that occur.
  const nB = design.batches.length;
  const slotOf = new Map<number, number>();
  const slots: { condition: number; batch: number }[] = [];
  const groupOfCell = new Int32Array(x.nObs);
  for (let r = 0; r < x.nObs; r++) {
    const c = design.cellCondition[r];
    if (c < CONTROL) {
      groupOfCell[r] = -1;
      continue;
    }
    const key = (c + 1) * nB + design.cellBatch[r];
    let s = slotOf.get(key);
    if (s === undefined) {
      s = slots.length;
      slotOf.set(key, s);
      slots.push({ condition: c, batch: design.cellBatch[r] });
    }
    groupOfCell[r] = s;
  }

  let geneMap: Int32Array | undefined;
  let genes = fileGenes;
  const warnings: string[] = [];
  if (opts.hvg && opts.hvg < fileGenes.length) {
    const all = pseudobulk(reader, { groupOfCell: Int32Array.from(groupOfCell, (g) => (g >= 0 ? 0 : -1)), nGroups: 1, values: opts.values, geneNames: fileGenes, signal: opts.signal, onProgress: (f) => progress({ phase: 'genes', fraction: f }) });
    const index = new Map(fileGenes.map((g, j) => [g, j]));
    const keep = new Set<number>();
    for (const c of design.conditions) for (const g of c.genes) if (index.has(g)) keep.add(index.get(g)!);
    const chosen = selectHighlyVariable(all.cells[0], all.sum, all.sumsq, opts.hvg, keep);
    geneMap = new Int32Array(fileGenes.length).fill(-1);
    chosen.forEach((j, i) => (geneMap![j] = i));
    genes = Array.from(chosen, (j) => fileGenes[j]);
  }

  const budget = opts.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET;
  const need = slots.length * genes.length * 16;
  if (need > budget) {
    const mb = (v: number) => `${Math.round(v / 2 ** 20).toLocaleString('en-US')} MB`;
    throw new InputError(
      'too-large',
      `${fileName} needs ${mb(need)} for its per-condition tables (${slots.length.toLocaleString('en-US')} condition×batch groups × ${genes.length.toLocaleString('en-US')} genes), more than the ${mb(budget)} this page may use.`,
      `Keep fewer genes: choose highly variable genes (e.g. 2,000; --hvg 2000 in the CLI)${design.batchKey ? ', or turn off the batch column' : ''}.`,
    );
  }

  const sums = pseudobulk(reader, { groupOfCell, nGroups: slots.length, geneMap, values: opts.values, geneNames: fileGenes, signal: opts.signal, onProgress: (f) => progress({ phase: 'pseudobulk', fraction: f }) });
  warnings.push(...sums.warnings);
  progress({ phase: 'statistics', fraction: 0 });

  // Fold batches into per-condition sums; keep per-batch means for batch-aware models.
  const G = genes.length;
  const nC = design.conditions.length;
  const condSum = new Float64Array((nC + 1) * G);
  const condSq = new Float64Array((nC + 1) * G);
  const condN = new Float64Array(nC + 1);
  const batchMeans: BatchMean[] = [];
  slots.forEach((s, i) => {
    const row = s.condition + 1;
    condN[row] += sums.cells[i];
    for (let j = 0; j < G; j++) {
      condSum[row * G + j] += sums.sum[i * G + j];
      condSq[row * G + j] += sums.sumsq[i * G + j];
    }
    if (design.batchKey) {
      batchMeans.push({ condition: s.condition, batch: s.batch, nCells: sums.cells[i], mean: meanVar(sums.cells[i], sums.sum, sums.sumsq, i * G, G).mean });
    }
  });
  const control = { nCells: condN[0], ...meanVar(condN[0], condSum, condSq, 0, G) };
  const conditions: ConditionStats[] = design.conditions.map((c, ci) => {
    const row = ci + 1;
    const n = condN[row];
    const { mean, variance } = meanVar(n, condSum, condSq, row * G, G);
    const delta = new Float64Array(G);
    for (let j = 0; j < G; j++) delta[j] = mean[j] - control.mean[j];
    const t = welchT(mean, variance, n, control.mean, control.variance, control.nCells);
    return { name: c.name, labels: c.labels, genes: c.genes, nCells: n, mean, variance, delta, t, deTop: topIndices(t, DE_TOP, true) };
  });
  if (design.nSkippedCells > 0) warnings.push(`${design.nSkippedCells.toLocaleString('en-US')} cells have no usable label (missing, or a control label other than the chosen one) and were left out.`);
  const small = conditions.filter((c) => c.nCells < 2).length;
  if (small) warnings.push(`${small} condition(s) have fewer than 2 cells: their variance and DE statistics are undefined (t = 0).`);
  const syntheticNote = uns.synthetic ?? uns.semi_synthetic ?? (/(semi-)?synthetic|simulated/i.test(uns.description ?? '') ? uns.description! : null);
  progress({ phase: 'statistics', fraction: 1 });
  return {
    fileName, nObs: x.nObs, nVars: x.nVars, xEncoding: x.encoding, xCompression: x.compression,
    values: sums.values, valuesEvidence: sums.valuesEvidence, genes, geneSource,
    hvgSelected: geneMap ? genes.length : null,
    perturbationKey: design.perturbationKey, controlLabel: design.controlLabel, controlLabels: design.controlLabels,
    batchKey: design.batchKey, batches: design.batches,
    obsColumns: columns.map((c) => ({ name: c.name, nCategories: c.categories.length })),
    perturbationLabels: [...columns.find((c) => c.name === design.perturbationKey)!.categories].sort(),
    nControlCells: design.nControlCells, nSkippedCells: design.nSkippedCells,
    control, conditions, batchMeans, topExpressed: topIndices(control.mean, G), uns, syntheticNote, warnings,
  };
}
