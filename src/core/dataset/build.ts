import { InputError } from '../errors';
import type { H5adReader, XEncoding } from '../anndata/reader';
import { CONTROL, resolveDesign, type CovariateCandidate, type DesignOptions } from './design';
import { pseudobulk, type ValuesKind } from './pseudobulk';
import { meanVar, topIndices, welchTAgainst } from './stats';
import { selectHighlyVariable } from './hvg';
import { matchedReference, type GroupMoments } from './controlReference';
import type { GeneLexicon } from './labels';
import { outlineSummary, type OutlineSummary } from './summary';

export interface LoadOptions extends DesignOptions {
  values?: 'auto' | ValuesKind;
  /** Keep only this many highly variable genes (plus every perturbed gene that is measured). */
  hvg?: number;
  /** Symbols and aliases beyond the measured genes that count as genes in labels (the GO asset's). */
  lexicon?: GeneLexicon;
  /** Bytes the per-condition tables may take; past it the load stops with advice. */
  memoryBudgetBytes?: number;
  onProgress?: (p: { phase: 'metadata' | 'genes' | 'pseudobulk' | 'statistics'; fraction: number }) => void;
  /** Called once the labels are read, before the cells are: what the file holds, for an early summary. */
  onOutline?: (o: DatasetOutline) => void;
  signal?: AbortSignal;
}

export interface ConditionStats {
  name: string;
  labels: string[];
  genes: string[];
  nCells: number;
  mean: Float64Array;
  variance: Float64Array;
  /** The control it is compared with: covariate-matched, or the pooled control mean (shared). */
  reference: Float64Array;
  /** Mean change from its control reference, per gene. */
  delta: Float64Array;
  /** Welch t statistic against its control reference, per gene. */
  t: Float64Array;
  /** Gene indices ranked by |t|, largest first (the top 100, or all genes when fewer). */
  deTop: Int32Array;
}

/** One stratum of the covariates: its control cells and how many perturbed cells it holds. */
export interface Stratum {
  label: string;
  nPerturbed: number;
  control: GroupMoments;
}

/** Which control each condition is compared with (the CLI's metrics.json says the same). */
export interface ControlReference {
  kind: 'matched' | 'pooled';
  covariates: string[];
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
  /** Covariate columns the controls are matched on ([] = pooled). */
  covariates: string[];
  controlReference: ControlReference;
  covariateCandidates: CovariateCandidate[];
  strata: Stratum[];
  /** Per cell: condition index (CONTROL, or SKIP when left out) and stratum; read by every later pass. */
  cells: { condition: Int32Array; stratum: Int32Array };
  /** Label columns of obs with their distinct-value counts, for the override menus. */
  obsColumns: { name: string; nCategories: number }[];
  /** The labels of the perturbation column, for the control-label menu. */
  perturbationLabels: string[];
  nControlCells: number;
  nSkippedCells: number;
  control: { nCells: number; mean: Float64Array; variance: Float64Array };
  conditions: ConditionStats[];
  /** Gene indices by control mean, highest first. */
  topExpressed: Int32Array;
  uns: Record<string, string>;
  /** A description when the file says it is simulated or semi-synthetic. */
  syntheticNote: string | null;
  warnings: string[];
}

/** A file's summary as its labels tell it, before its cells are read. */
export interface DatasetOutline {
  fileName: string;
  xCompression: string | null;
  geneSource: string;
  syntheticNote: string | null;
  summary: OutlineSummary;
}

export const DEFAULT_MEMORY_BUDGET = 1.5 * 2 ** 30;

/**
 * Whether the file's labels need more than its measured genes to be read: detection fails without
 * them, or some target is not a measured gene (an unmeasured target, an alias, a guide id). Reads
 * only obs, so the GO lexicon is loaded only for files that need it.
 */
export function labelsNeedLexicon(reader: H5adReader, opts: DesignOptions = {}): boolean {
  const measured = new Set(reader.geneNames().names);
  try {
    const design = resolveDesign(reader.labelColumns('obs'), { known: measured }, reader.x.nObs, opts);
    return design.conditions.some((c) => c.genes.some((g) => !measured.has(g)));
  } catch {
    return true;
  }
}
const DE_TOP = 100;

export function loadPerturbDataset(reader: H5adReader, opts: LoadOptions = {}): PerturbDataset {
  const progress = opts.onProgress ?? (() => {});
  const { x } = reader;
  const fileName = reader.fileName;
  if (x.nObs === 0)
    throw new InputError(
      'empty-matrix',
      `${fileName} has no cells: X is 0 × ${x.nVars}.`,
      'Load a file that contains cells.',
    );
  if (x.nVars === 0)
    throw new InputError(
      'empty-matrix',
      `${fileName} has no genes: X is ${x.nObs} × 0.`,
      'Load a file that contains measured genes.',
    );
  if (x.nnz === 0)
    throw new InputError(
      'empty-matrix',
      `X in ${fileName} is all zeros (${x.nObs} × ${x.nVars}, no stored values).`,
      'Check that the expression matrix was saved into X.',
    );
  progress({ phase: 'metadata', fraction: 0 });
  const { names: fileGenes, source: geneSource } = reader.geneNames();
  const known = new Set<string>(fileGenes);
  for (const g of opts.lexicon?.known ?? []) known.add(g);
  const columns = reader.labelColumns('obs');
  const design = resolveDesign(columns, { known, aliases: opts.lexicon?.aliases }, x.nObs, opts);
  const uns = reader.unsStrings();
  progress({ phase: 'metadata', fraction: 1 });

  // Groups: (condition or control) × stratum, only the combinations that occur.
  const nB = design.strata.length;
  const nC = design.conditions.length;
  const slotOf = new Map<number, number>();
  const slots: { condition: number; stratum: number }[] = [];
  const groupOfCell = new Int32Array(x.nObs);
  // Cells per (control or condition) × stratum, as the labels decide them: the outline's counts.
  const cellsIn = new Float64Array((nC + 1) * nB);
  for (let r = 0; r < x.nObs; r++) {
    const c = design.cellCondition[r];
    if (c < CONTROL) {
      groupOfCell[r] = -1;
      continue;
    }
    const key = (c + 1) * nB + design.cellStratum[r];
    cellsIn[key]++;
    let s = slotOf.get(key);
    if (s === undefined) {
      s = slots.length;
      slotOf.set(key, s);
      slots.push({ condition: c, stratum: design.cellStratum[r] });
    }
    groupOfCell[r] = s;
  }
  const strataCells = design.strata.map((label, b) => {
    let nPerturbed = 0;
    for (let row = 1; row <= nC; row++) nPerturbed += cellsIn[row * nB + b];
    return { label, nControl: cellsIn[b], nPerturbed };
  });
  const syntheticNote =
    uns.synthetic ??
    uns.semi_synthetic ??
    (/(semi-)?synthetic|simulated/i.test(uns.description ?? '') ? uns.description! : null);
  opts.onOutline?.({
    fileName,
    xCompression: x.compression,
    geneSource,
    syntheticNote,
    summary: outlineSummary({
      nObs: x.nObs,
      nVars: x.nVars,
      xEncoding: x.encoding,
      perturbationKey: design.perturbationKey,
      controlLabel: design.controlLabel,
      nControlCells: design.nControlCells,
      controlReference: { kind: design.covariates.length ? 'matched' : 'pooled', covariates: design.covariates },
      covariateCandidates: design.covariateCandidates,
      strata: strataCells,
      conditions: design.conditions.map((c, i) => {
        let nCells = 0;
        for (let b = 0; b < nB; b++) nCells += cellsIn[(i + 1) * nB + b];
        return { name: c.name, genes: c.genes, nCells };
      }),
      measuredGenes: fileGenes,
    }),
  });

  let geneMap: Int32Array | undefined;
  let genes = fileGenes;
  const warnings: string[] = [];
  if (opts.hvg && opts.hvg < fileGenes.length) {
    const all = pseudobulk(reader, {
      groupOfCell: Int32Array.from(groupOfCell, (g) => (g >= 0 ? 0 : -1)),
      nGroups: 1,
      values: opts.values,
      geneNames: fileGenes,
      signal: opts.signal,
      onProgress: (f) => progress({ phase: 'genes', fraction: f }),
    });
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
      `Keep fewer genes: choose highly variable genes (e.g. 2,000; --hvg 2000 in the CLI)${design.covariates.length ? ', or match controls on fewer covariates' : ''}.`,
    );
  }

  const sums = pseudobulk(reader, {
    groupOfCell,
    nGroups: slots.length,
    geneMap,
    values: opts.values,
    geneNames: fileGenes,
    signal: opts.signal,
    onProgress: (f) => progress({ phase: 'pseudobulk', fraction: f }),
  });
  warnings.push(...sums.warnings);
  progress({ phase: 'statistics', fraction: 0 });

  // Fold strata into per-condition sums; keep the control cells of each stratum and each condition's
  // cells per stratum for its matched reference.
  const G = genes.length;
  const condSum = new Float64Array((nC + 1) * G);
  const condSq = new Float64Array((nC + 1) * G);
  const condN = new Float64Array(nC + 1);
  const controlOf: (GroupMoments | null)[] = new Array(nB).fill(null);
  slots.forEach((s, i) => {
    const row = s.condition + 1;
    condN[row] += sums.cells[i];
    for (let j = 0; j < G; j++) {
      condSum[row * G + j] += sums.sum[i * G + j];
      condSq[row * G + j] += sums.sumsq[i * G + j];
    }
    if (s.condition === CONTROL)
      controlOf[s.stratum] = { nCells: sums.cells[i], ...meanVar(sums.cells[i], sums.sum, sums.sumsq, i * G, G) };
  });
  const control = { nCells: condN[0], ...meanVar(condN[0], condSum, condSq, 0, G) };
  const matched = design.covariates.length > 0;
  const unmatched = new Map<number, number>();
  const conditions: ConditionStats[] = design.conditions.map((c, ci) => {
    const row = ci + 1;
    const n = condN[row];
    const { mean, variance } = meanVar(n, condSum, condSq, row * G, G);
    const ref = matched ? matchedReference(cellsIn.subarray(row * nB, (row + 1) * nB), controlOf, control) : null;
    for (const b of ref?.unmatched ?? []) unmatched.set(b, (unmatched.get(b) ?? 0) + 1);
    const reference = ref?.mean ?? control.mean;
    const delta = new Float64Array(G);
    for (let j = 0; j < G; j++) delta[j] = mean[j] - reference[j];
    const se2 = ref?.se2 ?? control.variance.map((v) => (control.nCells > 1 ? v / control.nCells : 0));
    const t = control.nCells < 2 ? new Float64Array(G) : welchTAgainst(mean, variance, n, reference, se2);
    return {
      name: c.name,
      labels: c.labels,
      genes: c.genes,
      nCells: n,
      mean,
      variance,
      reference,
      delta,
      t,
      deTop: topIndices(t, DE_TOP, true),
    };
  });
  for (const [b, k] of unmatched) {
    const nCtrl = controlOf[b]?.nCells ?? 0;
    warnings.push(
      `Stratum '${design.strata[b]}' (${design.covariates.join(' · ')}) has ${nCtrl ? `only ${nCtrl} control cell` : 'no control cells'}: the cells of ${k} condition(s) there are compared with the pooled control.`,
    );
  }
  const strata = strataCells.map(({ label, nPerturbed }, b) => ({
    label,
    nPerturbed,
    control: controlOf[b] ?? { nCells: 0, mean: new Float64Array(G), variance: new Float64Array(G) },
  }));
  if (design.nSkippedCells > 0)
    warnings.push(
      `${design.nSkippedCells.toLocaleString('en-US')} cells have no usable label (missing, or a control label other than the chosen one) and were left out.`,
    );
  const small = conditions.filter((c) => c.nCells < 2).length;
  if (small)
    warnings.push(
      `${small} condition(s) have fewer than 2 cells: their variance and DE statistics are undefined (t = 0).`,
    );
  progress({ phase: 'statistics', fraction: 1 });
  return {
    fileName,
    nObs: x.nObs,
    nVars: x.nVars,
    xEncoding: x.encoding,
    xCompression: x.compression,
    values: sums.values,
    valuesEvidence: sums.valuesEvidence,
    genes,
    geneSource,
    hvgSelected: geneMap ? genes.length : null,
    perturbationKey: design.perturbationKey,
    controlLabel: design.controlLabel,
    controlLabels: design.controlLabels,
    covariates: design.covariates,
    controlReference: { kind: matched ? 'matched' : 'pooled', covariates: design.covariates },
    covariateCandidates: design.covariateCandidates,
    strata,
    cells: { condition: design.cellCondition, stratum: design.cellStratum },
    obsColumns: columns.map((c) => ({ name: c.name, nCategories: c.categories.length })),
    perturbationLabels: [...columns.find((c) => c.name === design.perturbationKey)!.categories].sort(),
    nControlCells: design.nControlCells,
    nSkippedCells: design.nSkippedCells,
    control,
    conditions,
    topExpressed: topIndices(control.mean, G),
    uns,
    syntheticNote,
    warnings,
  };
}
