import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

// The built site served as plain files under a deep sub-path, by a server with no SPA fallback.
const DIST = join(import.meta.dirname, '..', '..', 'dist');
const PREFIX = '/labs/perturbscope/v1/';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };
let server: Server;
let base = '';

test.beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    const rel = normalize(url.pathname.slice(PREFIX.length) || 'index.html');
    try {
      const body = await readFile(join(DIST, rel));
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
