import type { EvaluationSnapshot } from '../worker/protocol';

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

const DB = 'perturbscope';
type Store = 'models' | 'sessions';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 2);
    req.onupgradeneeded = () => {
      for (const name of ['models', 'sessions']) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`The browser refused its model store (IndexedDB): ${req.error?.message ?? 'unknown reason'}. Private windows may block it; save to a file instead.`));
  });
}

async function run<T>(store: Store, mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = f(db.transaction(store, mode).objectStore(store));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(`Model store: ${req.error?.message ?? 'request failed'} (the browser's storage may be full).`));
    });
  } finally {
    db.close();
  }
}

export const modelLibrary = {
  put: (m: StoredModel) => run('models', 'readwrite', (s) => s.put(m)),
  list: async () => ((await run('models', 'readonly', (s) => s.getAll())) as StoredModel[]).sort((a, b) => b.saved.localeCompare(a.saved)),
  remove: (key: string) => run('models', 'readwrite', (s) => s.delete(key)),
};

export const sessionStore = {
  put: (s: StoredSession) => run('sessions', 'readwrite', (x) => x.put(s)),
  get: async (key: string) => ((await run('sessions', 'readonly', (x) => x.get(key))) as StoredSession | undefined) ?? null,
  remove: (key: string) => run('sessions', 'readwrite', (x) => x.delete(key)),
};
