import { currentDataset, currentEvaluation, setEvaluation, useApp } from './store';
import { keys, queryClient } from './queryClient';
import { useModels } from './modelState';
import { sessionStore } from './modelLibrary';
import { workerApi } from './workerClient';
import type { DatasetView, EvaluationSummary } from '../worker/protocol';

/** One dataset as the browser recognises it again: the file, its size and how it was read. */
export function datasetKey(d: DatasetView): string {
  const s = d.summary;
  return JSON.stringify([
    d.fileName,
    d.fileBytes,
    s.perturbation_key,
    s.control_label,
    s.control_reference.covariates,
    s.values,
    d.nGenes,
  ]);
}

/**
 * Keeps each dataset's last evaluation in IndexedDB: a finished evaluation is stored, and loading
 * the same dataset again (a reload, or the file reopened) shows it without retraining.
 */
export function startSessionKeeper(): () => void {
  let restored: EvaluationSummary | null = null;
  let lastSession: string | null = null;

  const restore = async (d: DatasetView) => {
    const key = datasetKey(d);
    const rec = await sessionStore.get(key).catch(() => null);
    if (!rec || useApp.getState().sessionId !== d.id) return;
    const r = await workerApi().restoreSnapshot(d.id, rec.snapshot);
    // A record this version cannot read (saved by an older one) is dropped, not retried forever.
    if (!r.ok && r.error.code === 'bad-model-file') await sessionStore.remove(key).catch(() => undefined);
    if (!r.ok || useApp.getState().sessionId !== d.id || currentEvaluation()) return;
    restored = r.value;
    useModels.setState({ restoredFrom: rec.saved, kept: true, error: null });
    setEvaluation(d.id, r.value);
  };

  const keep = async (summary: EvaluationSummary) => {
    const d = currentDataset();
    if (!d) return;
    const r = await workerApi().snapshot(d.id);
    if (!r.ok || !r.value || currentEvaluation() !== summary) return;
    const failure = await sessionStore
      .put({ key: datasetKey(d), saved: new Date().toISOString(), snapshot: r.value })
      .then(
        () => null,
        (e: Error) => e.message,
      );
    if (currentEvaluation() === summary) useModels.setState({ kept: !failure, notKept: failure });
  };

  const unsubApp = useApp.subscribe((s) => {
    const d = currentDataset();
    if (d && !s.loading && s.sessionId !== lastSession) {
      lastSession = s.sessionId;
      void restore(d);
    }
  });
  // Every new leaderboard of the open session (trained, or grown by a loaded model) is kept.
  const unsubCache = queryClient.getQueryCache().subscribe((e) => {
    const id = useApp.getState().sessionId;
    if (!id || e.type !== 'updated' || e.action.type !== 'success') return;
    if (JSON.stringify(e.query.queryKey) !== JSON.stringify(keys.evaluation(id))) return;
    const summary = e.query.state.data as EvaluationSummary | null;
    if (!summary || summary === restored || useModels.getState().running) return;
    if (useModels.getState().kept) useModels.setState({ kept: false, restoredFrom: null });
    void keep(summary);
  });
  return () => {
    unsubApp();
    unsubCache();
  };
}

/** Forgets the open dataset's kept evaluation (the leaderboard on screen stays until reload). */
export async function forgetSession(): Promise<void> {
  const d = currentDataset();
  if (d) await sessionStore.remove(datasetKey(d));
  useModels.setState({ restoredFrom: null, kept: false });
}
