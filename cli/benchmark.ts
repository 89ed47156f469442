import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkKnownFlags, parseArgs, stringFlag } from './args';
import {
  describeReference,
  modelList,
  modelsForData,
  openData,
  seedOf,
  splitName,
  trainAll,
  useCliBackend,
} from './train';
import { DESIGN_FLAGS } from './designFlags';
import { makeSplit } from '../src/core/eval/splits';
import {
  CONDITION_SUBSETS,
  LOWER_IS_BETTER,
  METRIC_NAMES,
  NORMALISED_METRICS,
  type MetricName,
  type NormalisedMetric,
} from '../src/core/catalog';

/** Every column of the leaderboard: the metrics, then their normalised scores. */
const COLUMNS = [...METRIC_NAMES, ...NORMALISED_METRICS.map((k) => `normalized_${k}`)];
import type { ModelResult, SubsetName } from '../src/core/eval/runner';

interface Row {
  model: string;
  subset: SubsetName;
  n: number;
  seeds: number;
  mean: Record<string, number>;
  sd: Record<string, number>;
}

/** The subsets reported, in order: each kind of test condition, then all of them. */
const SUBSETS_REPORTED: readonly SubsetName[] = [...CONDITION_SUBSETS, 'all_test'];

/** Mean ± sd over seeds of each model's subset averages. */
export function leaderboard(runs: ModelResult[]): Row[] {
  const rows: Row[] = [];
  const models = [...new Set(runs.map((r) => r.model))];
  for (const model of models) {
    for (const subset of SUBSETS_REPORTED) {
      const got = runs.filter((r) => r.model === model && r.subsets[subset]).map((r) => r.subsets[subset]!);
      if (!got.length) continue;
      const mean: Record<string, number> = {};
      const sd: Record<string, number> = {};
      for (const k of COLUMNS) {
        // A normalised score is null in a run whose ceiling equals its baseline: left out of the mean.
        const v: number[] = [];
        for (const g of got) {
          const x = k.startsWith('normalized_')
            ? g.normalized?.[k.slice('normalized_'.length) as NormalisedMetric]
            : g[k as MetricName];
          if (typeof x === 'number') v.push(x);
        }
        if (!v.length) continue;
        const m = v.reduce((s, x) => s + x, 0) / v.length;
        mean[k] = m;
        sd[k] = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)) : 0;
      }
      rows.push({ model, subset, n: got.reduce((s, g) => s + g.n, 0) / got.length, seeds: got.length, mean, sd });
    }
  }
  return rows;
}

export async function benchmarkCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, []);
  checkKnownFlags(a, ['data', 'models', 'split', 'seeds', 'out', 'backend', ...DESIGN_FLAGS]);
  const modelsArg = stringFlag(a, 'models') ?? 'all';
  const asked = modelList(modelsArg);
  const split = splitName(stringFlag(a, 'split'));
  const seeds = (stringFlag(a, 'seeds') ?? '0,1,2').split(',').map((s) => seedOf(s.trim()));
  const out = stringFlag(a, 'out') ?? 'perturbscope-benchmark';
  const backend = await useCliBackend(stringFlag(a, 'backend') ?? 'wasm');
  const { reader, ds } = await openData(a, (s) => process.stderr.write(s + '\n'));
  try {
    const models = modelsForData(asked, ds, modelsArg === 'all', (s) => process.stderr.write(s + '\n'));
    const runs: ModelResult[] = [];
    for (const seed of seeds) {
      const s = makeSplit(ds.conditions, split, seed);
      process.stderr.write(
        `seed ${seed}: ${s.train.length} train, ${s.validation.length} validation, ${s.test.length} test conditions\n`,
      );
      const ev = await trainAll(reader, ds, models, s, seed, backend, () => {});
      runs.push(...ev.results);
      ev.models.forEach((m) => m.dispose());
    }
    const rows = leaderboard(runs);
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'leaderboard.json'),
      JSON.stringify({ data: ds.fileName, control_reference: ds.controlReference, split, seeds, rows }, null, 2) + '\n',
    );
    const header = ['model', 'subset', 'n', 'seeds', ...COLUMNS.flatMap((k) => [`${k}_mean`, `${k}_sd`])];
    const csv = [
      header.join(','),
      ...rows.map((r) =>
        [r.model, r.subset, r.n, r.seeds, ...COLUMNS.flatMap((k) => [r.mean[k] ?? '', r.sd[k] ?? ''])].join(','),
      ),
    ].join('\n');
    writeFileSync(join(out, 'leaderboard.csv'), csv + '\n');
    const shown = [
      'pearson_delta',
      'pearson_delta_de20',
      'mse_de20',
      'r2_de50',
      'direction_de20',
      'retrieval',
    ] as const;
    const lines: string[] = [
      `${ds.fileName}${ds.syntheticNote ? ' (semi-synthetic)' : ''} · split ${split} · seeds ${seeds.join(',')} · changes from ${describeReference(ds)} · mean ± sd over seeds (↓ lower is better)`,
    ];
    for (const subset of SUBSETS_REPORTED) {
      const sub = rows.filter((r) => r.subset === subset);
      if (!sub.length) continue;
      lines.push(
        '',
        `${subset} (n ≈ ${Math.round(sub[0].n)})`,
        ['model'.padEnd(12), ...shown.map((k) => `${k}${LOWER_IS_BETTER.has(k) ? '↓' : ''}`.padStart(20))].join(''),
      );
      for (const r of sub)
        lines.push(
          [
            r.model.padEnd(12),
            ...shown.map((k) => `${r.mean[k].toFixed(3)} ± ${r.sd[k].toFixed(3)}`.padStart(20)),
          ].join(''),
        );
    }
    lines.push('', `wrote ${join(out, 'leaderboard.json')} and ${join(out, 'leaderboard.csv')}`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    reader.close();
  }
}
