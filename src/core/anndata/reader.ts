import { InputError, isWasmCrash } from '../errors';
import { watched, type H5Dataset, type H5File, type H5Group, type H5Lib } from './h5lib';
import { toFloat64, toIndexArray, type IndexArray, type ValueArray, toValueArray } from './arrays';

export type XEncoding = 'dense' | 'csr' | 'csc';

/** One obs (or var) column, decoded to integer codes over a list of distinct string values. */
export interface CategoricalColumn {
  name: string;
  /** How the file stores it: `categorical` (current or legacy encoding), `string`, or `numeric`. */
  storage: 'categorical' | 'legacy-categorical' | 'string' | 'numeric' | 'boolean';
  /** Per cell: index into `categories`, or -1 for a missing value. */
  codes: Int32Array;
  categories: string[];
}

export interface XInfo {
  encoding: XEncoding;
  nObs: number;
  nVars: number;
  /** 'int' for integer storage, 'float' otherwise. */
  valueKind: 'int' | 'float';
  valueBytes: number;
  /** Stored non-zeros for sparse X; nObs*nVars for dense. */
  nnz: number;
  compression: string | null;
}

/** A block of consecutive rows, sparse (CSR slice with local indptr) or dense (row-major). */
export type RowBlock =
  | { kind: 'sparse'; rowStart: number; nRows: number; indptr: Float64Array; indices: IndexArray; data: ValueArray }
  | { kind: 'dense'; rowStart: number; nRows: number; nCols: number; data: ValueArray };

/** A block of consecutive columns of a CSC matrix, with local indptr and row indices. */
export interface ColumnBlock {
  colStart: number;
  nCols: number;
  indptr: Float64Array;
  indices: IndexArray;
  data: ValueArray;
}

const GENE_SYMBOL_COLUMNS = [
  'gene_symbols',
  'gene_symbol',
  'gene_name',
  'gene_names',
  'feature_name',
  'symbol',
  'gene',
  'genes',
];

/** Target number of matrix values per block: bounds the memory held at once whatever the file size. */
export const DEFAULT_BLOCK_VALUES = 2_000_000;

function attrValue(obj: H5Group | H5Dataset, name: string): unknown {
  const a = obj.attrs[name];
  return a ? a.value : undefined;
}

function attrString(obj: H5Group | H5Dataset, name: string): string | undefined {
  const v = attrValue(obj, name);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string' && v.length === 1) return v[0];
  return undefined;
}

function attrStrings(obj: H5Group | H5Dataset, name: string): string[] {
  const v = attrValue(obj, name);
  if (typeof v === 'string') return v ? [v] : [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/**
 * Runs `f`, which reads the file through h5wasm, and turns whatever a damaged file makes it throw
 * (an HDF5 error, h5wasm's "name not defined", a native abort, a null where a dataset should be)
 * into one message about the file. A native abort or trap gets its own code: the reader that hit it is
 * best replaced (src/node/openH5ad.ts, src/worker/openFile.ts).
 */
function guard<T>(fileName: string, what: string, f: () => T): T {
  try {
    return watched(`${what} in ${fileName}`, f);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const crash = isWasmCrash(e);
    throw new InputError(
      crash ? 'reader-crashed' : 'damaged-file',
      `${fileName} is damaged: reading ${what} failed${crash ? ' (HDF5 crashed on it)' : ` (${String((e as Error)?.message ?? e).slice(0, 160)})`}.`,
      'Fetch or export the file again; if anndata in Python reads it, please report this.',
    );
  }
}

/** A count read from the file: a whole number from 0 up, or the file is damaged. */
function count(fileName: string, what: string, v: unknown): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new InputError(
      'damaged-file',
      `${fileName} is damaged: ${what} is ${String(v)}, not a count.`,
      'Fetch or export the file again.',
    );
  return n;
}

/**
 * Read-only access to an AnnData `.h5ad` file as the `anndata` package writes it (0.7 to current
 * encodings). Metadata and obs/var columns are read eagerly (they are small); X is only ever read
 * in blocks.
 */
export class H5adReader {
  readonly x: XInfo;
  readonly obsNames: string[] | null = null;
  private readonly h5: H5Lib;
  private readonly file: H5File;
  readonly fileName: string;

  private constructor(h5: H5Lib, file: H5File, fileName: string) {
    this.h5 = h5;
    this.file = file;
    this.fileName = fileName;
    this.x = this.describeX();
  }

  /** Opens `path` read-only. The h5wasm flag 'r' maps to H5F_ACC_RDONLY: the file is never written. */
  static open(h5: H5Lib, path: string, fileName = path): H5adReader {
    let file: H5File;
    try {
      file = watched(`the HDF5 structure of ${fileName}`, () => new h5.File(path, 'r'));
    } catch (e) {
      throw new InputError(
        isWasmCrash(e) ? 'reader-crashed' : 'read-failed',
        `${fileName} could not be opened as HDF5 (${isWasmCrash(e) ? 'HDF5 crashed on it' : String((e as Error).message ?? e).slice(0, 160)}).`,
        'Check that the file is a complete .h5ad file.',
      );
    }
    try {
      return guard(fileName, 'the layout of X', () => new H5adReader(h5, file, fileName));
    } catch (e) {
      try {
        file.close();
      } catch {
        // The file is being refused already; a failed close adds nothing the user can act on.
      }
      throw e;
    }
  }

  close(): void {
    this.file.close();
  }

  private getGroup(path: string): H5Group | null {
    const e = this.file.get(path);
    return e instanceof this.h5.Group ? e : null;
  }

  private getDataset(path: string): H5Dataset | null {
    const e = this.file.get(path);
    return e instanceof this.h5.Dataset ? e : null;
  }

  /** A dataset the AnnData layout requires at `path`. */
  private need(path: string): H5Dataset {
    const ds = this.getDataset(path);
    if (!ds)
      throw new InputError(
        'damaged-file',
        `${this.fileName} is damaged: ${path} is missing or is not an array.`,
        'Fetch or export the file again.',
      );
    return ds;
  }

  private describeX(): XInfo {
    const keys = this.file.keys();
    if (!keys.includes('X')) {
      const hint = keys.length ? `Top-level entries are: ${keys.join(', ')}.` : 'The file has no entries at all.';
      throw new InputError(
        'not-anndata',
        `${this.fileName} is HDF5 but not AnnData: it has no X matrix. ${hint}`,
        'Save the data with AnnData (adata.write_h5ad) so that X holds the expression matrix.',
      );
    }
    if (!keys.includes('obs') || !keys.includes('var')) {
      throw new InputError(
        'not-anndata',
        `${this.fileName} has an X matrix but no ${!keys.includes('obs') ? 'obs' : 'var'} table, so it is not a complete AnnData file.`,
        'Save the data with AnnData (adata.write_h5ad).',
      );
    }
    const ds = this.getDataset('X');
    if (ds) {
      const shape = ds.shape ?? [];
      if (shape.length !== 2) {
        throw new InputError(
          'not-anndata',
          `X in ${this.fileName} has ${shape.length} dimension(s); an expression matrix needs 2 (cells × genes).`,
          'Store a 2-D cells × genes matrix in X.',
        );
      }
      const m = ds.metadata;
      this.checkNumeric(m.type, 'X');
      return {
        encoding: 'dense',
        nObs: count(this.fileName, 'the number of rows of X', shape[0]),
        nVars: count(this.fileName, 'the number of columns of X', shape[1]),
        valueKind: m.type === 0 ? 'int' : 'float',
        valueBytes: m.size,
        nnz: shape[0] * shape[1],
        compression: describeFilters(ds),
      };
    }
    const g = this.getGroup('X');
    if (!g)
      throw new InputError(
        'not-anndata',
        `X in ${this.fileName} is neither a dataset nor a group.`,
        'Save the data with AnnData (adata.write_h5ad).',
      );
    const enc =
      attrString(g, 'encoding-type') ??
      (attrString(g, 'h5sparse_format') ? `${attrString(g, 'h5sparse_format')}_matrix` : undefined);
    if (enc !== 'csr_matrix' && enc !== 'csc_matrix') {
      throw new InputError(
        'unsupported-encoding',
        `X in ${this.fileName} is stored as '${enc ?? 'an unknown group'}', which Perturbscope does not read.`,
        'Store X as a dense array or a CSR/CSC sparse matrix (scipy.sparse).',
      );
    }
    const shapeAttr = attrValue(g, 'shape') ?? attrValue(g, 'h5sparse_shape');
    const shape =
      shapeAttr && typeof (shapeAttr as ArrayLike<unknown>).length === 'number'
        ? Array.from(shapeAttr as ArrayLike<number | bigint>, Number)
        : [];
    if (shape.length !== 2)
      throw new InputError(
        'damaged-file',
        `${this.fileName} is damaged: the sparse X's shape attribute is ${shape.length ? `[${shape.join(', ')}]` : 'missing'}, not [cells, genes].`,
        'Fetch or export the file again.',
      );
    for (const part of ['data', 'indices', 'indptr']) {
      if (!this.getDataset(`X/${part}`)) {
        throw new InputError(
          'not-anndata',
          `The sparse X in ${this.fileName} lacks its '${part}' array.`,
          'Rewrite the file with AnnData (adata.write_h5ad).',
        );
      }
    }
    const data = this.getDataset('X/data')!;
    const m = data.metadata;
    this.checkNumeric(m.type, 'X/data');
    const nnz = count(this.fileName, 'the length of X/data', (data.shape ?? [])[0]);
    const nIndices = count(this.fileName, 'the length of X/indices', (this.getDataset('X/indices')!.shape ?? [])[0]);
    if (nIndices !== nnz)
      throw new InputError(
        'damaged-file',
        `${this.fileName} is damaged: X/indices has ${nIndices} entries but X/data has ${nnz}.`,
        'Fetch or export the file again.',
      );
    return {
      encoding: enc === 'csr_matrix' ? 'csr' : 'csc',
      nObs: count(this.fileName, 'the number of rows of X', shape[0]),
      nVars: count(this.fileName, 'the number of columns of X', shape[1]),
      valueKind: m.type === 0 ? 'int' : 'float',
      valueBytes: m.size,
      nnz,
      compression: describeFilters(data),
    };
  }

  private checkNumeric(type: number, where: string): void {
    // HDF5 type classes: 0 integer, 1 float.
    if (type !== 0 && type !== 1) {
      throw new InputError(
        'not-anndata',
        `${where} in ${this.fileName} does not hold numbers (HDF5 type class ${type}).`,
        'X must hold numeric expression values.',
      );
    }
  }

  /** Names of the columns of obs (or var), in the file's order. */
  columnNames(table: 'obs' | 'var'): string[] {
    return guard(this.fileName, `the columns of ${table}`, () => this.columnNamesOf(table));
  }

  private columnNamesOf(table: 'obs' | 'var'): string[] {
    const g = this.getGroup(table);
    if (!g) return this.compoundColumnNames(table);
    const order = attrStrings(g, 'column-order');
    const index = attrString(g, '_index') ?? '_index';
    const keys = g.keys().filter((k) => k !== index && k !== '__categories');
    const rest = keys.filter((k) => !order.includes(k));
    return [...order.filter((k) => keys.includes(k)), ...rest];
  }

  private compoundColumnNames(table: string): string[] {
    const ds = this.getDataset(table);
    if (!ds)
      throw new InputError('not-anndata', `${this.fileName} has no ${table} table.`, 'Save the data with AnnData.');
    throw new InputError(
      'unsupported-encoding',
      `${table} in ${this.fileName} uses the pre-2019 AnnData layout (a compound table), which Perturbscope does not read.`,
      'Open it once with a recent anndata and save it again: anndata.read_h5ad(f).write_h5ad(f2).',
    );
  }

  /** The row labels of obs (or var). */
  indexOf(table: 'obs' | 'var'): string[] {
    return guard(this.fileName, `the index of ${table}`, () => this.indexOfTable(table));
  }

  private indexOfTable(table: 'obs' | 'var'): string[] {
    const g = this.getGroup(table);
    if (!g) return this.compoundColumnNames(table);
    const index = attrString(g, '_index') ?? '_index';
    const ds = this.getDataset(`${table}/${index}`);
    if (!ds) return [];
    return readStrings(ds);
  }

  /** Whether a column holds labels (categorical or string) rather than numbers, without reading it. */
  isLabelColumn(table: 'obs' | 'var', name: string): boolean {
    return guard(this.fileName, `${table} column '${name}'`, () => this.isLabelColumnOf(table, name));
  }

  private isLabelColumnOf(table: 'obs' | 'var', name: string): boolean {
    const path = `${table}/${name}`;
    const g = this.getGroup(path);
    if (g) return attrString(g, 'encoding-type') === 'categorical';
    if (this.getDataset(`${table}/__categories/${name}`)) return true;
    const ds = this.getDataset(path);
    return !!ds && ds.metadata.type === 3;
  }

  /** All label columns of a table (the candidates for perturbation and batch columns). */
  labelColumns(table: 'obs' | 'var'): CategoricalColumn[] {
    return this.columnNames(table)
      .filter((c) => this.isLabelColumn(table, c))
      .map((c) => this.column(table, c));
  }

  /** Reads one obs/var column as codes over distinct values, whatever its storage. */
  column(table: 'obs' | 'var', name: string): CategoricalColumn {
    const col = guard(this.fileName, `${table} column '${name}'`, () => this.columnOf(table, name));
    // Every cell (gene) has one value, and every code names a category: else the labels are damaged.
    const n = table === 'obs' ? this.x.nObs : this.x.nVars;
    const bad = col.codes.findIndex((c) => c < -1 || c >= col.categories.length);
    if (col.codes.length !== n || bad >= 0)
      throw new InputError(
        'damaged-file',
        `${this.fileName} is damaged: ${table} column '${name}' ${col.codes.length !== n ? `has ${col.codes.length} values for ${n} ${table === 'obs' ? 'cells' : 'genes'}` : `has code ${col.codes[bad]} at row ${bad}, beyond its ${col.categories.length} categories`}.`,
        'Fetch or export the file again.',
      );
    return col;
  }

  private columnOf(table: 'obs' | 'var', name: string): CategoricalColumn {
    const path = `${table}/${name}`;
    const entity = this.file.get(path);
    if (!entity) {
      throw new InputError(
        'unknown-column',
        `${table} has no column '${name}'. Its columns are: ${this.columnNames(table).join(', ') || '(none)'}.`,
        `Pick one of the ${table} columns.`,
      );
    }
    const g = this.getGroup(path);
    if (g) {
      const enc = attrString(g, 'encoding-type');
      if (enc === 'categorical') {
        const codes = Int32Array.from(toFloat64(this.need(`${path}/codes`).value as ArrayLike<number | bigint>));
        const categories = readStrings(this.need(`${path}/categories`));
        return { name, storage: 'categorical', codes, categories };
      }
      if (enc === 'nullable-integer' || enc === 'nullable-boolean') {
        const values = this.need(`${path}/values`).value as ArrayLike<number | bigint | boolean>;
        const mask = this.getDataset(`${path}/mask`)?.value as ArrayLike<number | boolean> | undefined;
        const labels = Array.from(values, (v) => String(typeof v === 'bigint' ? Number(v) : v));
        return factorize(
          name,
          enc === 'nullable-boolean' ? 'boolean' : 'numeric',
          labels,
          mask ? Array.from(mask, Boolean) : undefined,
        );
      }
      throw new InputError(
        'unsupported-encoding',
        `${table} column '${name}' is stored as '${enc ?? 'a group'}', which Perturbscope cannot read.`,
        'Store it as a categorical or string column.',
      );
    }
    const ds = this.need(path);
    const legacy = this.getDataset(`${table}/__categories/${name}`);
    if (legacy) {
      // anndata 0.7: integer codes in obs/<col>, categories in obs/__categories/<col>.
      const codes = Int32Array.from(toFloat64(ds.value as ArrayLike<number | bigint>));
      return { name, storage: 'legacy-categorical', codes, categories: readStrings(legacy) };
    }
    const meta = ds.metadata;
    if (meta.type === 3 /* string */) return factorize(name, 'string', readStrings(ds));
    const raw = ds.value as ArrayLike<number | bigint | boolean>;
    const isBool = meta.type === 8; /* enum: h5py booleans */
    return factorize(
      name,
      isBool ? 'boolean' : 'numeric',
      Array.from(raw, (v) => String(typeof v === 'bigint' ? Number(v) : v)),
    );
  }

  /**
   * Gene names: a gene-symbol column of var when there is one (files indexed by Ensembl id usually
   * carry one), else the var index. Duplicates are an input error: every gene must be addressable.
   */
  geneNames(): { names: string[]; source: string } {
    return guard(this.fileName, 'the gene names', () => this.geneNamesOf());
  }

  private geneNamesOf(): { names: string[]; source: string } {
    const cols = this.columnNames('var');
    const index = this.indexOf('var');
    let names = index;
    let source = 'var index';
    const symbolCol = GENE_SYMBOL_COLUMNS.find((c) => cols.includes(c));
    if (symbolCol) {
      const col = this.column('var', symbolCol);
      names = Array.from(col.codes, (c) => (c >= 0 ? col.categories[c] : ''));
      source = `var column '${symbolCol}'`;
    }
    if (names.length !== this.x.nVars) {
      throw new InputError(
        'not-anndata',
        `var has ${names.length} gene names but X has ${this.x.nVars} columns.`,
        'The file is inconsistent; rewrite it with AnnData.',
      );
    }
    const seen = new Map<string, number>();
    for (let j = 0; j < names.length; j++) {
      const prev = seen.get(names[j]);
      if (prev !== undefined) {
        const nDup = names.length - new Set(names).size;
        throw new InputError(
          'duplicate-genes',
          `Gene names in the ${source} are not unique: '${names[j]}' appears at positions ${prev} and ${j} (${nDup} duplicate name(s) in all).`,
          'Make them unique before loading, e.g. adata.var_names_make_unique(), or drop the duplicated genes.',
        );
      }
      seen.set(names[j], j);
    }
    return { names, source };
  }

  /** String entries of `uns` at the top level (for example a dataset description). */
  unsStrings(): Record<string, string> {
    return guard(this.fileName, 'uns', () => this.unsStringsOf());
  }

  private unsStringsOf(): Record<string, string> {
    const g = this.getGroup('uns');
    const out: Record<string, string> = {};
    if (!g) return out;
    for (const k of g.keys()) {
      const ds = this.getDataset(`uns/${k}`);
      if (ds && ds.metadata.type === 3 && (ds.shape ?? []).length === 0) {
        const v = ds.value;
        if (typeof v === 'string') out[k] = v;
      }
    }
    return out;
  }

  /** Rows per block so that a block holds about `targetValues` matrix values. */
  private rowsPerBlock(targetValues: number): number {
    const { nObs, nVars, nnz, encoding } = this.x;
    const perRow = encoding === 'dense' ? nVars : Math.max(1, nnz / Math.max(1, nObs));
    return Math.max(1, Math.floor(targetValues / perRow));
  }

  /** Iterates X in blocks of consecutive rows. Only for dense and CSR X. */
  *rowBlocks(targetValues = DEFAULT_BLOCK_VALUES): Generator<RowBlock> {
    const { encoding, nObs, nVars } = this.x;
    if (encoding === 'csc') throw new Error('rowBlocks on CSC X: use columnBlocks');
    const step = this.rowsPerBlock(targetValues);
    if (encoding === 'dense') {
      const ds = this.getDataset('X')!;
      for (let r = 0; r < nObs; r += step) {
        const r1 = Math.min(nObs, r + step);
        const data = toValueArray(this.read(() => ds.slice([[r, r1], []])));
        if (data.length !== (r1 - r) * nVars)
          throw new InputError(
            'damaged-file',
            `${this.fileName} is damaged: X returned ${data.length} values for rows ${r}–${r1 - 1}.`,
            'Fetch or export the file again.',
          );
        yield { kind: 'dense', rowStart: r, nRows: r1 - r, nCols: nVars, data };
      }
      return;
    }
    yield* this.compressedBlocks(nObs, step, (start, n, indptr, indices, data) => ({
      kind: 'sparse',
      rowStart: start,
      nRows: n,
      indptr,
      indices,
      data,
    }));
  }

  /** Iterates a CSC X in blocks of consecutive columns (genes). */
  *columnBlocks(targetValues = DEFAULT_BLOCK_VALUES): Generator<ColumnBlock> {
    const { encoding, nVars, nnz } = this.x;
    if (encoding !== 'csc') throw new Error('columnBlocks needs CSC X');
    const step = Math.max(1, Math.floor(targetValues / Math.max(1, nnz / Math.max(1, nVars))));
    yield* this.compressedBlocks(nVars, step, (start, n, indptr, indices, data) => ({
      colStart: start,
      nCols: n,
      indptr,
      indices,
      data,
    }));
  }

  private *compressedBlocks<T>(
    nMajor: number,
    step: number,
    make: (start: number, n: number, indptr: Float64Array, indices: IndexArray, data: ValueArray) => T,
  ): Generator<T> {
    const indptrDs = this.read(() => this.getDataset('X/indptr'));
    const indicesDs = this.read(() => this.getDataset('X/indices'));
    const dataDs = this.read(() => this.getDataset('X/data'));
    const indptr = toFloat64(this.read(() => indptrDs.value) as ArrayLike<number | bigint>);
    if (indptr.length !== nMajor + 1) {
      throw new InputError(
        'not-anndata',
        `X/indptr has ${indptr.length} entries but the matrix shape needs ${nMajor + 1}.`,
        'The sparse matrix is inconsistent; rewrite the file with AnnData.',
      );
    }
    // indptr must start at 0, never decrease and end at the number of stored values: else a row
    // would read another row's values, or past the arrays.
    const { nnz } = this.x;
    const broken = indptr[0] !== 0 ? 0 : indptr.findIndex((v, i) => i > 0 && !(v >= indptr[i - 1]));
    if (broken >= 0 || indptr[nMajor] !== nnz)
      throw new InputError(
        'damaged-file',
        `${this.fileName} is damaged: X/indptr ${broken >= 0 ? `is ${indptr[broken]} at entry ${broken}, ${broken === 0 ? 'not 0' : `below the ${indptr[broken - 1]} before it`}` : `ends at ${indptr[nMajor]}, but X holds ${nnz} values`}.`,
        'Fetch or export the file again.',
      );
    const nMinor = this.x.encoding === 'csr' ? this.x.nVars : this.x.nObs;
    for (let m = 0; m < nMajor; m += step) {
      const m1 = Math.min(nMajor, m + step);
      const lo = indptr[m];
      const hi = indptr[m1];
      const local = new Float64Array(m1 - m + 1);
      for (let i = 0; i <= m1 - m; i++) local[i] = indptr[m + i] - lo;
      const indices = hi > lo ? toIndexArray(this.read(() => indicesDs.slice([[lo, hi]]))) : new Int32Array(0);
      const data = hi > lo ? toValueArray(this.read(() => dataDs.slice([[lo, hi]]))) : new Float32Array(0);
      if (indices.length !== hi - lo || data.length !== hi - lo)
        throw new InputError(
          'damaged-file',
          `${this.fileName} is damaged: X returned ${data.length} values for entries ${lo}–${hi}.`,
          'Fetch or export the file again.',
        );
      for (let k = 0; k < indices.length; k++)
        if (!(indices[k] >= 0 && indices[k] < nMinor))
          throw new InputError(
            'damaged-file',
            `${this.fileName} is damaged: X/indices holds ${indices[k]} at entry ${lo + k}, outside 0–${nMinor - 1}.`,
            'Fetch or export the file again.',
          );
      yield make(m, m1 - m, local, indices, data);
    }
  }

  /** Reads part of X: a failure, or nothing returned, becomes a message about the file (see guard). */
  private read<T>(f: () => T): NonNullable<T> {
    return guard(this.fileName, 'X', () => {
      const v = f();
      if (v === null || v === undefined) throw new Error('no data returned');
      return v;
    });
  }
}

function describeFilters(ds: H5Dataset): string | null {
  try {
    const f = ds.filters;
    if (!f || !f.length) return null;
    return f
      .map((x) =>
        x.id === 1
          ? 'gzip'
          : x.id === 32001
            ? 'blosc'
            : x.id === 32015
              ? 'zstd'
              : x.id === 307
                ? 'bzip2'
                : x.id === 32004
                  ? 'lz4'
                  : x.id === 2
                    ? 'shuffle'
                    : `filter ${x.id}`,
      )
      .join('+');
  } catch {
    return null;
  }
}

function readStrings(ds: H5Dataset): string[] {
  const v = ds.value;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : String(x)));
  if (typeof v === 'string') return [v];
  if (v && typeof (v as ArrayLike<number>).length === 'number')
    return Array.from(v as ArrayLike<number | bigint>, (x) => String(typeof x === 'bigint' ? Number(x) : x));
  return [];
}

function factorize(
  name: string,
  storage: CategoricalColumn['storage'],
  labels: string[],
  mask?: boolean[],
): CategoricalColumn {
  const index = new Map<string, number>();
  const categories: string[] = [];
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    if (mask && mask[i]) {
      codes[i] = -1;
      continue;
    }
    let c = index.get(labels[i]);
    if (c === undefined) {
      c = categories.length;
      categories.push(labels[i]);
      index.set(labels[i], c);
    }
    codes[i] = c;
  }
  return { name, storage, codes, categories };
}
