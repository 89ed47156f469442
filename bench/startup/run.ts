/**
 * Time to a usable page, on the production build served by `vite preview` in Debian's Chromium:
 * the demo's summary visible (as the file's labels tell it: cells, genes, conditions, controls),
 * complete (the cells read, so the kind of values is known too) and the first plot drawn, cold (a new browser profile: empty cache)
 * and warm (a reload in the same profile), median of 5 each; the JS+WASM fetched on first load
 * (bytes as served, and gzip -9 of the same files, what a static host would send) and how often
 * the demo was fetched. Prints figures; never a pass/fail.
 *
 * Served two ways: by a static host that precompresses (bench/startup/staticHost.ts, as a CDN would)
 * and by `vite preview` (which gzips every response on the fly).
 *
 * Usage: npm run build && npm run bench:startup [-- DIST_DIR]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { staticHost } from './staticHost';
import { CHROMIUM_PATH, QUIET_ARGS } from '../../tests/chromium';

const dist = process.argv[2] ?? 'dist';
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
const mb = (b: number) => (b / 2 ** 20).toFixed(2);

async function waitFor(base: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${base} did not start`);
}

/** When the summary showed (epoch ms), for the first cold load. */
let summaryAt = 0;

type Seen = { summaryAt: number; completeAt: number };

/**
 * Seconds from navigation to the summary (as the file's labels tell it), to the complete summary
 * (the cells read: values known) and to the first plot.
 */
async function timeOpen(page: Page, base: string, reload: boolean): Promise<[number, number, number]> {
  const t0 = Date.now();
  if (reload) await page.reload();
  else await page.goto(base);
  await page.locator('[data-testid="summary"]:not([aria-busy])').waitFor({ timeout: 120_000 });
  // When the page drew them (Playwright notices a little later, once the page's thread is free).
  const seen = await page.evaluate(() => (window as unknown as { seen: Seen }).seen);
  summaryAt = seen.summaryAt;
  await page.locator('[data-testid="condition-plot"] .main-svg').first().waitFor({ timeout: 120_000 });
  return [(seen.summaryAt - t0) / 1000, (seen.completeAt - t0) / 1000, (Date.now() - t0) / 1000];
}

/** Five cold visits (new profile) each followed by a warm one (a reload); prints the figures. */
async function measure(name: string, base: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_ARGS });
  const cold: [number, number, number][] = [];
  const warm: [number, number, number][] = [];
  let fetched: { url: string; bytes: number; gz: number; beforeSummary: boolean }[] = [];
  let demoFetches = 0;
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen = { summaryAt: 0, completeAt: 0 };
      (window as unknown as { seen: typeof seen }).seen = seen;
      const look = () => {
        if (!seen.summaryAt && document.querySelector('[data-testid="file-name"]')) seen.summaryAt = Date.now();
        if (document.querySelector('[data-testid="summary"]:not([aria-busy])')) seen.completeAt = Date.now();
        return seen.completeAt > 0;
      };
      const obs = new MutationObserver(() => look() && obs.disconnect());
      obs.observe(document, { childList: true, subtree: true, attributes: true });
    });
    const seen: { url: string; at: number }[] = [];
    page.on('request', (r) => seen.push({ url: r.url(), at: Date.now() }));
    cold.push(await timeOpen(page, base, false));
    if (i === 0) {
      const first = new Map<string, number>();
      for (const r of seen) if (!first.has(r.url)) first.set(r.url, r.at);
      fetched = [...first]
        .filter(([u]) => /\.(js|wasm)$/.test(new URL(u).pathname))
        .map(([u, at]) => {
          const body = readFileSync(join(dist, new URL(u).pathname));
          return {
            url: new URL(u).pathname,
            bytes: body.length,
            gz: gzipSync(body, { level: 9 }).length,
            beforeSummary: at <= summaryAt,
          };
        });
      demoFetches = seen.filter((r) => r.url.endsWith('/data/demo.h5ad')).length;
    }
    warm.push(await timeOpen(page, base, true));
    await context.close();
  }
  await browser.close();
  console.log(`${name}: build ${dist}, this machine, median of 5`);
  console.log(
    `  summary visible   cold ${median(cold.map((c) => c[0])).toFixed(2)} s   warm ${median(warm.map((c) => c[0])).toFixed(2)} s`,
  );
  console.log(
    `  values known      cold ${median(cold.map((c) => c[1])).toFixed(2)} s   warm ${median(warm.map((c) => c[1])).toFixed(2)} s`,
  );
  console.log(
    `  first plot        cold ${median(cold.map((c) => c[2])).toFixed(2)} s   warm ${median(warm.map((c) => c[2])).toFixed(2)} s`,
  );
  console.log(`  demo.h5ad fetched ${demoFetches} time(s) until the first plot`);
  return void report(fetched);
}

function report(fetched: { url: string; bytes: number; gz: number; beforeSummary: boolean }[]) {
  if (reported) return;
  reported = true;
  const early = fetched.filter((f) => f.beforeSummary);
  console.log(
    `JS+WASM requested before the summary showed: ${mb(early.reduce((s, f) => s + f.bytes, 0))} MB as served, ${mb(early.reduce((s, f) => s + f.gz, 0))} MB gzipped`,
  );
  console.log(
    `JS+WASM until the first plot: ${mb(fetched.reduce((s, f) => s + f.bytes, 0))} MB as served, ${mb(fetched.reduce((s, f) => s + f.gz, 0))} MB gzipped`,
  );
  for (const f of fetched.sort((a, b) => b.gz - a.gz))
    console.log(
      `  ${f.url.padEnd(58)} ${mb(f.bytes).padStart(6)} MB  gz ${mb(f.gz).padStart(5)} MB  ${f.beforeSummary ? 'before the summary' : 'after'}`,
    );
}
let reported = false;

const STATIC_PORT = 4178;
const host = await staticHost(dist, STATIC_PORT);
await measure('static host (precompressed, like a CDN)', `http://127.0.0.1:${STATIC_PORT}/`);
host.close();

const PREVIEW_PORT = 4179;
// Vite itself, not through npx: killing npx would leave the server running on the port.
const preview = spawn(
  process.execPath,
  [
    'node_modules/vite/bin/vite.js',
    'preview',
    '--outDir',
    dist,
    '--host',
    '127.0.0.1',
    '--port',
    String(PREVIEW_PORT),
    '--strictPort',
  ],
  { stdio: 'ignore' },
);
await waitFor(`http://127.0.0.1:${PREVIEW_PORT}/`);
await measure('vite preview (gzips every response)', `http://127.0.0.1:${PREVIEW_PORT}/`);
preview.kill();
