import { describe, expect, it } from 'vitest';
import { answerBuffers, answerTests, type TestQuery } from '../../../src/core/models/testAnswers';
import type { GenerativeModel, Perturbation, PerturbationModel } from '../../../src/core/models/types';

/**
 * A model of 3 genes whose answers show what it was asked: a prediction is the perturbation's size
 * and the reference's first value; a generated cell holds the seed and the cell's index.
 */
function model(generative: boolean): PerturbationModel & { calls: string[] } {
  const calls: string[] = [];
  const base = {
    id: 'toy',
    label: 'toy',
    calls,
    fit: () => Promise.reject(new Error('not fitted here')),
    predict: async (perts: readonly Perturbation[], refs?: readonly Float64Array[]) => {
      calls.push(`predict ${perts.length}`);
      return perts.map((p, i) => Float64Array.of(p.length, refs?.[i][0] ?? -1, 0));
    },
    coverage: () => ({ ok: true as const }),
    save: () => Promise.reject(new Error('unused')),
    restore: () => undefined,
    dispose: () => undefined,
  };
  if (!generative) return base;
  const gen: GenerativeModel & { calls: string[] } = {
    ...base,
    generative: true,
    annotatedGenes: () => [],
    generate: async (p: Perturbation, n: number, seed: number) => {
      calls.push(`generate ${p.join('+')} ${n} ${seed}`);
      return Array.from({ length: n }, (_, k) => Float32Array.of(seed, k, p.length));
    },
  };
  return gen;
}

const query: TestQuery = {
  perts: [['A'], ['A', 'B']],
  references: [Float64Array.of(5, 0, 0), Float64Array.of(7, 0, 0)],
  generate: { cells: 2, seeds: [11, 12] },
};

describe('answerTests', () => {
  it('predicts every test perturbation with its reference, and a generative model generates each one’s cells with its seed', async () => {
    const m = model(true);
    const a = await answerTests(m, query);
    expect(a.predictions.map((p) => [...p])).toEqual([
      [1, 5, 0],
      [2, 7, 0],
    ]);
    expect(a.generated!.map((cells) => cells.map((c) => [...c]))).toEqual([
      [
        [11, 0, 1],
        [11, 1, 1],
      ],
      [
        [12, 0, 2],
        [12, 1, 2],
      ],
    ]);
    expect(m.calls).toEqual(['predict 2', 'generate A 2 11', 'generate A+B 2 12']);
  });

  it('generates nothing for a model that cannot, or when no cells are asked for', async () => {
    expect((await answerTests(model(false), query)).generated).toBeUndefined();
    const m = model(true);
    expect((await answerTests(m, { ...query, generate: undefined })).generated).toBeUndefined();
    expect(m.calls).toEqual(['predict 2']);
  });

  it('lists each buffer of the answers once, for a transfer', async () => {
    const a = await answerTests(model(true), query);
    const shared = new Float64Array(6);
    const buffers = answerBuffers({ ...a, predictions: [shared.subarray(0, 3), shared.subarray(3)] });
    expect(buffers).toHaveLength(1 + 4);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(buffers).toContain(shared.buffer);
  });
});
