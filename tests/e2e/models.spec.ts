import { expect, test } from '@playwright/test';

test('baselines train in the worker; the leaderboard, the scatter plot and the graph colouring follow', async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('split').selectOption('simulation');
  await page.getByTestId('evaluate').click();
  const board = page.getByTestId('leaderboard');
  await expect(board).toBeVisible({ timeout: 90_000 });
  const models = await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));
  expect([...models].sort()).toEqual(['additive', 'general', 'knn', 'linear', 'mean', 'nochange', 'split-half']);
  expect(await page.getByTestId('best-cell').count()).toBeGreaterThanOrEqual(9);
  await expect(page.getByTestId('split-summary')).toContainText(/\d+ test conditions/);

  // A test condition of the split: its row carries a subset tag.
  const row = page.getByTestId('condition-row').filter({ hasText: /unseen|seen \d\/2/ }).first();
  await row.click();
  await page.getByTestId('leaderboard-row').filter({ hasText: 'Linear' }).click();
  const scatter = page.getByTestId('scatter');
  await expect(scatter).toHaveAttribute('data-model', 'linear');
  expect(Math.abs(Number(await scatter.getAttribute('data-pearson')))).toBeLessThanOrEqual(1);
  await page.getByTestId('graph-colour').selectOption('model');
  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-coloured-by', 'linear prediction');
  await expect(page.getByTestId('graph-legend')).toContainText('linear prediction');
});

test('GEARS trains in the browser beside the baselines, with live loss curves', async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('model-gears').check();
  await page.getByTestId('epochs').fill('3');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('eval-status')).toContainText(/gears.*epoch \d\/3.*s per epoch/, { timeout: 120_000 });
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 180_000 });
  const models = await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));
  expect([...models].sort()).toEqual(['additive', 'gears', 'general', 'knn', 'linear', 'mean', 'nochange', 'split-half']);
  await expect(page.getByTestId('loss-curves')).toHaveAttribute('data-points', '3');
  const row = page.getByTestId('condition-row').filter({ hasText: /unseen|seen \d\/2/ }).first();
  await row.click();
  await page.getByTestId('leaderboard-row').filter({ hasText: 'GEARS' }).click();
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-model', 'gears');
});
