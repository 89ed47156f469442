import { create } from 'zustand';
import type { EvaluationSummary, PredictionView, UserError } from '../worker/protocol';
import { Comlink, workerApi } from './workerClient';

type SplitName = 'simulation' | 'combo_seen2' | 'single';

interface ModelState {
  split: SplitName;
  seed: number;
  running: string | null;
  summary: EvaluationSummary | null;
  error: UserError | null;
  /** The model whose predictions the scatter plot and (optionally) the graph show. */
  model: string;
  colorGraphByModel: boolean;
  prediction: PredictionView | null;
  setSplit(s: SplitName): void;
  setSeed(n: number): void;
  evaluate(): Promise<void>;
  showModel(model: string, condition: string | null): Promise<void>;
  loadPrediction(condition: string | null): Promise<void>;
  setColorGraph(on: boolean): void;
  reset(): void;
}

export const useModels = create<ModelState>((set, get) => ({
  split: 'simulation',
  seed: 0,
  running: null,
  summary: null,
  error: null,
  model: 'linear',
  colorGraphByModel: false,
  prediction: null,
  setSplit: (split) => set({ split }),
  setSeed: (seed) => set({ seed }),
  reset: () => set({ summary: null, prediction: null, error: null, colorGraphByModel: false }),

  async evaluate() {
    set({ running: 'starting…', error: null });
    const r = await workerApi().evaluate(get().split, get().seed, Comlink.proxy((done: number, total: number, model: string) => set({ running: model ? `training ${model} (${done + 1} of ${total})` : 'done' })));
    set({ running: null });
    if (r.ok) set({ summary: r.value, error: null });
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

  setColorGraph: (on) => set({ colorGraphByModel: on }),
}));
