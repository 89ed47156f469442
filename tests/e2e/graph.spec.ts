import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { openH5adPath } from '../../src/node/openH5ad';
import { loadPerturbDataset } from '../../src/core/dataset/build';
import { coexpressionForDataset } from '../../src/core/graph/datasetGraphs';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'generated');

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
});

test('selecting a perturbation draws its neighbourhood in the GO graph', async ({ page }) => {
  const view = page.getByTestId('graph-view');
  await page.getByTestId('condition-search').fill('KLF1+ctrl');
  await page.getByTestId('condition-row').first().click();
  await expect(view).toHaveAttribute('data-condition', 'KLF1+ctrl');
  expect(Number(await view.getAttribute('data-nodes'))).toBeGreaterThan(5);
  expect(Number(await view.getAttribute('data-edges'))).toBeGreaterThan(5);
  // Readable by default: at most 60 genes, a few named, GO's links drawn as lines without arrows.
  expect(Number(await view.getAttribute('data-nodes'))).toBeLessThanOrEqual(60);
  expect(Number(await view.getAttribute('data-labelled'))).toBeLessThanOrEqual(16);
  await expect(view).toHaveAttribute('data-directed-edges', '0');
  const capped = Number(await view.getAttribute('data-nodes'));
  await page.getByTestId('max-nodes').selectOption('300');
  await page.getByTestId('hops').selectOption('2');
  await expect.poll(async () => Number(await view.getAttribute('data-nodes'))).toBeGreaterThan(capped);
  expect(Number(await view.getAttribute('data-nodes'))).toBeLessThanOrEqual(300);
  await expect(page.getByTestId('graph-legend')).toContainText('observed change');
  // Every gene in view can be reached from the keyboard through a list, strongest change first.
  const list = page.getByTestId('graph-gene-list');
  const options = await list.locator('option').allTextContents();
  expect(options.length).toBe(Number(await view.getAttribute('data-nodes')) + 1);
  expect(options[1]).toMatch(/^KLF1 \(perturbed\): /);
  await list.focus();
  await list.selectOption({ index: 2 });
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('graph-gene-list');
});

test('the co-expression layer is computed in the worker like the core computes it in Node', async ({ page }) => {
  // The same graph computed here, in Node, names the gene with the most co-expression partners.
  const reader = await openH5adPath(join(import.meta.dirname, '..', '..', 'public', 'data', 'demo.h5ad'));
  const ds = loadPerturbDataset(reader);
  const g = coexpressionForDataset(reader, ds);
  reader.close();
  let hub = 0;
  for (let v = 1; v < g.nodes.length; v++)
    if (g.indptr[v + 1] - g.indptr[v] > g.indptr[hub + 1] - g.indptr[hub]) hub = v;
  expect(g.indptr[hub + 1] - g.indptr[hub]).toBeGreaterThan(0);

  const view = page.getByTestId('graph-view');
  await page.getByTestId('condition-row').first().click();
  await expect(view).not.toHaveAttribute('data-condition', '');
  await page.getByTestId('layer-GO').uncheck();
  await page.getByTestId('layer-co-expression').check();
  await expect(page.getByTestId('layers')).toContainText(`co-expression (${g.src.length.toLocaleString('en-US')})`, {
    timeout: 60_000,
  });
  await page.getByTestId('gene-search').fill(g.nodes[hub]);
  await page.getByTestId('gene-search').press('Enter');
  await expect
    .poll(async () => Number(await view.getAttribute('data-edges')))
    .toBeGreaterThanOrEqual(g.indptr[hub + 1] - g.indptr[hub]);
});

test('gene search recentres the graph; PNG and SVG export download pictures', async ({ page }) => {
  const view = page.getByTestId('graph-view');
  await page.getByTestId('condition-row').first().click();
  await page.getByTestId('gene-search').fill('GATA1');
  await page.getByTestId('gene-search').press('Enter');
  await expect.poll(async () => Number(await view.getAttribute('data-nodes'))).toBeGreaterThan(1);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-png').click();
  const file = await (await download).path();
  const bytes = readFileSync(file!);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  const svgDownload = page.waitForEvent('download');
  await page.getByTestId('export-svg').click();
  const svg = readFileSync((await (await svgDownload).path())!, 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('GATA1');
  // The picture carries its title, colour scale and layers.
  expect(svg).toContain('Knowledge graph: ');
  expect(svg).toContain('<linearGradient id="scale">');
  expect(svg).toMatch(/<text[^>]*>GO<\/text>/);
  expect(svg).toContain('observed change from control');
});

test('an imported edge list becomes a layer and its unknown genes are reported', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-edges-'));
  const f = join(dir, 'my_edges.tsv');
  writeFileSync(f, 'gene_a\tgene_b\tweight\nKLF1\tGATA1\t0.9\nKLF1\tNOT_A_GENE\t0.5\n');
  await page.getByTestId('condition-search').fill('KLF1+ctrl');
  await page.getByTestId('condition-row').first().click();
  await page.getByTestId('edge-file').setInputFiles(f);
  await expect(page.getByTestId('graph-message')).toContainText('1 identifier(s) matched no gene');
  await expect(page.getByTestId('layer-my_edges')).toBeChecked();
  const bad = join(dir, 'bad.tsv');
  writeFileSync(bad, 'KLF1\tGATA1\t0.9\nKLF1\tGATA1\tx\n');
  await page.getByTestId('edge-file').setInputFiles(bad);
  await expect(page.getByTestId('graph-error')).toContainText('line 2');
});

test('a hostile gene symbol in the graph is drawn as text, not markup', async ({ page }) => {
  let alerted = false;
  page.on('dialog', async (d) => {
    alerted = true;
    await d.dismiss();
  });
  await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'hostile_labels.h5ad'));
  await expect(page.getByTestId('file-name')).toHaveText('hostile_labels.h5ad');
  await page.getByTestId('condition-row').first().click();
  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-condition', '<img src=x onerror=alert(1)>+ctrl');
  const box = await page.getByTestId('cy').boundingBox();
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  expect(await page.locator('img').count()).toBe(0);
  expect(alerted).toBe(false);
});

test('a custom GO graph (BP only, top 5, dataset genes) is computed on demand and added as a layer', async ({
  page,
}) => {
  await page.getByTestId('condition-search').fill('KLF1+ctrl');
  await page.getByTestId('condition-row').first().click();
  await page.getByTestId('go-form').locator('summary').click();
  await page.getByTestId('go-ont-MF').uncheck();
  await page.getByTestId('go-ont-CC').uncheck();
  await page.getByTestId('go-k').fill('5');
  await page.getByTestId('go-add').click();
  const layer = page.getByTestId('layer-GO BP k=5 >0.1 (dataset)');
  await expect(layer).toBeChecked({ timeout: 60_000 });
  const label = await page.getByTestId('layers').textContent();
  const edges = Number(/GO BP k=5 >0\.1 \(dataset\) \(([\d,]+)\)/.exec(label!)![1].replace(/,/g, ''));
  // At most 5 neighbours per gene over the measured genes (+ unmeasured perturbed genes).
  expect(edges).toBeGreaterThan(0);
  expect(edges).toBeLessThanOrEqual(5 * 1210);
});

test('an imported graph can place genes for GO ridge and GO kNN, and the leaderboard names it', async ({ page }) => {
  // The demo's regulatory network as a lab would export it: a signed TF–target table.
  const truth = JSON.parse(
    gunzipSync(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'data', 'demo.truth.json.gz'))).toString(),
  );
  const f = join(mkdtempSync(join(tmpdir(), 'ps-network-')), 'network.tsv');
  writeFileSync(
    f,
    [
      'source\ttarget\tweight',
      ...truth.network.map(
        (e: { source: string; target: string; weight: number }) => `${e.source}\t${e.target}\t${e.weight}`,
      ),
    ].join('\n'),
  );
  // GO terms place the genes until a graph is imported: no choice to offer before.
  await expect(page.getByTestId('embedding')).toHaveCount(0);
  await page.getByTestId('condition-row').first().click();
  await page.getByTestId('edge-file').setInputFiles(f);
  await expect(page.getByTestId('layer-network')).toBeChecked();
  await page.getByTestId('embedding').selectOption('network');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 120_000 });
  const ridge = page.locator('[data-testid="leaderboard-row"][data-model="go-ridge"]');
  await expect(ridge).toContainText('ridge on network');
  await expect(ridge.locator('th')).toHaveAttribute('title', /genes placed by the spectral embedding of network/);
  await expect(page.locator('[data-testid="leaderboard-row"][data-model="go-knn"]')).toContainText(
    'kNN (k = 5) on network',
  );
});

test('an idle graph asks for a few frames a second, and draws again when the view changes', async ({ page }) => {
  const view = page.getByTestId('graph-view');
  await page.getByTestId('condition-row').first().click();
  await expect.poll(async () => Number(await view.getAttribute('data-nodes'))).toBeGreaterThan(1);
  // Cytoscape's render loop, patched (patches/README.md), asked for 60 frames a second forever. It
  // looks the function up at each call, so a wrapper put in now counts its requests.
  await page.evaluate(() => {
    const raf = window.requestAnimationFrame.bind(window);
    const w = window as unknown as { frames: number };
    w.frames = 0;
    window.requestAnimationFrame = (f) => (w.frames++, raf(f));
  });
  const frames = () => page.evaluate(() => (window as unknown as { frames: number }).frames);
  const pixels = () =>
    view.locator('canvas').evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()).join());
  await page.waitForTimeout(1500);
  const before = await pixels();
  const f0 = await frames();
  await page.waitForTimeout(2000);
  // 4 a second while idle (60 a second before the patch: ~120 here).
  expect((await frames()) - f0).toBeLessThan(30);
  expect(await pixels()).toBe(before);
  await page.getByTestId('gene-search').fill('GATA1');
  await page.getByTestId('gene-search').press('Enter');
  await expect.poll(pixels).not.toBe(before);
});
