import { create } from 'zustand';
import type {
  DataSource,
  DatasetOutlineView,
  DatasetView,
  EvaluationSummary,
  LoadProgress,
  LoadSettings,
  UserError,
} from '../worker/protocol';
import type { BackendName } from '../core/tensor/backendChoice';
import { Comlink, replaceWorker, workerApi, workerLost, type WorkerLoss } from './workerClient';
import { keys, queryClient } from './queryClient';

/**
 * What the user chose: the open file (its source, settings and session), the selected condition;
 * and the state of their last load. The data themselves are in the query cache (queries.ts).
 */
interface AppState {
  source: DataSource | null;
  settings: LoadSettings;
  /** The open dataset's session: the first part of every cached query's key. */
  sessionId: string | null;
  /** The last failure to show, with a heading that names its source (a file, by default). */
  error: (UserError & { heading?: string }) | null;
  progress: LoadProgress | null;
  /** The file being loaded, as its labels tell it (before its cells are read). */
  outline: DatasetOutlineView | null;
  loading: boolean;
  backendBusy: boolean;
  selected: string | null;
  load(source: DataSource, settings?: LoadSettings): Promise<void>;
  override(settings: LoadSettings): Promise<void>;
  select(name: string | null): void;
  setBackend(name: BackendName | 'auto'): Promise<void>;
}

export const demoSource = (): DataSource => ({ kind: 'demo', url: new URL('data/demo.h5ad', document.baseURI).href });

let loads = 0;

export const useApp = create<AppState>((set, get) => ({
  source: null,
  settings: {},
  sessionId: null,
  error: null,
  // The page opens on the demo: it is loading from the first paint, never "No dataset loaded".
  progress: { phase: 'starting', fraction: 0 },
  outline: null,
  loading: true,
  backendBusy: false,
  selected: null,

  async load(source, settings = {}) {
    const seq = ++loads;
    set({ loading: true, progress: { phase: 'opening', fraction: 0 }, outline: null, error: null });
    const res = await Promise.race([
      workerApi().load(
        source,
        settings,
        // A replaced load may still report: only the latest one's progress is shown.
        Comlink.proxy(
          (p: LoadProgress) => seq === loads && set((s) => ({ progress: p, outline: p.outline ?? s.outline })),
        ),
      ),
      // A worker replaced meanwhile never answers; recoverFrom (below) takes over.
      workerLost().then(() => null),
    ]);
    if (!res) return;
    if (!res.ok && res.error.code === 'reader-crashed') return replaceWorker(res.error as WorkerLoss);
    if (res.ok) {
      const old = get().sessionId;
      queryClient.setQueryData(keys.dataset(res.value.id), res.value);
      queryClient.setQueryData(keys.evaluation(res.value.id), null);
      set({ source, settings, sessionId: res.value.id, loading: false, progress: null, outline: null, selected: null });
      // The old file's answers can never be shown again: they are dropped, not kept for later.
      if (old) queryClient.removeQueries({ queryKey: keys.session(old) });
      // A shared link may already have chosen the condition (src/app/urlSync.ts); else the first.
      const first = res.value.summary.conditions[0]?.name;
      if (first && get().selected === null) get().select(first);
    } else if (res.error.code !== 'cancelled') {
      // The previous dataset stays on screen: a bad file never blanks the page.
      set({ error: res.error, loading: false, progress: null, outline: null, source: get().source });
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
    if (r.ok) queryClient.setQueryData(keys.backend(), r.value);
    if (r.ok) set({ backendBusy: false });
    else
      set({
        backendBusy: false,
        error: {
          ...r.error,
          heading: 'The compute backend could not start.',
          message: `The ${name} compute backend failed: ${r.error.message}`,
          hint: 'Pick another backend in the Compute menu.',
        },
      });
  },
}));

/** The open dataset, outside React. */
export function currentDataset(): DatasetView | null {
  const id = useApp.getState().sessionId;
  return id ? (queryClient.getQueryData<DatasetView>(keys.dataset(id)) ?? null) : null;
}

/** The open dataset's leaderboard, outside React. */
export function currentEvaluation(): EvaluationSummary | null {
  const id = useApp.getState().sessionId;
  return id ? (queryClient.getQueryData<EvaluationSummary | null>(keys.evaluation(id)) ?? null) : null;
}

/** Shows a leaderboard of session `id` (just trained, restored, or grown by a loaded model). */
export function setEvaluation(id: string, summary: EvaluationSummary): void {
  queryClient.setQueryData(keys.evaluation(id), summary);
}

/**
 * After the worker was replaced (HDF5 aborted or hung in it), the page starts over on a fresh one:
 * every answer of the old one is dropped, the last dataset that loaded is opened again (its kept
 * leaderboard and models come back from the browser's store), and the reason is shown.
 */
async function recoverFrom(loss: WorkerLoss): Promise<void> {
  const { source, settings } = useApp.getState();
  queryClient.removeQueries();
  useApp.setState({ sessionId: null, selected: null });
  // A file that crashed the reader again right after it was reopened for that reason is not
  // opened a third time: the page would loop on it.
  const again = source !== null && source === reopenedAfterCrash;
  reopenedAfterCrash = again ? null : source;
  if (source && !again) await useApp.getState().load(source, settings);
  // The new worker has no compute backend yet (the first one got its own once the page was idle).
  void useApp.getState().setBackend('auto');
  const name = source ? (source.kind === 'demo' ? 'the demo' : source.file.name) : null;
  useApp.setState({
    error: {
      ...loss,
      heading: 'The file reader stopped.',
      hint: again
        ? `${loss.hint} The file reader was restarted; ${name} crashed it again after it was reopened, so it was not opened a third time.`
        : `${loss.hint} The file reader was restarted${name ? ` and ${name} opened again` : ''}.`,
    },
    ...(again ? { source: null } : {}),
    loading: false,
    progress: null,
    outline: null,
  });
}

/** The source recoverFrom last reopened (a second crash on it is not recovered by reopening). */
let reopenedAfterCrash: DataSource | null = null;

/** From now on, every replacement of the worker is recovered from (called once, at mount). */
export function recoverFromWorkerLosses(): void {
  void workerLost().then(async (loss) => {
    recoverFromWorkerLosses();
    await recoverFrom(loss);
  });
}
