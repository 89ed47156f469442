import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkKnownFlags, parseArgs, stringFlag } from './args';
import { AT_ONCE_FLAGS, endThreads, helperThreads } from './atOnce';
import {
  describeReference,
  modelList,
  modelsForData,
  openData,
  seedOf,
  splitName,
  epochsOf,
  trainAll,
  useCliBackend,
} from './train';
import { parseDegrade, robustnessText, type DegradePlan } from './robustness';
import { EMBEDDING_FLAGS, embeddingOption } from './embedding';
import { robustnessTable } from '../src/core/eval/robustness';
import { degradedAs } from '../src/core/graph/degrade';
import { UsageError } from './args';
import { availableModels, modelSpec } from '../src/core/models/registry';
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

/**
 * The DE metrics of generated cells (models of single cells only), as columns: each from the
 * `distribution` block of the run, whose lfc_nmae is the cells' (fold changes of mean CPM).
 */
const GENERATED_COLUMNS = {
  de_direction_fidelity: 'de_direction_fidelity',
  de_sig_jaccard: 'de_sig_jaccard',
  generated_lfc_nmae: 'lfc_nmae',
  de_direction_fidelity_training_sample: 'de_direction_fidelity_training_sample',
  de_sig_jaccard_training_sample: 'de_sig_jaccard_training_sample',
  generated_lfc_nmae_training_sample: 'lfc_nmae_training_sample',
} as const;

/** Every column of the leaderboard: the metrics, their normalised scores, the DE metrics of generated cells. */
const COLUMNS = [
  ...METRIC_NAMES,
  ...NORMALISED_METRICS.map((k) => `normalized_${k}`),
  ...Object.keys(GENERATED_COLUMNS),
];
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
      const kept = runs.filter((r) => r.model === model && r.subsets[subset]);
      const got = kept.map((r) => r.subsets[subset]!);
      if (!got.length) continue;
      const mean: Record<string, number> = {};
      const sd: Record<string, number> = {};
      for (const k of COLUMNS) {
        // A normalised score is null in a run whose ceiling equals its baseline: left out of the mean.
        const v: number[] = [];
        for (const [i, g] of got.entries()) {
          const x =
            k in GENERATED_COLUMNS
              ? kept[i].distribution?.subsets[subset]?.[GENERATED_COLUMNS[k as keyof typeof GENERATED_COLUMNS]]
              : k.startsWith('normalized_')
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
  checkKnownFlags(a, [
    'data',
    'models',
    'split',
    'seeds',
    'out',
    'backend',
    'epochs',
    'degrade',
    ...EMBEDDING_FLAGS,
    ...AT_ONCE_FLAGS,
    ...DESIGN_FLAGS,
  ]);
  const epochs = epochsOf(stringFlag(a, 'epochs'));
  const degradeArg = stringFlag(a, 'degrade');
  const plan = degradeArg === undefined ? null : parseDegrade(degradeArg);
  const modelsArg = stringFlag(a, 'models') ?? 'all';
  const asked = modelList(modelsArg);
  const split = splitName(stringFlag(a, 'split'));
  const seeds = (stringFlag(a, 'seeds') ?? '0,1,2').split(',').map((s) => seedOf(s.trim()));
  const out = stringFlag(a, 'out') ?? 'perturbscope-benchmark';
  const backend = await useCliBackend(stringFlag(a, 'backend') ?? 'wasm');
  const helpers = helperThreads(a);
  const { reader, ds } = await openData(a, (s) => process.stderr.write(s + '\n'));
  const embedding = await embeddingOption(a, ds, (s) => process.stderr.write(s + '\n'));

  /** The graph models retrained at each level of degradation of their graphs, over the seeds. */
  async function robustness(p: DegradePlan, models: string[]): Promise<number> {
    const graphModels = new Set(models.filter((m) => modelSpec(m).needs.graphs.length));
    if (!graphModels.size)
      throw new UsageError(
        `--degrade changes the graphs, and none of the models asked for reads one (graph models: ${availableModels()
          .filter((m) => modelSpec(m).needs.graphs.length)
          .join(', ')}).`,
      );
    const runs: { level: number; result: ModelResult }[] = [];
    for (const level of p.levels)
      for (const seed of seeds) {
        process.stderr.write(`${p.mode} ${level} of the edges, seed ${seed}\n`);
        const ev = await trainAll(reader, ds, models, makeSplit(ds.conditions, split, seed), seed, backend, () => {}, {
          epochs,
          degrade: { mode: p.mode, fraction: level },
          embedding,
          helpers,
        });
        runs.push(...ev.results.map((result) => ({ level, result })));
        ev.models.forEach((m) => m.dispose());
      }
    const metrics = [...METRIC_NAMES];
    const rows = robustnessTable(runs, metrics);
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'robustness.json'),
      JSON.stringify(
        { data: ds.fileName, split, seeds, mode: p.mode, levels: p.levels, subset: 'all_test', rows },
        null,
        2,
      ) + '\n',
    );
    writeFileSync(
      join(out, 'robustness.csv'),
      [
        ['level', 'model', 'seeds', ...metrics.flatMap((k) => [`${k}_mean`, `${k}_sd`])].join(','),
        ...rows.map((r) =>
          [r.level, r.model, r.seeds, ...metrics.flatMap((k) => [r.mean[k] ?? '', r.sd[k] ?? ''])].join(','),
        ),
      ].join('\n') + '\n',
    );
    const lines = [
      `${ds.fileName} · split ${split} · seeds ${seeds.join(',')} · graphs with a fraction of their edges ${degradedAs(p.mode)} · all test conditions, mean ± sd over seeds`,
      '* reads no graph: flat by construction, the reference the graph models are read against',
    ];
    for (const k of ['pearson_delta', 'pds_cosine', 'pearson_delta_pert'])
      lines.push('', `${k} by fraction of edges ${degradedAs(p.mode)}`, ...robustnessText(rows, k, graphModels));
    lines.push('', `wrote ${join(out, 'robustness.json')} and ${join(out, 'robustness.csv')}`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  }

  try {
    const models = modelsForData(asked, ds, modelsArg === 'all', (s) => process.stderr.write(s + '\n'));
    if (plan) return await robustness(plan, models);
    const runs: ModelResult[] = [];
    for (const seed of seeds) {
      const s = makeSplit(ds.conditions, split, seed);
      process.stderr.write(
        `seed ${seed}: ${s.train.length} train, ${s.validation.length} validation, ${s.test.length} test conditions\n`,
      );
      const ev = await trainAll(reader, ds, models, s, seed, backend, () => {}, { epochs, embedding, helpers });
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
    await endThreads(helpers);
  }
}
