import { useEffect, useState } from 'react';
import { useModels } from '../app/modelState';
import { modelLibrary, type StoredModel } from '../app/modelLibrary';
import { workerApi } from '../app/workerClient';

/** Save trained models to the browser or a file; load them back to predict without retraining. */
export function ModelLibrary() {
  const m = useModels();
  const [stored, setStored] = useState<StoredModel[]>([]);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const models = m.summary?.models ?? [];
  const chosen = models.some((x) => x.id === choice) ? choice : (models[0]?.id ?? '');
  const refresh = () => modelLibrary.list().then(setStored, (e: Error) => setError(e.message));
  useEffect(() => void refresh(), []);

  const exported = async () => {
    const r = await workerApi().exportModel(chosen);
    if (!r.ok) setError(r.error.message);
    return r.ok ? r.value : null;
  };
  const load = async (bytes: Uint8Array, name: string) => {
    const r = await workerApi().importModel(bytes, name);
    if (!r.ok) {
      setError(`${r.error.message} ${r.error.hint}`);
      return;
    }
    setError(null);
    m.setSummary(r.value.summary, r.value.note);
  };
  return (
    <div className="panel" data-testid="model-library">
      <h3>Saved models</h3>
      <div className="graph-controls">
        {models.length > 0 && (
          <>
            <select value={chosen} onChange={(e) => setChoice(e.target.value)} data-testid="save-choice">
              {models.map((x) => (
                <option key={x.id} value={x.id}>{x.label}</option>
              ))}
            </select>
            <button className="button secondary" data-testid="save-browser" onClick={async () => {
              const e = await exported();
              if (!e) return;
              await modelLibrary.put({ key: e.fileName, label: e.label, fileName: e.fileName, saved: new Date().toISOString(), bytes: e.bytes }).catch((err: Error) => setError(err.message));
              m.setSummary(null, `Saved ${e.label} in this browser.`);
              await refresh();
            }}>Save in browser</button>
            <button className="button secondary" data-testid="save-file" onClick={async () => {
              const e = await exported();
              if (!e) return;
              const a = document.createElement('a');
              a.href = URL.createObjectURL(new Blob([e.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
              a.download = e.fileName;
              a.click();
              setTimeout(() => URL.revokeObjectURL(a.href), 1000);
            }}>Save to file</button>
          </>
        )}
        <label className="button secondary">
          Load from file…
          <input type="file" accept=".psmodel" hidden data-testid="model-file" onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) await load(new Uint8Array(await f.arrayBuffer()), f.name);
          }} />
        </label>
      </div>
      {error && <div className="warning" data-testid="library-error">{error}</div>}
      {m.libraryNote && <p className="muted small" data-testid="library-note">{m.libraryNote}</p>}
      {stored.length > 0 && (
        <table className="list" data-testid="stored-models">
          <tbody>
            {stored.map((s) => (
              <tr key={s.key}>
                <td>{s.label}</td>
                <td className="muted small">{s.fileName}</td>
                <td className="muted small">{new Date(s.saved).toLocaleString()}</td>
                <td>
                  <button className="button secondary" onClick={() => void load(s.bytes, s.fileName)} data-testid="load-stored">Load</button>{' '}
                  <button className="button secondary" onClick={() => void modelLibrary.remove(s.key).then(refresh)}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
