/**
 * Memory over repeated training in the page: the production build in Debian's Chromium, the demo,
 * GEARS (2 epochs, beside the baselines) trained ten times in a row. After each run, with garbage
 * collected, prints the JS heap of the page and of the worker (where the models live). Flat
 * figures mean that each run frees the last one's models; a leak grows with every run. Prints
 * figures; never a pass/fail.
 *
 * Usage: npm run build && npm run bench:memory [-- RUNS]   (default 10)
 */
import { chromium } from '@playwright/test';
import { staticHost } from '../startup/staticHost';
import { CHROMIUM_PATH, QUIET_ARGS } from '../../tests/chromium';

const runs = Number(process.argv[2] ?? 10);
const PORT = 4181;
const host = await staticHost('dist', PORT);
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...QUIET_ARGS, '--js-flags=--expose-gc'],
});
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${PORT}/`);
await page.locator('[data-testid="summary"]:not([aria-busy])').waitFor({ timeout: 120_000 });
// The worker's heap, through the browser's DevTools protocol (Playwright exposes no worker session).
const cdp = await browser.newBrowserCDPSession();
const { targetInfos } = await cdp.send('Target.getTargets');
const workerTarget = targetInfos.find((t) => t.type === 'worker');
if (!workerTarget) throw new Error('no worker found');
const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: workerTarget.targetId, flatten: false });
let lastId = 0;
const pending = new Map<number, (r: unknown) => void>();
cdp.on('Target.receivedMessageFromTarget', (e) => {
  const m = JSON.parse(e.message) as { id?: number; result?: unknown };
  if (m.id) pending.get(m.id)?.(m.result);
});
const inWorker = <T>(method: string): Promise<T> =>
  new Promise((resolve) => {
    const id = ++lastId;
    pending.set(id, resolve as (r: unknown) => void);
    void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) });
  });
await inWorker('Runtime.enable');

const heap = async () => {
  // Two full collections a moment apart: DOM nodes the page let go of are freed in the second.
  const mainHeap = await page.evaluate(async () => {
    const gc = (globalThis as unknown as { gc: () => void }).gc;
    gc();
    await new Promise((r) => setTimeout(r, 300));
    gc();
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
  });
  await inWorker('HeapProfiler.collectGarbage');
  const workerHeap = (await inWorker<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
  return { mainHeap, workerHeap };
};
const mb = (b: number) => (b / 2 ** 20).toFixed(1).padStart(7);
await page.getByTestId('model-gears').check();
await page.getByTestId('epochs').fill('2');
console.log(`GEARS (2 epochs) with the baselines on the demo, ${runs} runs; JS heap after each, garbage collected`);
console.log('  run    page MB   worker MB   seconds');
const first = await heap();
console.log(`  before ${mb(first.mainHeap)}   ${mb(first.workerHeap)}`);
const rows: { mainHeap: number; workerHeap: number }[] = [];
for (let k = 1; k <= runs; k++) {
  const t0 = Date.now();
  await page.getByTestId('evaluate').click();
  // Running: the button is disabled until the leaderboard is in.
  await page.locator('[data-testid="evaluate"]:disabled').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="evaluate"]:enabled').waitFor({ timeout: 600_000 });
  await page.getByTestId('leaderboard-row').filter({ hasText: 'GEARS' }).first().waitFor();
  const h = await heap();
  rows.push(h);
  console.log(
    `  ${String(k).padStart(3)}    ${mb(h.mainHeap)}   ${mb(h.workerHeap)}   ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}`,
  );
}
const growth = (f: (r: { mainHeap: number; workerHeap: number }) => number) =>
  (f(rows[rows.length - 1]) - f(rows[0])) / 2 ** 20 / Math.max(1, rows.length - 1);
console.log(
  `Growth per run from run 1 to ${runs}: page ${growth((r) => r.mainHeap).toFixed(2)} MB, worker ${growth((r) => r.workerHeap).toFixed(2)} MB`,
);
await browser.close();
host.close();
