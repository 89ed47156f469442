import { isWasmCrash } from '../errors';
import type * as H5 from 'h5wasm';

/**
 * The h5wasm module, injected so that `src/core` runs unchanged in Node (`h5wasm/node`, file paths)
 * and in the Web Worker (`h5wasm` ESM build, WORKERFS mount of the user's File).
 */
export type H5Lib = Pick<typeof H5, 'File' | 'Group' | 'Dataset'>;
export type H5File = H5.File;
export type H5Group = H5.Group;
export type H5Dataset = H5.Dataset;
export type H5Entity = H5.Entity;

/** The part of Emscripten's file system that HDF5's standard error goes through. */
export interface StdErrFs {
  streams: unknown[];
  close(stream: unknown): void;
  open(path: string, flags: string): { fd: number };
}

/**
 * HDF5 prints its whole error stack (dozens of "HDF5-DIAG" lines) to standard error on every failed
 * call, and a damaged file fails many calls. The reader turns failures into one message of its own,
 * so HDF5's standard error (file descriptor 2 of the WebAssembly module) is pointed at /dev/null.
 */
export function silenceHdf5Diagnostics(fs: StdErrFs): void {
  fs.close(fs.streams[2]);
  // A new file takes the lowest free descriptor: 2.
  if (fs.open('/dev/null', 'w').fd !== 2) throw new Error('could not redirect HDF5 diagnostics');
}

/**
 * Told when the reader enters and leaves a call into HDF5. A damaged file can make HDF5 loop for
 * ever inside one synchronous call, which nothing in the same thread can interrupt: whoever runs
 * the reader (the page, around its worker) watches from outside and replaces a reader that stays
 * inside one call for too long.
 */
export interface ReadWatch {
  enter(what: string): void;
  leave(): void;
  /** HDF5 aborted or trapped: its module's memory is in an unknown state and is best replaced. */
  crashed?(): void;
}

let watch: ReadWatch | null = null;

export function setReadWatch(w: ReadWatch | null): void {
  watch = w;
}

/** Runs one call into HDF5 under the watch. */
export function watched<T>(what: string, f: () => T): T {
  if (!watch) return f();
  watch.enter(what);
  try {
    return f();
  } catch (e) {
    if (isWasmCrash(e)) watch.crashed?.();
    throw e;
  } finally {
    watch.leave();
  }
}
