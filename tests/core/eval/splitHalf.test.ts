import { describe, expect, it } from 'vitest';
import { splitHalfDeltas } from '../../../src/core/eval/splitHalf';
import { makeSplit } from '../../../src/core/eval/splits';
import { loadPerturbDataset } from '../../../src/core/dataset/build';
import { cellConditions } from '../../../src/core/dataset/cells';
import { openH5adPath } from '../../../src/node/openH5ad';
import { DEMO_PATH } from '../../../cli/paths';

describe('split-half changes', () => {
  it('draws, in one pass for several seeds, the halves each seed draws alone; together they are the full change', async () => {
    const reader = await openH5adPath(DEMO_PATH);
    const ds = loadPerturbDataset(reader);
    const split = makeSplit(ds.conditions, 'simulation', 0);
    const seeds = [0, 1000, 2000];
    const together = splitHalfDeltas(reader, ds, split.test, seeds);
    const alone = seeds.map((s) => splitHalfDeltas(reader, ds, split.test, [s])[0]);
    reader.close();
    expect(together).toHaveLength(3);
    const { cellsOf } = cellConditions(ds);
    const byName = new Map(ds.conditions.map((c) => [c.name, c]));
    let fromAlone = 0,
      fromFull = 0;
    together.forEach((halves, k) => {
      expect([...halves.keys()].sort()).toEqual([...split.test].sort());
      for (const [name, [a, b]] of halves) {
        const [a1, b1] = alone[k].get(name)!;
        // Alternate halves of n cells: ⌈n/2⌉ and ⌊n/2⌋; weighted, they give the condition's own change.
        const n = cellsOf.get(name)!.length;
        const delta = byName.get(name)!.delta;
        a.forEach((v, j) => {
          fromAlone = Math.max(fromAlone, Math.abs(v - a1[j]), Math.abs(b[j] - b1[j]));
          fromFull = Math.max(fromFull, Math.abs((Math.ceil(n / 2) * v + Math.floor(n / 2) * b[j]) / n - delta[j]));
        });
      }
    });
    expect(fromAlone).toBeLessThan(1e-12);
    expect(fromFull).toBeLessThan(1e-9);
    // Different seeds draw different halves.
    const first = split.test[0];
    expect(together[0].get(first)![0]).not.toEqual(together[1].get(first)![0]);
  }, 60_000);
});
