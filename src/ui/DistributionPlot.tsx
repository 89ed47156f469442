import { useEffect, useRef, useState } from 'react';
import { useApp } from '../app/store';
import { useModels } from '../app/modelState';
import { workerApi } from '../app/workerClient';
import { loadPlotly, plotlyText } from './plotly';
import { modelColor } from './colors';
import type { DistributionView } from '../worker/protocol';

/**
 * GEARS-style view of a condition's top-20 DE genes: each cell's change from the control mean as a
 * box, and every model's predicted change as a marker beside it.
 */
export function DistributionPlot() {
  const selected = useApp((s) => s.selected);
  const summary = useModels((s) => s.summary);
  const [view, setView] = useState<DistributionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!summary || !selected) return setView(null);
    void workerApi().distribution(selected).then((r) => {
      setError(r.ok ? null : r.error.message);
      setView(r.ok ? r.value : null);
    });
  }, [selected, summary]);
  useEffect(() => {
    const el = ref.current;
    if (!el || !view) return;
    const x = view.genes.map(plotlyText);
    void loadPlotly().then((P) =>
      P.react(
        el,
        [
          { type: 'box', name: 'observed cells', x: view.cells.flatMap((c, k) => c.map(() => x[k])), y: view.cells.flat(), marker: { color: '#9aa5b5', size: 2 }, boxpoints: false, hoverinfo: 'y' },
          ...view.predictions.map((p, i) => ({ type: 'scatter' as const, mode: 'markers' as const, name: plotlyText(p.label), x, y: p.values, marker: { symbol: 'diamond' as const, size: 8, color: modelColor(i) }, hovertemplate: `${plotlyText(p.label)}<br>%{x}: %{y:.3f}<extra></extra>` })),
        ],
        { title: { text: plotlyText(`${view.condition}: top-20 DE genes, ${Math.min(view.nCells, view.cells[0]?.length ?? 0)} of ${view.nCells} cells`), font: { size: 13 } }, yaxis: { title: { text: 'change from control mean' }, zeroline: true }, margin: { l: 60, r: 10, t: 40, b: 90 }, height: 400, legend: { orientation: 'h', y: -0.35 } },
        { displaylogo: false, responsive: true },
      ),
    );
  }, [view]);
  if (!summary) return null;
  if (error) return <div className="panel warning">{error}</div>;
  if (!view || !view.predictions.length) return null;
  return (
    <div className="panel" data-testid="distribution" data-models={view.predictions.length}>
      <div ref={ref} />
      <p className="muted small">Boxes: the cells of the condition (observed); diamonds: each model's predicted mean change. Models predict means: the spread is the cells' own.</p>
    </div>
  );
}
