/**
 * The session worker's helper: a second worker that fits models while the session worker fits
 * others (see `FitHelper` in src/core/models/fitHelper.ts). It exposes only the core's `serveFits`.
 * Its first message is the base URL of the shipped assets (PerturbNet's encoder is read from there).
 */
import * as tf from '@tensorflow/tfjs-core';
import './backendSetup';
import { serveFits, type FromHelper, type ToHelper } from '../core/models/fitHelperPort';
import { GraphStore } from '../core/session/graphs';
import { fetchAsset } from './fetchAsset';

const scope = self as unknown as Worker;

scope.addEventListener(
  'message',
  (first: MessageEvent<string>) => {
    const assets = new GraphStore(fetchAsset(first.data));
    serveFits(
      {
        post: (m: FromHelper, transfer?: ArrayBuffer[]) => scope.postMessage(m, transfer ?? []),
        listen: (f: (m: ToHelper) => void) =>
          scope.addEventListener('message', (e: MessageEvent<ToHelper>) => f(e.data)),
      },
      {
        useBackend: async (name) => {
          if (tf.getBackend() === name) return;
          if (!(await tf.setBackend(name))) throw new Error(`the helper worker could not start the ${name} backend`);
          await tf.ready();
        },
        genotype: () => assets.genotype(),
      },
    );
  },
  { once: true },
);
