import h5wasm from 'h5wasm';
import { checkHdf5Header, HEADER_BYTES } from '../core/anndata/hdf5Header';
import { H5adReader } from '../core/anndata/reader';
import { setReadWatch, silenceHdf5Diagnostics, type H5Lib, type StdErrFs } from '../core/anndata/h5lib';
import type { DataSource } from './protocol';
import { writeH5ad, type H5adContent } from '../core/anndata/writer';

interface EmscriptenFs {
  mkdir(path: string): void;
  mount(type: unknown, opts: { files: File[] }, dir: string): void;
  unmount(dir: string): void;
  rmdir(path: string): void;
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
  filesystems: { WORKERFS: unknown };
}

let fsReady: Promise<EmscriptenFs> | null = null;
let mounted: { dir: string; memfsFile?: string; url?: string } | null = null;
let counter = 0;
let demoBytes = 0;

function fs(): Promise<EmscriptenFs> {
  fsReady ??= h5wasm.ready.then((m) => {
    const FS = (m as unknown as { FS: EmscriptenFs & StdErrFs }).FS;
    silenceHdf5Diagnostics(FS);
    return FS;
  });
  return fsReady;
}

/**
 * The page watches the reader from outside (src/app/workerClient.ts): it hears every entry into and
 * exit from HDF5, and replaces this worker when one call makes no progress for too long (a damaged
 * file can make HDF5 loop for ever). The messages carry no data about the file but its name.
 */
export interface ReadWatchMessage {
  readWatch: { depth: number; what?: string };
}
let depth = 0;
setReadWatch({
  enter(what) {
    depth++;
    self.postMessage({ readWatch: { depth, what } } satisfies ReadWatchMessage);
  },
  leave() {
    depth--;
    self.postMessage({ readWatch: { depth } } satisfies ReadWatchMessage);
  },
});

function release(FS: EmscriptenFs): void {
  if (!mounted) return;
  try {
    if (mounted.memfsFile) FS.unlink(mounted.memfsFile);
    else FS.unmount(mounted.dir);
    FS.rmdir(mounted.dir);
  } catch {
    // A failed clean-up of a previous file must not block loading the next one.
  }
  mounted = null;
}

/**
 * Opens the source read-only. A user's File is mounted with WORKERFS: h5wasm reads byte ranges of
 * it on demand, so a multi-gigabyte file is never copied into memory. The demo is small and is
 * fetched into the in-memory file system.
 */
export async function openSource(source: DataSource): Promise<{ reader: H5adReader; bytes: number }> {
  // The demo stays in memory while it is the dataset: every later pass reopens it, never refetches.
  if (source.kind === 'demo' && mounted?.url === source.url && mounted.memfsFile) {
    await fs();
    return { reader: H5adReader.open(h5wasm as unknown as H5Lib, mounted.memfsFile, 'demo.h5ad'), bytes: demoBytes };
  }
  if (source.kind === 'file') {
    const file = source.file;
    const header = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
    checkHdf5Header(header, file.size, file.name);
    const FS = await fs();
    release(FS);
    const dir = `/in${++counter}`;
    FS.mkdir(dir);
    FS.mount(FS.filesystems.WORKERFS, { files: [file] }, dir);
    mounted = { dir };
    return { reader: H5adReader.open(h5wasm as unknown as H5Lib, `${dir}/${file.name}`, file.name), bytes: file.size };
  }
  // The download and HDF5's start-up run side by side.
  const res = await fetch(source.url);
  if (!res.ok)
    throw new Error(`the demo dataset could not be fetched (${res.status} ${res.statusText}) from ${source.url}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  checkHdf5Header(bytes.subarray(0, HEADER_BYTES), bytes.length, 'demo.h5ad');
  const FS = await fs();
  release(FS);
  const dir = `/in${++counter}`;
  FS.mkdir(dir);
  const path = `${dir}/demo.h5ad`;
  FS.writeFile(path, bytes);
  mounted = { dir, memfsFile: path, url: source.url };
  demoBytes = bytes.length;
  return { reader: H5adReader.open(h5wasm as unknown as H5Lib, path, 'demo.h5ad'), bytes: bytes.length };
}

// HDF5 starts with the worker, before the page asks for a file.
void fs().catch(() => undefined);

/** An AnnData file written in the worker's memory and handed back as bytes (an export to download). */
export async function h5adBytes(content: H5adContent): Promise<Uint8Array> {
  const FS = await fs();
  const path = `/export-${++counter}.h5ad`;
  try {
    writeH5ad(h5wasm as unknown as H5Lib, path, content);
    return FS.readFile(path);
  } finally {
    try {
      FS.unlink(path);
    } catch {
      // Not written: nothing to remove.
    }
  }
}
