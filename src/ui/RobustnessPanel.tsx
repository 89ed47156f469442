import { useMemo, useState } from 'react';
import { useModels } from '../app/modelState';
import { useApp } from '../app/store';
import { useModelCatalog } from '../app/queries';
import { Comlink, workerApi } from '../app/workerClient';
import { labelOf, NORMALISED_METRICS } from '../core/catalog';
import { parseLevels } from '../core/eval/robustness';
import { DEGRADE_MODES, type DegradeMode } from '../core/graph/degrade';
import type { EvaluationProgress, RobustnessView } from '../worker/protocol';
import { robustnessFigure } from './figures/robustness';
import { usePlot } from './usePlot';

/**
 * How much of a graph model's skill is the graph's (the question the APP and TxPert papers ask): the
 * ticked graph models retrained on graphs with a fraction of their edges degraded, each level a run,
 * the score plotted against the level beside the baselines, which read no graph.
 */
export function RobustnessPanel() {
  const m = useModels();
  const session = useApp((s) => s.sessionId);
  const [mode, setMode] = useState<DegradeMode>('rewire');
  const [levelsText, setLevelsText] = useState('0, 0.5, 1');
  const [metric, setMetric] = useState<string>('pearson_delta');
  const [view, setView] = useState<RobustnessView | null>(null);
  // While it runs, the page's one "running" line shows it: Train and evaluate waits, Cancel stops it.
  const [active, setActive] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const parsed = parseLevels(levelsText);
  const catalog = useModelCatalog();
  const readsGraph = (id: string) => !!catalog?.find((x) => x.id === id)?.needs.graphs.length;
  const graphModels = m.extra.filter(readsGraph);
  const offered = catalog?.filter((x) => x.needs.graphs.length).map((x) => x.label) ?? [];
  const figure = useMemo(() => (view ? robustnessFigure(view, metric, labelOf(metric)) : null), [view, metric]);
  const ref = usePlot(figure);

  async function run() {
    if (!session || 'error' in parsed) return;
    setError(null);
    setActive(true);
    const setStatus = (running: string | null) => useModels.setState({ running, robustnessRun: running !== null });
    setStatus('robustness: starting…');
    const r = await workerApi().robustness(
      session,
      {
        split: m.split,
        seed: m.seed,
        models: m.extra,
        epochs: m.epochs ?? undefined,
        graphs: m.graphs,
        embedding: m.embedding ?? undefined,
        mode,
        levels: parsed.levels,
      },
      Comlink.proxy((p: EvaluationProgress) =>
        setStatus(`robustness: ${p.model || 'done'} (step ${p.done + 1} of ${p.total})`),
      ),
    );
    setStatus(null);
    setActive(false);
    if (r.ok) setView(r.value);
    else
      setError(
        r.error.code === 'cancelled'
          ? `Cancelled${view ? ': the plot still shows the previous run' : ''}.`
          : r.error.message,
      );
  }

  return (
    <details className="robustness" data-testid="robustness">
      <summary>How much comes from the graph? Retrain the graph models on degraded graphs</summary>
      <p className="muted small">
        Each level retrains the ticked graph models (same split, seed and epochs as above) on graphs with that fraction
        of their edges changed, drawn with the run's seed; the baselines read no graph and stay flat. A model whose
        score holds when its graph is rewired does not owe that score to the graph.
      </p>
      <div className="graph-controls">
        <label className="layer">
          edges
          <select value={mode} onChange={(e) => setMode(e.target.value as DegradeMode)} data-testid="degrade-mode">
            {DEGRADE_MODES.map((x) => (
              <option key={x.mode} value={x.mode}>
                {x.done}
              </option>
            ))}
          </select>
        </label>
        <label className="layer">
          fractions
          <input
            value={levelsText}
            onChange={(e) => setLevelsText(e.target.value)}
            size={14}
            aria-invalid={'error' in parsed}
            data-testid="degrade-levels"
          />
        </label>
        <button
          onClick={run}
          disabled={!!m.running || !graphModels.length || 'error' in parsed}
          data-testid="degrade-run"
        >
          Retrain at each level
        </button>
        {active && (
          <button className="secondary" onClick={() => void m.cancel()} data-testid="degrade-cancel">
            Cancel
          </button>
        )}
      </div>
      {'error' in parsed && <p className="warning small">The {parsed.error}.</p>}
      {!graphModels.length && (
        <p className="muted small" data-testid="degrade-needs-model">
          Tick a graph model above ({offered.join(', ')}): only they read the graph.
        </p>
      )}
      {active && m.running && (
        <p className="muted small" role="status" data-testid="degrade-status">
          {m.running}
        </p>
      )}
      {error && <p className="warning small">{error}</p>}
      {view && (
        <>
          <label className="layer">
            score
            <select value={metric} onChange={(e) => setMetric(e.target.value)} data-testid="degrade-metric">
              {[...NORMALISED_METRICS, 'retrieval'].map((k) => (
                <option key={k} value={k}>
                  {labelOf(k)}
                </option>
              ))}
            </select>
          </label>
          <div ref={ref} data-testid="robustness-plot" data-levels={view.levels.length} />
        </>
      )}
    </details>
  );
}
