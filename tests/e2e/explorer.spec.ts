import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';

/** Serious and critical accessibility violations on the page as it stands, with where they are. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('a first visit says what the data are and how to start; training moves the view to a test condition', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  const start = page.getByTestId('start-here');
  await expect(start).toContainText(/236 perturbations \(105 single genes, 131 pairs\) in 20,007 cells/);
  // The train action is on the first screen.
  const train = page.getByTestId('start-train');
  const box = (await train.boundingBox())!;
  expect(box.y + box.height).toBeLessThan(800);
  expect(await seriousViolations(page)).toEqual([]);

  // The condition list works from the keyboard: Tab reaches the selected row, arrows move it.
  const selected = page.locator('[data-testid="condition-row"][aria-selected="true"]');
  await expect(selected).toHaveAttribute('tabindex', '0');
  await selected.focus();
  const first = await selected.locator('td').first().textContent();
  await page.keyboard.press('ArrowDown');
  await expect(selected.locator('td').first()).not.toHaveText(first!);
  await expect(selected).toBeFocused();

  // Opening a file works from the keyboard too.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open .h5ad…' }).focus();
  await page.keyboard.press('Enter');
  expect((await chooser).isMultiple()).toBe(false);

  await train.click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 120_000 });
  // Predictions exist for test conditions: the selection moved to one, and its scatter shows.
  await expect(page.getByTestId('scatter')).toBeVisible();
  await expect(selected.locator('td').nth(2)).not.toHaveText('');
  await expect(start).toContainText(/perturbations were held out/);
  // The scatter says how to read it, is as tall as its content, and its toolbar stays out of the Tab order.
  await expect(page.getByTestId('scatter-how-to-read')).toContainText('Pearson r');
  const [scatterBox, modelsBox] = [
    (await page.getByTestId('scatter').boundingBox())!,
    (await page.getByTestId('models').boundingBox())!,
  ];
  expect(scatterBox.height).toBeLessThan(modelsBox.height);
  // Its two download buttons are always visible (none hidden in the Tab order) and named.
  const buttons = page.getByTestId('scatter').locator('.modebar-btn');
  await expect(buttons).toHaveCount(2);
  for (const b of await buttons.all()) {
    await expect(b).toBeVisible();
    expect(await b.getAttribute('data-title')).toMatch(/^Download plot as an? (PNG|SVG)/);
  }
  expect(
    await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="scatter"] .modebar')!).opacity),
  ).toBe('1');
  // From the perturbed centroid, the scatter takes the shared shift out of both axes and says so.
  await page.getByTestId('scatter-reference').selectOption('centroid');
  await expect(page.getByTestId('scatter').locator('.gtitle')).toContainText('from the centroid');
  await expect(page.getByTestId('scatter').locator('.xtitle')).toHaveText('observed − centroid');
  await page.getByTestId('scatter-reference').selectOption('control');
  await expect(page.getByTestId('scatter').locator('.xtitle')).toHaveText('observed change');
  // The run's tables and figures download as files.
  const saved = async (click: () => Promise<void>) => {
    const d = page.waitForEvent('download');
    await click();
    const file = await d;
    return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
  };
  const board = await saved(() => page.getByTestId('export-leaderboard').click());
  expect(board.name).toBe('leaderboard-simulation-seed0.csv');
  expect(board.text.split('\r\n')[0]).toBe(
    'model,label,split,seed,subset,n,pearson_delta,pearson_delta_de20,mse,mse_de20,l2_top1000,r2,r2_de50,direction_de20,lfc_nmae,retrieval,pds_cosine,pearson_delta_pert,centroid_accuracy',
  );
  const csv = await saved(() => page.getByTestId('export-predictions-csv').click());
  expect(csv.name).toBe('predictions-demo-simulation-seed0.csv');
  expect(csv.text.split('\r\n')[0].split(',')).toHaveLength(3 + 1000);
  const h5ad = await saved(() => page.getByTestId('export-predictions-h5ad').click());
  expect(h5ad.name).toBe('predictions-demo-simulation-seed0.h5ad');
  expect(h5ad.text.slice(1, 4)).toBe('HDF');
  await page.getByTestId('scatter').hover();
  const svg = await saved(() => page.getByTestId('scatter').locator('[data-title="Download plot as an SVG"]').click());
  expect(svg.name).toBe('perturbscope-figure.svg');
  expect(svg.text).toContain('Pearson r');
  expect(svg.text).toContain('top-20 DE');
  const nTest = Number((await page.getByTestId('split-summary').textContent())!.match(/(\d+) test conditions/)![1]);
  await page.getByTestId('test-only').check();
  await expect(page.getByTestId('condition-row')).toHaveCount(nTest);
  await expect(page.getByTestId('how-to-read')).toContainText('split-half row');
  // The leaderboard fits 1280 px without a sideways scroll, and a model is chosen from the keyboard.
  expect(
    await page.getByTestId('leaderboard').evaluate((t) => t.parentElement!.scrollWidth <= t.parentElement!.clientWidth),
  ).toBe(true);
  await page.locator('[data-testid="leaderboard-row"][data-model="mean"] button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-model', 'mean');
  // A new run marks the results on screen as outdated until it lands.
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('stale-note')).toBeVisible();
  await expect(page.getByTestId('results')).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('results')).toHaveAttribute('data-stale', 'false', { timeout: 120_000 });
  expect(await seriousViolations(page)).toEqual([]);

  // Hidden, it stays hidden on the next visit, and comes back on request.
  await page.getByTestId('start-hide').click();
  await page.reload();
  await expect(page.getByTestId('start-show')).toBeVisible();
  await expect(start).toHaveCount(0);
  await page.getByTestId('start-show').click();
  await expect(start).toBeVisible();
});

test('the classroom tour walks through the page in eight steps, and can be closed and resumed', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('condition-plot')).toBeVisible();
  const title = page.locator('.driver-popover-title');
  await page.getByTestId('tour-start').click();
  await expect(title).toHaveText('Control and perturbed cells');
  await expect(page.locator('.driver-popover-progress-text')).toHaveText('Step 1 of 8');
  await page.keyboard.press('ArrowRight');
  await expect(title).toHaveText('Perturbations');
  await page.keyboard.press('Escape');
  await expect(title).toHaveCount(0);
  await expect(page.getByTestId('tour-start')).toHaveText('Resume the tour (step 2 of 8)');
  await page.reload();
  await page.getByTestId('tour-start').click();
  await expect(title).toHaveText('Perturbations');
  for (const next of [
    'The change Δ and the top DE genes',
    'The knowledge graph',
    'Baselines and the ceiling',
    'Training a graph neural network, live',
    'Unseen genes and pairs',
    'The composer',
  ]) {
    await page.locator('.driver-popover-next-btn').click();
    await expect(title).toHaveText(next);
  }
  await page.locator('.driver-popover-next-btn').click();
  await expect(title).toHaveCount(0);
  await expect(page.getByTestId('tour-start')).toHaveText('Take the tour');
});
