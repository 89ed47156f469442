import type { ModelResult } from './runner';

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

/** Levels written as fractions of the edges ("0, 0.25, 0.5"): sorted, without repeats; or what is wrong. */
export function parseLevels(text: string): { levels: number[] } | { error: string } {
  const parts = text.split(',').map((x) => x.trim());
  const bad = parts.filter((x) => x === '' || !(Number(x) >= 0 && Number(x) <= 1));
  if (bad.length || !parts.length)
    return {
      error: `levels must be fractions of the edges within [0, 1], separated by commas; got '${bad.join(',')}'`,
    };
  return { levels: [...new Set(parts.map(Number))].sort((a, b) => a - b) };
}
