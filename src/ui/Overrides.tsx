import { useApp } from '../app/store';
import type { DatasetView } from '../worker/protocol';

/** Lets the user correct what was detected: perturbation column, control label, batch column, values. */
export function Overrides({ dataset }: { dataset: DatasetView }) {
  const { override, loading } = useApp();
  const s = dataset.summary;
  return (
    <div className="panel" data-testid="overrides">
      <h3>Detected design</h3>
      <label>
        Perturbation column
        <select data-testid="perturbation-key" value={s.perturbation_key} disabled={loading} onChange={(e) => void override({ perturbationKey: e.target.value, controlLabel: undefined })}>
          <ColumnOptions columns={dataset.obsColumns} />
        </select>
      </label>
      <label>
        Control label
        <select data-testid="control-label" value={s.control_label} disabled={loading} onChange={(e) => void override({ controlLabel: e.target.value })}>
          {dataset.perturbationLabels.slice(0, 2000).map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      {dataset.controlLabels.length > 1 && <p className="muted small">{dataset.controlLabels.length} labels denote controls and are pooled: {dataset.controlLabels.slice(0, 5).join(', ')}{dataset.controlLabels.length > 5 ? ', …' : ''}</p>}
      <label>
        Batch column
        <select data-testid="batch-key" value={s.batch_key ?? ''} disabled={loading} onChange={(e) => void override({ batchKey: e.target.value || null })}>
          <option value="">none</option>
          <ColumnOptions columns={dataset.obsColumns.filter((c) => c.name !== s.perturbation_key)} />
        </select>
      </label>
      <label>
        Values
        <select data-testid="values" value={s.values} disabled={loading} onChange={(e) => void override({ values: e.target.value as 'counts' | 'log-normalized' })}>
          <option value="counts">raw counts (normalise + log1p)</option>
          <option value="log-normalized">log-normalised (use as stored)</option>
        </select>
      </label>
      <label>
        Genes
        <select data-testid="hvg" value={dataset.hvgSelected ? String(dataset.hvgSelected) : ''} disabled={loading} onChange={(e) => void override({ hvg: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">all {dataset.summary.n_vars.toLocaleString('en-US')}</option>
          {[500, 1000, 2000, 5000].filter((n) => n < dataset.summary.n_vars).map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString('en-US')} highly variable
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function ColumnOptions({ columns }: { columns: DatasetView['obsColumns'] }) {
  return columns.map((c) => (
    <option key={c.name} value={c.name}>
      {c.name} ({c.nCategories} values)
    </option>
  ));
}
