import { useApp } from '../app/store';
import { useBackendStatus } from '../app/queries';
import type { BackendName } from '../core/tensor/backendChoice';

const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', wasm: 'WASM (CPU)', cpu: 'plain JS (CPU)' };

export function BackendPanel() {
  const { backendBusy, setBackend } = useApp();
  const backend = useBackendStatus();
  return (
    <div className="backend" data-testid="backend">
      <span>Compute:</span>
      <select
        data-testid="backend-select"
        aria-label="Compute backend"
        value={backend?.active ?? ''}
        disabled={!backend || backendBusy}
        onChange={(e) => void setBackend(e.target.value as BackendName)}
        title={backend ? `GPU adapter: ${backend.adapter}` : ''}
      >
        {!backend && <option value="">starting…</option>}
        {backend?.available.map((b) => (
          <option key={b} value={b}>
            {LABEL[b]}
            {b === backend.recommended ? ' (recommended)' : ''}
          </option>
        ))}
      </select>
      {backend && (
        <span
          className="muted small"
          data-testid="backend-status"
          data-active={backend.active}
          data-selftest={backend.selfTestMaxError}
        >
          {backendBusy
            ? 'switching…'
            : `${LABEL[backend.active]} active · adapter: ${backend.adapter} · self-test error ${backend.selfTestMaxError.toExponential(1)}`}
          {backend.note && ` · ${backend.note}`}
        </span>
      )}
    </div>
  );
}
