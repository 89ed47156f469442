/** Trained models kept in the browser (IndexedDB), as the same bytes a .psmodel file holds. */
export interface StoredModel {
  key: string;
  label: string;
  fileName: string;
  saved: string;
  bytes: Uint8Array;
}

const DB = 'perturbscope';
const STORE = 'models';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`The browser refused its model store (IndexedDB): ${req.error?.message ?? 'unknown reason'}. Private windows may block it; save to a file instead.`));
  });
}

async function run<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = f(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(`Model store: ${req.error?.message ?? 'request failed'} (the browser's storage may be full).`));
    });
  } finally {
    db.close();
  }
}

export const modelLibrary = {
  put: (m: StoredModel) => run('readwrite', (s) => s.put(m)),
  list: async () => ((await run('readonly', (s) => s.getAll())) as StoredModel[]).sort((a, b) => b.saved.localeCompare(a.saved)),
  remove: (key: string) => run('readwrite', (s) => s.delete(key)),
};
