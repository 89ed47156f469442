import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

// The built site served as plain files under a deep sub-path, by a server with no SPA fallback.
const DIST = join(import.meta.dirname, '..', '..', 'dist');
const PREFIX = '/labs/perturbscope/v1/';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};
test.use({ serviceWorkers: 'allow' });

let server: Server;
let base = '';
/** Appended to sw.js: a changed service worker is what a new deployment looks like to the browser. */
let swSuffix = '';

test.beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    const rel = normalize(url.pathname.slice(PREFIX.length) || 'index.html');
    try {
      let body = await readFile(join(DIST, rel));
      if (rel === 'sw.js' && swSuffix) body = Buffer.concat([body, Buffer.from(swSuffix)]);
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`;
});

test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

test('the built site works from a sub-path and asks nothing of the network', async ({ page }) => {
  const foreign: string[] = [];
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname !== '127.0.0.1' && u.protocol !== 'data:' && u.protocol !== 'blob:') {
      foreign.push(u.href);
      return route.abort();
    }
    return route.continue();
  });
  await page.goto(base);
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await expect(page.getByTestId('backend-status')).toHaveAttribute('data-active', 'wasm');
  await page.getByTestId('condition-row').first().click();
  await expect(page.getByTestId('condition-plot')).toBeVisible();
  expect(foreign).toEqual([]);
});

test('after one visit it opens and trains offline from the sub-path, and is installable', async ({ page, context }) => {
  await page.goto(base);
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  // The service worker has precached the shell, the WASM files and the data.
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 90_000 });
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel="manifest"]')!.getAttribute('href')!;
    return (await fetch(href)).json();
  });
  expect(manifest).toMatchObject({ name: 'Perturbscope', display: 'standalone', start_url: '.' });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await page.getByTestId('split').selectOption('simulation');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 90_000 });
  // Nine models in eight rows: Additive and TxPert's general baseline predict unseen conditions alike.
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(8);
  await expect(page.locator('[data-testid="leaderboard-row"][data-same-as="general"]')).toHaveCount(1);
  await context.setOffline(false);
});

test('a new deployment is offered as a reload, not forced on the open page', async ({ page }) => {
  swSuffix = '';
  await page.goto(base);
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 90_000 });
  swSuffix = '\n// the next version\n';
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  const prompt = page.getByTestId('update-prompt');
  await expect(prompt).toContainText('A new version of Perturbscope is available', { timeout: 60_000 });
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  swSuffix = '';
});
