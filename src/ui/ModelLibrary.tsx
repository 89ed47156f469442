import { useEffect, useState } from 'react';
import { FileButton } from './FileButton';
import { download } from './download';
import { useModels } from '../app/modelState';
import { modelLibrary, type StoredModel } from '../app/modelLibrary';
import { workerApi } from '../app/workerClient';
import { setEvaluation, useApp } from '../app/store';
import { datasetKey } from '../app/sessionKeeper';
import { useDataset, useEvaluation } from '../app/queries';

/** Save trained models (or a whole session) to the browser or a file; load them back without retraining. */
export function ModelLibrary() {
  const m = useModels();
  const summary = useEvaluation();
  const session = useApp((s) => s.sessionId);
  const [stored, setStored] = useState<StoredModel[]>([]);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const models = summary?.models ?? [];
  const chosen = models.some((x) => x.id === choice) ? choice : (models[0]?.id ?? '');
  const refresh = () => modelLibrary.list().then(setStored, (e: Error) => setError(e.message));
  useEffect(() => void refresh(), []);

  const exported = async () => {
    const r = await workerApi().exportModel(session!, chosen);
    if (!r.ok) setError(r.error.message);
    return r.ok ? r.value : null;
  };
  const load = async (bytes: Uint8Array, name: string) => {
    if (!session) return;
    const r = await workerApi().importModel(session, bytes, name);
    if (!r.ok) {
      setError(`${r.error.message} ${r.error.hint}`);
      return;
    }
    setError(null);
    m.setLibraryNote(r.value.note);
    if (r.value.summary) setEvaluation(session, r.value.summary);
  };
  return (
    <div className="panel" data-testid="model-library">
      <h3>Saved models</h3>
      <div className="graph-controls">
        {models.length > 0 && (
          <>
            <select
              value={chosen}
              onChange={(e) => setChoice(e.target.value)}
              data-testid="save-choice"
              aria-label="Model to save"
            >
              {models.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label}
                </option>
              ))}
            </select>
            <button
              className="button secondary"
              data-testid="save-browser"
              onClick={async () => {
                const e = await exported();
                if (!e) return;
                const saved = await modelLibrary
                  .put({
                    key: e.fileName,
                    label: e.label,
                    fileName: e.fileName,
                    saved: new Date().toISOString(),
                    bytes: e.bytes,
                  })
                  .then(
                    () => true,
                    (err: Error) => (setError(err.message), false),
                  );
                if (saved) m.setLibraryNote(`Saved ${e.label} in this browser.`);
                await refresh();
              }}
            >
              Save in browser
            </button>
            <button
              className="button secondary"
              data-testid="save-file"
              onClick={async () => {
                const e = await exported();
                if (!e) return;
                download(e.bytes, e.fileName);
              }}
            >
              Save to file
            </button>
          </>
        )}
        <FileButton
          label="Load from file…"
          accept=".psmodel"
          testId="model-file"
          secondary
          onFile={async (f) => load(new Uint8Array(await f.arrayBuffer()), f.name)}
        />
      </div>
      <SessionFiles onError={setError} />
      {error && (
        <div className="warning" data-testid="library-error">
          {error}
        </div>
      )}
      {m.libraryNote && (
        <p className="muted small" data-testid="library-note">
          {m.libraryNote}
        </p>
      )}
      {stored.length > 0 && (
        <table className="list" data-testid="stored-models">
          <tbody>
            {stored.map((s) => (
              <tr key={s.key}>
                <td>{s.label}</td>
                <td className="muted small">{s.fileName}</td>
                <td className="muted small">{new Date(s.saved).toLocaleString()}</td>
                <td>
                  <button
                    className="button secondary"
                    onClick={() => void load(s.bytes, s.fileName)}
                    data-testid="load-stored"
                  >
                    Load
                  </button>{' '}
                  <button className="button secondary" onClick={() => void modelLibrary.remove(s.key).then(refresh)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Download a whole analysis (settings, leaderboard, models) as a file, or open one for this dataset. */
function SessionFiles({ onError }: { onError: (e: string | null) => void }) {
  const m = useModels();
  const summary = useEvaluation();
  const dataset = useDataset();
  if (!dataset) return null;
  const save = async () => {
    const r = await workerApi().saveSession(dataset.id, {
      dataset: { fileName: dataset.fileName, fileBytes: dataset.fileBytes, key: datasetKey(dataset) },
      view: location.search,
    });
    if (!r.ok) return onError(`${r.error.message} ${r.error.hint}`);
    download(
      r.value,
      `${dataset.fileName.replace(/\.h5ad$/i, '')}-${summary?.split ?? 'session'}-seed${summary?.seed ?? 0}.pssession`,
    );
  };
  const open = async (f: File) => {
    const r = await workerApi().openSession(
      dataset.id,
      new Uint8Array(await f.arrayBuffer()),
      f.name,
      datasetKey(dataset),
    );
    if (!r.ok) return onError(`${r.error.message} ${r.error.hint}`);
    onError(null);
    m.setLibraryNote(`Opened the session ${f.name}: its leaderboard and models, without retraining.`);
    setEvaluation(dataset.id, r.value.summary);
    history.pushState(null, '', `${location.pathname}${r.value.view}`);
    dispatchEvent(new PopStateEvent('popstate'));
  };
  return (
    <div className="graph-controls">
      {summary && (
        <button className="button secondary" onClick={() => void save()} data-testid="save-session">
          Save session
        </button>
      )}
      <FileButton label="Open session…" accept=".pssession" testId="session-file" secondary onFile={open} />
      <span className="muted small">
        A session file holds the leaderboard, the trained models and the view, for this dataset.
      </span>
    </div>
  );
}
