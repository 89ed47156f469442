/**
 * Graph benchmark: time and peak memory to build the genome-wide GO top-20 graph and a 5,000-gene
 * co-expression graph from 100,000 cells — in Node (each task in its own process; the co-expression
 * graph both from an .h5ad file and from an in-memory source) and in Chromium's Web Worker (the
 * app's setting; graph building is plain JavaScript there, no tfjs backend is involved).
 * Usage: npm run bench:graph [-- N_CELLS N_GENES DENSITY]
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';

const [cells = '100000', genes = '5000', density = '0.08'] = process.argv.slice(2);
const here = import.meta.dirname;
const root = join(here, '..', '..');
const register = join(root, 'cli', 'register-ts.mjs');
const node = (...args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, ['--import', register, join(here, 'node_task.ts'), ...args], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!,
  );

const outDir = join(root, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `coex_${cells}x${genes}_${density}.h5ad`);
if (!existsSync(file))
  execFileSync('/usr/bin/python3', [join(root, 'bench', 'ingest', 'make_large.py'), file, cells, genes, density], {
    stdio: 'inherit',
  });

const rows: { where: string; task: string; seconds: number; edges: number; peak_mb: number | null }[] = [];
for (const args of [['go'], ['coex-file', file], ['coex-synthetic', cells, genes, density]]) {
  const r = node(...args);
  rows.push({ where: 'Node', task: r.task, seconds: r.seconds, edges: r.edges, peak_mb: r.peak_rss_mb });
}

// Browser: the same tasks in a module worker, served by Vite; peak renderer RSS sampled from /proc.
const server = await createServer({ root, logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
await server.listen();
const port = (server.httpServer!.address() as { port: number }).port;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
const rendererRss = () => {
  try {
    return (
      Number(
        execSync(`ps -C chromium -o rss=,args= | awk '/--type=renderer/ {s+=$1} END {print s+0}'`, {
          encoding: 'utf8',
        }),
      ) / 1024
    );
  } catch {
    return NaN;
  }
};
const page = await browser.newPage();
const base = rendererRss();
let peak = base;
const timer = setInterval(() => (peak = Math.max(peak, rendererRss())), 250);
await page.goto(
  `http://127.0.0.1:${port}/bench/graph/browser/index.html?cells=${cells}&genes=${genes}&density=${density}`,
);
await page.waitForSelector('#out[data-done]', { timeout: 30 * 60_000 });
clearInterval(timer);
const res = JSON.parse((await page.textContent('#out'))!);
await browser.close();
await server.close();
if (!res.ok) throw new Error(`browser benchmark failed: ${res.error}`);
for (const r of res.results)
  rows.push({ where: 'Chromium worker', task: r.task, seconds: r.seconds, edges: r.edges, peak_mb: null });

console.log(
  `${'where'.padEnd(16)} ${'task'.padEnd(66)} ${'seconds'.padStart(8)} ${'edges'.padStart(9)} ${'peak RSS'.padStart(10)}`,
);
for (const r of rows)
  console.log(
    `${r.where.padEnd(16)} ${r.task.padEnd(66)} ${r.seconds.toFixed(2).padStart(8)} ${String(r.edges).padStart(9)} ${(r.peak_mb === null ? '' : `${r.peak_mb.toFixed(0)} MB`).padStart(10)}`,
  );
console.log(
  `browser renderer processes: ${base.toFixed(0)} MB before, ${peak.toFixed(0)} MB at peak (whole renderers, page + worker)`,
);
const goNode = rows[0].seconds,
  goBrowser = rows[3].seconds,
  coNode = rows[2].seconds,
  coBrowser = rows[4].seconds;
console.log(
  `ratios (browser worker / Node): GO ${(goBrowser / goNode).toFixed(2)}, co-expression ${(coBrowser / coNode).toFixed(2)}`,
);
