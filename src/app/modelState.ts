import { create } from 'zustand';
import type { EvaluationProgress, EvaluationSummary, PredictionView, UserError } from '../worker/protocol';

export type GraphColour = 'observed' | 'model' | 'attention';
import { Comlink, workerApi } from './workerClient';

type SplitName = 'simulation' | 'combo_seen2' | 'single';

interface ModelState {
  /** Models chosen beside the baselines (which always run). */
  extra: string[];
  epochs: number;
  /** Cell-level minibatches: up to this many cells per condition; null trains on the means. */
  cellsPerCondition: number | null;
  setCells(n: number | null): void;
  /** Graphs the graph models may use. */
  graphs: string[];
  toggleGraph(name: string): void;
  /** What happened to the last saved or loaded model, for the user. */
  libraryNote: string | null;
  setSummary(summary: EvaluationSummary | null, note: string | null): void;
  /** Training loss per epoch, per model, as it arrives. */
  curves: Record<string, { epoch: number; loss: number; validation: number | null }[]>;
  lastProgress: EvaluationProgress | null;
  toggleExtra(id: string): void;
  setEpochs(n: number): void;
  cancel(): Promise<void>;
  split: SplitName;
  seed: number;
  running: string | null;
  summary: EvaluationSummary | null;
  error: UserError | null;
  /** The model whose predictions the scatter plot and (optionally) the graph show. */
  model: string;
  colorGraph: GraphColour;
  prediction: PredictionView | null;
  setSplit(s: SplitName): void;
  setSeed(n: number): void;
  evaluate(): Promise<void>;
  showModel(model: string, condition: string | null): Promise<void>;
  loadPrediction(condition: string | null): Promise<void>;
  setColorGraph(c: GraphColour): void;
  /** Counts dataset changes, so that an answer about an older dataset is dropped. */
  resets: number;
  /** When the leaderboard on screen was restored from the browser's store: when it was saved. */
  restoredFrom: string | null;
  /** Whether the leaderboard on screen is kept in the browser (a reload shows it again). */
  kept: boolean;
  reset(): void;
}

export const useModels = create<ModelState>((set, get) => ({
  extra: [],
  epochs: 30,
  cellsPerCondition: null,
  setCells: (cellsPerCondition) => set({ cellsPerCondition }),
  graphs: ['GO', 'co-expression'],
  toggleGraph: (name) => set({ graphs: get().graphs.includes(name) ? get().graphs.filter((g) => g !== name) : [...get().graphs, name] }),
  libraryNote: null,
  setSummary: (summary, libraryNote) => set(summary ? { summary, libraryNote } : { libraryNote }),
  curves: {},
  lastProgress: null,
  toggleExtra: (id) => set({ extra: get().extra.includes(id) ? get().extra.filter((x) => x !== id) : [...get().extra, id] }),
  setEpochs: (epochs) => set({ epochs }),
  async cancel() {
    await workerApi().cancelEvaluation();
  },
  split: 'simulation',
  seed: 0,
  running: null,
  summary: null,
  error: null,
  model: 'linear',
  colorGraph: 'observed',
  prediction: null,
  setSplit: (split) => set({ split }),
  setSeed: (seed) => set({ seed }),
  resets: 0,
  restoredFrom: null,
  kept: false,
  reset: () => set({ summary: null, prediction: null, error: null, colorGraph: 'observed', libraryNote: null, running: null, restoredFrom: null, kept: false, resets: get().resets + 1 }),

  async evaluate() {
    const resets = get().resets;
    set({ running: 'starting…', error: null, curves: {}, lastProgress: null });
    const onProgress = (p: EvaluationProgress) => {
      const curves = get().curves;
      const next = p.epoch !== undefined ? { ...curves, [p.model]: [...(curves[p.model] ?? []), { epoch: p.epoch, loss: p.trainLoss!, validation: p.validation ?? null }] } : curves;
      const what = p.model === 'graphs' ? 'building graphs' : p.model ? `training ${p.model} (${p.done + 1} of ${p.total})` : 'done';
      set({ curves: next, lastProgress: p, running: p.epoch !== undefined ? `${what}, epoch ${p.epoch}/${p.epochs}, ${(p.seconds! / p.epoch).toFixed(2)} s per epoch` : what });
    };
    const r = await workerApi().evaluate({ split: get().split, seed: get().seed, models: get().extra, epochs: get().epochs, cellsPerCondition: get().cellsPerCondition ?? undefined, graphs: get().graphs }, Comlink.proxy(onProgress));
    // A new dataset loaded meanwhile: this run's answer (results or "cancelled") belongs to the old one.
    if (get().resets !== resets) return;
    set({ running: null });
    if (r.ok) set({ summary: r.value, error: null, restoredFrom: null, kept: false });
    else set({ error: r.error });
  },

  async showModel(model, condition) {
    set({ model });
    await get().loadPrediction(condition);
  },

  async loadPrediction(condition) {
    const { model, summary } = get();
    if (!summary || !condition) {
      set({ prediction: null });
      return;
    }
    set({ prediction: await workerApi().prediction(model, condition) });
  },

  setColorGraph: (colorGraph) => set({ colorGraph }),
}));
