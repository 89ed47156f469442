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
