import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../core/tensor/wasmBackend';
import { serveFits, type FromHelper, type ToHelper } from '../core/models/fitHelperPort';
import { loadGenotypeVae } from './genotypeVaeAsset';
import { loadGoAsset } from './goAsset';
import type { GenotypeVae } from '../core/models/perturbnet/genotypeVae';

if (!parentPort) throw new Error('fitThreadServe runs only as a worker thread');
const port = parentPort;
let genotype: Promise<GenotypeVae> | null = null;

serveFits(
  {
    post: (m: FromHelper, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer as never),
    listen: (f: (m: ToHelper) => void) => port.on('message', f),
  },
  {
    useBackend: async (name) => {
      if (tf.getBackend() === name) return;
      await tf.setBackend(name);
      await tf.ready();
    },
    // Loaded once, on the first PerturbNet fit, and kept for the next.
    genotype: () => (genotype ??= loadGoAsset().then((go) => loadGenotypeVae(go))),
  },
);
