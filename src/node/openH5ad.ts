import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import h5wasm from 'h5wasm/node';
import { InputError } from '../core/errors';
import { noteRead } from './readerWatchdog';
import { checkHdf5Header, HEADER_BYTES } from '../core/anndata/hdf5Header';
import { H5adReader } from '../core/anndata/reader';
import { setReadWatch, silenceHdf5Diagnostics, type H5Lib, type StdErrFs } from '../core/anndata/h5lib';

let ready: Promise<H5Lib> | null = null;
let instances = 0;

interface H5Module {
  ready: Promise<{ FS: StdErrFs }>;
}

/**
 * h5wasm's Node build reads files by path through the real file system: nothing is copied. Its
 * HDF5 error printing is silenced (the reader says what went wrong in one line). A native abort or
 * trap (some damaged files cause one) leaves the module's memory in an unknown state, so the next
 * file gets a fresh instance of the module.
 */
export function nodeH5(): Promise<H5Lib> {
  ready ??= (async () => {
    // The first instance is the package's own; a fresh one is the same file imported anew.
    const mod: H5Module & H5Lib = instances++
      ? await import(`${import.meta.resolve('h5wasm/node')}?instance=${instances}`)
      : (h5wasm as unknown as H5Module & H5Lib);
    const m = await mod.ready;
    silenceHdf5Diagnostics(m.FS);
    setReadWatch({
      enter: (what) => noteRead(1, what),
      leave: () => noteRead(-1),
      crashed: () => (ready = null),
    });
    return mod;
  })();
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

/** Lines Emscripten's glue code prints itself (not through HDF5's standard error) on a damaged file. */
const GLUE_LINE = /^(Aborted\(|warning: Invalid UTF-8)/;

/**
 * Drops the lines h5wasm's Emscripten glue prints straight to the process's standard error when a
 * damaged file makes HDF5 stop: the CLI says what went wrong in one line of its own.
 */
export function dropWasmGlueLines(stream: NodeJS.WriteStream = process.stderr): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' && GLUE_LINE.test(chunk) ? true : write(chunk, ...rest)) as typeof stream.write;
}
