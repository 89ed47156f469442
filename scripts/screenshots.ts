/**
 * Screenshots of the page as users see it: 1280×800 and 390 px wide, light and dark, on the demo,
 * before and after the baselines are trained. Run against a served build (`npx vite preview`):
 *   node --import ./cli/register-ts.mjs scripts/screenshots.ts [url] [out-dir]
 */
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { CHROMIUM_PATH, QUIET_ARGS } from '../tests/chromium';

const url = process.argv[2] ?? 'http://127.0.0.1:4173/';
const out = process.argv[3] ?? 'screenshots';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_ARGS });
for (const scheme of ['light', 'dark'] as const)
  for (const [name, width, height] of [
    ['wide', 1280, 800],
    ['phone', 390, 844],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
    await page.goto(url);
    await page.getByTestId('condition-row').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/${name}-${scheme}-start.png` });
    await page.screenshot({ path: `${out}/${name}-${scheme}-start-full.png`, fullPage: true });
    await page.getByTestId('evaluate').click();
    await page.getByTestId('leaderboard').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/${name}-${scheme}-trained.png` });
    await page.screenshot({ path: `${out}/${name}-${scheme}-trained-full.png`, fullPage: true });
    await page.getByTestId('models').screenshot({ path: `${out}/${name}-${scheme}-leaderboard.png` });
    await page.getByTestId('leaderboard-view').selectOption('all');
    await page.getByTestId('leaderboard').screenshot({ path: `${out}/${name}-${scheme}-leaderboard-all.png` });
    await page.getByTestId('leaderboard-view').selectOption('raw');
    await page.getByTestId('leaderboard').screenshot({ path: `${out}/${name}-${scheme}-leaderboard-raw.png` });
    await page.close();
  }
await browser.close();
