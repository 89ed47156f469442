import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mutate, type MutationKind } from '../fuzz/mutate';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'generated');

/** A damaged copy of a fixture, as the fuzz suite makes it (tests/fuzz/mutate.ts). */
function damaged(name: string, kind: MutationKind, seed: number) {
  const bytes = mutate(new Uint8Array(readFileSync(join(FIXTURES, `${name}.h5ad`))), kind, seed).bytes;
  return { name: `damaged_${name}.h5ad`, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) };
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
});

async function demoStillWorks(page: import('@playwright/test').Page) {
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await expect(page.getByTestId('summary')).not.toHaveAttribute('aria-busy');
  await page.getByTestId('condition-search').fill('KLF1');
  await page.getByTestId('condition-row').first().click();
  await expect(page.getByTestId('condition-plot')).toContainText('KLF1');
  // The new worker has its compute backend too.
  await expect(page.getByTestId('backend-status')).toBeVisible({ timeout: 30_000 });
}

test('a file on which HDF5 aborts is refused in one message; the reader restarts and the demo is back', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('summary')).not.toHaveAttribute('aria-busy');
  // Zeroed bytes in the gene names' heap: HDF5 stops with a native abort (seen in the fuzz suite).
  await page.getByTestId('file-input').setInputFiles(damaged('scperturb_dense_counts_gzip', 'zero', 1));
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'reader-crashed');
  await expect(error).toContainText('damaged_scperturb_dense_counts_gzip.h5ad is damaged');
  await expect(error).toContainText('The file reader was restarted and the demo opened again.');
  await expect(page.getByTestId('error-heading')).toHaveText('The file reader stopped.');
  await demoStillWorks(page);
});

test('a file on which HDF5 hangs is given up on after 30 s; the reader restarts and the demo is back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await expect(page.getByTestId('summary')).not.toHaveAttribute('aria-busy');
  // Zeroed bytes that make HDF5 loop for ever while reading the gene names (seen in the fuzz suite).
  await page.getByTestId('file-input').setInputFiles(damaged('csc_float64_counts', 'zero', 5));
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'reader-crashed', { timeout: 60_000 });
  await expect(error).toContainText('HDF5 stopped responding while reading');
  await expect(error).toContainText('damaged_csc_float64_counts.h5ad');
  await demoStillWorks(page);
});
