import { useApp } from '../app/store';
import type { DatasetView } from '../worker/protocol';

/** Lets the user correct what was detected: perturbation column, control label, covariates, values, genes. */
export function Overrides({ dataset }: { dataset: DatasetView }) {
  const { override, loading } = useApp();
  const s = dataset.summary;
  return (
    <div className="panel" data-testid="overrides">
      <h3>Detected design</h3>
      <label>
        Perturbation column
        <select
          data-testid="perturbation-key"
          value={s.perturbation_key}
          disabled={loading}
          onChange={(e) => void override({ perturbationKey: e.target.value, controlLabel: undefined })}
        >
          <ColumnOptions columns={dataset.obsColumns} />
        </select>
      </label>
      <label>
        Control label
        <select
          data-testid="control-label"
          value={s.control_label}
          disabled={loading}
          onChange={(e) => void override({ controlLabel: e.target.value })}
        >
          {dataset.perturbationLabels.slice(0, 2000).map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      {dataset.controlLabels.length > 1 && (
        <p className="muted small">
          {dataset.controlLabels.length} labels denote controls and are pooled:{' '}
          {dataset.controlLabels.slice(0, 5).join(', ')}
          {dataset.controlLabels.length > 5 ? ', …' : ''}
        </p>
      )}
      <Covariates dataset={dataset} />
      <label>
        Values
        <select
          data-testid="values"
          value={s.values}
          disabled={loading}
          onChange={(e) => void override({ values: e.target.value as 'counts' | 'log-normalized' })}
        >
          <option value="counts">raw counts (normalise + log1p)</option>
          <option value="log-normalized">log-normalised (use as stored)</option>
        </select>
      </label>
      <label>
        Genes
        <select
          data-testid="hvg"
          value={dataset.hvgSelected ? String(dataset.hvgSelected) : ''}
          disabled={loading}
          onChange={(e) => void override({ hvg: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">all {dataset.summary.n_vars.toLocaleString('en-US')}</option>
          {[500, 1000, 2000, 5000]
            .filter((n) => n < dataset.summary.n_vars)
            .map((n) => (
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

/**
 * The covariates controls are matched on: each condition is compared with control cells of its own
 * strata (batch, stimulation, ...), weighted by where its cells are. Unticking all pools the controls.
 */
function Covariates({ dataset }: { dataset: DatasetView }) {
  const { override, loading } = useApp();
  const s = dataset.summary;
  const chosen = s.control_reference.covariates;
  const candidates = [...new Set([...s.covariate_candidates, ...chosen])];
  const nValues = new Map(dataset.obsColumns.map((c) => [c.name, c.nCategories]));
  const toggle = (name: string, on: boolean) =>
    void override({ covariates: on ? [...chosen, name] : chosen.filter((c) => c !== name) });
  return (
    <fieldset className="covariates" data-testid="covariates" disabled={loading}>
      <legend>Match controls on</legend>
      {candidates.length === 0 && (
        <p className="muted small">
          No column can stratify the controls (a covariate needs 2–64 values, two or more of them among control cells).
        </p>
      )}
      {candidates.map((name) => (
        <label key={name} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(name)}
            onChange={(e) => toggle(name, e.target.checked)}
            data-testid={`covariate-${name}`}
          />
          {name} <span className="muted">({nValues.get(name) ?? '?'} values)</span>
        </label>
      ))}
      <p className="muted small" data-testid="control-reference">
        {s.control_reference.kind === 'matched'
          ? `Each condition is compared with control cells of its own ${chosen.join(' × ')} strata (${s.strata.length}), weighted by where its cells are.`
          : 'All control cells are pooled into one reference.'}
      </p>
    </fieldset>
  );
}
