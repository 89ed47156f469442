import { DEGRADE_MODES, type DegradeMode } from '../src/core/graph/degrade';
import { parseLevels, type RobustnessRow } from '../src/core/eval/robustness';
import { UsageError } from './args';

export interface DegradePlan {
  mode: DegradeMode;
  levels: number[];
}

const MODES: readonly DegradeMode[] = DEGRADE_MODES.map((m) => m.mode);

/** `remove|add|rewire:0,0.25,0.5` → the mode and its levels (fractions of the graph's edges). */
export function parseDegrade(arg: string): DegradePlan {
  const [mode, list, ...rest] = arg.split(':');
  if (!MODES.includes(mode as DegradeMode) || list === undefined || rest.length)
    throw new UsageError(
      `--degrade needs MODE:LEVELS with MODE one of ${MODES.join(', ')} and LEVELS fractions of the edges, e.g. remove:0,0.25,0.5,0.75,1; got '${arg}'`,
    );
  const parsed = parseLevels(list);
  if ('error' in parsed) throw new UsageError(`--degrade ${parsed.error}`);
  return { mode: mode as DegradeMode, levels: parsed.levels };
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
