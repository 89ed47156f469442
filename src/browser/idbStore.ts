/**
 * The browser's own store (IndexedDB), shared by the page (kept models and evaluations) and the
 * worker (the demo's computed summary). Nothing in it leaves the machine.
 */
const DB = 'perturbscope';
const VERSION = 3;
export type StoreName = 'models' | 'sessions' | 'datasets';
const STORES: StoreName[] = ['models', 'sessions', 'datasets'];

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, VERSION);
    req.onupgradeneeded = () => {
      for (const name of STORES)
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () =>
      reject(
        new Error(
          `The browser refused its store (IndexedDB): ${req.error?.message ?? 'unknown reason'}. Private windows may block it; save to a file instead.`,
        ),
      );
  });
}

/** One request in its own transaction. */
export async function idbRun<T>(
  store: StoreName,
  mode: IDBTransactionMode,
  f: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = f(db.transaction(store, mode).objectStore(store));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () =>
        reject(
          new Error(`Browser store: ${req.error?.message ?? 'request failed'} (the browser's storage may be full).`),
        );
    });
  } finally {
    db.close();
  }
}
