import { describe, expect, it } from 'vitest';
import { composePredictions, resolveGenes, strongest } from '../../../src/core/eval/compose';
import { AdditiveBaseline, MeanBaseline } from '../../../src/core/models/baselines';
import type { PerturbationModel, TrainingView } from '../../../src/core/models/types';

describe('composer', () => {
  it('resolves typed genes exactly or case-insensitively, and names what it cannot use', () => {
    expect(resolveGenes(['klf1', ' CEBPA '], ['KLF1', 'CEBPA'])).toEqual(['KLF1', 'CEBPA']);
    expect(() => resolveGenes(['A', 'B', 'C', 'D'], ['A'])).toThrow(/1 to 3 genes; got 4/);
    expect(() => resolveGenes(['ZZZ'], ['A'])).toThrow(
      /'ZZZ' is not a gene of the dataset, of the graphs the models read, or of a trained model/,
    );
    // A gene the graph view draws, but no model knows: the refusal says so, naming the graph.
    expect(() => resolveGenes(['TP53'], ['A'], (g) => (g === 'TP53' ? 'GO' : null))).toThrow(
      /TP53 is in the GO graph, but no trained model can use it/,
    );
    expect(() => resolveGenes(['a'], ['A', 'a2', 'A'.toLowerCase()])).not.toThrow();
    expect(() => resolveGenes(['A', 'a'], ['A'])).toThrow(/appears twice/);
  });

  it('predicts a never-measured pair with every model; the additive model calls it additive (c = 1, 1)', async () => {
    const G = 40;
    const d = (k: number) => Float64Array.from({ length: G }, (_, j) => (j % 4 === k ? Math.sin(j + k) : 0));
    const view: TrainingView = {
      genes: Array.from({ length: G }, (_, j) => `g${j}`),
      controlMean: new Float64Array(G),
      controlVariance: new Float64Array(G),
      perturbableGenes: ['A', 'B'],
      graphs: new Map(),
      validation: [],
      train: [
        {
          name: 'A',
          genes: ['A'],
          delta: d(0),
          reference: new Float64Array(G),
          nCells: 10,
          variance: new Float64Array(G),
        },
        {
          name: 'B',
          genes: ['B'],
          delta: d(1),
          reference: new Float64Array(G),
          nCells: 10,
          variance: new Float64Array(G),
        },
      ],
    };
    const add = new AdditiveBaseline();
    const mean = new MeanBaseline();
    await add.fit(view, { seed: 0 });
    await mean.fit(view, { seed: 0 });
    const rows = await composePredictions(
      new Map<string, PerturbationModel>([
        ['additive', add],
        ['mean', mean],
      ]),
      ['A', 'B'],
    );
    const a = rows.find((r) => r.model === 'additive')!;
    expect(Array.from(a.delta)).toEqual(Array.from(d(0)).map((v, j) => v + d(1)[j]));
    expect(a.interaction!.c1).toBeCloseTo(1, 9);
    expect(a.interaction!.c2).toBeCloseTo(1, 9);
    expect(a.interaction!.class).toBe('additive');
    expect(a.coverage.ok).toBe(true);
    // The mean model predicts the same change for every perturbation: its singles are identical,
    // so c1 and c2 cannot be told apart and the pair has no class (not 'redundant').
    expect(rows.find((r) => r.model === 'mean')!.interaction!.class).toBe('not classifiable');
    expect(
      strongest(
        [
          [0, -3, 1],
          [2, 0, 0],
        ],
        2,
      ),
    ).toEqual([1, 0]);
  });
});
