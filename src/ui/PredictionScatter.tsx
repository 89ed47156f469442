import { useEffect, useRef } from 'react';
import { useApp } from '../app/store';
import { useModels } from '../app/modelState';
import { usePrediction, useEvaluation } from '../app/queries';
import { loadPlotly, PLOT_CONFIG, plotlyText } from './plotly';
import { interactionText } from './format';

/** Predicted versus observed change of the selected test condition, for the chosen model. */
export function PredictionScatter() {
  const selected = useApp((s) => s.selected);
  const model = useModels((s) => s.model);
  const summary = useEvaluation();
  const query = usePrediction(model, selected);
  const prediction = query.data ?? null;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !prediction) return;
    let cancelled = false;
    void loadPlotly().then((P) => {
      if (cancelled) return;
      const de = new Set(prediction.de20);
      const idx = prediction.genes.map((_, j) => j);
      const other = idx.filter((j) => !de.has(j));
      const top = idx.filter((j) => de.has(j));
      const pts = (js: number[]) => ({
        x: js.map((j) => prediction.observed[j]),
        y: js.map((j) => prediction.predicted[j]),
        text: js.map((j) => plotlyText(prediction.genes[j])),
      });
      const all = [...prediction.observed, ...prediction.predicted];
      const lo = Math.min(...all),
        hi = Math.max(...all);
      void P.react(
        el,
        [
          {
            type: 'scatter',
            mode: 'markers',
            name: 'all genes',
            ...pts(other),
            marker: { size: 4, color: '#9aa5b5' },
            hovertemplate: '%{text}<br>observed %{x:.3f}<br>predicted %{y:.3f}<extra></extra>',
          },
          {
            type: 'scatter',
            mode: 'markers',
            name: 'top-20 DE',
            ...pts(top),
            marker: { size: 8, color: '#c0392b' },
            hovertemplate: '%{text}<br>observed %{x:.3f}<br>predicted %{y:.3f}<extra></extra>',
          },
          {
            type: 'scatter',
            mode: 'lines',
            name: 'identity',
            x: [lo, hi],
            y: [lo, hi],
            line: { dash: 'dot', color: '#555', width: 1 },
            hoverinfo: 'skip',
          },
        ],
        {
          title: {
            text: `${plotlyText(`${prediction.label} on ${prediction.condition} (${prediction.subset})`)}<br>Pearson r ${prediction.pearsonAll.toFixed(3)} (all genes), ${prediction.pearsonDe20.toFixed(3)} (top-20 DE)`,
            font: { size: 13 },
          },
          xaxis: { title: { text: 'observed change' } },
          yaxis: { title: { text: 'predicted change' } },
          margin: { l: 60, r: 10, t: 60, b: 45 },
          height: 380,
          legend: { orientation: 'h', y: -0.2 },
        },
        PLOT_CONFIG,
      );
    });
    return () => {
      cancelled = true;
    };
  }, [prediction]);
  if (!summary) return null;
  if (query.isFetching && !prediction) return <div className="panel muted">Loading the prediction…</div>;
  if (!prediction) {
    return (
      <div className="panel muted" data-testid="scatter-empty">
        {selected
          ? `${selected} is not a test condition of this split: pick one of the test conditions to compare predictions with observations.`
          : 'Select a test condition.'}
      </div>
    );
  }
  return (
    <div className="panel" data-testid="scatter" data-model={prediction.model} data-pearson={prediction.pearsonAll}>
      <div ref={ref} />
      {prediction.interaction && (
        <p className="small" data-testid="scatter-interaction">
          Interaction: observed {interactionText(prediction.interaction.observed)}; predicted{' '}
          {interactionText(prediction.interaction.predicted)}.
        </p>
      )}
    </div>
  );
}
