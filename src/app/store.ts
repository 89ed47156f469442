import { create } from 'zustand';
import type { DataSource, DatasetView, LoadProgress, LoadSettings, UserError } from '../worker/protocol';
import type { BackendStatus } from '../worker/backends';
import type { BackendName } from '../core/tensor/backendChoice';
import { Comlink, workerApi } from './workerClient';
import { useModels } from './modelState';

interface AppState {
  source: DataSource | null;
  settings: LoadSettings;
  dataset: DatasetView | null;
  error: UserError | null;
  progress: LoadProgress | null;
  loading: boolean;
  backend: BackendStatus | null;
  backendBusy: boolean;
  selected: string | null;
  load(source: DataSource, settings?: LoadSettings): Promise<void>;
  override(settings: LoadSettings): Promise<void>;
  select(name: string | null): void;
  setBackend(name: BackendName | 'auto'): Promise<void>;
}

export const demoSource = (): DataSource => ({ kind: 'demo', url: new URL('data/demo.h5ad', document.baseURI).href });

export const useApp = create<AppState>((set, get) => ({
  source: null,
  settings: {},
  dataset: null,
  error: null,
  // The page opens on the demo: it is loading from the first paint, never "No dataset loaded".
  progress: { phase: 'starting', fraction: 0 },
  loading: true,
  backend: null,
  backendBusy: false,
  selected: null,

  async load(source, settings = {}) {
    set({ loading: true, progress: { phase: 'opening', fraction: 0 }, error: null });
    const res = await workerApi().load(source, settings, Comlink.proxy((p: LoadProgress) => set({ progress: p })));
    if (res.ok) {
      set({ source, settings, dataset: res.value, loading: false, progress: null, selected: null });
      useModels.getState().reset();
      // A shared link may already have chosen the condition (src/app/urlSync.ts); else the first.
      const first = res.value.summary.conditions[0]?.name;
      if (first && get().selected === null) get().select(first);
    } else if (res.error.code !== 'cancelled') {
      // The previous dataset stays on screen: a bad file never blanks the page.
      set({ error: res.error, loading: false, progress: null, source: get().source });
    }
  },

  async override(settings) {
    const { source } = get();
    if (source) await get().load(source, { ...get().settings, ...settings });
  },

  select(name) {
    set({ selected: name });
  },

  async setBackend(name) {
    set({ backendBusy: true });
    const r = await workerApi().setBackend(name);
    if (r.ok) set({ backend: r.value, backendBusy: false });
    else set({ backendBusy: false, error: { ...r.error, message: `The ${name} compute backend failed: ${r.error.message}`, hint: 'Pick another backend in the Compute menu.' } });
  },
}));
