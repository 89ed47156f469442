import { fakeGo } from './perturbnet/twoStates';
import { graphFromEdges, type EdgeIndexed, type GeneGraph } from '../../../src/core/graph/geneGraph';
import { Rng } from '../../../src/core/util/random';
import { goTermEmbedding } from '../../../src/core/go/termEmbedding';
import type { ConditionData, PerturbationModel, TrainingView } from '../../../src/core/models/types';
import { pearson } from '../../../src/core/eval/metrics';

/**
 * A simulation whose answer is known: perturbing gene g raises g and, along the given graph, its
 * neighbours (half as much) and their neighbours (a quarter). Only a model that uses the graph can
 * predict an unseen gene's effect; the mean baseline cannot.
 */
export function graphSimulation(seed: number, nGenes = 80, degree = 3) {
  const rng = new Rng(seed);
  const genes = Array.from({ length: nGenes }, (_, i) => `G${String(i).padStart(3, '0')}`);
  const edges: EdgeIndexed[] = [];
  const nb: number[][] = genes.map(() => []);
  for (let i = 0; i < nGenes; i++) {
    for (let k = 0; k < degree; k++) {
      const j = rng.int(nGenes);
      if (j === i || nb[i].includes(j)) continue;
      nb[i].push(j);
      nb[j].push(i);
      edges.push({ src: i, dst: j, weight: 1, provenance: 1 }, { src: j, dst: i, weight: 1, provenance: 1 });
    }
  }
  const graph: GeneGraph = graphFromEdges(genes, edges, ['GO']);
  const effect = (g: number) => {
    const d = new Float64Array(nGenes);
    d[g] += 2;
    for (const j of nb[g]) {
      d[j] += 1;
      for (const k of nb[j]) if (k !== g) d[k] += 0.25;
    }
    for (let j = 0; j < nGenes; j++) d[j] += 0.05 * rng.normal();
    return d;
  };
  const conditions: ConditionData[] = genes.map((g, i) => ({
    name: `${g}+ctrl`,
    genes: [g],
    delta: effect(i),
    reference: new Float64Array(nGenes),
    nCells: 50,
    // The mean's noise (sd 0.05 over 50 cells) as the variance of one cell.
    variance: new Float64Array(nGenes).fill(50 * 0.05 ** 2),
  }));
  const shuffled = rng.shuffle([...conditions]);
  const test = shuffled.slice(0, 16);
  const validation = shuffled.slice(16, 24);
  const train = shuffled.slice(24);
  const view: TrainingView = {
    genes,
    controlMean: new Float64Array(nGenes),
    controlVariance: new Float64Array(nGenes),
    train,
    validation,
    perturbableGenes: genes,
    graphs: new Map([['GO', graph]]),
    // GO as the graph was drawn from it: a gene is annotated with one term per neighbour and its own.
    embedding: goTermEmbedding(
      fakeGo(Object.fromEntries(genes.map((g, i) => [g, [`T${i}`, ...nb[i].map((j) => `T${j}`)]]))),
    ),
  };
  return { view, test };
}

/** Mean Pearson Δ of a fitted model over the simulation's held-out (unseen) genes. */
export async function unseenPearson(model: PerturbationModel, test: ConditionData[]): Promise<number> {
  const pred = await model.predict(test.map((c) => c.genes));
  return test.reduce((s, c, i) => s + pearson(pred[i], c.delta), 0) / test.length;
}
