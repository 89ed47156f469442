import { useApp } from './store';
import { useModels } from './modelState';
import { sessionStore } from './modelLibrary';
import { workerApi } from './workerClient';
import type { DatasetView, EvaluationSummary } from '../worker/protocol';

/** One dataset as the browser recognises it again: the file, its size and how it was read. */
export function datasetKey(d: DatasetView): string {
  const s = d.summary;
  return JSON.stringify([d.fileName, d.fileBytes, s.perturbation_key, s.control_label, s.control_reference.covariates, s.values, d.nGenes]);
}

/**
 * Keeps each dataset's last evaluation in IndexedDB: a finished evaluation is stored, and loading
 * the same dataset again (a reload, or the file reopened) shows it without retraining.
 */
export function startSessionKeeper(): () => void {
  let restored: EvaluationSummary | null = null;
  let lastDataset: DatasetView | null = null;

  const restore = async (d: DatasetView) => {
    const key = datasetKey(d);
    const rec = await sessionStore.get(key).catch(() => null);
    if (!rec || useApp.getState().dataset !== d) return;
    const r = await workerApi().restoreSnapshot(d.id, rec.snapshot);
    // A record this version cannot restore (saved by an older one) is dropped, not retried forever.
    if (!r.ok && r.error.code !== 'cancelled') await sessionStore.remove(key).catch(() => undefined);
    if (!r.ok || useApp.getState().dataset !== d || useModels.getState().summary) return;
    restored = r.value;
    useModels.setState({ summary: r.value, restoredFrom: rec.saved, kept: true, error: null });
  };

  const keep = async (summary: EvaluationSummary) => {
    const d = useApp.getState().dataset;
    if (!d) return;
    const r = await workerApi().snapshot(d.id);
    if (!r.ok || !r.value || useModels.getState().summary !== summary) return;
    const stored = await sessionStore.put({ key: datasetKey(d), saved: new Date().toISOString(), snapshot: r.value }).then(() => true, () => false);
    if (stored && useModels.getState().summary === summary) useModels.setState({ kept: true });
  };

  const unsubApp = useApp.subscribe((s) => {
    if (s.dataset && !s.loading && s.dataset !== lastDataset) {
      lastDataset = s.dataset;
      void restore(s.dataset);
    }
  });
  const unsubModels = useModels.subscribe((s, prev) => {
    if (s.summary && s.summary !== prev.summary && s.summary !== restored && !s.running) {
      if (s.kept) useModels.setState({ kept: false, restoredFrom: null });
      void keep(s.summary);
    }
  });
  return () => {
    unsubApp();
    unsubModels();
  };
}

/** Forgets the open dataset's kept evaluation (the leaderboard on screen stays until reload). */
export async function forgetSession(): Promise<void> {
  const d = useApp.getState().dataset;
  if (d) await sessionStore.remove(datasetKey(d));
  useModels.setState({ restoredFrom: null, kept: false });
}
