import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../../src/core/tensor/wasmBackend';
import { autofocus, GearsModel } from '../../../../src/core/models/gnn/gears';
import { Rng } from '../../../../src/core/util/random';
import { MeanBaseline } from '../../../../src/core/models/baselines';
import { graphSimulation, unseenPearson } from '../graphSim';

describe('GEARS', () => {
  it('beats the mean baseline on unseen genes of a graph-driven simulation (message passing carries signal)', async () => {
    await tf.setBackend('wasm');
    const { view, test } = graphSimulation(3);
    const gears = new GearsModel();
    await gears.fit(view, { seed: 1 });
    const mean = new MeanBaseline();
    await mean.fit(view, { seed: 1 });
    const [rg, rm] = [await unseenPearson(gears, test), await unseenPearson(mean, test)];
    console.log(`GEARS unseen-gene Pearson Δ ${rg.toFixed(3)} vs mean baseline ${rm.toFixed(3)}`);
    expect(rg).toBeGreaterThan(rm + 0.2);

    // Without the graph, the same model has no path from an unseen gene to its neighbours.
    const blind = new GearsModel();
    await blind.fit({ ...view, graphs: new Map() }, { seed: 1 });
    const rb = await unseenPearson(blind, test);
    console.log(`GEARS without graphs: ${rb.toFixed(3)}`);
    expect(rg).toBeGreaterThan(rb);
    gears.dispose();
    blind.dispose();
  }, 300_000);
});

describe("GEARS's autofocus loss on condition means", () => {
  it('equals the per-cell loss GEARS trains on, averaged over cell noise (Monte Carlo, less its constant 3v²)', async () => {
    await tf.setBackend('wasm');
    const err = [0.1, -0.5, 1.2, 0];
    const v = [0.3, 0.8, 0.05, 0.5];
    const rng = new Rng(11);
    const draws = 400_000;
    // Per cell: (a + n)⁴ with n ~ N(0, v), averaged over cells and entries.
    let perCell = 0;
    for (let k = 0; k < draws; k++)
      err.forEach((a, j) => (perCell += (a + Math.sqrt(v[j]) * rng.normal()) ** 4 / (draws * err.length)));
    const constant = v.reduce((s, x) => s + 3 * x * x, 0) / v.length;
    const expected = tf.tidy(() => autofocus(tf.tensor2d(err, [1, 4]), tf.tensor2d(v, [1, 4])).dataSync()[0]);
    // Fourth moments converge slowly: 1% (a coefficient of 5 instead of 6 moves it by 4%).
    expect(Math.abs(expected + constant - perCell) / perCell).toBeLessThan(0.01);
    // By hand: a⁴ = 0.0001, 0.0625, 2.0736, 0; 6va² = 0.018, 1.2, 0.432, 0.
    expect(expected).toBeCloseTo((0.0001 + 0.0625 + 2.0736 + 0.018 + 1.2 + 0.432) / 4, 6);
    // Without noise (cell rows carry their own), the paper's |a|⁴.
    expect(tf.tidy(() => autofocus(tf.tensor2d(err, [1, 4])).dataSync()[0])).toBeCloseTo(
      (0.0001 + 0.0625 + 2.0736) / 4,
      6,
    );
  });
});
