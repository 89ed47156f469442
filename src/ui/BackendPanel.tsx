import { useApp } from '../app/store';
import { useBackendStatus } from '../app/queries';
import type { BackendName } from '../core/tensor/backendChoice';
import { useModels } from '../app/modelState';
import { MAX_AT_ONCE } from '../core/session/views';

const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', wasm: 'WASM (CPU)', cpu: 'plain JS (CPU)' };
const WHERE: Record<BackendName, string> = {
  webgpu: 'Computing on the GPU (WebGPU)',
  wasm: 'Computing on the CPU (WebAssembly)',
  cpu: 'Computing on the CPU in plain JavaScript (slow)',
};

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
          data-threads={backend.threads}
        >
          {backendBusy ? 'switching…' : <BackendLine backend={backend} />}
          {backend.note && ` · ${backend.note}`}
        </span>
      )}
      {backend && backend.active !== 'webgpu' && backend.cores > 1 && <AtOnce cores={backend.cores} />}
    </div>
  );
}

/** How many models train at once on the CPU, one per core (a GPU trains one at a time). */
function AtOnce({ cores }: { cores: number }) {
  // Selected fields only: the panel need not redraw with every progress line of a run.
  const atOnce = useModels((s) => s.atOnce);
  const setAtOnce = useModels((s) => s.setAtOnce);
  const running = useModels((s) => s.running !== null);
  const most = Math.min(cores, MAX_AT_ONCE);
  return (
    <label
      className="small at-once"
      title={`Each neural model trains on its own core, in its own worker (this machine reports ${cores} cores). One at a time leaves the others free.`}
    >
      train{' '}
      <select
        data-testid="at-once"
        value={Math.min(atOnce ?? most, most)}
        disabled={running}
        onChange={(e) => setAtOnce(Number(e.target.value))}
      >
        {Array.from({ length: most }, (_, k) => k + 1).map((n) => (
          <option key={n} value={n}>
            {n === 1 ? '1 model' : `${n} models`}
          </option>
        ))}
      </select>{' '}
      at once
    </label>
  );
}

/**
 * What the compute menu says in plain words: what computes, and whether its answers were checked
 * (a small product of matrices and a message-passing step, against plain JavaScript).
 */
function BackendLine({ backend }: { backend: NonNullable<ReturnType<typeof useBackendStatus>> }) {
  const checked = backend.selfTestMaxError < 1e-3;
  return (
    <span
      title={`GPU adapter: ${backend.adapter}. Largest difference from plain JavaScript on a test computation: ${backend.selfTestMaxError.toExponential(1)}.`}
    >
      {WHERE[backend.active]}
      {backend.active === 'wasm' &&
        `, ${backend.threads === 1 ? 'one thread' : `${backend.threads} threads`} per model`}
      {checked ? ', results checked' : ', results differ from plain JavaScript: pick another backend'}
    </span>
  );
}
