import { Worker } from 'node:worker_threads';

/** How long one call into HDF5 may go without returning before the CLI gives up on the file. */
export const READER_PATIENCE_MS = 30_000;

const WHAT_BYTES = 400;
// Shared with the watchdog thread: [depth, ms since start of the last entry or exit, gave up].
const state = new Int32Array(new SharedArrayBuffer(12));
const what = new Uint8Array(new SharedArrayBuffer(WHAT_BYTES));
const t0 = Date.now();
let started = false;

/** Called by the reader's watch (src/node/openH5ad.ts) on every entry into HDF5 and exit from it. */
export function noteRead(depthChange: 1 | -1, about?: string): void {
  if (!started) return;
  if (about) {
    const bytes = new TextEncoder().encode(about).subarray(0, WHAT_BYTES - 1);
    what.fill(0);
    what.set(bytes);
  }
  Atomics.store(state, 1, Date.now() - t0);
  Atomics.add(state, 0, depthChange);
}

/**
 * A damaged file can make HDF5 loop for ever inside one synchronous call, which nothing on the main
 * thread can interrupt. A watchdog thread sees when one call has gone `patienceMs` without
 * returning: it prints one line, stops the main thread's JavaScript (through the inspector), and
 * the process exits with code 2, as for any file it refuses.
 */
export function startReaderWatchdog(patienceMs = READER_PATIENCE_MS): void {
  if (started) return;
  started = true;
  const worker = new Worker(
    `
    const { workerData } = require('node:worker_threads');
    const { writeSync } = require('node:fs');
    const { Session } = require('node:inspector');
    const { state, what, t0, patienceMs } = workerData;
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    for (;;) {
      Atomics.wait(sleeper, 0, 0, 500);
      if (Atomics.load(state, 0) > 0 && Date.now() - t0 - Atomics.load(state, 1) > patienceMs) {
        const about = new TextDecoder().decode(what.slice(0, what.indexOf(0) < 0 ? what.length : what.indexOf(0)));
        writeSync(2, 'perturbscope: HDF5 stopped responding while reading ' + about + ': no progress in ' +
          patienceMs / 1000 + ' s, so the file is probably damaged. Fetch or export the file again.\\n');
        Atomics.store(state, 2, 1);
        const s = new Session();
        s.connectToMainThread();
        s.post('Runtime.terminateExecution');
        break;
      }
    }`,
    { eval: true, workerData: { state, what, t0, patienceMs } },
  );
  worker.unref();
  process.on('exit', () => {
    if (Atomics.load(state, 2)) process.exitCode = 2;
  });
}
