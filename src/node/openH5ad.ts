import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import h5wasm from 'h5wasm/node';
import { InputError } from '../core/errors';
import { checkHdf5Header, HEADER_BYTES } from '../core/anndata/hdf5Header';
import { H5adReader } from '../core/anndata/reader';
import type { H5Lib } from '../core/anndata/h5lib';

let ready: Promise<H5Lib> | null = null;

/** h5wasm's Node build reads files by path through the real file system: nothing is copied. */
export function nodeH5(): Promise<H5Lib> {
  ready ??= h5wasm.ready.then(() => h5wasm as unknown as H5Lib);
  return ready;
}

/** Checks the HDF5 header against the file's size, then opens the file read-only. */
export async function openH5adPath(path: string): Promise<H5adReader> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError('read-failed', `${path} is not a file.`, 'Give the path of an .h5ad file.');
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(
      'read-failed',
      `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message)}.`,
      'Check the path.',
    );
  }
  const fd = openSync(path, 'r');
  const header = new Uint8Array(Math.min(HEADER_BYTES, size));
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  checkHdf5Header(header, size, basename(path));
  return H5adReader.open(await nodeH5(), path, basename(path));
}
