import { expect, test } from '@playwright/test';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'generated');

/**
 * Nothing leaves the machine: every request to another origin is blocked and recorded while a user
 * walks every view (a file of their own, training, leaderboard, plots, graph colouring, composer,
 * downloads), and none may be attempted.
 */
test('walks every view without a single request to another origin, fetches the demo once, and offers no cloud button', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const demoFetches: string[] = [];
  page.on('request', (r) => r.url().endsWith('/data/demo.h5ad') && demoFetches.push(r.url()));
  const violations: string[] = [];
  page.on('console', (m) => /Content Security Policy/.test(m.text()) && violations.push(m.text()));
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('condition-row').first().click();
  await expect(page.locator('.modebar-btn')).not.toHaveCount(0);
  // Plotly's modebar keeps the downloads only (PNG and SVG): no "send data to cloud", no Chart Studio.
  const titles = await page.locator('.modebar-btn').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-title')));
  expect(new Set(titles)).toEqual(new Set(['Download plot as a PNG', 'Download plot as an SVG']));
  await page.getByTestId('split').selectOption('simulation');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 90_000 });
  await page
    .getByTestId('condition-row')
    .filter({ hasText: /unseen|seen \d\/2/ })
    .first()
    .click();
  await page.getByTestId('leaderboard-row').filter({ hasText: 'Linear' }).click();
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-model', 'linear');
  await page.getByTestId('graph-colour').selectOption('model');
  await expect(page.getByTestId('graph-legend')).toContainText('linear prediction');
  await page.getByTestId('composer-genes').fill('CEBPA, KLF1');
  await page.getByTestId('composer-predict').click();
  await expect(page.getByTestId('composer-table')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.locator('.modebar-btn').first().click();
  await download;
  // Every pass over the demo (summary, graphs, training, split-half, plots) reads one copy of it.
  expect(demoFetches).toHaveLength(1);
  await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'screen_ko_counts.h5ad'));
  await expect(page.getByTestId('file-name')).toHaveText('screen_ko_counts.h5ad');
  await page.getByTestId('guide-agreement').locator('summary').click();
  await expect(page.getByTestId('guide-agreement')).toContainText('ZAP70');
  expect(foreign).toEqual([]);
  expect(violations).toEqual([]);
});

test('the built page carries a Content-Security-Policy that allows its own origin only', async ({ page }) => {
  await page.goto('./');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toMatch(/default-src 'self'/);
  expect(csp).toMatch(/connect-src 'self'[;]/);
  expect(csp).not.toMatch(/https?:/);
});
