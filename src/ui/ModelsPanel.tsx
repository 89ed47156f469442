import { useEffect, useMemo, useState } from 'react';
import { useModels } from '../app/modelState';
import { forgetSession } from '../app/sessionKeeper';
import { LossCurves } from './LossCurves';
import { RobustnessPanel } from './RobustnessPanel';
import { sharedShift } from '../core/eval/sharedShift';
import { modelColor } from './colors';
import {
  explainOf,
  groupOf,
  HEADLINE_METRICS,
  labelOf,
  LOWER_IS_BETTER,
  METRIC_GROUPS,
  NORMALISED_METRICS,
  SPLITS,
  SUBSET_NAMES,
  LAYER,
} from '../core/catalog';
import { useDataset, useEvaluation, useLayers, useModelCatalog } from '../app/queries';
import type { EvaluationSummary } from '../worker/protocol';
import { useApp } from '../app/store';
import { workerApi } from '../app/workerClient';
import { download } from './download';
import { leaderboardCsv } from '../core/eval/exports';

/** The leaderboard's subsets in the catalogue's order (all test conditions first). */
const SUBSETS = SUBSET_NAMES;

type Row = EvaluationSummary['rows'][number];
/** The leaderboard's views: the normalised headline, its raw values, every metric raw. */
type LeaderboardView = 'normalised' | 'raw' | 'all';
const DE_KEYS = ['de_direction_fidelity', 'de_sig_jaccard', 'lfc_nmae'] as const;

/**
 * Rows whose scores are the same on every subset and metric (Additive and TxPert's general
 * baseline on unseen conditions) become one row that names both, so that no reader wonders why two
 * models tie to the last digit.
 */
function collapseIdentical(rows: Row[]): (Row & { sameAs: { model: string; label: string }[] })[] {
  const out: (Row & { sameAs: { model: string; label: string }[] })[] = [];
  for (const r of rows) {
    const twin = out.find((o) => o.model !== 'split-half' && JSON.stringify(o.subsets) === JSON.stringify(r.subsets));
    if (twin && r.model !== 'split-half') twin.sameAs.push({ model: r.model, label: r.label });
    else out.push({ ...r, sameAs: [] });
  }
  return out;
}

/** Train and evaluate every model on one split; a leaderboard with the split-half ceiling. */
export function ModelsPanel() {
  const m = useModels();
  const dataset = useDataset();
  const counts = dataset?.summary.values === 'counts';
  const catalog = useModelCatalog();
  // The neural models are offered; the baselines always run beside them.
  const neural = catalog?.filter((x) => x.kind === 'neural') ?? [];
  // Models that read raw counts: offered only when X holds counts.
  const countsOnly = useMemo(() => new Set(catalog?.filter((x) => x.needs.counts).map((x) => x.id)), [catalog]);
  // A count model chosen on a file of counts is dropped when a normalised file replaces it.
  useEffect(() => {
    if (dataset && !counts) m.extra.filter((id) => countsOnly.has(id)).forEach((id) => m.toggleExtra(id));
  }, [dataset, counts, m, countsOnly]);
  const [subset, setSubset] = useState('all_test');
  const [sortBy, setSortBy] = useState<string>('pearson_delta');
  // The headline view is normalised: what a model adds beyond Mean, as a share of what a repeat reaches.
  const [view, setView] = useState<LeaderboardView>('normalised');
  const normalised = view === 'normalised';
  const s = useEvaluation();
  const stale = !!m.running && !m.robustnessRun;
  const importedGraphs = (useLayers().data ?? []).filter((l) => l.imported && l.ready);
  const shown = !s
    ? []
    : normalised
      ? NORMALISED_METRICS.filter((k) => s.metrics.includes(k))
      : s.metrics.filter((k) => view === 'all' || HEADLINE_METRICS.has(k));
  // Columns in the catalogue's groups: agreement, DE genes, discrimination.
  const groups = METRIC_GROUPS.map((g) => ({ ...g, metrics: shown.filter((k) => groupOf(k) === g.name) })).filter(
    (g) => g.metrics.length,
  );
  const metrics = groups.flatMap((g) => g.metrics);
  const rows = s ? collapseIdentical(s.rows.filter((r) => r.subsets[subset])) : [];
  // A normalised score is higher-is-better for every metric (1 = the ceiling, 0 = Mean).
  const lowerIsBetter = (k: string) => !normalised && LOWER_IS_BETTER.has(k);
  const value = (r: (typeof rows)[number], k: string): number | null =>
    normalised ? (r.normalized[subset]?.[k] ?? null) : (r.subsets[subset]![k] ?? null);
  const sorted = [...rows].sort((a, b) => {
    const av = value(a, sortBy) ?? -Infinity,
      bv = value(b, sortBy) ?? -Infinity;
    return lowerIsBetter(sortBy) ? av - bv : bv - av;
  });
  const best = (metric: string) => {
    const vals = rows
      .filter((r) => r.model !== 'split-half')
      .map((r) => value(r, metric))
      .filter((v): v is number => v !== null);
    return lowerIsBetter(metric) ? Math.min(...vals) : Math.max(...vals);
  };
  const shift = s ? sharedShift(s.rows, subset) : null;
  return (
    <div className="panel" id="models" tabIndex={-1} data-testid="models">
      <h3>Models and baselines</h3>
      <div className="graph-controls">
        <label className="layer">
          split
          <select value={m.split} onChange={(e) => m.setSplit(e.target.value as typeof m.split)} data-testid="split">
            {SPLITS.map((x) => (
              <option key={x.name} value={x.name} title={x.explain}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <label className="layer">
          seed{' '}
          <input
            type="number"
            min={0}
            value={m.seed}
            onChange={(e) => m.setSeed(Math.max(0, Math.floor(Number(e.target.value))))}
            data-testid="seed"
            style={{ width: '4rem' }}
          />
        </label>
        {!catalog && <span className="muted small">loading the models…</span>}
        {neural.map(({ id, label, description: title }) => {
          const noCounts = countsOnly.has(id) && !counts;
          return (
            <label
              key={id}
              className="layer"
              title={
                noCounts
                  ? `${title}. This file's X holds log-normalised values (${dataset?.valuesEvidence ?? ''}), so there are no counts to model.`
                  : title
              }
            >
              <input
                type="checkbox"
                checked={m.extra.includes(id)}
                onChange={() => m.toggleExtra(id)}
                disabled={!!m.running || noCounts}
                data-testid={`model-${id}`}
              />{' '}
              {label}
            </label>
          );
        })}
        <span
          className="layer"
          title="Knowledge graphs the graph models may use (untick both to see a model without its graphs)"
        >
          graphs
          {[LAYER.go, LAYER.coexpression].map((g) => (
            <label key={g}>
              <input
                type="checkbox"
                checked={m.graphs.includes(g)}
                onChange={() => m.toggleGraph(g)}
                disabled={!!m.running}
                data-testid={`graph-${g}`}
              />{' '}
              {g}
            </label>
          ))}
        </span>
        {importedGraphs.length > 0 && (
          <label
            className="layer"
            title="GO ridge and GO kNN place each gene by a fixed embedding: of its GO terms, or the spectral embedding of a graph you imported"
          >
            genes placed by
            <select
              value={m.embedding ?? ''}
              onChange={(e) => m.setEmbedding(e.target.value || null)}
              disabled={!!m.running}
              data-testid="embedding"
            >
              <option value="">GO terms</option>
              {importedGraphs.map((l) => (
                <option key={l.name} value={l.name}>
                  graph {l.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="layer" title="Neural models fit per-condition means (fast), or minibatches of single cells">
          train on
          <select
            value={m.cellsPerCondition ?? 0}
            onChange={(e) => m.setCells(Number(e.target.value) || null)}
            disabled={!!m.running}
            data-testid="train-on"
          >
            <option value={0}>condition means</option>
            <option value={32}>cells (≤ 32 per condition)</option>
            <option value={128}>cells (≤ 128 per condition)</option>
          </select>
        </label>
        <label
          className="layer"
          title="Left empty, each model runs its own schedule, set to converge (and stops early when validation stops improving). A number trains every neural model for that many epochs."
        >
          epochs{' '}
          <input
            type="number"
            min={1}
            max={500}
            placeholder="auto"
            value={m.epochs ?? ''}
            onChange={(e) =>
              m.setEpochs(e.target.value === '' ? null : Math.max(1, Math.floor(Number(e.target.value))))
            }
            disabled={!!m.running}
            data-testid="epochs"
            style={{ width: '4.5rem' }}
          />
        </label>
        <button className="button" disabled={!!m.running} onClick={() => void m.evaluate()} data-testid="evaluate">
          Train and evaluate
        </button>
        {m.running && (
          <>
            <button className="button secondary" onClick={() => void m.cancel()} data-testid="cancel">
              Cancel
            </button>
            <span className="muted small" data-testid="eval-status" role="status">
              {m.running}
            </span>
          </>
        )}
      </div>
      <p className="muted small">
        The baselines (
        {catalog
          ?.filter((x) => x.kind === 'baseline')
          .map((x) => x.label)
          .join(', ')}
        ) always run, beside the split-half reproducibility of the data as the ceiling; the neural models run when
        ticked. Baselines fit per-condition mean changes; hover a model's name to see what it trained on.
      </p>
      <LossCurves />
      {m.error && <div className="warning">{m.error.message}</div>}
      {s && (
        <div className={stale ? 'stale' : undefined} data-testid="results" data-stale={stale}>
          {stale && (
            <p className="warning small" data-testid="stale-note">
              Outdated: these results are from the previous run ({s.split}, seed {s.seed}); a new run is training.
            </p>
          )}
          {m.notKept && (
            <p className="warning" data-testid="not-kept">
              Not kept in this browser: {m.notKept}
            </p>
          )}
          {m.kept && (
            <p className="muted small" data-testid={m.restoredFrom ? 'restored-note' : 'kept-note'}>
              {m.restoredFrom
                ? `Restored from this browser (trained ${new Date(m.restoredFrom).toLocaleString()}), without retraining.`
                : 'Kept in this browser: a reload shows this leaderboard again.'}{' '}
              <button className="link" onClick={() => void forgetSession()} data-testid="forget-session">
                Forget it
              </button>
            </p>
          )}
          {s.notes.map((n) => (
            <p className="warning small" key={n} data-testid="run-note">
              {n}
            </p>
          ))}
          <div className="muted small" data-testid="split-summary">
            {s.split}, seed {s.seed}: {s.nTrain} training, {s.nValidation} validation and {s.nTest} test conditions.
            Changes are measured from{' '}
            {dataset?.summary.control_reference.kind === 'matched'
              ? `control cells matched on ${dataset.summary.control_reference.covariates.join(' × ')}`
              : 'the pooled control cells'}
            .
          </div>
          <label className="layer">
            subset
            <select value={subset} onChange={(e) => setSubset(e.target.value)} data-testid="subset">
              {SUBSETS.filter((x) => s.rows[0]?.subsets[x]).map((x) => (
                <option key={x} value={x} title={explainOf(x)}>
                  {labelOf(x)} (n = {s.rows[0].subsets[x]!.n})
                </option>
              ))}
            </select>
          </label>
          <label className="layer">
            view
            <select
              value={view}
              onChange={(e) => {
                const next = e.target.value as LeaderboardView;
                setView(next);
                if (next === 'normalised' && !NORMALISED_METRICS.some((k) => k === sortBy)) setSortBy('pearson_delta');
              }}
              data-testid="leaderboard-view"
            >
              <option value="normalised">normalised, main metrics</option>
              <option value="raw">raw, main metrics</option>
              <option value="all">raw, all {s.metrics.length} metrics</option>
            </select>
          </label>
          {normalised && (
            <p className="small" data-testid="normalised-how-to-read">
              Each score is placed between the Mean baseline (0: only the change every perturbation shares) and a repeat
              of the experiment (1: the split-half ceiling); below 0 is worse than Mean.
            </p>
          )}
          {shift && (
            <p className="warning small" data-testid="shared-shift-note">
              Mean scores {shift.mean.toFixed(3)} Pearson Δ here, at or above the split-half ceiling (
              {shift.ceiling.toFixed(3)}): these changes are mostly a shift every perturbation shares, so Pearson Δ
              rewards predicting that shift. Read discrimination (PDS, retrieval) and Pearson Δ pert. (from the
              perturbed centroid) to see what a model knows about each perturbation.
            </p>
          )}
          <div className="scroll-x">
            <table className="list leaderboard" data-testid="leaderboard">
              <caption className="sr-only">
                Models scored on the {labelOf(subset)}; sorted by {labelOf(sortBy)}
              </caption>
              <thead>
                <tr className="metric-groups" data-testid="metric-groups">
                  <td />
                  {groups.map((g) => (
                    <th key={g.name} scope="colgroup" colSpan={g.metrics.length} data-group={g.name}>
                      {g.label}
                    </th>
                  ))}
                </tr>
                <tr>
                  <th scope="col">model</th>
                  {metrics.map((k) => (
                    <th
                      key={k}
                      scope="col"
                      className={`num${sortBy === k ? ' sorted' : ''}`}
                      aria-sort={sortBy === k ? (lowerIsBetter(k) ? 'ascending' : 'descending') : undefined}
                      title={
                        normalised
                          ? `${explainOf(k)} Normalised: 0 = Mean, 1 = split-half; higher is better.`
                          : `${explainOf(k)} ${LOWER_IS_BETTER.has(k) ? 'Lower is better.' : 'Higher is better.'}`
                      }
                    >
                      <button className="sort" onClick={() => setSortBy(k)} data-testid={`sort-${k}`}>
                        {labelOf(k)}
                        {lowerIsBetter(k) ? ' ↓' : ''}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr
                    key={r.model}
                    className={`${r.model === 'split-half' ? 'ceiling' : ''}${r.model === m.model ? ' selected' : ''}`}
                    onClick={() => r.model !== 'split-half' && m.showModel(r.model)}
                    data-testid="leaderboard-row"
                    data-model={r.model}
                    data-same-as={r.sameAs.map((x) => x.model).join(',') || undefined}
                  >
                    <th scope="row" title={r.trainedOn}>
                      {r.model !== 'split-half' && (
                        <span className="swatch" style={{ background: modelColor(r.model) }} />
                      )}{' '}
                      {r.model === 'split-half' ? (
                        r.label
                      ) : (
                        <button
                          className="link"
                          aria-pressed={r.model === m.model}
                          onClick={(e) => {
                            e.stopPropagation();
                            m.showModel(r.model);
                          }}
                        >
                          {r.label}
                        </button>
                      )}
                      {r.sameAs.map((x) => (
                        <span key={x.model} className="muted small same-as" data-testid="same-as">
                          {' '}
                          = {x.label}
                        </span>
                      ))}
                    </th>
                    {metrics.map((k) => {
                      const v = value(r, k);
                      const isBest = r.model !== 'split-half' && v !== null && v === best(k);
                      return (
                        <td
                          key={k}
                          className={`num${isBest ? ' best' : ''}`}
                          data-testid={isBest ? 'best-cell' : undefined}
                        >
                          {v === null ? '—' : (v || 0).toFixed(normalised ? 2 : 3).replace(/^-(0\.0+)$/, '$1')}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Exports summary={s} />
          <p className="muted small" data-testid="how-to-read">
            How to read: each number is a mean over {labelOf(subset)} (hover a header for its definition). Bold marks
            the best model per column. The split-half row is what repeating the experiment gives, so no model is
            expected above it; a model below Mean has learnt nothing beyond the change all perturbations share.
            Normalised, each score reads as the share of that gap a model closes (0 = Mean, 1 = repeat). Choose a model
            to plot its predictions; choose a header to sort.
          </p>
          {rows
            .filter((r) => r.sameAs.length)
            .map((r) => (
              <p className="muted small" key={r.model} data-testid="same-as-note">
                {r.label} and {r.sameAs.map((x) => x.label).join(', ')} predicted every test condition alike, so they
                share a row: {catalog?.find((c) => c.id === r.sameAs[0].model)?.description}
              </p>
            ))}
          <p className="muted small" data-testid="trained-on">
            {s.rows
              .filter((r) => r.model !== 'split-half' && r.trainedOn !== 'per-condition means')
              .map((r) => `${r.label}: trained on ${r.trainedOn}. `)
              .join('') || 'Every model trained on per-condition means. '}
            Graphs given to the graph models: {s.graphs.length ? s.graphs.join(', ') : 'none'} (built from training
            cells only).
          </p>
          <p className="muted small" data-testid="train-times">
            Time to train:{' '}
            {s.rows
              .filter((r) => r.model !== 'split-half')
              .map((r) => `${r.label} ${r.trainSeconds < 0.1 ? '< 0.1' : r.trainSeconds.toFixed(1)} s`)
              .join(', ')}
            .
            {s.run &&
              ` The whole run took ${s.run.seconds.toFixed(0)} s${s.run.atOnce > 1 ? `, with up to ${s.run.atOnce} models training at once` : ''}.`}
          </p>
          <RobustnessPanel />
          {s.rows.some((r) => r.interactions) && (
            <table className="list" data-testid="interactions">
              <caption className="muted small">
                Genetic interactions of the test doubles (c1·Δa + c2·Δb, Theil–Sen over the top-20 DE genes): how often
                the predicted class matches the observed one, over the doubles where both classes exist (a double whose
                singles are zero or identical is not classifiable).
              </caption>
              <thead>
                <tr>
                  <th>model</th>
                  <th className="num">doubles</th>
                  <th className="num">classifiable</th>
                  <th className="num">class agreement</th>
                  <th className="num">magnitude r</th>
                </tr>
              </thead>
              <tbody>
                {s.rows
                  .filter((r) => r.interactions)
                  .map((r) => (
                    <tr key={r.model} data-model={r.model}>
                      <td>
                        <span className="swatch" style={{ background: modelColor(r.model) }} /> {r.label}
                      </td>
                      <td className="num">{r.interactions!.n}</td>
                      <td className="num">{r.interactions!.nClassified}</td>
                      <td className="num">
                        {r.interactions!.nClassified ? `${(100 * r.interactions!.classAgreement).toFixed(0)}%` : '—'}
                      </td>
                      <td className="num">
                        {Number.isFinite(r.interactions!.magnitudePearson)
                          ? r.interactions!.magnitudePearson.toFixed(2).replace(/^-(0\.0+)$/, '$1')
                          : '—'}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
          {s.rows
            .filter((r) => r.distribution)
            .map((r) => (
              <table key={r.model} className="list" data-testid="distribution-scores" data-model={r.model}>
                <caption className="muted small">
                  {r.label}: generated against observed cells of each test condition (100 generated and up to 100
                  observed per condition), lower is better — energy distance in a fixed 10-PC space, and total variation
                  of cell-state proportions. Baselines: cells drawn from the training conditions (PerturbNet's "training
                  sample") and control cells. DE genes (Virtual Cell Challenge 2026: Wilcoxon test against control
                  cells, BH 5%), higher is better: genes called in both with the observed direction, over the larger
                  set; overlap of the two sets (Jaccard); and the fold-change error over the observed DE genes (lower is
                  better); in brackets, the training-sample cells' values.
                </caption>
                <thead>
                  <tr>
                    <th>subset</th>
                    <th className="num">n</th>
                    <th className="num">energy: generated</th>
                    <th className="num">training sample</th>
                    <th className="num">control</th>
                    <th className="num">states TV: generated</th>
                    <th className="num">training sample</th>
                    <th className="num">control</th>
                    <th className="num">DE direction</th>
                    <th className="num">DE Jaccard</th>
                    <th className="num">LFC error</th>
                  </tr>
                </thead>
                <tbody>
                  {SUBSETS.filter((sub) => r.distribution![sub]).map((sub) => {
                    const d = r.distribution![sub]!;
                    const best = (a: number, b: number, c: number) => (a <= Math.min(b, c) ? 'best' : '');
                    return (
                      <tr key={sub} data-subset={sub}>
                        <td>{sub}</td>
                        <td className="num">{d.n}</td>
                        <td className={`num ${best(d.energy, d.energy_training_sample, d.energy_control)}`}>
                          {d.energy.toFixed(3)}
                        </td>
                        <td className="num">{d.energy_training_sample.toFixed(3)}</td>
                        <td className="num">{d.energy_control.toFixed(3)}</td>
                        <td
                          className={`num ${best(d.proportions_tv, d.proportions_tv_training_sample, d.proportions_tv_control)}`}
                        >
                          {d.proportions_tv.toFixed(3)}
                        </td>
                        <td className="num">{d.proportions_tv_training_sample.toFixed(3)}</td>
                        <td className="num">{d.proportions_tv_control.toFixed(3)}</td>
                        {DE_KEYS.map((k) => {
                          const fixed = (v: number | null | undefined) =>
                            v === null || v === undefined ? '—' : v.toFixed(3);
                          return (
                            <td key={k} className="num" data-testid={`distribution-${k}`}>
                              {fixed(d[k])} <span className="muted">({fixed(d[`${k}_training_sample`])})</span>
                            </td>
                          );
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ))}
          {s.rows
            .filter((r) => r.coverage.length)
            .map((r) => (
              <p key={r.model} className="muted small" data-testid="coverage-note">
                {r.label}: {r.coverage.length} test condition(s) fell back, e.g. {r.coverage[0].condition} —{' '}
                {r.coverage[0].reason}.
              </p>
            ))}
        </div>
      )}
    </div>
  );
}

/** The run's tables as files: the leaderboard, and the test predictions as CSV or AnnData. */
function Exports({ summary }: { summary: EvaluationSummary }) {
  const session = useApp((a) => a.sessionId);
  const [error, setError] = useState<string | null>(null);
  const predictions = async (format: 'csv' | 'h5ad') => {
    if (!session) return;
    const r = await workerApi().exportPredictions(session, format);
    if (r.ok) download(r.value.bytes, r.value.name, format === 'csv' ? 'text/csv' : undefined);
    setError(r.ok ? null : r.error.message);
  };
  return (
    <p className="actions small" data-testid="exports">
      Download:
      <button
        className="link"
        onClick={() =>
          download(
            new TextEncoder().encode(leaderboardCsv(summary)),
            `leaderboard-${summary.split}-seed${summary.seed}.csv`,
            'text/csv',
          )
        }
        data-testid="export-leaderboard"
      >
        leaderboard (CSV)
      </button>
      <button className="link" onClick={() => void predictions('csv')} data-testid="export-predictions-csv">
        predictions (CSV)
      </button>
      <button className="link" onClick={() => void predictions('h5ad')} data-testid="export-predictions-h5ad">
        predictions (.h5ad, as the CLI writes them)
      </button>
      {error && <span className="warning">{error}</span>}
    </p>
  );
}
