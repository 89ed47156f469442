import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../../src/core/tensor/wasmBackend';
import { AppModel } from '../../../../src/core/models/gnn/app';
import { GearsModel } from '../../../../src/core/models/gnn/gears';
import { TxPertModel } from '../../../../src/core/models/gnn/txpert';
import type { PerturbationModel } from '../../../../src/core/models/types';
import { graphSimulation } from '../graphSim';

// Stated tolerance: after 5 epochs from the same seeded weights, CPU (JS) and WASM predictions
// agree to 1e-3 absolute; float32 summation order differs between the backends.
const TOLERANCE = 1e-3;

const MODELS: [string, () => PerturbationModel][] = [
  ['APP', () => new AppModel({ epochs: 5, hidden: 16, patience: 100 })],
  ['TxPert', () => new TxPertModel({ epochs: 5, hidden: 16, patience: 100 })],
  ['GEARS', () => new GearsModel({ epochs: 5, hidden: 16, patience: 100 })],
];

async function trainOn(backend: string, make: () => PerturbationModel) {
  await tf.setBackend(backend);
  await tf.ready();
  const { view, test } = graphSimulation(9, 30);
  const m = make();
  await m.fit(view, { seed: 2 });
  const p = await m.predict(test.map((c) => c.genes));
  m.dispose();
  return p;
}

describe('cross-backend agreement', () => {
  it.each(MODELS)(`%s trained on CPU and on WASM predicts the same within ${TOLERANCE}`, async (_, make) => {
    const cpu = await trainOn('cpu', make);
    const wasm = await trainOn('wasm', make);
    let worst = 0;
    cpu.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - wasm[i][j])))));
    expect(worst).toBeLessThan(TOLERANCE);
    expect(cpu.some((row) => row.some((v) => v !== 0))).toBe(true);
  });
});
