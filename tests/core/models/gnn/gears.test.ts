import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { GearsModel } from '../../../../src/core/models/gnn/gears';
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
