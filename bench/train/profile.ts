/**
 * Where a training epoch spends its time: every kernel tfjs runs during EPOCHS epochs of one model
 * on the demo (Node WASM, simulation split, seed 0), summed by kernel name, with its share of the
 * kernel time and its call count. Kernel time is measured per call by the backend.
 * Usage: npm run bench:profile [-- MODEL[,MODEL…] [EPOCHS] [--norman]]
 * With --norman, on the Norman-scale synthetic screen (5,000 genes, 290 conditions) instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/tensor/wasmBackend';
import { join } from 'node:path';
import { openH5adPath } from '../../src/node/openH5ad';
import { loadGoAsset } from '../../src/node/goAsset';
import { loadPerturbDataset } from '../../src/core/dataset/build';
import { makeSplit } from '../../src/core/eval/splits';
import { trainingView } from '../../src/core/eval/runner';
import { graphsForSplit } from '../../src/core/eval/splitGraphs';
import { createModel, modelSpec } from '../../src/core/models/registry';
import { normanScreen } from './normanScreen';
import { LAYER } from '../../src/core/catalog';

const args = process.argv.slice(2).filter((a) => a !== '--norman');
const norman = process.argv.includes('--norman');
const models = (args[0] ?? 'gears,app,txpert').split(',');
const epochs = Number(args[1] ?? 2);
const root = join(import.meta.dirname, '..', '..');

await tf.setBackend('wasm');
const reader = await openH5adPath(join(root, 'public', 'data', 'demo.h5ad'));
const demo = loadPerturbDataset(reader);
const ds = norman ? normanScreen(demo, 5000) : demo;
const split = makeSplit(ds.conditions, 'simulation', 0);
// A synthetic screen of means has no cells, so no co-expression graph: GEARS lays it as self-loops.
const needed = new Set(
  models.flatMap((m) => modelSpec(m).needs.graphs).filter((g) => !norman || g !== LAYER.coexpression),
);
const graphs = graphsForSplit(needed, ds, split, await loadGoAsset(), norman ? null : reader);
reader.close();
const view = trainingView(ds, split, graphs);

for (const id of models) {
  const m = createModel(id);
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await m.fit(view, { seed: 0, epochs });
  });
  const wall = (performance.now() - t0) / 1000;
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const ms = await k.kernelTimeMs;
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += typeof ms === 'number' ? ms : 0;
    e.calls++;
    byName.set(k.name, e);
  }
  const total = [...byName.values()].reduce((s, e) => s + e.ms, 0);
  console.log(
    `\n${id}: ${epochs} epochs in ${wall.toFixed(2)} s wall (profiled), kernels ${(total / 1000).toFixed(2)} s, ${info.kernels.length} kernel calls`,
  );
  const rows = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
  for (const [name, e] of rows)
    console.log(
      `  ${name.padEnd(22)} ${(e.ms / 1000).toFixed(3).padStart(7)} s  ${((100 * e.ms) / total).toFixed(1).padStart(5)} %  ${String(e.calls).padStart(6)} calls`,
    );
  m.dispose();
}
