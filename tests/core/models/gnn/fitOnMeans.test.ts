import { describe, expect, it } from 'vitest';
import { runLength } from '../../../../src/core/models/gnn/fitOnMeans';

describe('the length of a run on condition means', () => {
  const hyper = { epochs: 30, batchSize: 32, learningRate: 3e-3, patience: 10 };
  it('keeps the defaults when an epoch has at least five batches (the demo: 129 conditions)', () => {
    expect(runLength(hyper, 129, undefined)).toEqual({ epochs: 30, patience: 10 });
    expect(runLength(hyper, 500, undefined)).toEqual({ epochs: 30, patience: 10 });
  });
  it('lengthens a small screen to the same number of steps, patience alike', () => {
    // 14 conditions: one batch an epoch, so 5× the epochs (150 steps, as the demo's 30 × 5).
    expect(runLength(hyper, 14, undefined)).toEqual({ epochs: 150, patience: 50 });
    // 56 conditions: two batches, 2.5×.
    expect(runLength(hyper, 56, undefined)).toEqual({ epochs: 75, patience: 25 });
  });
  it('keeps the epochs a user asked for', () => {
    expect(runLength(hyper, 14, 7).epochs).toBe(7);
  });
});
