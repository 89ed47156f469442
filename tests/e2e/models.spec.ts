import { expect, test } from '@playwright/test';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'generated');

test('baselines train in the worker; the leaderboard, the scatter plot and the graph colouring follow', async ({
  page,
}) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('split').selectOption('simulation');
  await page.getByTestId('evaluate').click();
  const board = page.getByTestId('leaderboard');
  await expect(board).toBeVisible({ timeout: 90_000 });
  const models = await page.getByTestId('leaderboard-row').evaluateAll((rows) =>
    // A row may stand for models that predicted alike (data-same-as): every model is listed.
    rows.flatMap((r) => [r.getAttribute('data-model'), ...(r.getAttribute('data-same-as')?.split(',') ?? [])]),
  );
  expect([...models].sort()).toEqual([
    'additive',
    'general',
    'go-knn',
    'go-ridge',
    'knn',
    'linear',
    'mean',
    'nochange',
    'split-half',
  ]);
  // The headline view is normalised: Mean is 0 and the ceiling 1 by construction, in every column.
  const firstCell = (model: string) =>
    page.locator(`[data-testid="leaderboard-row"][data-model="${model}"] td`).first();
  await expect(page.getByTestId('leaderboard-view')).toHaveValue('normalised');
  await expect(page.getByTestId('normalised-how-to-read')).toContainText('below 0 is worse than Mean');
  await expect(firstCell('mean')).toHaveText('0.00');
  await expect(firstCell('split-half')).toHaveText('1.00');
  await expect(page.locator('[data-testid="leaderboard"] thead tr:last-child th')).toHaveCount(1 + 5);
  // The columns are grouped by the question they answer.
  await expect(page.getByTestId('metric-groups').locator('th')).toHaveText([
    'agreement with the observed change',
    'DE genes',
    'discrimination between perturbations',
  ]);
  // Raw values: four headline metrics, each with its best model; all twelve on demand.
  await page.getByTestId('leaderboard-view').selectOption('raw');
  await expect(page.getByTestId('normalised-how-to-read')).toHaveCount(0);
  expect(await page.getByTestId('best-cell').count()).toBeGreaterThanOrEqual(4);
  await page.getByTestId('leaderboard-view').selectOption('all');
  expect(await page.getByTestId('best-cell').count()).toBeGreaterThanOrEqual(12);
  // Additive and TxPert's general baseline predict unseen conditions alike: one row names both, and says why.
  await expect(page.locator('[data-testid="leaderboard-row"][data-model="additive"]')).toHaveAttribute(
    'data-same-as',
    'general',
  );
  await expect(page.getByTestId('same-as-note')).toContainText('predicts as Additive does');
  // Sorting and choosing a model work from the keyboard.
  await page.getByTestId('sort-mse').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('th[aria-sort]')).toContainText('MSE');
  // On the demo the mean baseline is well below the ceiling: no shared-shift warning.
  await expect(page.getByTestId('shared-shift-note')).toHaveCount(0);
  await expect(page.getByTestId('split-summary')).toContainText(/\d+ test conditions/);

  // A test condition of the split: its row carries a subset tag.
  const row = page
    .getByTestId('condition-row')
    .filter({ hasText: /unseen|seen \d\/2/ })
    .first();
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
  // Eight epochs of about a second each: long enough to see both kinds of progress.
  await page.getByTestId('epochs').fill('8');
  await page.getByTestId('evaluate').click();
  // Within an epoch, the page says how far it got; after each, the time per epoch.
  await expect(page.getByTestId('eval-status')).toContainText(
    /gears.*batch \d+ of \d+, about \d+ s left in this epoch/,
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('eval-status')).toContainText(/gears.*epoch \d\/8.*s per epoch/, { timeout: 60_000 });
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 180_000 });
  const models = await page.getByTestId('leaderboard-row').evaluateAll((rows) =>
    // A row may stand for models that predicted alike (data-same-as): every model is listed.
    rows.flatMap((r) => [r.getAttribute('data-model'), ...(r.getAttribute('data-same-as')?.split(',') ?? [])]),
  );
  expect([...models].sort()).toEqual([
    'additive',
    'gears',
    'general',
    'go-knn',
    'go-ridge',
    'knn',
    'linear',
    'mean',
    'nochange',
    'split-half',
  ]);
  await expect(page.getByTestId('loss-curves')).toHaveAttribute('data-points', '8');
  const row = page
    .getByTestId('condition-row')
    .filter({ hasText: /unseen|seen \d\/2/ })
    .first();
  await row.click();
  await page.getByTestId('leaderboard-row').filter({ hasText: 'GEARS' }).click();
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-model', 'gears');
});

test('APP and TxPert train beside the baselines: curves, interactions, the top-20 DE plot, attention colouring, the composer, save and load', async ({
  page,
}) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('model-app').check();
  await page.getByTestId('model-txpert').check();
  await page.getByTestId('graph-co-expression').uncheck();
  await page.getByTestId('epochs').fill('2');
  // On two cores or more, the two train at once (APP in a helper worker), and the page says so.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  if (cores > 1) await expect(page.getByTestId('at-once')).toHaveValue('2');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('train-times')).toContainText(
    cores > 1 ? /The whole run took \d+ s, with up to 2 models training at once\./ : /The whole run took \d+ s\./,
  );
  const models = await page.getByTestId('leaderboard-row').evaluateAll((rows) =>
    // A row may stand for models that predicted alike (data-same-as): every model is listed.
    rows.flatMap((r) => [r.getAttribute('data-model'), ...(r.getAttribute('data-same-as')?.split(',') ?? [])]),
  );
  expect([...models].sort()).toEqual([
    'additive',
    'app',
    'general',
    'go-knn',
    'go-ridge',
    'knn',
    'linear',
    'mean',
    'nochange',
    'split-half',
    'txpert',
  ]);
  await expect(page.getByTestId('loss-curves')).toHaveAttribute('data-points', '4'); // 2 epochs × 2 models
  await expect(page.getByTestId('trained-on')).toContainText('Every model trained on per-condition means');
  await expect(page.getByTestId('trained-on')).toContainText('Graphs given to the graph models: GO (');
  await expect(page.getByTestId('interactions').locator('tr[data-model="txpert"]')).toContainText('%');

  // A test double: the scatter names its observed and predicted interaction class.
  await page
    .getByTestId('condition-row')
    .filter({ hasText: /seen [12]\/2/ })
    .first()
    .click();
  const row = (id: string) => page.locator(`[data-testid="leaderboard-row"][data-model="${id}"]`);
  await row('txpert').click();
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-model', 'txpert');
  await expect(page.getByTestId('scatter-interaction')).toContainText(/observed \w+ .* predicted \w+/);
  await expect(page.getByTestId('distribution')).toHaveAttribute('data-models', '10');
  await page.getByTestId('graph-colour').selectOption('attention');
  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-coloured-by', 'APP attention');

  // The composer: a pair never measured together, every model at once.
  await page.getByTestId('composer-genes').fill('ahr, ARID1A');
  await page.getByTestId('composer-predict').click();
  await expect(page.getByTestId('composer-measured')).toContainText('Never measured together');
  await expect(page.getByTestId('composer-class')).toHaveCount(10);
  // The additive model's singles are the observed ones: a class with its coefficients. A model
  // trained 2 epochs predicts nearly the same change for every single: not classifiable, said so.
  await expect(
    page.getByTestId('composer-table').locator('tr[data-model="additive"]').getByTestId('composer-class'),
  ).toContainText(/(neomorphic|redundant|epistatic|synergistic|suppressive|additive) \(c1/);
  for (const text of await page.getByTestId('composer-class').allTextContents())
    expect(text).toMatch(
      /^(neomorphic|redundant|epistatic|synergistic|suppressive|additive) \(c1|^not classifiable \(/,
    );
  // A measured combination: its observed change is drawn beside the predictions.
  await page.getByTestId('composer-genes').fill('KLF1');
  await page.getByTestId('composer-predict').click();
  await expect(page.getByTestId('composer-measured')).toContainText('Measured in this dataset as KLF1+ctrl');
  await expect(page.getByTestId('composer-plot')).toHaveAttribute('data-observed', 'yes');
  // A gene the graph draws but no model knows: the composer says so, naming the graph.
  await page.getByTestId('composer-genes').fill('TP53');
  await page.getByTestId('composer-predict').click();
  await expect(page.getByTestId('composer-error')).toContainText(
    'TP53 is in the GO graph, but no trained model can use it',
  );
  await page.getByTestId('composer-genes').fill('NOT_A_GENE');
  await page.getByTestId('composer-predict').click();
  await expect(page.getByTestId('composer-error')).toContainText(
    "'NOT_A_GENE' is not a gene of the dataset, of the graphs the models read, or of a trained model",
  );

  // Save TxPert to a file and load it back: scored on the same split, so it joins the leaderboard.
  await page.getByTestId('save-choice').selectOption('txpert');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-file').click()]);
  expect(download.suggestedFilename()).toBe('txpert-demo-simulation-seed0.psmodel');
  await page.getByTestId('model-file').setInputFiles(await download.path());
  await expect(page.getByTestId('library-note')).toContainText('it is in the leaderboard');
  // It predicts exactly as the model it was saved from: the two share a row, which names both.
  await expect(row('txpert')).toHaveAttribute('data-same-as', 'loaded:txpert');
  await expect(row('txpert')).toContainText('= TxPert (GATv2, gated graphs) (loaded)');

  // Save APP in the browser; after a reload it is listed and predicts without retraining.
  await page.getByTestId('save-choice').selectOption('app');
  await page.getByTestId('save-browser').click();
  await expect(page.getByTestId('stored-models')).toContainText('APP');
  const scores = await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => r.textContent));
  await expect(page.getByTestId('kept-note')).toBeVisible({ timeout: 60_000 });
  await page.reload();
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  // The whole evaluation comes back without retraining: the same leaderboard, said to be restored.
  await expect(page.getByTestId('restored-note')).toContainText('Restored from this browser');
  expect(await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => r.textContent))).toEqual(
    scores,
  );
  await page.getByTestId('stored-models').locator('tr').filter({ hasText: 'APP' }).getByTestId('load-stored').click();
  await expect(page.getByTestId('library-note')).toContainText('it is in the leaderboard');
  await page.getByTestId('composer-genes').fill('AHR');
  await page.getByTestId('composer-predict').click();
  await expect(page.getByTestId('composer-table').locator('tr[data-model="loaded:app"]')).toHaveCount(1);

  // A file that is not a model: a specific message, the page stays usable.
  await page.getByTestId('model-file').setInputFiles({
    name: 'notes.psmodel',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('just some text'),
  });
  await expect(page.getByTestId('library-error')).toContainText(
    'notes.psmodel is not a usable Perturbscope model: it does not start with the model file signature',
  );
});

test('PerturbNet trains on cells in the browser: leaderboard, distribution scores, generated cells over the control cloud', async ({
  page,
}) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('model-perturbnet').check();
  await page.getByTestId('epochs').fill('2');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 300_000 });
  const models = await page.getByTestId('leaderboard-row').evaluateAll((rows) =>
    // A row may stand for models that predicted alike (data-same-as): every model is listed.
    rows.flatMap((r) => [r.getAttribute('data-model'), ...(r.getAttribute('data-same-as')?.split(',') ?? [])]),
  );
  expect([...models].sort()).toEqual([
    'additive',
    'general',
    'go-knn',
    'go-ridge',
    'knn',
    'linear',
    'mean',
    'nochange',
    'perturbnet',
    'split-half',
  ]);
  await expect(page.getByTestId('trained-on')).toContainText('PerturbNet (cINN): trained on single cells');
  const scores = page.locator(
    '[data-testid="distribution-scores"][data-model="perturbnet"] tr[data-subset="all_test"] td',
  );
  // n, energy and cell-state TV (each beside its two baselines), then the three DE metrics.
  await expect(scores).toHaveCount(11);
  for (let k = 2; k < 8; k++) expect(Number(await scores.nth(k).textContent())).toBeGreaterThanOrEqual(0);
  // Each DE metric of the generated cells, then the training sample's in brackets.
  for (let k = 8; k < 11; k++) expect(await scores.nth(k).textContent()).toMatch(/^(—|\d+\.\d{3}) \((—|\d+\.\d{3})\)$/);

  await page
    .getByTestId('condition-row')
    .filter({ hasText: /unseen|seen \d\/2/ })
    .first()
    .click();
  const distribution = page.getByTestId('distribution');
  await expect(distribution.getByTestId('cell-cloud')).toHaveAttribute('data-generated', /^[1-9]\d{2,}$/); // ≥ 100 generated cells
  await expect(distribution.getByTestId('cell-proportions').locator('.bars, .trace')).not.toHaveCount(0);

  // The composer generates cells for GO-annotated genes the demo never measured (TP53, GATA1).
  const composer = page.getByTestId('composer');
  await page.getByTestId('composer-genes').fill('tp53 GATA1');
  await page.getByTestId('composer-predict').click();
  await expect(page.getByTestId('composer-measured')).toContainText('Never measured together');
  await expect(composer.getByTestId('cell-cloud')).toHaveAttribute('data-generated', /^[1-9]\d{2,}$/);
  await expect(composer.getByTestId('cell-cloud')).toHaveAttribute('data-observed', '0');
  await expect(composer.getByTestId('composer-cells')).toContainText(
    'cells generated for TP53 + GATA1 (never measured',
  );
  await expect(page.getByTestId('composer-table').locator('tr[data-model="additive"]')).toContainText(
    'no training single for TP53, GATA1',
  );
  // The mean model predicts one change for singles and pair alike: no class, said so, with no NaN shown.
  await expect(page.getByTestId('composer-table').locator('tr[data-model="mean"]')).toContainText(
    "not classifiable (the singles' changes are zero or the same, so c1 and c2 cannot be told apart)",
  );
  // A measured single: its observed cells join the cloud.
  await page.getByTestId('composer-genes').fill('ETS2');
  await page.getByTestId('composer-predict').click();
  await expect(composer.getByTestId('cell-cloud')).toHaveAttribute('data-observed', /^[1-9]\d+$/);
  await expect(composer.getByTestId('composer-cells')).toContainText(/beside \d+ measured cells of ETS2/);
});

test('PerturbNet (NB) is offered where X holds counts, and withdrawn with the reason where it does not', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  const nb = page.getByTestId('model-perturbnet-nb');
  await expect(nb).toBeEnabled();
  await nb.check();
  await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'gears_csr_lognorm.h5ad'));
  await expect(page.getByTestId('file-name')).toHaveText('gears_csr_lognorm.h5ad');
  await expect(nb).toBeDisabled();
  await expect(nb).not.toBeChecked();
  await expect(page.locator('label', { has: nb })).toHaveAttribute(
    'title',
    /holds log-normalised values \(.*fractional.*\), so there are no counts to model/,
  );
});

test('a reload brings the last evaluation of the dataset back without retraining, until the user forgets it', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('split').selectOption('combo_seen2');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 90_000 });
  const before = await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => r.textContent));
  await expect(page.getByTestId('kept-note')).toBeVisible({ timeout: 60_000 });
  await page.reload();
  await expect(page.getByTestId('restored-note')).toBeVisible({ timeout: 60_000 });
  expect(await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => r.textContent))).toEqual(
    before,
  );
  await expect(page.getByTestId('split-summary')).toContainText('combo_seen2, seed 0');
  // A test condition's scatter works from the restored predictions.
  await page
    .getByTestId('condition-row')
    .filter({ hasText: /seen 2\/2/ })
    .first()
    .click();
  // (On pairs whose singles were both seen, Linear adds its singles as Additive does: one row holds both.)
  await page.locator('[data-testid="leaderboard-row"][data-model="mean"]').click();
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-model', 'mean');
  await page.getByTestId('forget-session').click();
  await expect(page.getByTestId('restored-note')).toHaveCount(0);
  await expect(page.getByTestId('kept-note')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.waitForTimeout(2000);
  await expect(page.getByTestId('leaderboard')).toHaveCount(0);
});

test('a session file hands the whole analysis to a colleague: leaderboard, models and view', async ({
  page,
  browser,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('split').selectOption('single');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 90_000 });
  await page
    .getByTestId('condition-row')
    .filter({ hasText: /unseen/ })
    .first()
    .click();
  const condition = new URL(page.url()).searchParams.get('condition');
  const rows = await page.getByTestId('leaderboard-row').evaluateAll((r) => r.map((x) => x.textContent));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-session').click()]);
  expect(download.suggestedFilename()).toBe('demo-single-seed0.pssession');
  const path = await download.path();

  // A colleague's browser: nothing stored, the demo open on its first condition.
  const other = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await other.goto('./');
  await expect(other.getByTestId('file-name')).toHaveText('demo.h5ad');
  await other.getByTestId('session-file').setInputFiles(path);
  await expect(other.getByTestId('library-note')).toContainText('Opened the session');
  expect(await other.getByTestId('leaderboard-row').evaluateAll((r) => r.map((x) => x.textContent))).toEqual(rows);
  await expect(other).toHaveURL(new RegExp(`condition=${encodeURIComponent(condition!).replace(/[+]/g, '\\+')}`));
  await expect(
    other
      .getByTestId('condition-row')
      .filter({ has: other.locator('td', { hasText: new RegExp(`^${condition!.replace(/[+]/g, '\\+')}$`) }) }),
  ).toHaveAttribute('aria-selected', 'true');
  // On another file, it says which file it belongs to.
  await other.getByTestId('file-input').setInputFiles(join(FIXTURES, 'gears_csr_lognorm.h5ad'));
  await expect(other.getByTestId('file-name')).toHaveText('gears_csr_lognorm.h5ad');
  await other.getByTestId('session-file').setInputFiles(path);
  await expect(other.getByTestId('library-error')).toContainText('was made on demo.h5ad');
});

test('when the browser’s storage is full, the page says the leaderboard was not kept', async ({ page, baseURL }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  // A real quota, enforced by Chromium: a few kilobytes for this origin, less than a leaderboard.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 20_000 });
  await page.goto('./');
  await expect(page.getByTestId('summary')).not.toHaveAttribute('aria-busy');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('not-kept')).toContainText('storage for Perturbscope is full (quota exceeded)', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('kept-note')).toHaveCount(0);
});

test('when the GPU device is lost mid-training, training goes on with WASM and keeps the models fitted before', async ({
  page,
}) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'gears_csr_lognorm.h5ad'));
  await expect(page.getByTestId('file-name')).toHaveText('gears_csr_lognorm.h5ad');
  const status = page.getByTestId('backend-status');
  await page.getByTestId('backend-select').selectOption('webgpu');
  await expect(status).toHaveAttribute('data-active', 'webgpu', { timeout: 90_000 });
  await page.getByTestId('model-gears').check();
  await page.getByTestId('model-app').check();
  await page.getByTestId('epochs').fill('20');
  await page.getByTestId('evaluate').click();
  // GEARS is fitted on the GPU first; the device goes while APP trains (as a driver reset would take it).
  // Any of APP's early epochs: the status is redrawn a few times a second and may skip one.
  await expect(page.getByTestId('eval-status')).toContainText(/training app.*epoch ([1-9]|1[0-5])\/20/, {
    timeout: 120_000,
  });
  const [worker] = page.workers();
  expect(
    await worker.evaluate(() => {
      const engine = (self as unknown as { _tfengine: { registry: Record<string, { device?: GPUDevice }> } })._tfengine;
      engine.registry.webgpu.device!.destroy();
      return 'destroyed';
    }),
  ).toBe('destroyed');
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('run-note')).toContainText(
    /webgpu backend was lost while APP \(attention\) trained .*Training went on with wasm.*the model trained before it was kept/,
  );
  const models = await page.getByTestId('leaderboard-row').evaluateAll((rows) =>
    // A row may stand for models that predicted alike (data-same-as): every model is listed.
    rows.flatMap((r) => [r.getAttribute('data-model'), ...(r.getAttribute('data-same-as')?.split(',') ?? [])]),
  );
  expect(models).toEqual(expect.arrayContaining(['gears', 'app']));
  await expect(status).toHaveAttribute('data-active', 'wasm');
  await expect(status).toContainText(/GPU device was lost/);
  // The GEARS fitted on the lost device still predicts: it was rebuilt on WASM.
  await page.getByTestId('composer-genes').fill('CEBPA');
  await page.getByTestId('composer-predict').click();
  const gears = page.getByTestId('composer-table').locator('tr[data-model="gears"]');
  await expect(gears).toBeVisible();
  await expect(gears.locator('td').last()).toHaveText('');
  await expect(page.getByTestId('composer-error')).toHaveCount(0);
});

test('the robustness panel retrains a graph model on degraded graphs and plots it beside the flat baselines', async ({
  page,
}) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('./');
  await expect(page.getByTestId('file-name')).toHaveText('demo.h5ad');
  await page.getByTestId('split').selectOption('simulation');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 120_000 });
  // Each model's training time is stated under the leaderboard.
  await expect(page.getByTestId('train-times')).toContainText(/Time to train: .*GO ridge (< 0\.1|\d+\.\d) s/);
  await page.getByTestId('robustness').locator('summary').click();
  // No graph model ticked: the panel says which to tick and does not run.
  await expect(page.getByTestId('degrade-needs-model')).toContainText('GEARS');
  await expect(page.getByTestId('degrade-run')).toBeDisabled();
  await page.getByTestId('model-app').check();
  await page.getByTestId('epochs').fill('1');
  await page.getByTestId('degrade-levels').fill('0, 2');
  await expect(page.getByTestId('robustness')).toContainText('within [0, 1]');
  await expect(page.getByTestId('degrade-run')).toBeDisabled();
  await page.getByTestId('degrade-levels').fill('1, 0');
  await page.getByTestId('degrade-mode').selectOption('remove');
  await page.getByTestId('degrade-run').click();
  // While it runs, the page's other run waits, and the panel says what is training.
  await expect(page.getByTestId('evaluate')).toBeDisabled();
  await expect(page.getByTestId('degrade-status')).toContainText(
    /robustness: (building graphs|training \w+), [01] of the edges removed/,
  );
  // The leaderboard shown stays current: a robustness run does not replace it.
  await expect(page.getByTestId('results')).toHaveAttribute('data-stale', 'false');
  const plot = page.getByTestId('robustness-plot');
  await expect(plot).toHaveAttribute('data-levels', '2', { timeout: 240_000 });
  await expect(page.getByTestId('evaluate')).toBeEnabled();
  const traces = await plot.evaluate(
    (el) => (el as unknown as { data: { name: string; x: number[]; y: number[] }[] }).data,
  );
  const app = traces.find((t) => t.name === 'APP (attention)')!;
  expect(app.x).toEqual([0, 1]);
  expect(app.y.every((v) => Number.isFinite(v))).toBe(true);
  // Mean reads no graph: the same score at every level.
  const mean = traces.find((t) => t.name === 'Mean')!;
  expect(mean.y[0]).toBe(mean.y[1]);
  // A second run is cancelled: the first one's plot stays, and the page can train again.
  await page.getByTestId('degrade-levels').fill('0, 0.5, 1');
  await page.getByTestId('degrade-run').click();
  await page.getByTestId('degrade-cancel').click();
  await expect(page.getByTestId('robustness')).toContainText('Cancelled: the plot still shows the previous run.', {
    timeout: 60_000,
  });
  await expect(plot).toHaveAttribute('data-levels', '2');
  await expect(page.getByTestId('evaluate')).toBeEnabled();
});
