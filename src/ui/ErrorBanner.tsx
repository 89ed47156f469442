import { useApp } from '../app/store';
import { useDataset } from '../app/queries';

export function ErrorBanner() {
  const error = useApp((s) => s.error);
  const dataset = useDataset();
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid="error" data-code={error.code}>
      <strong data-testid="error-heading">{error.heading ?? 'This file could not be loaded.'}</strong> {error.message}
      {error.hint && <div className="hint">What to do: {error.hint}</div>}
      {dataset && <div className="muted small">Still showing {dataset.fileName}.</div>}
      <button className="link" onClick={() => useApp.setState({ error: null })}>
        Dismiss
      </button>
    </div>
  );
}
