import type { DegradeMode } from '../src/core/graph/degrade';
import type { ModelResult } from '../src/core/eval/runner';
import { UsageError } from './args';

export interface DegradePlan {
  mode: DegradeMode;
  levels: number[];
}

const MODES: readonly DegradeMode[] = ['remove', 'add', 'rewire'];

/** `remove|add|rewire:0,0.25,0.5` → the mode and its levels (fractions of the graph's edges). */
export function parseDegrade(arg: string): DegradePlan {
  const [mode, list, ...rest] = arg.split(':');
  if (!MODES.includes(mode as DegradeMode) || list === undefined || rest.length)
    throw new UsageError(
      `--degrade needs MODE:LEVELS with MODE one of ${MODES.join(', ')} and LEVELS fractions of the edges, e.g. remove:0,0.25,0.5,0.75,1; got '${arg}'`,
    );
  const levels = list.split(',').map((x) => Number(x.trim()));
  const bad = list.split(',').filter((_, i) => !(levels[i] >= 0 && levels[i] <= 1) || list.split(',')[i].trim() === '');
  if (bad.length) throw new UsageError(`--degrade levels must be fractions within [0, 1], got '${bad.join(',')}'`);
  return { mode: mode as DegradeMode, levels: [...new Set(levels)].sort((a, b) => a - b) };
}

export interface RobustnessRow {
  level: number;
  model: string;
  seeds: number;
  mean: Record<string, number>;
  sd: Record<string, number>;
}

/** Per level and model, mean ± sd over seeds of the all-test value of each metric. */
export function robustnessTable(
  runs: { level: number; result: ModelResult }[],
  metrics: readonly string[],
): RobustnessRow[] {
  const rows: RobustnessRow[] = [];
  const levels = [...new Set(runs.map((r) => r.level))];
  const models = [...new Set(runs.map((r) => r.result.model))];
  for (const level of levels)
    for (const model of models) {
      const got = runs
        .filter((r) => r.level === level && r.result.model === model)
        .map((r) => r.result.subsets.all_test)
        .filter((s) => !!s);
      if (!got.length) continue;
      const mean: Record<string, number> = {},
        sd: Record<string, number> = {};
      for (const k of metrics) {
        const v = got.map((g) => (g as unknown as Record<string, number>)[k]).filter((x) => typeof x === 'number');
        if (!v.length) continue;
        const m = v.reduce((s, x) => s + x, 0) / v.length;
        mean[k] = m;
        sd[k] = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)) : 0;
      }
      rows.push({ level, model, seeds: got.length, mean, sd });
    }
  return rows;
}

/** The table as text: one line per model, one column per level, for one metric. */
export function robustnessText(rows: RobustnessRow[], metric: string, graphModels: ReadonlySet<string>): string[] {
  const levels = [...new Set(rows.map((r) => r.level))];
  const models = [...new Set(rows.map((r) => r.model))];
  const lines = [
    ['model'.padEnd(14), ...levels.map((l) => `${l}`.padStart(16))].join(''),
    ...models.map((m) =>
      [
        `${m}${graphModels.has(m) ? '' : ' *'}`.padEnd(14),
        ...levels.map((l) => {
          const r = rows.find((x) => x.level === l && x.model === m);
          return (r && metric in r.mean ? `${r.mean[metric].toFixed(3)} ± ${r.sd[metric].toFixed(3)}` : '—').padStart(
            16,
          );
        }),
      ].join(''),
    ),
  ];
  return lines;
}
