import type { H5File, H5Group, H5Lib } from './h5lib';

/** A column of obs or var: labels become a text column; numbers stay numeric. */
export type ColumnData = { labels: readonly string[] } | Float64Array | Float32Array | Int32Array;

export type MatrixData =
  | { kind: 'dense'; nObs: number; nVars: number; data: Float32Array | Float64Array }
  | {
      kind: 'csr';
      nObs: number;
      nVars: number;
      indptr: Int32Array | BigInt64Array;
      indices: Int32Array;
      data: Float32Array | Float64Array | Int32Array;
    };

export interface H5adContent {
  X: MatrixData;
  obsNames: readonly string[];
  varNames: readonly string[];
  obs?: Record<string, ColumnData>;
  var?: Record<string, ColumnData>;
  /** Extra dense matrices of the same shape as X (anndata layers). */
  layers?: Record<string, Float32Array | Float64Array>;
  /** Strings and numbers at the top of uns. */
  uns?: Record<string, string | number>;
  /** gzip level 1-9 for X and numeric columns; 0 or undefined writes uncompressed data. */
  gzip?: number;
}

const CHUNK = 1 << 16;

function enc(obj: H5Group, type: string, version: string): void {
  obj.create_attribute('encoding-type', type);
  obj.create_attribute('encoding-version', version);
}

function writeStrings(g: H5Group, name: string, values: readonly string[]): void {
  g.create_dataset({ name, data: [...values] });
  enc(g.get(name) as unknown as H5Group, 'string-array', '0.2.0');
}

function writeNumeric(
  g: H5Group,
  name: string,
  data: Float64Array | Float32Array | Int32Array | BigInt64Array,
  gzip?: number,
): void {
  const compress =
    gzip && data.length > 0
      ? { chunks: [Math.min(CHUNK, data.length)], compression: 'gzip' as const, compression_opts: gzip }
      : {};
  g.create_dataset({ name, data, ...compress });
}

function writeDataframe(g: H5Group, index: readonly string[], cols: Record<string, ColumnData>, gzip?: number): void {
  enc(g, 'dataframe', '0.2.0');
  g.create_attribute('_index', '_index');
  const names = Object.keys(cols);
  // anndata writes an empty float array when there are no columns; h5wasm cannot write an empty
  // string array attribute, and anndata accepts this form.
  if (names.length) g.create_attribute('column-order', names);
  else g.create_attribute('column-order', new Float64Array(0), [0], '<f8');
  writeStrings(g, '_index', index);
  for (const name of names) {
    const col = cols[name];
    if ('labels' in col) {
      // Labels are written as string arrays, not categoricals: a categorical needs a boolean
      // 'ordered' attribute (an HDF5 enum), which h5wasm cannot write, and anndata 0.8 rejects
      // any stand-in. anndata reads string arrays back as text columns.
      writeStrings(g, name, col.labels);
    } else {
      writeNumeric(g, name, col, gzip);
      enc(g.get(name) as unknown as H5Group, 'array', '0.2.0');
    }
  }
}

/**
 * Writes an AnnData file that the `anndata` package reads (encoding 0.1.0 / element encodings 0.2.0).
 * Used for exported predictions and by the demo-dataset generator.
 */
export function writeH5ad(h5: H5Lib, path: string, content: H5adContent): void {
  const { X } = content;
  if (content.obsNames.length !== X.nObs || content.varNames.length !== X.nVars) {
    throw new Error(
      `writeH5ad: ${content.obsNames.length} obs names and ${content.varNames.length} var names for a ${X.nObs} × ${X.nVars} matrix`,
    );
  }
  const f: H5File = new h5.File(path, 'w');
  try {
    enc(f, 'anndata', '0.1.0');
    if (X.kind === 'dense') {
      f.create_dataset({
        name: 'X',
        data: X.data,
        shape: [X.nObs, X.nVars],
        ...(content.gzip
          ? {
              chunks: [Math.max(1, Math.min(X.nObs, Math.floor(CHUNK / Math.max(1, X.nVars)))), X.nVars],
              compression: 'gzip' as const,
              compression_opts: content.gzip,
            }
          : {}),
      });
      enc(f.get('X') as unknown as H5Group, 'array', '0.2.0');
    } else {
      const g = f.create_group('X');
      enc(g, 'csr_matrix', '0.1.0');
      g.create_attribute('shape', new BigInt64Array([BigInt(X.nObs), BigInt(X.nVars)]));
      writeNumeric(g, 'data', X.data, content.gzip);
      writeNumeric(g, 'indices', X.indices, content.gzip);
      writeNumeric(g, 'indptr', X.indptr, content.gzip);
    }
    writeDataframe(f.create_group('obs'), content.obsNames, content.obs ?? {}, content.gzip);
    writeDataframe(f.create_group('var'), content.varNames, content.var ?? {}, content.gzip);
    const uns = f.create_group('uns');
    enc(uns, 'dict', '0.1.0');
    for (const [k, v] of Object.entries(content.uns ?? {})) {
      if (typeof v === 'string') {
        uns.create_dataset({ name: k, data: v });
        enc(uns.get(k) as unknown as H5Group, 'string', '0.2.0');
      } else {
        uns.create_dataset({ name: k, data: new Float64Array([v]), shape: [] });
        enc(uns.get(k) as unknown as H5Group, 'numeric-scalar', '0.2.0');
      }
    }
    for (const empty of ['obsm', 'varm', 'obsp', 'varp']) enc(f.create_group(empty), 'dict', '0.1.0');
    const layers = f.create_group('layers');
    enc(layers, 'dict', '0.1.0');
    for (const [name, data] of Object.entries(content.layers ?? {})) {
      if (data.length !== X.nObs * X.nVars)
        throw new Error(`writeH5ad: layer '${name}' has ${data.length} values for a ${X.nObs} × ${X.nVars} matrix`);
      layers.create_dataset({ name, data, shape: [X.nObs, X.nVars] });
      enc(layers.get(name) as unknown as H5Group, 'array', '0.2.0');
    }
  } finally {
    f.close();
  }
}
