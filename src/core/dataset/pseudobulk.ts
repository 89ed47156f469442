import { InputError, CancelledError } from '../errors';
import type { ColumnBlock, RowBlock, XInfo } from '../anndata/reader';
import type { ValueArray } from '../anndata/arrays';

export type ValuesKind = 'counts' | 'log-normalized';

/** What the streaming pass reads: the h5ad reader, or any other block source (tests, benchmarks). */
export interface XSource {
  readonly x: XInfo;
  rowBlocks(targetValues?: number): Iterable<RowBlock>;
  columnBlocks(targetValues?: number): Iterable<ColumnBlock>;
}

export interface PseudobulkOptions {
  /** Per cell: group index, or any negative number to leave the cell out. */
  groupOfCell: Int32Array;
  nGroups: number;
  /** Per file gene: output gene index, or -1 to drop it (highly-variable-gene selection). */
  geneMap?: Int32Array;
  values?: 'auto' | ValuesKind;
  /** Target library size of scanpy's normalize_total before log1p. */
  targetSum?: number;
  geneNames?: readonly string[];
  blockValues?: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Per group and gene: cell count, sum and sum of squares of log-normalised expression. */
export interface GroupSums {
  nGroups: number;
  nGenes: number;
  cells: Float64Array;
  sum: Float64Array;
  sumsq: Float64Array;
  values: ValuesKind;
  /** Why the values were taken for counts or log-normalised data, for the summary. */
  valuesEvidence: string;
  warnings: string[];
}

interface Detection {
  kind: ValuesKind;
  evidence: string;
}

/** Counts are whole numbers (or stored as integers); anything else is taken as log-normalised. */
export function detectValues(data: ArrayLike<number>, x: XInfo): Detection {
  if (x.valueKind === 'int') return { kind: 'counts', evidence: `X stores integers (${x.valueBytes * 8}-bit)` };
  let max = 0;
  let fractional = 0;
  const n = Math.min(data.length, 1_000_000);
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v > max) max = v;
    if (v !== Math.floor(v)) fractional++;
  }
  if (fractional === 0 && max > 0)
    return {
      kind: 'counts',
      evidence: `all of the first ${n.toLocaleString('en-US')} stored values are whole numbers (max ${max})`,
    };
  return {
    kind: 'log-normalized',
    evidence: `${fractional.toLocaleString('en-US')} of the first ${n.toLocaleString('en-US')} stored values are fractional (max ${max.toFixed(2)})`,
  };
}

/**
 * One streaming pass over X: per group (condition, or condition × batch) and gene, the cell count,
 * sum and sum of squares of log1p(counts / library size × targetSum), or of X as stored when it is
 * already log-normalised. Holds one block of X at a time.
 */
export function pseudobulk(src: XSource, opts: PseudobulkOptions): GroupSums {
  const { x } = src;
  const { groupOfCell, nGroups } = opts;
  if (groupOfCell.length !== x.nObs)
    throw new Error(`groupOfCell has ${groupOfCell.length} entries for ${x.nObs} cells`);
  const geneMap = opts.geneMap ?? identity(x.nVars);
  let nGenes = 0;
  for (const g of geneMap) if (g >= 0) nGenes = Math.max(nGenes, g + 1);
  const cells = new Float64Array(nGroups);
  for (const g of groupOfCell) if (g >= 0) cells[g]++;
  const sum = new Float64Array(nGroups * nGenes);
  const sumsq = new Float64Array(nGroups * nGenes);
  const out: GroupSums = {
    nGroups,
    nGenes,
    cells,
    sum,
    sumsq,
    values: 'log-normalized',
    valuesEvidence: '',
    warnings: [],
  };
  const checker = new ValueChecker(x, opts);
  const targetSum = opts.targetSum ?? 1e4;

  if (x.encoding !== 'csc') {
    for (const b of src.rowBlocks(opts.blockValues)) {
      checkCancel(opts.signal);
      checker.begin(b.data, out);
      if (b.kind === 'sparse') accumulateSparseRows(b, groupOfCell, geneMap, nGenes, out, checker, targetSum);
      else accumulateDenseRows(b, groupOfCell, geneMap, nGenes, out, checker, targetSum);
      opts.onProgress?.((b.rowStart + b.nRows) / x.nObs);
    }
  } else {
    // CSC: library sizes need every gene of a cell, so a first pass over the blocks sums them.
    const totals = new Float64Array(x.nObs);
    let first = true;
    for (const b of src.columnBlocks(opts.blockValues)) {
      checkCancel(opts.signal);
      if (first) {
        checker.begin(b.data, out);
        first = false;
      }
      for (let k = 0; k < b.data.length; k++) totals[b.indices[k]] += b.data[k];
      opts.onProgress?.((0.5 * (b.colStart + b.nCols)) / x.nVars);
    }
    for (const b of src.columnBlocks(opts.blockValues)) {
      checkCancel(opts.signal);
      accumulateColumns(b, groupOfCell, geneMap, nGenes, out, checker, targetSum, totals);
      opts.onProgress?.(0.5 + (0.5 * (b.colStart + b.nCols)) / x.nVars);
    }
  }
  if (out.values === 'log-normalized' && checker.max > 50) {
    out.warnings.push(
      `X reaches ${checker.max.toFixed(1)}, high for log-normalised data: if X holds normalised but not log-transformed values, changes will be on a linear scale.`,
    );
  }
  return out;
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

function checkCancel(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Validates values as they stream by: NaN, negatives, and counts that turn out fractional. */
class ValueChecker {
  counts = false;
  max = 0;
  private decided = false;
  constructor(
    private readonly x: XInfo,
    private readonly opts: PseudobulkOptions,
  ) {}

  begin(data: ArrayLike<number>, out: GroupSums): void {
    if (this.decided) return;
    this.decided = true;
    const forced = this.opts.values && this.opts.values !== 'auto' ? this.opts.values : null;
    const d = forced ? { kind: forced, evidence: 'chosen by the user' } : detectValues(data, this.x);
    out.values = d.kind;
    out.valuesEvidence = d.evidence;
    this.counts = d.kind === 'counts';
  }

  fail(v: number, cell: number, gene: number): never {
    const name = this.opts.geneNames?.[gene];
    const where = `cell ${cell} (row ${cell} of X), gene ${name ? `'${name}'` : gene}`;
    if (Number.isNaN(v) || !Number.isFinite(v)) {
      throw new InputError(
        'bad-values',
        `X has a ${Number.isNaN(v) ? 'NaN' : 'infinite'} value at ${where}.`,
        'Replace missing values (they are usually zeros in count data) or remove the affected cells before loading.',
      );
    }
    if (v < 0) {
      throw new InputError(
        'bad-values',
        this.counts
          ? `X holds counts but has a negative value (${v}) at ${where}; counts cannot be negative.`
          : `X has a negative value (${v.toFixed(3)}) at ${where}: it looks scaled or centred (e.g. sc.pp.scale), not log-normalised.`,
        this.counts
          ? 'Check how the matrix was produced; load the raw counts.'
          : 'Load raw counts or log-normalised values instead (adata.raw or a counts layer).',
      );
    }
    throw new InputError(
      'bad-values',
      `X looked like raw counts but has a fractional value (${v}) at ${where}.`,
      "If X is log-normalised, choose 'log-normalized' as the values type (--values log-normalized).",
    );
  }
}

function accumulateSparseRows(
  b: Extract<RowBlock, { kind: 'sparse' }>,
  groupOfCell: Int32Array,
  geneMap: Int32Array,
  nGenes: number,
  out: GroupSums,
  chk: ValueChecker,
  targetSum: number,
): void {
  const { indptr, indices, data } = b;
  const { sum, sumsq } = out;
  const counts = chk.counts;
  let max = chk.max;
  for (let r = 0; r < b.nRows; r++) {
    const cell = b.rowStart + r;
    const lo = indptr[r];
    const hi = indptr[r + 1];
    let scale = 1;
    // Every stored value is checked, also in cells left out of all groups: bad data is reported, not skipped.
    let total = 0;
    for (let k = lo; k < hi; k++) {
      const v = data[k];
      if (!(v >= 0) || (counts && v !== Math.floor(v)) || v === Infinity) chk.fail(v, cell, indices[k]);
      total += v;
      if (v > max) max = v;
    }
    const g = groupOfCell[cell];
    if (g < 0) continue;
    if (counts) scale = total > 0 ? targetSum / total : 0;
    const base = g * nGenes;
    for (let k = lo; k < hi; k++) {
      const j = geneMap[indices[k]];
      if (j < 0) continue;
      const v = counts ? Math.log1p(data[k] * scale) : data[k];
      sum[base + j] += v;
      sumsq[base + j] += v * v;
    }
  }
  chk.max = max;
}

function accumulateDenseRows(
  b: Extract<RowBlock, { kind: 'dense' }>,
  groupOfCell: Int32Array,
  geneMap: Int32Array,
  nGenes: number,
  out: GroupSums,
  chk: ValueChecker,
  targetSum: number,
): void {
  const { data, nCols } = b;
  const { sum, sumsq } = out;
  const counts = chk.counts;
  let max = chk.max;
  for (let r = 0; r < b.nRows; r++) {
    const cell = b.rowStart + r;
    const off = r * nCols;
    let total = 0;
    for (let c = 0; c < nCols; c++) {
      const v = data[off + c];
      if (!(v >= 0) || (counts && v !== Math.floor(v)) || v === Infinity) chk.fail(v, cell, c);
      total += v;
      if (v > max) max = v;
    }
    const g = groupOfCell[cell];
    if (g < 0) continue;
    const scale = counts ? (total > 0 ? targetSum / total : 0) : 1;
    const base = g * nGenes;
    for (let c = 0; c < nCols; c++) {
      const raw = data[off + c];
      if (raw === 0) continue;
      const j = geneMap[c];
      if (j < 0) continue;
      const v = counts ? Math.log1p(raw * scale) : raw;
      sum[base + j] += v;
      sumsq[base + j] += v * v;
    }
  }
  chk.max = max;
}

function accumulateColumns(
  b: ColumnBlock,
  groupOfCell: Int32Array,
  geneMap: Int32Array,
  nGenes: number,
  out: GroupSums,
  chk: ValueChecker,
  targetSum: number,
  totals: Float64Array,
): void {
  const { indptr, indices, data } = b;
  const { sum, sumsq } = out;
  const counts = chk.counts;
  let max = chk.max;
  for (let c = 0; c < b.nCols; c++) {
    const gene = b.colStart + c;
    const j = geneMap[gene];
    for (let k = indptr[c]; k < indptr[c + 1]; k++) {
      const cell = indices[k];
      const raw = (data as ValueArray)[k];
      if (!(raw >= 0) || (counts && raw !== Math.floor(raw)) || raw === Infinity) chk.fail(raw, cell, gene);
      if (raw > max) max = raw;
      const g = groupOfCell[cell];
      if (g < 0 || j < 0) continue;
      const v = counts ? Math.log1p((raw * targetSum) / totals[cell]) : raw;
      sum[g * nGenes + j] += v;
      sumsq[g * nGenes + j] += v * v;
    }
  }
  chk.max = max;
}
