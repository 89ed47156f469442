import { create } from 'zustand';
import type { EvaluationProgress, UserError } from '../worker/protocol';
import { Comlink, replaceWorker, workerApi, type WorkerLoss } from './workerClient';
import { setEvaluation, useApp } from './store';
import { keys, queryClient } from './queryClient';
import type { SplitName } from '../core/catalog';
import { LAYER } from '../core/catalog';

/** How often the page shows a run's progress (its status line), in ms. */
const UI_INTERVAL_MS = 500;
/**
 * How often the loss curves are drawn again while models train, in ms. Each Plotly redraw costs the
 * page's main thread ~0.1 s here (and the compositor behind it); drawn every 500 ms, they took CPU
 * from the models training in the workers (TxPert: 11.2 s of main-thread CPU in a 1-minute run,
 * 6.3 s at this interval, 4.0 s with no progress shown at all).
 */
const CURVES_INTERVAL_MS = 2500;

export type GraphColour = 'observed' | 'model' | 'attention';

interface ModelState {
  /** Models chosen beside the baselines (which always run). */
  extra: string[];
  /** Epochs the user asked for; null runs each model's own schedule (tuned to converge on its own). */
  epochs: number | null;
  /** Models trained at once on the CPU backends; null: as many as the cores allow (see MAX_AT_ONCE). */
  atOnce: number | null;
  setAtOnce(n: number | null): void;
  /** Cell-level minibatches: up to this many cells per condition; null trains on the means. */
  cellsPerCondition: number | null;
  setCells(n: number | null): void;
  /** Graphs the graph models may use. */
  graphs: string[];
  toggleGraph(name: string): void;
  /** An imported graph whose spectral embedding places genes for GO ridge and GO kNN (null: GO terms). */
  embedding: string | null;
  setEmbedding(name: string | null): void;
  /** What happened to the last saved or loaded model, for the user. */
  libraryNote: string | null;
  setLibraryNote(note: string | null): void;
  /** Training loss per epoch, per model, as it arrives. */
  curves: Record<string, { epoch: number; loss: number; validation: number | null }[]>;
  toggleExtra(id: string): void;
  setEpochs(n: number | null): void;
  cancel(): Promise<void>;
  split: SplitName;
  seed: number;
  running: string | null;
  /** The run is a robustness run: it leaves the leaderboard shown as it is (not outdated). */
  robustnessRun: boolean;
  error: UserError | null;
  /** The model whose predictions the scatter plot and (optionally) the graph show. */
  model: string;
  colorGraph: GraphColour;
  setSplit(s: SplitName): void;
  setSeed(n: number): void;
  evaluate(): Promise<void>;
  showModel(model: string): void;
  setColorGraph(c: GraphColour): void;
  /** When the leaderboard on screen was restored from the browser's store: when it was saved. */
  restoredFrom: string | null;
  /** Whether the leaderboard on screen is kept in the browser (a reload shows it again). */
  kept: boolean;
  /** Why the leaderboard on screen could not be kept (the browser's storage is full, say). */
  notKept: string | null;
  reset(): void;
}

export const useModels = create<ModelState>((set, get) => ({
  extra: [],
  epochs: null,
  atOnce: null,
  setAtOnce: (atOnce) => set({ atOnce }),
  cellsPerCondition: null,
  setCells: (cellsPerCondition) => set({ cellsPerCondition }),
  graphs: [LAYER.go, LAYER.coexpression],
  embedding: null,
  setEmbedding: (embedding) => set({ embedding }),
  toggleGraph: (name) =>
    set({ graphs: get().graphs.includes(name) ? get().graphs.filter((g) => g !== name) : [...get().graphs, name] }),
  libraryNote: null,
  setLibraryNote: (libraryNote) => set({ libraryNote }),
  curves: {},
  toggleExtra: (id) =>
    set({ extra: get().extra.includes(id) ? get().extra.filter((x) => x !== id) : [...get().extra, id] }),
  setEpochs: (epochs) => set({ epochs }),
  async cancel() {
    const id = useApp.getState().sessionId;
    if (id) await workerApi().cancelEvaluation(id);
  },
  split: 'simulation',
  seed: 0,
  running: null,
  robustnessRun: false,
  error: null,
  model: 'linear',
  colorGraph: 'observed',
  setSplit: (split) => set({ split }),
  setSeed: (seed) => set({ seed }),
  restoredFrom: null,
  kept: false,
  notKept: null,
  reset: () =>
    set({
      error: null,
      colorGraph: 'observed',
      libraryNote: null,
      running: null,
      restoredFrom: null,
      kept: false,
      notKept: null,
    }),

  async evaluate() {
    const session = useApp.getState().sessionId;
    if (!session) return;
    set({ running: 'starting…', error: null, curves: {} });
    // Each model's last epoch line: two or more train at once, and the status names each.
    const epochLines: Record<string, string> = {};
    let curves: ModelState['curves'] = {};
    // The page shows progress at most every UI_INTERVAL_MS: every batch of two models at once
    // repainted it often enough to take a third of a core from training.
    let shown: ReturnType<typeof setTimeout> | null = null;
    let status = '';
    let curvesShown = -Infinity;
    const show = () => {
      shown ??= setTimeout(() => {
        shown = null;
        if (get().running === null) return;
        if (performance.now() - curvesShown < CURVES_INTERVAL_MS) set({ running: status });
        else {
          curvesShown = performance.now();
          set({ curves, running: status });
        }
      }, UI_INTERVAL_MS);
    };
    const onProgress = (p: EvaluationProgress) => {
      if (p.epoch !== undefined)
        curves = {
          ...curves,
          // Epoch 1 again: the model is trained anew (on another backend after its own was lost).
          [p.model]: [
            ...(p.epoch === 1 ? [] : (curves[p.model] ?? [])),
            { epoch: p.epoch, loss: p.trainLoss!, validation: p.validation ?? null },
          ],
        };
      if (p.batch) {
        // Within a long epoch: how far it got, and the time left at its pace so far.
        const { epoch, epochs, done, of, seconds } = p.batch;
        const left = done ? Math.round((seconds / done) * (of - done)) : null;
        epochLines[p.model] =
          `epoch ${epoch}/${epochs}: batch ${done} of ${of}${left !== null ? `, about ${left} s left in this epoch` : ''}`;
      } else if (p.epoch !== undefined)
        epochLines[p.model] = `epoch ${p.epoch}/${p.epochs}, ${(p.seconds! / p.epoch).toFixed(2)} s per epoch`;
      status = statusLine(p, epochLines);
      show();
    };
    const r = await workerApi().evaluate(
      session,
      {
        split: get().split,
        seed: get().seed,
        models: get().extra,
        epochs: get().epochs ?? undefined,
        cellsPerCondition: get().cellsPerCondition ?? undefined,
        graphs: get().graphs,
        embedding: get().embedding ?? undefined,
        atOnce: get().atOnce ?? undefined,
      },
      Comlink.proxy(onProgress),
    );
    if (shown) clearTimeout(shown);
    // A new dataset loaded meanwhile: this run's answer (results or "cancelled") belongs to the old one.
    if (useApp.getState().sessionId !== session) return;
    set({ running: null, curves });
    // A run can change the backend (the GPU device was lost during it): show the one now in use.
    const backend = await workerApi().backendStatus();
    if (backend.ok && backend.value) queryClient.setQueryData(keys.backend(), backend.value);
    if (r.ok) {
      set({ error: null, restoredFrom: null, kept: false, notKept: null });
      setEvaluation(session, r.value);
      // Predictions exist for test conditions only: the view moves to one unless it shows one.
      const tests = r.value.testConditions;
      const app = useApp.getState();
      if (tests.length && !tests.some((t) => t.name === app.selected)) app.select(tests[0].name);
    } else {
      if (r.error.code === 'reader-crashed') replaceWorker(r.error as WorkerLoss);
      set({ error: r.error });
    }
  },

  showModel: (model) => set({ model }),

  setColorGraph: (colorGraph) => set({ colorGraph }),
}));

/** The run's status in words: the step, and each model in training with its last epoch. */
function statusLine(p: EvaluationProgress, epochLines: Record<string, string>): string {
  if (p.model === 'graphs') return 'building graphs';
  if (!p.model) return 'done';
  const running = p.running ?? [p.model];
  if (running.length > 1)
    return `training ${running.length} models at once (${p.done} of ${p.total} steps done): ${running.map((m) => `${m}${epochLines[m] ? `, ${epochLines[m]}` : ''}`).join('; ')}`;
  const model = running[0] ?? p.model;
  if (model === 'split-half') return `the split-half ceiling (${p.done + 1} of ${p.total})`;
  return `training ${model} (${p.done + 1} of ${p.total})${epochLines[model] ? `, ${epochLines[model]}` : ''}`;
}

// Another file opened: the last leaderboard's status and choices that depend on it start over.
useApp.subscribe((s, prev) => {
  if (s.sessionId !== prev.sessionId) useModels.getState().reset();
});
