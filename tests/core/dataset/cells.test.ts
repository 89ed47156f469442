import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../src/core/tensor/wasmBackend';
import { DEMO_PATH } from '../../../cli/paths';
import { openH5adPath } from '../../../src/node/openH5ad';
import { loadPerturbDataset } from '../../../src/core/dataset/build';
import { cellConditions, sampleCells } from '../../../src/core/dataset/cells';
import { evaluateModels } from '../../../src/core/eval/evaluate';
import { makeSplit } from '../../../src/core/eval/splits';
import { loadGoAsset } from '../../../src/node/goAsset';

describe('single cells', () => {
  it('sampled cells average to the condition mean when every cell is taken, and a sample is a seeded subset', async () => {
    const reader = await openH5adPath(DEMO_PATH);
    const ds = loadPerturbDataset(reader);
    const c = ds.conditions[3];
    const genes = [0, 5, 17, Array.from(c.deTop)[0]];
    const [all] = sampleCells(reader, ds, [c.name], 10_000, 0, genes);
    expect(all.values.length).toBe(c.nCells);
    genes.forEach((j, k) => {
      const mean = all.values.reduce((s, v) => s + v[k], 0) / all.values.length;
      expect(mean).toBeCloseTo(c.delta[j] + c.reference[j], 5);
    });
    const [a] = sampleCells(reader, ds, [c.name], 5, 1, genes);
    const [b] = sampleCells(reader, ds, [c.name], 5, 1, genes);
    expect(a.values.length).toBe(5);
    expect(a.values).toEqual(b.values);
    const asText = (v: Float32Array) => Array.from(v).join(',');
    const pool = new Set(all.values.map(asText));
    for (const v of a.values) expect(pool.has(asText(v))).toBe(true);
    expect(cellConditions(ds).cellsOf.get(c.name)!.length).toBe(c.nCells);
    reader.close();
  });

  it('with counts: the same cells, whole-number counts whose library-size normalisation gives the values', async () => {
    const reader = await openH5adPath(DEMO_PATH);
    const ds = loadPerturbDataset(reader);
    expect(ds.values).toBe('counts');
    const c = ds.conditions[3];
    for (const genes of [[0, 5, 17, Array.from(c.deTop)[0]], ds.genes.map((_, j) => j)]) {
      const [plain] = sampleCells(reader, ds, [c.name], 6, 2, genes);
      const [s] = sampleCells(reader, ds, [c.name], 6, 2, genes, true);
      expect(s.values).toEqual(plain.values);
      expect(s.counts!.length).toBe(6);
      s.counts!.forEach((row, r) => {
        // A library covers every gene of the file: at least the chosen genes' counts.
        expect(s.library![r]).toBeGreaterThanOrEqual(row.reduce((a, b) => a + b, 0));
        row.forEach((k, i) => {
          expect(Number.isInteger(k)).toBe(true);
          expect(Math.log1p((k * 1e4) / s.library![r])).toBeCloseTo(s.values[r][i], 4);
        });
      });
    }
    reader.close();
  });

  it('cell-level minibatches: the neural model says it trained on cells, the baselines on means', async () => {
    await tf.setBackend('wasm');
    const reader = await openH5adPath(DEMO_PATH);
    const ds = loadPerturbDataset(reader);
    const split = makeSplit(ds.conditions, 'single', 0);
    const ev = await evaluateModels(reader, ds, split, {
      models: ['txpert'],
      seed: 0,
      backend: 'wasm',
      epochs: 1,
      cellsPerCondition: 3,
      go: loadGoAsset,
    });
    const expected = split.train.reduce((s, n) => s + Math.min(3, ds.conditions.find((c) => c.name === n)!.nCells), 0);
    const tx = ev.results.find((r) => r.model === 'txpert')!;
    expect(tx.trained_on).toBe(
      `single cells (${expected.toLocaleString('en-US')} cells of ${split.train.length} conditions, minibatches of 32)`,
    );
    expect(ev.results.find((r) => r.model === 'linear')!.trained_on).toBe('per-condition means');
    ev.models.forEach((m) => m.dispose());
    reader.close();
  }, 120_000);
});
