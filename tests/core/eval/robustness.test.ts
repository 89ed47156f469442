import { describe, expect, it } from 'vitest';
import { robustnessTable } from '../../../src/core/eval/robustness';
import type { ModelResult } from '../../../src/core/eval/runner';

describe('the robustness table', () => {
  it('averages each model over seeds per level (mean and sample sd, by hand)', () => {
    const r = (model: string, v: number) =>
      ({ model, subsets: { all_test: { n: 3, pearson_delta: v } } }) as unknown as ModelResult;
    const rows = robustnessTable(
      [
        { level: 0, result: r('gears', 0.5) },
        { level: 0, result: r('gears', 0.7) },
        { level: 1, result: r('gears', 0.2) },
        { level: 1, result: r('gears', 0.4) },
      ],
      ['pearson_delta'],
    );
    expect(rows.map((x) => [x.level, x.model, x.seeds])).toEqual([
      [0, 'gears', 2],
      [1, 'gears', 2],
    ]);
    expect(rows[0].mean.pearson_delta).toBeCloseTo(0.6, 12);
    expect(rows[1].sd.pearson_delta).toBeCloseTo(Math.sqrt(0.02), 12);
  });
});
