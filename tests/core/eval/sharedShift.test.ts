import { describe, expect, it } from 'vitest';
import { sharedShift } from '../../../src/core/eval/sharedShift';

describe('the shared-shift note', () => {
  const rows = (mean: number, ceiling: number) => [
    { model: 'mean', subsets: { all_test: { pearson_delta: mean } } },
    { model: 'linear', subsets: { all_test: { pearson_delta: 0.9 } } },
    { model: 'split-half', subsets: { all_test: { pearson_delta: ceiling } } },
  ];
  it('is raised when the mean baseline reaches the split-half ceiling, with both values', () => {
    expect(sharedShift(rows(0.865, 0.7), 'all_test')).toEqual({ mean: 0.865, ceiling: 0.7 });
    expect(sharedShift(rows(0.7, 0.7), 'all_test')).toEqual({ mean: 0.7, ceiling: 0.7 });
  });
  it('stays quiet below the ceiling, or without a mean or a ceiling for the subset', () => {
    expect(sharedShift(rows(0.61, 0.88), 'all_test')).toBeNull();
    expect(sharedShift(rows(0.9, 0.7), 'combo_seen2')).toBeNull();
    expect(sharedShift(rows(0.9, 0.7).slice(1), 'all_test')).toBeNull();
  });
});
