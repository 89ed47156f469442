import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { AppModel } from '../../../../src/core/models/gnn/app';
import { graphSimulation } from '../graphSim';

// APP is not yet in the model registry: on the graph-driven simulation it does not beat the mean
// baseline on unseen genes (see the issue note). These tests pin its mechanics.
describe('APP mechanics', () => {
  it('lowers its training loss, keeps the tensor count flat across epochs, and is deterministic', async () => {
    await tf.setBackend('cpu');
    const { view, test } = graphSimulation(3, 40);
    const counts: number[] = [];
    const losses: number[] = [];
    const a = new AppModel({ epochs: 30, hidden: 16, patience: 100 });
    await a.fit(view, { seed: 4, onProgress: (p) => {
      counts.push(tf.memory().numTensors);
      losses.push(p.trainLoss);
    } });
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const before = tf.memory().numTensors;
    const p1 = await a.predict(test.map((c) => c.genes));
    expect(tf.memory().numTensors).toBe(before);
    const b = new AppModel({ epochs: 30, hidden: 16, patience: 100 });
    await b.fit(view, { seed: 4 });
    expect(await b.predict(test.map((c) => c.genes))).toEqual(p1);
    const ex = await a.explain(test[0].genes);
    expect(ex.attention.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    expect(a.coverage(['NOT_A_GENE'])).toMatchObject({ ok: false });
    a.dispose();
    b.dispose();
  });
});
