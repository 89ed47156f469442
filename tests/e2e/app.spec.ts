import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'generated');
const expected = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8'));
const bad: Record<string, string> = JSON.parse(readFileSync(join(FIXTURES, 'bad_expectations.json'), 'utf8'));

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
});

test('opens with the demo dataset summarised and marked semi-synthetic', async ({ page }) => {
  await page.goto('./');
  // First the file's outline, while its cells are still being read (a fresh profile keeps nothing).
  const reading = page.locator('[data-testid="summary"][aria-busy="true"]');
  await expect(reading.getByTestId('file-name')).toHaveText('demo.h5ad');
  await expect(reading.getByTestId('fact-values')).toHaveText('being read…');
  await expect(page.getByTestId('summary')).not.toHaveAttribute('aria-busy');
  await expect(page.getByTestId('synthetic-note')).toContainText('Semi-synthetic');
  await expect(page.getByTestId('fact-single-gene')).toHaveText('105');
  await expect(page.getByTestId('fact-two-gene')).toHaveText('131');
  await expect(page.getByTestId('fact-values')).toHaveText('counts');
  await expect(page.getByTestId('fact-control-reference')).toHaveText('matched on gem_group (4 strata)');
  await expect(page.getByTestId('condition-row')).toHaveCount(236);
  await page.getByTestId('condition-search').fill('KLF1');
  const rows = page.getByTestId('condition-row');
  await expect(rows.first()).toContainText('KLF1');
  await rows.first().click();
  await expect(page.getByTestId('condition-plot')).toContainText('KLF1');
});

test('a fixture chosen with the file picker is summarised', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  const e = expected('scperturb_dense_counts_gzip');
  await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'scperturb_dense_counts_gzip.h5ad'));
  await expect(page.getByTestId('file-name')).toHaveText('scperturb_dense_counts_gzip.h5ad');
  await expect(page.getByTestId('fact-cells')).toHaveText(String(e.n_obs));
  await expect(page.getByTestId('fact-perturbation-column')).toHaveText('perturbation');
  await expect(page.getByTestId('fact-control-cells')).toContainText(String(e.n_control_cells));
  await expect(page.getByTestId('synthetic-note')).toHaveCount(0);
});

test('a real screen is read without help: unmeasured targets, stimulation matched, guides checked', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'screen_ko_counts.h5ad'));
  await expect(page.getByTestId('file-name')).toHaveText('screen_ko_counts.h5ad');
  await expect(page.getByTestId('fact-perturbation-column')).toHaveText('perturbation');
  await expect(page.getByTestId('fact-targets')).toHaveText('20, of which 14 not measured');
  await expect(page.getByTestId('unmeasured-targets')).toContainText('ITK');
  await expect(page.getByTestId('fact-control-reference')).toHaveText('matched on perturbation_2 (2 strata)');
  await expect(page.getByTestId('covariate-perturbation_2')).toBeChecked();
  const guides = page.getByTestId('guide-agreement');
  await guides.locator('summary').click();
  await expect(guides).toContainText('ZAP70_1');
  await expect(guides.locator('tbody tr')).toHaveCount(20);
  // Untick the covariate: controls are pooled, and the page says so.
  await page.getByTestId('covariate-perturbation_2').click();
  await expect(page.getByTestId('fact-control-reference')).toHaveText('pooled control cells');
  await expect(page.getByTestId('control-reference')).toContainText('pooled');
  await expect(page.getByTestId('covariate-perturbation_2')).not.toBeChecked();
  await page.getByTestId('covariate-perturbation_2').click();
  await expect(page.getByTestId('fact-control-reference')).toHaveText('matched on perturbation_2 (2 strata)');
  // It trains from the page, and the leaderboard says which control reference it used.
  await page.getByTestId('split').selectOption('single');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('split-summary')).toContainText('matched on perturbation_2');
});

test('guide ids alone are mapped to their genes', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'screen_guides_only.h5ad'));
  await expect(page.getByTestId('fact-perturbation-column')).toHaveText('sgRNA');
  await expect(page.getByTestId('fact-single-gene')).toHaveText('20');
  await expect(page.getByTestId('guide-agreement')).toContainText('sgRNA');
});

test('a file dropped on the page is summarised', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  const bytes = readFileSync(join(FIXTURES, 'guides_csr_int_counts.h5ad')).toString('base64');
  const dt = await page.evaluateHandle((b64) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const d = new DataTransfer();
    d.items.add(new File([bin], 'guides_csr_int_counts.h5ad'));
    return d;
  }, bytes);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.getByTestId('file-name')).toHaveText('guides_csr_int_counts.h5ad');
  await expect(page.getByTestId('fact-perturbation-column')).toHaveText('gene');
  // Override: the guide column, with one control guide.
  await page.getByTestId('perturbation-key').selectOption('guide_id');
  await expect(page.getByTestId('fact-perturbation-column')).toHaveText('guide_id');
});

for (const [name, phrase] of Object.entries(bad)) {
  test(`bad input ${name} shows its message and the page stays usable`, async ({ page }) => {
    await page.goto('./');
    await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
    await page.getByTestId('file-input').setInputFiles(join(FIXTURES, `${name}.h5ad`));
    await expect(page.getByTestId('error')).toContainText(phrase);
    await expect(page.getByTestId('error')).toContainText('What to do');
    await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
    await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'gears_csr_lognorm.h5ad'));
    await expect(page.getByTestId('file-name')).toHaveText('gears_csr_lognorm.h5ad');
  });
}

test('gene symbols and labels from a file are shown as text, never as markup', async ({ page }) => {
  let alerted = false;
  page.on('dialog', async (d) => {
    alerted = true;
    await d.dismiss();
  });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'hostile_labels.h5ad'));
  await expect(page.getByTestId('condition-row').first()).toContainText('<img src=x onerror=alert(1)>');
  await page.getByTestId('condition-row').first().click();
  await expect(page.getByTestId('condition-plot')).toContainText('<img');
  expect(await page.locator('img').count()).toBe(0);
  expect(alerted).toBe(false);
});

test('WASM is the default without a real GPU; WebGPU initialises in the worker on SwiftShader', async ({ page }) => {
  await page.goto('./');
  const status = page.getByTestId('backend-status');
  await expect(status).toHaveAttribute('data-active', 'wasm');
  expect(Number(await status.getAttribute('data-selftest'))).toBeLessThan(1e-3);
  // Plain words on the page; the adapter and the measured difference in its tooltip.
  await expect(status).toContainText(
    /Computing on the CPU \(WebAssembly\), (one thread|\d+ threads) per model, results checked/,
  );
  await expect(status.locator('[title]')).toHaveAttribute('title', /software/i);
  await page.getByTestId('backend-select').selectOption('webgpu');
  await expect(status).toHaveAttribute('data-active', 'webgpu', { timeout: 90_000 });
  expect(Number(await status.getAttribute('data-selftest'))).toBeLessThan(1e-3);
  await page.getByTestId('backend-select').selectOption('wasm');
  await expect(status).toHaveAttribute('data-active', 'wasm');
});

test('a second visit shows the demo summary kept in the browser, the same as computed, and reads the file when a view needs cells', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await expect(page.getByTestId('summary')).not.toHaveAttribute('aria-busy');
  const facts = async () => (await page.locator('[data-testid^="fact-"]').allTextContents()).join('|');
  const computed = await facts();
  const rows = await page.getByTestId('condition-row').count();
  // The first visit keeps its computed dataset (written after the summary shows).
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const req = indexedDB.open('perturbscope');
            req.onsuccess = () => {
              const db = req.result;
              if (!db.objectStoreNames.contains('datasets')) return resolve(0);
              const count = db.transaction('datasets').objectStore('datasets').count();
              count.onsuccess = () => resolve(count.result);
            };
          }),
      ),
    )
    .toBe(1);
  let demoRequested = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/data/demo.h5ad') && !demoRequested) demoRequested = Date.now();
  });
  await page.reload();
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  // The summary says where it came from; the file was not needed for it (it may be read meanwhile
  // when the store is slow to answer, and is read right after for views that need cells).
  await expect(page.getByTestId('summary-kept')).toContainText('kept in this browser');
  expect(await facts()).toBe(computed);
  await expect(page.getByTestId('condition-row')).toHaveCount(rows);
  // The file is still read when a view needs cells: the graph's co-expression layer.
  await page.getByTestId('layer-co-expression').check();
  await expect(page.getByTestId('layer-co-expression')).toBeChecked();
  await expect.poll(() => demoRequested).toBeGreaterThan(0);
});

test('the URL holds the view: a reload shows the same condition, Back and Forward walk the choices', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  const row = (name: string) =>
    page
      .getByTestId('condition-row')
      .filter({ has: page.locator('td', { hasText: new RegExp(`^${name.replace(/[+]/g, '\\+')}$`) }) });
  await row('KLF1+ctrl').click();
  await expect(page).toHaveURL(/[?&]condition=KLF1%2Bctrl/);
  await expect(row('KLF1+ctrl')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('split').selectOption('combo_seen2');
  await expect(page).toHaveURL(/split=combo_seen2/);
  await row('CEBPA+ctrl').click();
  await expect(page).toHaveURL(/condition=CEBPA%2Bctrl/);
  await page.reload();
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await expect(row('CEBPA+ctrl')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('split')).toHaveValue('combo_seen2');
  await expect(page.getByTestId('condition-plot')).toContainText('CEBPA');
  await page.goBack();
  await expect(row('KLF1+ctrl')).toHaveAttribute('aria-selected', 'true');
  await page.goForward();
  await expect(row('CEBPA+ctrl')).toHaveAttribute('aria-selected', 'true');
  // A link to a file's view says what to open: links cannot carry files.
  await page.goto('./?file=screen.h5ad&bytes=1234&condition=ZAP70');
  await expect(page.getByTestId('link-notice')).toContainText('open that file');
  // Meanwhile the demo stays usable and its URL follows what the user does.
  await row('KLF1+ctrl').click();
  await expect(page).toHaveURL(/data=demo&condition=KLF1%2Bctrl/);
  await expect(page.getByTestId('link-notice')).toBeVisible();
});

test('the URL holds the graph settings and the open panel: a fresh page at that URL draws the same graph', async ({
  page,
}) => {
  await page.goto('./?data=demo&condition=KLF1%2Bctrl');
  const graph = page.getByTestId('graph-view');
  await expect(graph).toHaveAttribute('data-condition', 'KLF1+ctrl');
  await page.getByTestId('layer-co-expression').check();
  await page.getByTestId('hops').selectOption('2');
  await page.getByTestId('gene-search').fill('GATA1');
  await page.getByTestId('gene-search').press('Enter');
  await page.locator('[data-testid="go-form"] summary').click();
  await expect(page).toHaveURL(/layers=GO&layers=co-expression&hops=2&gene=GATA1&panel=custom-go/);
  await expect(graph).toHaveAttribute('data-seeds', 'GATA1');
  const nodes = await graph.getAttribute('data-nodes');
  const url = page.url();

  const fresh = await page.context().newPage();
  await fresh.goto(url);
  const again = fresh.getByTestId('graph-view');
  await expect(again).toHaveAttribute('data-seeds', 'GATA1');
  await expect(again).toHaveAttribute('data-nodes', nodes!);
  await expect(fresh.getByTestId('layer-co-expression')).toBeChecked();
  await expect(fresh.getByTestId('hops')).toHaveValue('2');
  await expect(fresh.locator('[data-testid="go-form"]')).toHaveAttribute('open', '');
  // Choosing another condition re-centres the graph on its genes; the search stays with KLF1+ctrl.
  await fresh
    .getByTestId('condition-row')
    .filter({ has: fresh.locator('td', { hasText: /^CEBPA\+ctrl$/ }) })
    .click();
  await expect(again).toHaveAttribute('data-seeds', 'CEBPA');
  await expect(fresh).not.toHaveURL(/gene=/);
});

test('a phone-wide screen (390 px) never scrolls sideways, before and after training: wide tables scroll in their panels', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 120_000 });
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  // The leaderboard is wider than the screen: it scrolls within its panel.
  const scrolls = await page
    .getByTestId('leaderboard')
    .evaluate((t) => [t, t.closest('.scroll-x')!].some((e) => e.scrollWidth > e.clientWidth));
  expect(scrolls).toBe(true);
});

test('follows the system’s dark scheme: panels and figures', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto('./');
  await expect(page.getByTestId('summary')).not.toHaveAttribute('aria-busy');
  const luminance = (rgb: string) => {
    const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  const panel = await page.getByTestId('summary').evaluate((e) => getComputedStyle(e).backgroundColor);
  const text = await page.getByTestId('summary').evaluate((e) => getComputedStyle(e).color);
  expect(luminance(panel)).toBeLessThan(0.2);
  expect(luminance(text)).toBeGreaterThan(0.8);
  // The first plot is drawn on the panel's colour, not Plotly's white.
  const plotBg = page.locator('[data-testid="condition-plot"] .main-svg').first();
  await expect(plotBg).toBeVisible();
  const paper = await plotBg.evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(luminance(paper)).toBeLessThan(0.2);
  await context.close();
});
