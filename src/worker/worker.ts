import * as Comlink from 'comlink';
import { InputError, isInputError } from '../core/errors';
import { labelsNeedLexicon, loadPerturbDataset, type PerturbDataset } from '../core/dataset/build';
import { inspectSummary } from '../core/dataset/summary';
import { guideAgreement } from '../core/dataset/guides';
import { decodeSession, encodeSession } from '../core/session/sessionFile';
import { CancelledError } from '../core/dataset/pseudobulk';
import { openSource } from './openFile';
import { useBackend } from './backends';
import { GraphStore } from './graphs';
import { Evaluation } from './evaluation';
import * as tf from '@tensorflow/tfjs-core';
import type { ConditionDetail, DataSource, EgoRequest, LoadProgress, LoadResult, LoadSettings, Result, UserError, WorkerApi } from './protocol';

let current: PerturbDataset | null = null;
let currentSource: DataSource | null = null;
const graphs = new GraphStore();
const evaluation = new Evaluation();

function toUserError(e: unknown): UserError {
  if (isInputError(e)) return { code: e.code, message: e.message, hint: e.hint };
  if (e instanceof CancelledError) return { code: 'internal', message: 'Cancelled.', hint: '' };
  return { code: 'internal', message: (e as Error).message ?? String(e), hint: '' };
}

async function attempt<T>(f: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    return { ok: false, error: toUserError(e) };
  }
}

async function load(source: DataSource, settings: LoadSettings, onProgress?: (p: LoadProgress) => void): Promise<LoadResult> {
  const t0 = performance.now();
  let reader: Awaited<ReturnType<typeof openSource>>['reader'] | null = null;
  try {
    const opened = await openSource(source);
    reader = opened.reader;
    // The GO asset's symbols and aliases count as genes in labels, read only when the measured genes
    // do not suffice (most files, the demo among them, need no 1 MB asset before their summary).
    const lexicon = labelsNeedLexicon(reader, settings) ? await graphs.annotations().then((go) => go.lexicon(), () => undefined) : undefined;
    let last = 0;
    const ds = loadPerturbDataset(reader, {
      ...settings,
      lexicon,
      onProgress: (p) => {
        const now = performance.now();
        if (now - last > 50 || p.fraction >= 1) {
          last = now;
          onProgress?.(p);
        }
      },
    });
    current = ds;
    currentSource = source;
    graphs.datasetChanged();
    evaluation.reset();
    return {
      ok: true,
      dataset: {
        summary: inspectSummary(ds), fileName: ds.fileName, fileBytes: opened.bytes, xCompression: ds.xCompression,
        valuesEvidence: ds.valuesEvidence, geneSource: ds.geneSource, nGenes: ds.genes.length, hvgSelected: ds.hvgSelected,
        obsColumns: ds.obsColumns, perturbationLabels: ds.perturbationLabels, controlLabels: ds.controlLabels,
        nSkippedCells: ds.nSkippedCells, syntheticNote: ds.syntheticNote, warnings: ds.warnings, loadSeconds: (performance.now() - t0) / 1000,
      },
    };
  } catch (e) {
    if (isInputError(e)) return { ok: false, error: { code: e.code, message: e.message, hint: e.hint } };
    if (e instanceof CancelledError) return { ok: false, error: { code: 'internal', message: 'Loading was cancelled.', hint: '' } };
    return { ok: false, error: { code: 'internal', message: `Unexpected error while loading: ${(e as Error).message ?? String(e)}`, hint: 'Please report this with the file’s description (not the file).' } };
  } finally {
    reader?.close();
  }
}

function conditionDetail(name: string, n: number): ConditionDetail | null {
  const ds = current;
  const c = ds?.conditions.find((x) => x.name === name);
  if (!ds || !c) return null;
  const topDe = Array.from(c.deTop.slice(0, n), (j) => ({ gene: ds.genes[j], delta: c.delta[j], t: c.t[j], controlMean: c.reference[j] }));
  return { name: c.name, genes: c.genes, nCells: c.nCells, topDe };
}

function need(): PerturbDataset {
  if (!current || !currentSource) throw new Error('Load a dataset first.');
  return current;
}

/** What the graph's nodes are coloured by, when not the observed change. */
async function egoColour(req: EgoRequest): Promise<{ label: string; of: (gene: string) => number | null } | null> {
  const cond = current?.conditions.find((c) => c.name === req.condition);
  if (!current || !cond) return null;
  if (req.attention) {
    const att = await evaluation.attention(cond.genes);
    return att && { label: 'APP attention', of: (g) => att.get(g) ?? null };
  }
  const pred = req.colorModel ? evaluation.predictedChange(req.colorModel, cond.name) : null;
  if (!pred) return null;
  const index = new Map(current.genes.map((g, i) => [g, i]));
  return { label: `${req.colorModel} prediction`, of: (g) => (index.has(g) ? pred[index.get(g)!] : null) };
}

// Backend switches run one at a time: two concurrent tf.setBackend calls race on initialisation.
let backendQueue: Promise<unknown> = Promise.resolve();
function setBackendSerial(name: Parameters<typeof useBackend>[0]) {
  const next = backendQueue.then(() => useBackend(name));
  backendQueue = next.catch(() => undefined);
  return next;
}

const api: WorkerApi = {
  load,
  conditionDetail: async (name, n) => conditionDetail(name, n),
  setBackend: setBackendSerial,
  configure: async (assetBase) => graphs.configure(assetBase),
  graphLayers: async () => graphs.list(),
  ensureLayer: (name, onProgress) =>
    attempt(async () => {
      await graphs.ensure(name, { dataset: current, open: async () => (await openSource(currentSource!)).reader }, onProgress);
      return graphs.list();
    }),
  importGraph: (file) => attempt(() => graphs.importFile(file, current?.genes ?? [])),
  addGoLayer: (spec, onProgress) => attempt(async () => ({ name: await graphs.addGoLayer(spec, current, onProgress), layers: graphs.list() })),
  ego: (req) => attempt(async () => graphs.ego(req, current, await egoColour(req))),
  evaluate: (req, onProgress) =>
    attempt(() => {
      if (!current || !currentSource) throw new Error('load a dataset first');
      const source = currentSource;
      return evaluation.run(current, async () => (await openSource(source)).reader, { go: () => graphs.annotations(), genotype: () => graphs.genotype() }, req, tf.getBackend() ?? 'cpu', onProgress);
    }),
  cancelEvaluation: async () => evaluation.cancel(),
  compose: (genes) => attempt(() => evaluation.compose(need(), genes, async () => (await openSource(currentSource!)).reader)),
  composableGenes: async () => (current ? evaluation.composable(current) : []),
  guides: () =>
    attempt(async () => {
      const ds = need();
      const reader = (await openSource(currentSource!)).reader;
      try {
        return guideAgreement(reader, ds);
      } finally {
        reader.close();
      }
    }),
  distribution: (condition) =>
    attempt(async () => {
      const reader = (await openSource(currentSource!)).reader;
      try {
        return await evaluation.distribution(need(), reader, condition);
      } finally {
        reader.close();
      }
    }),
  exportModel: (model) => attempt(() => evaluation.exportModel(need(), model)),
  snapshot: () => attempt(() => evaluation.snapshot(need())),
  restoreSnapshot: (snap) => attempt(() => evaluation.restore(need(), snap)),
  saveSession: (meta) =>
    attempt(async () => {
      const snapshot = await evaluation.snapshot(need());
      if (!snapshot) throw new InputError('no-session', 'There is no evaluation to save yet.', 'Train and evaluate first; then save the session.');
      return encodeSession({ created: new Date().toISOString(), ...meta, snapshot });
    }),
  openSession: (bytes, name, key) =>
    attempt(async () => {
      const file = await decodeSession(bytes, name);
      if (file.dataset.key !== key) {
        throw new InputError('bad-session-file', `${name} was made on ${file.dataset.fileName} (${file.dataset.fileBytes.toLocaleString('en-US')} bytes), read with other settings or another file than the one open now.`, `Open ${file.dataset.fileName} with the same design settings first, then open the session again.`);
      }
      return { summary: evaluation.restore(need(), file.snapshot), view: file.view };
    }),
  importModel: (bytes, name) => attempt(() => evaluation.importModel(need(), bytes, name)),
  prediction: async (model, condition) => (current ? evaluation.prediction(current, model, condition) : null),
  sharedGoTerms: (a, b) => graphs.sharedTerms(a, b),
};

Comlink.expose(api);
