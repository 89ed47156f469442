import * as Comlink from 'comlink';
import { SessionHost } from '../core/session/host';
import { GraphStore } from '../core/session/graphs';
import { attempt } from '../core/session/result';
import { h5adBytes, openSource } from './openFile';
import { demoCache } from './datasetCache';
import type { BackendName } from '../core/tensor/backendChoice';
import type { WorkerApi } from './protocol';
import { fetchAsset } from './fetchAsset';
import { startFitHelper } from './fitHelperClient';
import type { FitHelper } from '../core/models/fitHelper';
import type { BackendStatus } from './backends';

/** The worker only exposes the session core (src/core/session): every answer is a `Result`. */
let assetBase = '';
const graphs = new GraphStore((name) => fetchAsset(assetBase)(name));

/**
 * Helper workers that train models while this one trains others, started when first wanted and
 * kept for the page's life (one that fails is dropped, and the next run starts another). Only the CPU backends share out work this way: a GPU is one device.
 */
const helpers: FitHelper[] = [];
let helperBackend = 'wasm';
function fitHelpers(backend: string, n: number): FitHelper[] {
  if (backend !== 'wasm' && backend !== 'cpu') return [];
  helperBackend = backend;
  const wanted = Math.min(n, Math.max(0, (navigator.hardwareConcurrency || 1) - 1));
  while (helpers.length < wanted) {
    const helper: FitHelper = startFitHelper(
      assetBase,
      () => helperBackend,
      () => {
        const i = helpers.indexOf(helper);
        if (i >= 0) helpers.splice(i, 1);
      },
    );
    helpers.push(helper);
  }
  return helpers.slice(0, wanted);
}

// tfjs and its backends load on the first backend choice (the page asks after the summary shows).
const backends = () => import('./backends');
// Backend switches run one at a time: two concurrent tf.setBackend calls race on initialisation.
let backendQueue: Promise<unknown> = Promise.resolve();
let backendStatus: BackendStatus | null = null;
function setBackendSerial(name: BackendName | 'auto') {
  const next = backendQueue.then(
    async () => (backendStatus = await (await backends()).useBackend(name, () => void afterDeviceLoss())),
  );
  backendQueue = next.catch(() => undefined);
  return next;
}
/** The backend training runs on: the user's choice once it is ready, else the automatic one. */
async function trainingBackend(): Promise<string> {
  await backendQueue;
  const tf = await import('@tensorflow/tfjs-core');
  if (!tf.getBackend()) await setBackendSerial('auto');
  return tf.getBackend();
}

/**
 * The GPU device was lost: training and prediction go on with WASM. A run in progress retrains only
 * the model it was fitting (see `backendLost`); models already fitted are rebuilt from kept states.
 */
async function afterDeviceLoss(): Promise<string> {
  graphs.forgetTensors();
  await setBackendSerial('wasm');
  host.current?.rebuildModels();
  return (await import('@tensorflow/tfjs-core')).getBackend();
}

async function backendLost(): Promise<string | null> {
  if (!(await (await backends()).lostDevice())) return null;
  graphs.forgetTensors();
  await setBackendSerial('wasm');
  return (await import('@tensorflow/tfjs-core')).getBackend();
}

// A replaced worker's successor must not reuse its session ids (the page's cached answers carry them).
const host = new SessionHost(
  { graphs, backend: trainingBackend, backendLost, h5adBytes, fitHelpers },
  `${Math.random().toString(36).slice(2, 8)}-`,
);
const on = host.on.bind(host);

const api: WorkerApi = {
  configure: async (base) => {
    assetBase = base;
  },
  load: (source, settings, onProgress) =>
    host.load(
      () => openSource(source),
      settings,
      onProgress,
      source.kind === 'demo' ? demoCache(source.url, settings) : undefined,
    ),
  setBackend: (name) => attempt(() => setBackendSerial(name)),
  backendStatus: () => attempt(() => backendStatus),
  models: () => attempt(async () => (await import('../core/models/registry')).modelCatalog()),
  dataset: (id) => on(id, (s) => s.view),
  evaluation: (id) => on(id, (s) => s.summary()),
  conditionDetail: (id, name, n) => on(id, (s) => s.conditionDetail(name, n)),
  guides: (id) => on(id, (s) => s.guides()),
  graphLayers: (id) => on(id, (s) => s.layers()),
  ensureLayer: (id, name, onProgress) => on(id, (s) => s.ensureLayer(name, onProgress)),
  importGraph: (id, file) => on(id, async (s) => s.importGraph(await file.text(), file.name)),
  addGoLayer: (id, spec, onProgress) => on(id, (s) => s.addGoLayer(spec, onProgress)),
  ego: (id, req) => on(id, (s) => s.ego(req)),
  sharedGoTerms: (id, a, b) => on(id, (s) => s.sharedGoTerms(a, b)),
  evaluate: (id, req, onProgress) => on(id, (s) => s.evaluate(req, onProgress)),
  robustness: (id, req, onProgress) => on(id, (s) => s.robustness(req, onProgress)),
  cancelEvaluation: (id) => on(id, (s) => s.cancelEvaluation()),
  compose: (id, genes) => on(id, (s) => s.compose(genes)),
  composableGenes: (id) => on(id, (s) => s.composableGenes()),
  distribution: (id, condition) => on(id, (s) => s.distribution(condition)),
  prediction: (id, model, condition) => on(id, (s) => s.prediction(model, condition)),
  exportModel: (id, model) => on(id, (s) => s.exportModel(model)),
  exportPredictions: (id, format) => on(id, (s) => s.exportPredictions(format)),
  importModel: (id, bytes, name) => on(id, (s) => s.importModel(bytes, name)),
  snapshot: (id) => on(id, (s) => s.snapshot()),
  restoreSnapshot: (id, snap) => on(id, (s) => s.restoreSnapshot(snap)),
  saveSession: (id, meta) => on(id, (s) => s.saveSession(meta)),
  openSession: (id, bytes, name, key) => on(id, (s) => s.openSessionFile(bytes, name, key)),
};

Comlink.expose(api);
