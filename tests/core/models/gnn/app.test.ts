import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../../src/core/tensor/wasmBackend';
import { AppModel } from '../../../../src/core/models/gnn/app';
import { MeanBaseline } from '../../../../src/core/models/baselines';
import { graphSimulation, unseenPearson } from '../graphSim';

describe('APP', () => {
  it('beats the mean baseline on unseen genes of a graph-driven simulation, and needs the graph to', async () => {
    await tf.setBackend('wasm');
    const { view, test } = graphSimulation(3);
    // The defaults are set for the demo's time budget (300 steps); graph signal takes ~750 steps to
    // reach unseen genes of this 80-gene simulation, at a higher peak rate.
    const app = new AppModel({ learningRate: 5e-3, epochs: 150 });
    await app.fit(view, { seed: 1 });
    const mean = new MeanBaseline();
    await mean.fit(view, { seed: 1 });
    const [ra, rm] = [await unseenPearson(app, test), await unseenPearson(mean, test)];
    console.log(`APP unseen-gene Pearson Δ ${ra.toFixed(3)} vs mean baseline ${rm.toFixed(3)}`);
    expect(ra).toBeGreaterThan(rm + 0.2);
    const blind = new AppModel({ learningRate: 5e-3, epochs: 150 });
    await blind.fit({ ...view, graphs: new Map() }, { seed: 1 });
    const rb = await unseenPearson(blind, test);
    console.log(`APP without graphs: ${rb.toFixed(3)}`);
    expect(ra).toBeGreaterThan(rb + 0.1);
    app.dispose();
    blind.dispose();
  }, 300_000);

  it('lowers its training loss and explains by attention', async () => {
    await tf.setBackend('cpu');
    const { view, test } = graphSimulation(3, 40);
    const losses: number[] = [];
    const a = new AppModel({ epochs: 30, hidden: 16, patience: 100 });
    await a.fit(view, { seed: 4, onProgress: (p) => losses.push(p.trainLoss) });
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    const ex = await a.explain(test[0].genes);
    expect(ex.attention.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    a.dispose();
  });
});
