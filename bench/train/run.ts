/**
 * Training benchmark: per model, fit time, epochs, time per epoch and prediction latency per
 * perturbation — in Node (WASM and plain-JS CPU backends) on the demo and on a 5,000-gene synthetic
 * set, and in Chromium's worker (WASM and WebGPU, SwiftShader here) through the app itself.
 * Usage: npm run bench:train [-- EPOCHS]
 *        npm run bench:train -- converge [MODEL,...] [SEED,...]   time to convergence: each model with
 *        its default epochs and early stopping on the demo (Node WASM), per seed (0,1,2 by default),
 *        beside its all_test score and the baselines'.
 *        npm run bench:train -- gpu [MODEL,...] [--swiftshader] [--epochs N]   the app in Chromium on WebGPU (the
 *        machine's GPU; SwiftShader with the flag), each model on its own schedule: seconds per epoch,
 *        epochs run, the epoch of best validation and when it was reached. CHROMIUM_PATH picks the browser.
 *        npm run bench:train -- parallel [MODEL,...] [SEED] [--epochs N] [--chromium]   the models trained one
 *        at a time, then two at a time (a helper thread beside this one): wall time of each run, their
 *        ratio, and each model's all_test Pearson Δ both ways (the same fits, so equal). With --chromium,
 *        the same through the app in Chromium on WASM (its '1 model' and '2 models at once' settings).
 *        Each run prints its timeline (when each model started and was scored); in Chromium also the
 *        CPU seconds of each of Chromium's processes over the run (Linux).
 *        npm run bench:train -- norman [SEED,...]   GEARS with its defaults on a Norman-scale synthetic
 *        screen (5,000 genes, 290 conditions), beside the mean baseline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../../src/core/tensor/wasmBackend';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { openH5adPath } from '../../src/node/openH5ad';
import { loadGoAsset } from '../../src/node/goAsset';
import { loadPerturbDataset, type PerturbDataset } from '../../src/core/dataset/build';
import { makeSplit } from '../../src/core/eval/splits';
import { trainingView } from '../../src/core/eval/runner';
import { normanScreen } from './normanScreen';
import { evaluateModels } from '../../src/core/eval/evaluate';
import { loadGenotypeVae } from '../../src/node/genotypeVaeAsset';
import { startFitThread, type FitThread } from '../../src/node/fitThread';
import { graphsForSplit } from '../../src/core/eval/splitGraphs';
import { availableModels, createModel, modelSpec } from '../../src/core/models/registry';
import { Rng } from '../../src/core/util/random';
import { pearson } from '../../src/core/eval/metrics';
import type { GeneGraph } from '../../src/core/graph/geneGraph';
import { CHROMIUM_PATH, QUIET_ARGS, WEBGPU_ARGS } from '../../tests/chromium';

const epochs = Number(process.argv[2] ?? 20);
const root = join(import.meta.dirname, '..', '..');
if (process.argv[2] === 'gpu') {
  const asked = process.argv.indexOf('--epochs');
  await inChromium(
    (process.argv[3] ?? 'gears,app,txpert').split(','),
    process.argv.includes('--swiftshader'),
    asked > 0 ? process.argv[asked + 1] : null,
  );
  process.exit(0);
}
if (process.argv[2] === 'norman') {
  await normanScale((process.argv[3] ?? '0,1,2').split(',').map(Number));
  process.exit(0);
}
/** Where Debian's `chromium` launcher starts the browser: its processes are counted by this path. */
const CHROMIUM_BINARY = '/usr/lib/chromium/chromium';

if (process.argv[2] === 'parallel') {
  const asked = process.argv.indexOf('--epochs');
  const positional = process.argv.slice(3).filter((x, i, all) => !x.startsWith('--') && all[i - 1] !== '--epochs');
  await (process.argv.includes('--chromium') ? parallelInChromium : parallel)(
    (positional[0] ?? 'gears,app,txpert,perturbnet').split(','),
    Number(positional[1] ?? 0),
    asked > 0 ? Number(process.argv[asked + 1]) : undefined,
  );
  process.exit(0);
}
if (process.argv[2] === 'converge') {
  const seeds = (process.argv[4] ?? '0,1,2').split(',').map(Number);
  await converge((process.argv[3] ?? 'gears,app,txpert,perturbnet,perturbnet-nb').split(','), seeds);
  process.exit(0);
}
const rows: string[][] = [];

/**
 * Each model trained as `train` does (default epochs, early stopping), one at a time, per seed:
 * the fit time, the epoch whose weights were kept (best validation) and the time it was reached,
 * and the all-test Pearson Δ beside the mean and linear baselines of the same run.
 */
async function converge(models: string[], seeds: number[]) {
  await tf.setBackend('wasm');
  const reader = await openH5adPath(join(root, 'public', 'data', 'demo.h5ad'));
  const ds = loadPerturbDataset(reader);
  const go = await loadGoAsset();
  const out: string[][] = [];
  const totals = new Map<number, number>();
  for (const id of models)
    for (const seed of seeds) {
      const split = makeSplit(ds.conditions, 'simulation', seed);
      const epochsSeen: { epoch: number; epochs: number; val: number | null; seconds: number }[] = [];
      const ev = await evaluateModels(reader, ds, split, {
        models: [id],
        seed,
        backend: 'wasm',
        go: async () => go,
        genotype: () => loadGenotypeVae(go),
        onProgress: (m, p) =>
          m === id &&
          epochsSeen.push({ epoch: p.epoch, epochs: p.epochs, val: p.validationMetric, seconds: p.seconds }),
      });
      const r = ev.results.find((x) => x.model === id)!;
      const base = (m: string) => ev.results.find((x) => x.model === m)!.subsets.all_test!.pearson_delta.toFixed(3);
      // The kept epoch: the first with the lowest validation score (1 − Pearson Δ), as the loop keeps it.
      let best = epochsSeen[0];
      for (const e of epochsSeen) if ((e.val ?? Infinity) < (best.val ?? Infinity) - 1e-9) best = e;
      const last = epochsSeen.at(-1)!;
      totals.set(seed, (totals.get(seed) ?? 0) + r.train_seconds);
      out.push([
        id,
        String(seed),
        r.train_seconds.toFixed(1),
        `${last.epoch} of ${last.epochs}`,
        (last.seconds / last.epoch).toFixed(2),
        best ? `${best.epoch} (${best.seconds.toFixed(1)} s)` : '—',
        r.subsets.all_test!.pearson_delta.toFixed(3),
        base('mean'),
        base('linear'),
      ]);
      console.log(`  … ${out.at(-1)!.join('  ')}`);
      ev.models.forEach((m) => m.dispose());
    }
  reader.close();
  const head = [
    'model (demo, simulation split, Node WASM)',
    'seed',
    'fit s',
    'epochs run',
    's/epoch',
    'best val epoch (at)',
    'all_test Pearson Δ',
    'mean baseline',
    'linear baseline',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...out.map((r) => r[i].length)));
  for (const r of [head, ...out]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
  for (const [seed, t] of totals) console.log(`seed ${seed}: ${models.join(' + ')} fitted in ${t.toFixed(1)} s`);
}

/**
 * One evaluation of `models` (with every baseline) on one thread, then the same with a helper
 * thread fitting models meanwhile: the wall time of each, the ratio, and each model's score both ways.
 */
async function parallel(models: string[], seed: number, epochs?: number) {
  await tf.setBackend('wasm');
  const reader = await openH5adPath(join(root, 'public', 'data', 'demo.h5ad'));
  const ds = loadPerturbDataset(reader);
  const go = await loadGoAsset();
  const split = makeSplit(ds.conditions, 'simulation', seed);
  const run = async (thread?: FitThread) => {
    const t0 = performance.now();
    const at = () => ((performance.now() - t0) / 1000).toFixed(1);
    // When each model started and was scored, and where it trained: the run's timeline.
    const span = new Map<string, string>();
    const inHelper = new Set<string>();
    const ev = await evaluateModels(reader, ds, split, {
      models,
      seed,
      epochs,
      backend: 'wasm',
      go: async () => go,
      genotype: () => loadGenotypeVae(go),
      helpers: thread && [{ fit: (id, view, opts, query) => (inHelper.add(id), thread.fit(id, view, opts, query)) }],
      onStep: (step, _done, _total, running) => {
        if (running.includes(step)) span.set(step, at());
        else if (span.has(step)) span.set(step, `${span.get(step)}–${at()} s${inHelper.has(step) ? ' (helper)' : ''}`);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`  timeline: ${[...span].map(([m, t]) => `${m} ${t}`).join(', ')}; done at ${at()} s`);
    ev.models.forEach((m) => m.dispose());
    return { seconds, results: ev.results };
  };
  const one = await run();
  console.log(`one at a time: ${one.seconds.toFixed(1)} s`);
  const thread = startFitThread(() => tf.getBackend());
  const two = await run(thread);
  await thread.close();
  console.log(`two at a time: ${two.seconds.toFixed(1)} s`);
  const score = (rs: typeof one.results, m: string) => rs.find((r) => r.model === m)!.subsets.all_test!.pearson_delta;
  console.log(
    `model (demo, simulation split, seed ${seed}, Node WASM)  fit s one / two at a time  all_test Pearson Δ one / two`,
  );
  for (const m of models) {
    const [a, b] = [one, two].map((x) => x.results.find((r) => r.model === m)!);
    console.log(
      `${m.padEnd(14)}  ${a.train_seconds.toFixed(1)} / ${b.train_seconds.toFixed(1)} s  ${score(one.results, m).toFixed(4)} / ${score(two.results, m).toFixed(4)}`,
    );
  }
  console.log(
    `whole evaluation (${models.join(', ')} and the baselines): ${one.seconds.toFixed(1)} s one at a time, ${two.seconds.toFixed(1)} s two at a time: ${(one.seconds / two.seconds).toFixed(2)}×`,
  );
  reader.close();
}

/**
 * The same comparison through the app in Chromium (WASM, the page's own worker and helper workers):
 * from the click on "Train and evaluate" to the leaderboard, with 1 and then 2 models at once, and
 * each model's all_test Pearson Δ read from the leaderboard's CSV.
 */
async function parallelInChromium(models: string[], seed: number, epochs?: number) {
  const server = await preview({ root, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  const url = server.resolvedUrls!.local[0];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_ARGS });
  const runs: { atOnce: number; seconds: number; scores: Map<string, string> }[] = [];
  for (const atOnce of [1, 2]) {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByTestId('file-name').waitFor();
    await page.waitForSelector('[data-testid=backend-status]', { timeout: 120_000 });
    if ((await page.getByTestId('backend-select').inputValue()) !== 'wasm') {
      await page.getByTestId('backend-select').selectOption('wasm');
      await page.waitForSelector('[data-testid=backend-status][data-active=wasm]', { timeout: 120_000 });
    }
    await page.getByTestId('at-once').selectOption(String(atOnce));
    for (const m of models) await page.getByTestId(`model-${m}`).check();
    await page.getByTestId('seed').fill(String(seed));
    if (epochs) await page.getByTestId('epochs').fill(String(epochs));
    // The run's timeline, read from the status line: which models train from when to when.
    await page.evaluate(() => {
      const w = window as unknown as { timeline: [number, string][] };
      w.timeline = [];
      const t0 = performance.now();
      let last = '';
      // Polled a few times a second: an observer of the page's every change would cost the run time.
      const poll = setInterval(() => {
        const text = document.querySelector('[data-testid=eval-status]')?.textContent ?? '';
        const many = /^training \d+ models at once \([^)]*\): (.*)$/.exec(text);
        const one = /^training (\S+) \(/.exec(text);
        const now = many
          ? many[1]
              .split('; ')
              .map((m) => m.split(',')[0])
              .join(' ')
          : one
            ? one[1]
            : text
              ? '-'
              : '';
        if (now !== last) w.timeline.push([(performance.now() - t0) / 1000, (last = now)]);
        if (document.querySelector('[data-testid=leaderboard]')) clearInterval(poll);
      }, 100);
    });
    const cpu0 = chromiumCpu();
    const t0 = Date.now();
    await page.getByTestId('evaluate').click();
    await page.getByTestId('leaderboard').waitFor({ timeout: 3_600_000 });
    const seconds = (Date.now() - t0) / 1000;
    const timeline = await page.evaluate(() => (window as unknown as { timeline: [number, string][] }).timeline);
    console.log(`  timeline: ${timelineSpans(timeline, seconds)}`);
    const cpu1 = chromiumCpu();
    console.log(
      cpu1.size
        ? `  CPU s by process: ${[...cpu1].map(([k, v]) => `${k} ${(v - (cpu0.get(k) ?? 0)).toFixed(1)}`).join(', ')}`
        : `  CPU s by process: not measured (no process of ${CHROMIUM_BINARY} under /proc)`,
    );
    const download = page.waitForEvent('download');
    await page.getByTestId('export-leaderboard').click();
    const csv = await (await download).createReadStream().then(
      (stream) =>
        new Promise<string>((resolve) => {
          let text = '';
          stream.on('data', (d: Buffer) => (text += d.toString()));
          stream.on('end', () => resolve(text));
        }),
    );
    // Labels hold commas ("TxPert (GATv2, gated graphs)"): fields are split outside quotes.
    const [head, ...lines] = csv
      .trim()
      .split('\n')
      .map((l) => [...l.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]).slice(0, -1));
    const col = head.indexOf('pearson_delta');
    const scores = new Map(
      lines.filter((l) => /all/i.test(l[head.indexOf('subset')])).map((l) => [l[0], Number(l[col]).toFixed(4)]),
    );
    runs.push({ atOnce, seconds, scores });
    console.log(
      `  … ${atOnce} at once: ${seconds.toFixed(1)} s. ${await page.getByTestId('train-times').textContent()}`,
    );
    await page.close();
  }
  await browser.close();
  await new Promise<void>((r) => server.httpServer.close(() => r()));
  console.log(`model (demo, simulation split, seed ${seed}, Chromium WASM)  all_test Pearson Δ 1 / 2 at once`);
  for (const m of models) console.log(`${m.padEnd(14)}  ${runs[0].scores.get(m)} / ${runs[1].scores.get(m)}`);
  console.log(
    `whole evaluation in the page (${models.join(', ')} and the baselines): ${runs[0].seconds.toFixed(1)} s one at a time, ${runs[1].seconds.toFixed(1)} s two at a time: ${(runs[0].seconds / runs[1].seconds).toFixed(2)}×`,
  );
}

/** CPU seconds (user + system) so far of Chromium's processes, summed by process type (Linux). */
function chromiumCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith(CHROMIUM_BINARY)) continue;
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(type, (out.get(type) ?? 0) + (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // gone
    }
  }
  return out;
}

/** Each model's span, from the status line's changes ([seconds, models training then]). */
function timelineSpans(changes: [number, string][], end: number): string {
  const spans = new Map<string, [number, number]>();
  changes.forEach(([t, now], k) => {
    const next = changes[k + 1]?.[0] ?? end;
    for (const m of now.split(' ').filter((m) => m && m !== '-')) spans.set(m, [spans.get(m)?.[0] ?? t, next]);
  });
  return `${[...spans].map(([m, [a, b]]) => `${m} ${a.toFixed(1)}–${b.toFixed(1)} s`).join(', ')}; done at ${end.toFixed(1)} s`;
}

async function normanScale(seeds: number[]) {
  await tf.setBackend('wasm');
  const reader = await openH5adPath(join(root, 'public', 'data', 'demo.h5ad'));
  const demo = loadPerturbDataset(reader);
  reader.close();
  const go = await loadGoAsset();
  const ds = normanScreen(demo, 5000);
  for (const seed of seeds) {
    const split = makeSplit(ds.conditions, 'simulation', seed);
    // Co-expression needs cells, which a synthetic screen of means has not: GEARS lays it as self-loops.
    const graphs = graphsForSplit(new Set(['GO']), ds, split, go, null);
    const view = trainingView(ds, split, graphs);
    const test = split.test.map((n) => ds.conditions.find((c) => c.name === n)!);
    const score = async (m: ReturnType<typeof createModel>) => {
      const pred = await m.predict(test.map((c) => c.genes));
      return test.reduce((s, c, i) => s + pearson(pred[i], c.delta), 0) / test.length;
    };
    const mean = createModel('mean');
    await mean.fit(view, { seed });
    const gears = createModel('gears');
    let last = { epoch: 0, epochs: 0 };
    let best = { epoch: 0, seconds: 0, score: Infinity };
    const curve: string[] = [];
    const rep = await gears.fit(view, {
      seed,
      onProgress: (p) => {
        last = p;
        curve.push((1 - (p.validationMetric ?? 1)).toFixed(3));
        if ((p.validationMetric ?? Infinity) < best.score)
          best = { epoch: p.epoch, seconds: p.seconds, score: p.validationMetric! };
      },
    });
    console.log(
      `Norman-scale synthetic (5,000 genes, ${ds.conditions.length} conditions, ${view.train.length} training), seed ${seed}: ` +
        `GEARS fitted in ${rep.seconds.toFixed(1)} s (${last.epoch} of ${last.epochs} epochs, ${(rep.seconds / last.epoch).toFixed(2)} s/epoch; ` +
        `best validation at epoch ${best.epoch}, ${best.seconds.toFixed(1)} s), ` +
        `test Pearson Δ ${(await score(gears)).toFixed(3)}; mean baseline ${(await score(mean)).toFixed(3)}`,
    );
    console.log(`  validation Pearson Δ per epoch: ${curve.join(' ')}`);
    gears.dispose();
  }
}

/** Each model trained by the app on WebGPU, read from its status line and its loss-curve plot. */
async function inChromium(models: string[], software: boolean, epochs: string | null) {
  const server = await preview({ root, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  const url = server.resolvedUrls!.local[0];
  const args = software ? WEBGPU_ARGS : [...QUIET_ARGS, '--enable-unsafe-webgpu', '--enable-features=Vulkan'];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args });
  const out: string[][] = [];
  for (const model of models) {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByTestId('file-name').waitFor();
    await page.getByTestId('backend-select').selectOption('webgpu');
    await page.waitForSelector('[data-testid=backend-status][data-active=webgpu]', { timeout: 120_000 });
    const adapter = ((await page.getByTestId('backend-status').locator('span').first().getAttribute('title')) ?? '')
      .replace(/^GPU adapter: /, '')
      .replace(/\. Largest.*$/, '');
    await page.getByTestId(`model-${model}`).check();
    if (epochs) await page.getByTestId('epochs').fill(epochs);
    const t0 = Date.now();
    await page.getByTestId('evaluate').click();
    await page.getByTestId('leaderboard').waitFor({ timeout: 3_600_000 });
    const seconds = (Date.now() - t0) / 1000;
    // The validation curve (1 − Pearson Δ per epoch) as the page plotted it.
    const curve = await page.evaluate((id) => {
      const plot = document.querySelector('[data-testid=loss-curves]') as unknown as {
        data: { name: string; y: (number | null)[] }[];
      } | null;
      return plot?.data.find((t) => t.name === `${id} validation 1 − Pearson Δ`)?.y ?? [];
    }, model);
    let best = 0;
    curve.forEach((v, i) => v !== null && (curve[best] === null || v < curve[best]!) && (best = i));
    const perEpoch = curve.length ? seconds / curve.length : NaN;
    out.push([
      model,
      adapter.slice(0, 40),
      seconds.toFixed(1),
      String(curve.length),
      perEpoch.toFixed(2),
      curve.length ? `${best + 1} (≈ ${((best + 1) * perEpoch).toFixed(1)} s)` : '—',
    ]);
    console.log(`  … ${out.at(-1)!.join('  ')}`);
    await page.close();
  }
  await browser.close();
  await new Promise<void>((r) => server.httpServer.close(() => r()));
  const head = [
    'model (demo, app on WebGPU)',
    'adapter',
    'run s (incl. baselines)',
    'epochs',
    's/epoch',
    'best val epoch (at)',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...out.map((r) => r[i].length)));
  for (const r of [head, ...out]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
}

async function benchModels(
  label: string,
  ds: PerturbDataset,
  graphs: Map<string, GeneGraph>,
  backend: string,
  models: string[],
  epochs: number,
) {
  await tf.setBackend(backend);
  await tf.ready();
  const split = makeSplit(ds.conditions, 'simulation', 0);
  const view = trainingView(ds, split, graphs);
  const test = split.test.map((n) => ds.conditions.find((c) => c.name === n)!.genes);
  for (const id of models) {
    const m = createModel(id);
    let perEpoch: number | null = null;
    const rep = await m.fit(view, { seed: 0, epochs, onProgress: (p) => (perEpoch = p.seconds / p.epoch) });
    const t0 = performance.now();
    await m.predict(test);
    const latency = (performance.now() - t0) / test.length;
    rows.push([
      label,
      backend,
      id,
      rep.seconds.toFixed(2),
      String(rep.epochs),
      perEpoch === null ? '—' : (perEpoch as number).toFixed(3),
      latency.toFixed(3),
    ]);
    console.log(`  … ${rows[rows.length - 1].join('  ')}`);
    m.dispose();
  }
}

/** A 5,000-gene set with the demo's conditions, random sparse changes, for the cost of width. */
function synthetic(ds: PerturbDataset, nGenes: number): PerturbDataset {
  const rng = new Rng(3);
  const genes = [...ds.genes, ...Array.from({ length: nGenes - ds.genes.length }, (_, i) => `SYN${i}`)];
  const vec = () => Float64Array.from(genes, () => (rng.uniform() < 0.05 ? rng.normal() : 0));
  return {
    ...ds,
    genes,
    control: {
      nCells: ds.control.nCells,
      mean: Float64Array.from(genes, () => rng.uniform()),
      variance: new Float64Array(nGenes),
    },
    conditions: ds.conditions.map((c) => ({
      ...c,
      delta: vec(),
      mean: new Float64Array(nGenes),
      variance: new Float64Array(nGenes),
      t: new Float64Array(nGenes),
    })),
    topExpressed: Int32Array.from(genes.map((_, i) => i)),
  };
}

const reader = await openH5adPath(join(root, 'public', 'data', 'demo.h5ad'));
const ds = loadPerturbDataset(reader);
const go = await loadGoAsset();
const models = availableModels();
const needed = new Set(models.flatMap((m) => modelSpec(m).needs.graphs));
const graphs = graphsForSplit(needed, ds, makeSplit(ds.conditions, 'simulation', 0), go, reader);
reader.close();
await benchModels('demo (1,200 genes)', ds, graphs, 'wasm', models, epochs);
// Plain-JS CPU is the slow reference: a few epochs give its time per epoch.
await benchModels('demo (1,200 genes)', ds, graphs, 'cpu', ['linear', 'gears'], Math.min(epochs, 3));
const wide = synthetic(ds, 5000);
const wideGraphs = graphsForSplit(new Set(['GO']), wide, makeSplit(wide.conditions, 'simulation', 0), go, null);
await benchModels(
  'synthetic (5,000 genes)',
  wide,
  wideGraphs,
  'wasm',
  ['linear', 'gears', 'app', 'txpert'],
  Math.min(epochs, 3),
);

// The browser: the app itself, each neural model for a few epochs on each backend; seconds per epoch
// as the app reports it. A software WebGPU adapter is slow: it gets one epoch and a time limit.
const server = await preview({ root, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
const url = server.resolvedUrls!.local[0];
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_ARGS });
const BROWSER_RUNS: { backend: string; model: string; epochs: number; limitSeconds: number }[] = [
  ...['gears', 'app', 'txpert'].map((model) => ({ backend: 'wasm', model, epochs: 3, limitSeconds: 300 })),
  ...['app', 'txpert'].map((model) => ({ backend: 'webgpu', model, epochs: 1, limitSeconds: 150 })),
];
for (const run of BROWSER_RUNS) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByTestId('file-name').waitFor();
  await page.getByTestId('backend-select').selectOption(run.backend);
  await page.waitForSelector(`[data-testid=backend-status][data-active=${run.backend}]`, { timeout: 120_000 });
  await page.getByTestId(`model-${run.model}`).check();
  await page.getByTestId('epochs').fill(String(run.epochs));
  await page.getByTestId('evaluate').click();
  // Keep the last status that reports the model's time per epoch, until the leaderboard appears.
  let status = '';
  const t0 = Date.now();
  while (!(await page.getByTestId('leaderboard').isVisible()) && Date.now() - t0 < run.limitSeconds * 1000) {
    const now =
      (await page
        .getByTestId('eval-status')
        .textContent({ timeout: 1000 })
        .catch(() => '')) ?? '';
    if (new RegExp(`${run.model}.*s per epoch`).test(now)) status = now;
    await page.waitForTimeout(250);
  }
  const m = /([\d.]+) s per epoch/.exec(status);
  const finished = await page.getByTestId('leaderboard').isVisible();
  rows.push([
    'demo (1,200 genes), app in Chromium',
    run.backend === 'webgpu' ? 'webgpu (SwiftShader)' : run.backend,
    run.model,
    '—',
    String(run.epochs),
    m ? m[1] : finished ? 'n/a' : `> ${run.limitSeconds} (no epoch done)`,
    '—',
  ]);
  console.log(`  … ${rows[rows.length - 1].join('  ')}`);
  await page.close();
}
await browser.close();
await new Promise<void>((r) => server.httpServer.close(() => r()));

const head = ['data', 'backend', 'model', 'fit s', 'epochs', 's/epoch', 'predict ms/pert'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
