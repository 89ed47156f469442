import { InputError } from '../errors';
import type { CategoricalColumn } from '../anndata/reader';
import { chooseSeparator, parseLabel, perturbationKey } from './labels';

/** Which obs columns hold the perturbation and the batch, and which labels are controls. */
export interface DesignChoice {
  perturbationKey: string;
  /** The control label (the most frequent one when several labels denote controls). */
  controlLabel: string;
  controlLabels: string[];
  batchKey: string | null;
}

export interface Condition {
  /** The file's label, or the genes joined by `+` when several labels share a gene set. */
  name: string;
  labels: string[];
  genes: string[];
  nCells: number;
}

/** The experimental design per cell: which condition (or control) and which batch. */
export interface ObsDesign extends DesignChoice {
  conditions: Condition[];
  /** Per cell: condition index, CONTROL for control cells, SKIP for unlabelled or excluded cells. */
  cellCondition: Int32Array;
  batches: string[];
  /** Per cell: batch index (0 when there is no batch column). */
  cellBatch: Int32Array;
  nControlCells: number;
  nSkippedCells: number;
}

export const CONTROL = -1;
export const SKIP = -2;

export interface DesignOptions {
  perturbationKey?: string;
  controlLabel?: string;
  batchKey?: string | null;
}

const PREFERRED_PERTURBATION_COLUMNS = ['condition', 'perturbation', 'perturbations', 'gene', 'genes', 'target_gene', 'target_genes', 'gene_target', 'perturbed_gene', 'perturbed_genes', 'target', 'targets', 'gene_symbol', 'crispr_target', 'condition_name'];
const GUIDE_LIKE = /(guide|sgrna|grna|barcode|protospacer|sgid|cell_?id)/i;
const BATCH_COLUMNS = ['gem_group', 'gemgroup', 'gem', 'batch', 'batch_id', 'batchid', 'lane', 'library', 'library_id', 'sample', 'sample_id', 'replicate', 'plate', 'channel'];
const MAX_BATCHES = 64;

interface ColumnScore {
  name: string;
  score: number;
  nCategories: number;
}

/**
 * Scores a column as a perturbation column: it must hold a control label and labels whose tokens
 * are mostly gene symbols. Gene-level columns beat guide-level ones (`ZAP70` over `ZAP70_1`).
 */
function scoreColumn(col: CategoricalColumn, knownGenes: ReadonlySet<string>, nObs: number): ColumnScore | null {
  const n = col.categories.length;
  if (col.storage === 'numeric' || col.storage === 'boolean') return null;
  if (n < 2 || n > Math.max(2, nObs * 0.5)) return null;
  const sep = chooseSeparator(col.categories);
  let controls = 0;
  let geneLike = 0;
  for (const label of col.categories) {
    const genes = parseLabel(label, sep);
    if (genes.length === 0) controls++;
    else if (genes.every((g) => knownGenes.has(g))) geneLike++;
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

export function detectPerturbationColumn(columns: CategoricalColumn[], knownGenes: ReadonlySet<string>, nObs: number): string {
  const scored = columns.map((c) => scoreColumn(c, knownGenes, nObs)).filter((s): s is ColumnScore => s !== null);
  scored.sort((a, b) => b.score - a.score || a.nCategories - b.nCategories || a.name.localeCompare(b.name));
  if (!scored.length) {
    const names = columns.map((c) => `'${c.name}'`).join(', ') || '(none)';
    throw new InputError(
      'no-perturbation-column',
      `No perturbation column found in obs: none of its columns (${names}) holds labels that name measured genes (like 'A+ctrl', 'A_B', 'A') beside a control label.`,
      'Choose the perturbation column yourself (the "Perturbation column" menu, or --perturbation-key KEY in the CLI).',
    );
  }
  return scored[0].name;
}

export function detectBatchColumn(columns: CategoricalColumn[], perturbationKey: string): string | null {
  for (const want of BATCH_COLUMNS) {
    const col = columns.find((c) => c.name.toLowerCase() === want && c.name !== perturbationKey);
    if (col && col.categories.length >= 2 && col.categories.length <= MAX_BATCHES) return col.name;
  }
  return null;
}

/**
 * Resolves the design: perturbation column, control labels, conditions and batches. `columns` are
 * all obs columns (read once by the caller); options override the automatic choices.
 */
export function resolveDesign(columns: CategoricalColumn[], knownGenes: ReadonlySet<string>, nObs: number, opts: DesignOptions = {}): ObsDesign {
  let pertCol: CategoricalColumn;
  if (opts.perturbationKey) {
    const c = columns.find((x) => x.name === opts.perturbationKey);
    if (!c) {
      throw new InputError('unknown-column', `obs has no column '${opts.perturbationKey}'. Its columns are: ${columns.map((x) => x.name).join(', ') || '(none)'}.`, 'Pick one of those as the perturbation column.');
    }
    pertCol = c;
  } else {
    const name = detectPerturbationColumn(columns, knownGenes, nObs);
    pertCol = columns.find((x) => x.name === name)!;
  }
  const sep = chooseSeparator(pertCol.categories);
  const counts = new Float64Array(pertCol.categories.length);
  for (const c of pertCol.codes) if (c >= 0) counts[c]++;

  const parsed = pertCol.categories.map((l) => parseLabel(l, sep));
  let controlCats: number[];
  if (opts.controlLabel !== undefined) {
    const i = pertCol.categories.indexOf(opts.controlLabel);
    if (i < 0) {
      const some = pertCol.categories.slice(0, 8).map((l) => `'${l}'`).join(', ');
      throw new InputError('unknown-label', `Column '${pertCol.name}' has no label '${opts.controlLabel}'. Labels include: ${some}${pertCol.categories.length > 8 ? ', ...' : ''}.`, 'Pick the control label from the labels of that column.');
    }
    controlCats = [i];
  } else {
    controlCats = parsed.map((g, i) => (g.length === 0 && counts[i] > 0 ? i : -1)).filter((i) => i >= 0);
  }
  if (!controlCats.length) {
    const some = pertCol.categories.slice(0, 6).map((l) => `'${l}'`).join(', ');
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
  const order = conditions.map((_, i) => i).sort((a, b) => conditions[a].genes.length - conditions[b].genes.length || conditions[a].name.localeCompare(conditions[b].name));
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

  const batchKey = opts.batchKey !== undefined ? opts.batchKey : detectBatchColumn(columns, pertCol.name);
  let batches = ['all'];
  let cellBatch = new Int32Array(cellCondition.length);
  if (batchKey) {
    const b = columns.find((x) => x.name === batchKey);
    if (!b) throw new InputError('unknown-column', `obs has no batch column '${batchKey}'.`, 'Pick a batch column that exists, or none.');
    batches = b.categories;
    cellBatch = Int32Array.from(b.codes);
    for (let r = 0; r < cellBatch.length; r++) {
      if (cellBatch[r] < 0 && cellCondition[r] !== SKIP) {
        if (cellCondition[r] === CONTROL) nControlCells--;
        else conditions[cellCondition[r]].nCells--;
        cellCondition[r] = SKIP;
        nSkippedCells++;
      }
    }
  }
  return {
    perturbationKey: pertCol.name,
    controlLabel: pertCol.categories[controlCats[0]],
    controlLabels: controlCats.map((c) => pertCol.categories[c]),
    batchKey: batchKey ?? null,
    conditions,
    cellCondition,
    batches,
    cellBatch,
    nControlCells,
    nSkippedCells,
  };
}
