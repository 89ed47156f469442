import { describe, expect, it } from 'vitest';
import { openH5adPath } from '../../../src/node/openH5ad';
import { loadPerturbDataset } from '../../../src/core/dataset/build';
import { makeSplit } from '../../../src/core/eval/splits';
import { runModel } from '../../../src/core/eval/runner';
import { createModel } from '../../../src/core/models/registry';
import { fixture } from '../../helpers';

describe('runModel', () => {
  it('scores every test condition, averages per subset, and lists the conditions a model could not cover', async () => {
    const r = await openH5adPath(fixture('gears_csr_lognorm'));
    const ds = loadPerturbDataset(r);
    r.close();
    const split = makeSplit(ds.conditions, 'simulation', 2);
    const { result: res } = await runModel(createModel('additive'), ds, split, { seed: 2, backend: 'cpu' });
    expect(res.conditions.map((c) => c.name).sort()).toEqual([...split.test].sort());
    expect(res.subsets.all_test!.n).toBe(split.test.length);
    const sumN = Object.entries(res.subsets)
      .filter(([k]) => k !== 'all_test')
      .reduce((s, [, v]) => s + v!.n, 0);
    expect(sumN).toBe(split.test.length);
    const seen = new Set(
      [...split.train, ...split.validation]
        .map((n) => ds.conditions.find((c) => c.name === n)!)
        .filter((c) => c.genes.length === 1)
        .map((c) => c.genes[0]),
    );
    const uncovered = split.test.filter((n) =>
      ds.conditions.find((c) => c.name === n)!.genes.some((g) => !seen.has(g)),
    );
    expect(res.coverage.map((c) => c.condition).sort()).toEqual(uncovered.sort());
    for (const c of res.coverage) expect(c.reason).toMatch(/no training single for .*: the mean change stands in/);
  });
});
