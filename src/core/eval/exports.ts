import type { H5adContent } from '../anndata/writer';
import type { PerturbDataset } from '../dataset/build';
import type { ModelResult } from './runner';
import { labelOf } from '../catalog';
import type { EvaluationSummary } from '../session/views';

/**
 * What a run exports, laid out once for the CLI and the page: predictions as an AnnData file and
 * as CSV, and the leaderboard as CSV.
 */

/**
 * Predictions as AnnData: one row per (model, test condition); X = the predicted mean change from
 * control, layers['observed'] = the observed change; obs `model`, `condition`, `subset`.
 */
export function predictionsContent(ds: PerturbDataset, results: readonly ModelResult[]): H5adContent {
  const rows = results.filter((r) => r.model !== 'split-half').flatMap((r) => r.conditions.map((c) => ({ r, c })));
  const G = ds.genes.length;
  const X = new Float32Array(rows.length * G);
  const observed = new Float32Array(rows.length * G);
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  rows.forEach(({ c }, i) => {
    X.set(c.prediction, i * G);
    observed.set(byName.get(c.name)!.delta, i * G);
  });
  return {
    X: { kind: 'dense', nObs: rows.length, nVars: G, data: X },
    obsNames: rows.map(({ r, c }) => `${r.model}:${c.name}`),
    varNames: ds.genes,
    obs: {
      model: { labels: rows.map(({ r }) => r.model) },
      condition: { labels: rows.map(({ c }) => c.name) },
      subset: { labels: rows.map(({ c }) => c.subset) },
    },
    layers: { observed },
    uns: {
      description:
        'Perturbscope predictions: X is the predicted mean change from control (log1p CP10k), layers/observed the observed change.',
      split: results[0]?.split ?? '',
      seed: results[0]?.seed ?? 0,
    },
  };
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csv = (rows: (string | number)[][]) => rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';

/**
 * Predictions as CSV, one row per (model, test condition) and one `observed` row per condition,
 * one column per measured gene.
 */
export function predictionsCsv(ds: PerturbDataset, results: readonly ModelResult[]): string {
  const models = results.filter((r) => r.model !== 'split-half');
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  const tests = models[0]?.conditions ?? [];
  return csv([
    ['model', 'condition', 'subset', ...ds.genes],
    ...tests.map((c) => ['observed', c.name, c.subset, ...byName.get(c.name)!.delta]),
    ...models.flatMap((r) => r.conditions.map((c) => [r.model, c.name, c.subset, ...c.prediction])),
  ]);
}

/** The leaderboard as CSV: one row per model and subset, every metric, with the split and seed. */
export function leaderboardCsv(s: EvaluationSummary): string {
  const rows: (string | number)[][] = [['model', 'label', 'split', 'seed', 'subset', 'n', ...s.metrics]];
  for (const r of s.rows)
    for (const [subset, m] of Object.entries(r.subsets))
      if (m)
        rows.push([r.model, r.label, s.split, s.seed, labelOf(subset), m.n ?? '', ...s.metrics.map((k) => m[k] ?? '')]);
  return csv(rows);
}
