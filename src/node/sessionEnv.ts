import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { GraphStore } from '../core/session/graphs';
import type { Reopen, SessionEnv } from '../core/session/session';
import { nodeH5, openH5adPath } from './openH5ad';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeH5ad } from '../core/anndata/writer';

const DATA_DIR = fileURLToPath(new URL('../../public/data/', import.meta.url));

/** A session environment in Node: the shipped assets read from public/data, tfjs's active backend. */
export function nodeSessionEnv(): SessionEnv {
  return {
    graphs: new GraphStore(async (name) => new Uint8Array(await readFile(DATA_DIR + name))),
    backend: async () => tf.getBackend(),
    h5adBytes: async (content) => {
      const dir = mkdtempSync(join(tmpdir(), 'perturbscope-'));
      try {
        writeH5ad(await nodeH5(), join(dir, 'export.h5ad'), content);
        return new Uint8Array(readFileSync(join(dir, 'export.h5ad')));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Reopens an .h5ad file read-only, as a session does for every pass over it. */
export function reopenPath(path: string): Reopen {
  return async () => ({ reader: await openH5adPath(path), bytes: statSync(path).size });
}
