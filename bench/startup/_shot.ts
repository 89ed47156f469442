import { chromium } from '@playwright/test';
import { staticHost } from './staticHost';
import { CHROMIUM_PATH, QUIET_ARGS } from '../../tests/chromium';
const host = await staticHost('dist', 4188);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_ARGS });
for (const [w, h, name, scheme] of [[1280, 800, 'wide', 'light'], [390, 800, 'narrow', 'dark']] as const) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: w, height: h }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto('http://127.0.0.1:4188/');
  await page.locator('[data-testid="summary"][aria-busy]').waitFor();
  await page.screenshot({ path: `/tmp/prof/outline-${name}.png` });
  await context.close();
}
await browser.close(); host.close();
