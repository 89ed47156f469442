import { describe, expect, it } from 'vitest';
import { leaderboard } from '../../cli/benchmark';
import type { ModelResult } from '../../src/core/eval/runner';

/** A run of one seed with only what the leaderboard reads. */
function run(model: string, pearson: number, de: { fidelity: number | null; lfc: number | null } | null): ModelResult {
  return {
    model,
    subsets: { all_test: { n: 10, pearson_delta: pearson, lfc_nmae: null } },
    ...(de && {
      distribution: {
        subsets: {
          all_test: { n: 10, de_direction_fidelity: de.fidelity, de_sig_jaccard: 0.5, lfc_nmae: de.lfc },
        },
      },
    }),
  } as unknown as ModelResult;
}

describe('the benchmark leaderboard', () => {
  it('carries the DE metrics of generated cells, mean ± sd over the seeds that scored them', () => {
    const rows = leaderboard([
      run('perturbnet', 0.5, { fidelity: 0.2, lfc: 0.7 }),
      run('perturbnet', 0.7, { fidelity: 0.4, lfc: null }),
      run('mean', 0.6, null),
    ]);
    const pn = rows.find((r) => r.model === 'perturbnet' && r.subset === 'all_test')!;
    // Hand values: mean 0.3, sd √((0.1² + 0.1²) / 1).
    expect(pn.mean.de_direction_fidelity).toBeCloseTo(0.3, 12);
    expect(pn.sd.de_direction_fidelity).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(pn.mean.de_sig_jaccard).toBe(0.5);
    // Scored in one seed only: its value, sd 0.
    expect(pn.mean.generated_lfc_nmae).toBe(0.7);
    expect(pn.sd.generated_lfc_nmae).toBe(0);
    expect(pn.mean.pearson_delta).toBeCloseTo(0.6, 12);
    // lfc_nmae of the means was scored in no seed: left out, not 0.
    expect(pn.mean).not.toHaveProperty('lfc_nmae');
    const mean = rows.find((r) => r.model === 'mean')!;
    expect(mean.mean).not.toHaveProperty('de_direction_fidelity');
  });
});
