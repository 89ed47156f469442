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

/** What the page says when the browser's storage for this site is full. */
export const STORAGE_FULL =
  'This browser’s storage for Perturbscope is full (quota exceeded), so nothing was kept. Forget kept leaderboards or models you no longer need, or save to a file instead.';

/**
 * One request in its own transaction, answered once the transaction has committed: a write that
 * the browser refuses for lack of space fails at commit (QuotaExceededError), after its request
 * has already succeeded.
 */
export async function idbRun<T>(
  store: StoreName,
  mode: IDBTransactionMode,
  f: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const req = f(tx.objectStore(store));
      const fail = () => {
        const e = tx.error ?? req.error;
        reject(
          new Error(
            e?.name === 'QuotaExceededError'
              ? STORAGE_FULL
              : `The browser’s store (IndexedDB) failed: ${e?.message ?? 'the request was refused'}.`,
          ),
        );
      };
      tx.oncomplete = () => resolve(req.result);
      tx.onabort = fail;
      tx.onerror = fail;
    });
  } finally {
    db.close();
  }
}
