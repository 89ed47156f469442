import { InputError } from '../errors';
import type { CategoricalColumn } from '../anndata/reader';
import { chooseSeparator, labelGenes, perturbationKey, type GeneLexicon } from './labels';

/** Which obs columns hold the perturbation and the covariates, and which labels are controls. */
export interface DesignChoice {
  perturbationKey: string;
  /** The control label (the most frequent one when several labels denote controls). */
  controlLabel: string;
  controlLabels: string[];
  /** Columns whose combined values form the strata that controls are matched on ([] = pooled). */
  covariates: string[];
}

export interface Condition {
  /** The file's label, or the genes joined by `+` when several labels share a gene set. */
  name: string;
  labels: string[];
  genes: string[];
  nCells: number;
}

/** A column that may serve as a covariate: categorical, 2–64 values, two or more among controls. */
export interface CovariateCandidate {
  name: string;
  nValues: number;
  /** Chosen automatically: its name or values say batch, GEM group, stimulation, cell line, time or dose. */
  auto: boolean;
}

/** The experimental design per cell: which condition (or control) and which stratum. */
export interface ObsDesign extends DesignChoice {
  conditions: Condition[];
  /** Per cell: condition index, CONTROL for control cells, SKIP for unlabelled or excluded cells. */
  cellCondition: Int32Array;
  /** Stratum labels: the covariates' values joined by ' · ' (['all'] without covariates). */
  strata: string[];
  /** Per cell: stratum index (0 without covariates). */
  cellStratum: Int32Array;
  covariateCandidates: CovariateCandidate[];
  nControlCells: number;
  nSkippedCells: number;
}

export const CONTROL = -1;
export const SKIP = -2;

export interface DesignOptions {
  perturbationKey?: string;
  controlLabel?: string;
  /** Covariate columns; undefined chooses them automatically, [] pools all controls. */
  covariates?: readonly string[];
}

const PREFERRED_PERTURBATION_COLUMNS = [
  'condition',
  'perturbation',
  'perturbations',
  'gene',
  'genes',
  'target_gene',
  'target_genes',
  'gene_target',
  'perturbed_gene',
  'perturbed_genes',
  'target',
  'targets',
  'gene_symbol',
  'crispr_target',
  'condition_name',
];
const GUIDE_LIKE = /(guide|sgrna|grna|barcode|protospacer|sgid|cell_?id)/i;
const BATCH_COLUMNS = [
  'gem_group',
  'gemgroup',
  'gem',
  'batch',
  'batch_id',
  'batchid',
  'lane',
  'library',
  'library_id',
  'sample',
  'sample_id',
  'replicate',
  'plate',
  'channel',
];
/** Column names of biological or technical state that controls should be matched on. */
const STATE_COLUMN = /(^|_)(stim|stimulat\w*|treat\w*|cell_?line|time|timepoint|dose|donor)($|_)/i;
/** Values that say stimulation or treatment state. */
const STATE_VALUE = /^(un)?(stim|stimulated|treated|activated)$|^(rest|resting|naive|vehicle|dmso|mock)$/i;
const MAX_COVARIATE_VALUES = 64;

interface ColumnScore {
  name: string;
  score: number;
  nCategories: number;
}

/**
 * Scores a column as a perturbation column: it must hold a control label and labels whose tokens
 * are mostly gene symbols. Gene-level columns beat guide-level ones (`ZAP70` over `ZAP70_1`).
 */
function scoreColumn(col: CategoricalColumn, lex: GeneLexicon, nObs: number): ColumnScore | null {
  const n = col.categories.length;
  if (col.storage === 'numeric' || col.storage === 'boolean') return null;
  if (n < 2 || n > Math.max(2, nObs * 0.5)) return null;
  const sep = chooseSeparator(col.categories);
  let controls = 0;
  let geneLike = 0;
  for (const label of col.categories) {
    const { genes, unknown } = labelGenes(label, sep, lex);
    if (genes.length === 0) controls++;
    else if (unknown === 0) geneLike++;
  }
  const nonControl = n - controls;
  const geneFraction = nonControl ? geneLike / nonControl : 0;
  if (geneFraction < 0.5) return null;
  let score = 2 * geneFraction + (controls > 0 ? 2 : 0);
  const lower = col.name.toLowerCase();
  if (PREFERRED_PERTURBATION_COLUMNS.includes(lower)) score += 1;
  if (GUIDE_LIKE.test(lower)) score -= 1;
  return { name: col.name, score, nCategories: n };
}

export function detectPerturbationColumn(columns: CategoricalColumn[], lex: GeneLexicon, nObs: number): string {
  const scored = columns.map((c) => scoreColumn(c, lex, nObs)).filter((s): s is ColumnScore => s !== null);
  scored.sort((a, b) => b.score - a.score || a.nCategories - b.nCategories || a.name.localeCompare(b.name));
  if (!scored.length) {
    const names = columns.map((c) => `'${c.name}'`).join(', ') || '(none)';
    throw new InputError(
      'no-perturbation-column',
      `No perturbation column found in obs: none of its columns (${names}) holds labels that name genes (measured genes or known gene symbols, like 'A+ctrl', 'A_B', 'A') beside a control label.`,
      'Choose the perturbation column yourself (the "Perturbation column" menu, or --perturbation-key KEY in the CLI).',
    );
  }
  return scored[0].name;
}

/**
 * Columns that can stratify the controls: categorical (or few-valued numbers), 2–64 values, not the
 * perturbation column, and with two or more values among control cells (a column that separates
 * controls from perturbed cells, or guides nested within genes, cannot). `auto` marks the ones chosen
 * without the user: the first batch-like column by name, and every column of cell state.
 */
export function covariateCandidates(
  columns: CategoricalColumn[],
  perturbationKey: string,
  cellCondition: Int32Array,
): CovariateCandidate[] {
  const out: CovariateCandidate[] = [];
  let batchChosen = false;
  const byPreference = [...columns].sort((a, b) => batchRank(a.name) - batchRank(b.name));
  for (const col of byPreference) {
    const n = col.categories.length;
    if (col.name === perturbationKey || n < 2 || n > MAX_COVARIATE_VALUES) continue;
    // Values among controls, and whether any value spans two groups (a guide column never does).
    const amongControls = new Set<number>();
    const groupOf = new Int32Array(n).fill(SKIP - 1);
    let spans = false;
    for (let r = 0; r < col.codes.length; r++) {
      const v = col.codes[r];
      const g = cellCondition[r];
      if (v < 0 || g === SKIP) continue;
      if (g === CONTROL) amongControls.add(v);
      if (groupOf[v] === SKIP - 1) groupOf[v] = g;
      else if (groupOf[v] !== g) spans = true;
    }
    if (amongControls.size < 2 || !spans) continue;
    const isBatch = batchRank(col.name) < BATCH_COLUMNS.length;
    const isState = STATE_COLUMN.test(col.name) || col.categories.some((v) => STATE_VALUE.test(v.trim()));
    const auto = isState || (isBatch && !batchChosen);
    if (isBatch && auto) batchChosen = true;
    out.push({ name: col.name, nValues: n, auto });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function batchRank(name: string): number {
  const i = BATCH_COLUMNS.indexOf(name.toLowerCase());
  return i < 0 ? BATCH_COLUMNS.length : i;
}

/**
 * Strata: the combined values of the covariate columns. A cell missing any of them is left out
 * (it cannot be matched), which the caller counts among the skipped cells.
 */
function strataOf(
  columns: CategoricalColumn[],
  covariates: readonly string[],
  nObs: number,
): { strata: string[]; cellStratum: Int32Array } {
  if (!covariates.length) return { strata: ['all'], cellStratum: new Int32Array(nObs) };
  const cols = covariates.map((name) => {
    const c = columns.find((x) => x.name === name);
    if (!c)
      throw new InputError(
        'unknown-column',
        `obs has no column '${name}' to use as a covariate. Its columns are: ${columns.map((x) => x.name).join(', ') || '(none)'}.`,
        'Pick covariates among the obs columns, or none.',
      );
    return c;
  });
  const index = new Map<string, number>();
  const strata: string[] = [];
  const cellStratum = new Int32Array(nObs);
  for (let r = 0; r < nObs; r++) {
    let key = '';
    let missing = false;
    for (const c of cols) {
      const code = c.codes[r];
      if (code < 0) missing = true;
      key += `${code},`;
    }
    if (missing) {
      cellStratum[r] = SKIP;
      continue;
    }
    let s = index.get(key);
    if (s === undefined) {
      s = strata.length;
      index.set(key, s);
      strata.push(cols.map((c) => c.categories[c.codes[r]]).join(' · '));
    }
    cellStratum[r] = s;
  }
  return { strata, cellStratum };
}

/**
 * Resolves the design: perturbation column, control labels, conditions and covariate strata. `columns` are
 * all obs columns (read once by the caller); options override the automatic choices.
 */
export function resolveDesign(
  columns: CategoricalColumn[],
  lex: GeneLexicon,
  nObs: number,
  opts: DesignOptions = {},
): ObsDesign {
  let pertCol: CategoricalColumn;
  if (opts.perturbationKey) {
    const c = columns.find((x) => x.name === opts.perturbationKey);
    if (!c) {
      throw new InputError(
        'unknown-column',
        `obs has no column '${opts.perturbationKey}'. Its columns are: ${columns.map((x) => x.name).join(', ') || '(none)'}.`,
        'Pick one of those as the perturbation column.',
      );
    }
    pertCol = c;
  } else {
    const name = detectPerturbationColumn(columns, lex, nObs);
    pertCol = columns.find((x) => x.name === name)!;
  }
  const sep = chooseSeparator(pertCol.categories);
  const counts = new Float64Array(pertCol.categories.length);
  for (const c of pertCol.codes) if (c >= 0) counts[c]++;

  const parsed = pertCol.categories.map((l) => labelGenes(l, sep, lex).genes);
  let controlCats: number[];
  if (opts.controlLabel !== undefined) {
    const i = pertCol.categories.indexOf(opts.controlLabel);
    if (i < 0) {
      const some = pertCol.categories
        .slice(0, 8)
        .map((l) => `'${l}'`)
        .join(', ');
      throw new InputError(
        'unknown-label',
        `Column '${pertCol.name}' has no label '${opts.controlLabel}'. Labels include: ${some}${pertCol.categories.length > 8 ? ', ...' : ''}.`,
        'Pick the control label from the labels of that column.',
      );
    }
    controlCats = [i];
  } else {
    controlCats = parsed.map((g, i) => (g.length === 0 && counts[i] > 0 ? i : -1)).filter((i) => i >= 0);
  }
  if (!controlCats.length) {
    const some = pertCol.categories
      .slice(0, 6)
      .map((l) => `'${l}'`)
      .join(', ');
    throw new InputError(
      'no-control',
      `No control cells: column '${pertCol.name}' has no label like 'ctrl', 'control', 'non-targeting' or 'NT' (its labels include ${some}). Predicted changes are measured against control cells.`,
      'If the controls carry another label, pick it in the "Control label" menu (--control LABEL in the CLI).',
    );
  }
  controlCats.sort((a, b) => counts[b] - counts[a]);

  // Group the remaining labels by gene set: guide-level or reordered labels merge into one condition.
  const condByKey = new Map<string, number>();
  const conditions: Condition[] = [];
  const catToCond = new Int32Array(pertCol.categories.length).fill(SKIP);
  for (const c of controlCats) catToCond[c] = CONTROL;
  for (let i = 0; i < parsed.length; i++) {
    if (catToCond[i] === CONTROL || parsed[i].length === 0 || counts[i] === 0) continue;
    const key = perturbationKey(parsed[i]);
    let ci = condByKey.get(key);
    if (ci === undefined) {
      ci = conditions.length;
      condByKey.set(key, ci);
      conditions.push({ name: pertCol.categories[i], labels: [], genes: parsed[i], nCells: 0 });
    }
    conditions[ci].labels.push(pertCol.categories[i]);
    conditions[ci].nCells += counts[i];
    catToCond[i] = ci;
  }
  for (const c of conditions) if (c.labels.length > 1) c.name = c.genes.join('+');
  // Singles, then pairs, then larger sets; alphabetical within each: the order a reader scans.
  const order = conditions
    .map((_, i) => i)
    .sort(
      (a, b) =>
        conditions[a].genes.length - conditions[b].genes.length || conditions[a].name.localeCompare(conditions[b].name),
    );
  const rank = new Int32Array(conditions.length);
  order.forEach((ci, r) => (rank[ci] = r));
  for (let i = 0; i < catToCond.length; i++) if (catToCond[i] >= 0) catToCond[i] = rank[catToCond[i]];
  const sorted = order.map((i) => conditions[i]);
  conditions.length = 0;
  conditions.push(...sorted);

  const cellCondition = new Int32Array(pertCol.codes.length);
  let nControlCells = 0;
  let nSkippedCells = 0;
  for (let r = 0; r < cellCondition.length; r++) {
    const code = pertCol.codes[r];
    const v = code >= 0 ? catToCond[code] : SKIP;
    cellCondition[r] = v;
    if (v === CONTROL) nControlCells++;
    else if (v === SKIP) nSkippedCells++;
  }

  const covariateOptions = covariateCandidates(columns, pertCol.name, cellCondition);
  const covariates = opts.covariates
    ? [...new Set(opts.covariates)]
    : covariateOptions.filter((c) => c.auto).map((c) => c.name);
  if (covariates.includes(pertCol.name))
    throw new InputError(
      'bad-covariate',
      `'${pertCol.name}' is the perturbation column; it cannot also be a covariate.`,
      'Pick covariates that describe batch or cell state (GEM group, stimulation, ...), or none.',
    );
  const { strata, cellStratum } = strataOf(columns, covariates, cellCondition.length);
  for (let r = 0; r < cellStratum.length; r++) {
    if (cellStratum[r] === SKIP && cellCondition[r] !== SKIP) {
      if (cellCondition[r] === CONTROL) nControlCells--;
      else conditions[cellCondition[r]].nCells--;
      cellCondition[r] = SKIP;
      nSkippedCells++;
    }
  }
  return {
    perturbationKey: pertCol.name,
    controlLabel: pertCol.categories[controlCats[0]],
    controlLabels: controlCats.map((c) => pertCol.categories[c]),
    covariates,
    conditions,
    cellCondition,
    strata,
    cellStratum,
    covariateCandidates: covariateOptions,
    nControlCells,
    nSkippedCells,
  };
}
