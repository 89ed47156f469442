import { demoSource, useApp } from '../app/store';
import { FilePicker } from './FileDrop';
import { bytes, int } from './format';
import { useDataset } from '../app/queries';
import type { DatasetOutlineView, DatasetView } from '../worker/protocol';
import type { OutlineSummary } from '../core/dataset/summary';

type Facts = Pick<DatasetView, 'fileName' | 'fileBytes' | 'xCompression' | 'geneSource'> & {
  summary: OutlineSummary & { values?: string };
  genes: string;
};

/** The summary's table: from the dataset, or from the file's outline while its cells are read. */
function factRows(f: Facts): [string, string][] {
  const s = f.summary;
  return [
    ['Cells', int(s.n_obs)],
    ['Genes', f.genes],
    ['Conditions', int(s.conditions.length)],
    ['Single-gene', int(s.n_singles)],
    ['Two-gene', int(s.n_doubles)],
    ['Other', int(s.conditions.length - s.n_singles - s.n_doubles)],
    ['Control cells', `${int(s.n_control_cells)} ('${s.control_label}')`],
    ['Values', s.values ?? 'being read…'],
    ['Perturbation column', s.perturbation_key],
    [
      'Targets',
      s.unmeasured_targets.length
        ? `${int(s.n_targets)}, of which ${int(s.unmeasured_targets.length)} not measured`
        : `${int(s.n_targets)}, all measured`,
    ],
    [
      'Control reference',
      s.control_reference.kind === 'matched'
        ? `matched on ${s.control_reference.covariates.join(' × ')} (${s.strata.length} strata)`
        : 'pooled control cells',
    ],
    ['Matrix', `${s.x_encoding.toUpperCase()}${f.xCompression ? `, ${f.xCompression}` : ''}, ${bytes(f.fileBytes)}`],
    ['Gene names', f.geneSource],
  ];
}

function FactTable({ facts }: { facts: Facts }) {
  return (
    <table className="facts">
      <tbody>
        {factRows(facts).map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td data-testid={`fact-${k.toLowerCase().replace(/[^a-z]+/g, '-')}`}>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SyntheticNote({ note }: { note: string | null }) {
  return note ? (
    <p className="synthetic" data-testid="synthetic-note">
      {/* The demo's own note may start by saying so already. */}
      <strong>Semi-synthetic data:</strong> {note.replace(/^semi-synthetic (demo|data)[:.]\s*/i, '')}
    </p>
  ) : null;
}

/** The first file's summary as its labels tell it, shown while its cells are still being read. */
function OutlineSummaryPanel({ outline }: { outline: DatasetOutlineView }) {
  return (
    <div className="panel" data-testid="summary" aria-busy="true">
      <div className="panel-head">
        <h2 data-testid="file-name">{outline.fileName}</h2>
        <div className="actions">
          <FilePicker />
        </div>
      </div>
      <SyntheticNote note={outline.syntheticNote} />
      <FactTable facts={{ ...outline, genes: int(outline.summary.n_vars) }} />
      <p className="muted small" data-testid="summary-reading">
        Reading the cells: plots and models follow in a moment.
      </p>
    </div>
  );
}

export function DatasetSummary() {
  const { loading, load, source, outline } = useApp();
  const dataset = useDataset();
  if (!dataset && outline) return <OutlineSummaryPanel outline={outline} />;
  if (!dataset) return <div className="panel">{loading ? 'Loading the demo dataset…' : 'No dataset loaded.'}</div>;
  const s = dataset.summary;
  return (
    <div className="panel" data-testid="summary">
      <div className="panel-head">
        <h2 data-testid="file-name">{dataset.fileName}</h2>
        <div className="actions">
          <FilePicker />
          {source?.kind === 'file' && (
            <button className="button secondary" onClick={() => void load(demoSource())} disabled={loading}>
              Back to demo
            </button>
          )}
        </div>
      </div>
      <SyntheticNote note={dataset.syntheticNote} />
      <FactTable
        facts={{
          ...dataset,
          genes: dataset.hvgSelected ? `${int(dataset.nGenes)} highly variable of ${int(s.n_vars)}` : int(s.n_vars),
        }}
      />
      <p className="muted small">
        Values: {dataset.valuesEvidence}.{' '}
        {s.values === 'counts' ? 'Normalised to 10,000 counts per cell, then log1p.' : 'Used as stored.'}{' '}
        {dataset.kept ? (
          <span data-testid="summary-kept">
            Summary kept in this browser from an earlier visit (shown in {dataset.loadSeconds.toFixed(1)} s).
          </span>
        ) : (
          `Loaded in ${dataset.loadSeconds.toFixed(1)} s.`
        )}
      </p>
      {s.unmeasured_targets.length > 0 && (
        <p className="muted small" data-testid="unmeasured-targets">
          Not measured: {s.unmeasured_targets.slice(0, 15).join(', ')}
          {s.unmeasured_targets.length > 15 ? ', …' : ''}. Their own expression cannot be shown, but models that reach
          them through the knowledge graphs or GO still predict their effects; metrics are computed over measured genes.
        </p>
      )}
      {dataset.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
    </div>
  );
}
