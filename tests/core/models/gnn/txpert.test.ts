import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../../src/core/tensor/wasmBackend';
import { TxPertModel } from '../../../../src/core/models/gnn/txpert';
import { MeanBaseline } from '../../../../src/core/models/baselines';
import { graphFromEdges, type EdgeIndexed } from '../../../../src/core/graph/geneGraph';
import { Rng } from '../../../../src/core/util/random';
import { graphSimulation, unseenPearson } from '../graphSim';

/** A graph of random edges: noise a gated multi-graph model has to learn to lean away from. */
function randomGraph(genes: readonly string[], seed: number) {
  const rng = new Rng(seed);
  const edges: EdgeIndexed[] = [];
  for (let i = 0; i < genes.length * 3; i++)
    edges.push({ src: rng.int(genes.length), dst: rng.int(genes.length), weight: 1, provenance: 1 });
  return graphFromEdges(
    [...genes],
    edges.filter((e) => e.src !== e.dst),
    ['co-expression'],
  );
}

describe('TxPert', () => {
  it('beats the mean baseline on unseen genes of a graph-driven simulation, and needs the graph to', async () => {
    await tf.setBackend('wasm');
    const { view, test } = graphSimulation(3);
    const tx = new TxPertModel();
    await tx.fit(view, { seed: 1 });
    const mean = new MeanBaseline();
    await mean.fit(view, { seed: 1 });
    const [rt, rm] = [await unseenPearson(tx, test), await unseenPearson(mean, test)];
    console.log(`TxPert unseen-gene Pearson Δ ${rt.toFixed(3)} vs mean baseline ${rm.toFixed(3)}`);
    expect(rt).toBeGreaterThan(rm + 0.2);
    const blind = new TxPertModel();
    await blind.fit({ ...view, graphs: new Map() }, { seed: 1 });
    const rb = await unseenPearson(blind, test);
    console.log(`TxPert without graphs: ${rb.toFixed(3)}`);
    expect(rt).toBeGreaterThan(rb + 0.2);
    // Two graphs, one of them noise, combined by the gate: the true graph still carries the signal.
    const gated = new TxPertModel();
    await gated.fit(
      { ...view, graphs: new Map([...view.graphs, ['co-expression', randomGraph(view.genes, 9)]]) },
      { seed: 1 },
    );
    const rg = await unseenPearson(gated, test);
    console.log(`TxPert with GO + a random graph: ${rg.toFixed(3)}`);
    expect(rg).toBeGreaterThan(rm + 0.2);
    for (const m of [tx, blind, gated]) m.dispose();
  }, 300_000);

  it("reads each condition's control reference as its basal state, and the pooled control without one", async () => {
    await tf.setBackend('cpu');
    const { view, test } = graphSimulation(3, 40);
    // Two strata of control: half the conditions were measured against a shifted control profile.
    const shifted = Float64Array.from(view.controlMean, (_, j) => (j % 2 ? 1 : 0));
    const train = view.train.map((c, i) => ({ ...c, reference: i % 2 ? shifted : view.controlMean }));
    const m = new TxPertModel({ epochs: 20, hidden: 16, patience: 100 });
    await m.fit({ ...view, train }, { seed: 4 });
    const perts = test.slice(0, 3).map((c) => c.genes);
    const pooled = await m.predict(perts);
    expect(
      await m.predict(
        perts,
        perts.map(() => view.controlMean),
      ),
    ).toEqual(pooled);
    const other = await m.predict(
      perts,
      perts.map(() => shifted),
    );
    expect(Math.max(...other[0].map((v, j) => Math.abs(v - pooled[0][j])))).toBeGreaterThan(1e-4);
    m.dispose();
  });
});
