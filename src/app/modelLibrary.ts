import type { EvaluationSnapshot } from '../worker/protocol';
import { idbRun as run } from '../browser/idbStore';

/** Trained models kept in the browser (IndexedDB), as the same bytes a .psmodel file holds. */
export interface StoredModel {
  key: string;
  label: string;
  fileName: string;
  saved: string;
  bytes: Uint8Array;
}

/** The last evaluation of one dataset (file, size and design), kept so that a reload shows it again. */
export interface StoredSession {
  key: string;
  saved: string;
  snapshot: EvaluationSnapshot;
}

export const modelLibrary = {
  put: (m: StoredModel) => run('models', 'readwrite', (s) => s.put(m)),
  list: async () =>
    ((await run('models', 'readonly', (s) => s.getAll())) as StoredModel[]).sort((a, b) =>
      b.saved.localeCompare(a.saved),
    ),
  remove: (key: string) => run('models', 'readwrite', (s) => s.delete(key)),
};

export const sessionStore = {
  put: (s: StoredSession) => run('sessions', 'readwrite', (x) => x.put(s)),
  get: async (key: string) =>
    ((await run('sessions', 'readonly', (x) => x.get(key))) as StoredSession | undefined) ?? null,
  remove: (key: string) => run('sessions', 'readwrite', (x) => x.delete(key)),
};
