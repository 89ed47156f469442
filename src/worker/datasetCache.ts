import { idbRun } from '../browser/idbStore';
import type { DatasetCache } from '../core/session/session';
import type { PerturbDataset } from '../core/dataset/build';
import type { LoadSettings } from './protocol';

declare const __BUILD_ID__: string;

interface Entry {
  key: string;
  dataset: PerturbDataset;
  bytes: number;
}

/**
 * The demo's computed dataset, kept in the browser so that a later visit shows its summary without
 * reading the file again. The key holds the build (a new deployment may compute differently, or
 * ship another demo) and the settings it was read with; one entry is kept.
 */
export function demoCache(url: string, settings: LoadSettings): DatasetCache {
  const key = JSON.stringify([url, __BUILD_ID__, settings]);
  return {
    async get() {
      const e = (await idbRun('datasets', 'readonly', (s) => s.get(key))) as Entry | undefined;
      return e ? { dataset: e.dataset, bytes: e.bytes } : null;
    },
    async put({ dataset, bytes }) {
      await idbRun('datasets', 'readwrite', (s) => s.clear());
      await idbRun('datasets', 'readwrite', (s) => s.put({ key, dataset, bytes } satisfies Entry));
    },
  };
}
