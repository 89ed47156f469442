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
  const cloudRef = useRef<HTMLDivElement>(null);
  const propRef = useRef<HTMLDivElement>(null);
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
          ...view.generated.map((g, i) => ({ type: 'box' as const, name: plotlyText(`${g.label}: generated cells`), x: g.cells.flatMap((c, k) => c.map(() => x[k])), y: g.cells.flat(), marker: { color: modelColor(i + 7), size: 2 }, boxpoints: false as const, hoverinfo: 'y' as const })),
          ...view.predictions.map((p, i) => ({ type: 'scatter' as const, mode: 'markers' as const, name: plotlyText(p.label), x, y: p.values, marker: { symbol: 'diamond' as const, size: 8, color: modelColor(i) }, hovertemplate: `${plotlyText(p.label)}<br>%{x}: %{y:.3f}<extra></extra>` })),
        ],
        { boxmode: view.generated.length ? 'group' : 'overlay', title: { text: plotlyText(`${view.condition}: top-20 DE genes, ${Math.min(view.nCells, view.cells[0]?.length ?? 0)} of ${view.nCells} cells`), font: { size: 13 } }, yaxis: { title: { text: 'change from control mean' }, zeroline: true }, margin: { l: 60, r: 10, t: 40, b: 90 }, height: 400, legend: { orientation: 'h', y: -0.35 } },
        { displaylogo: false, responsive: true },
      ),
    );
    const g = view.generated[0];
    const cloud = cloudRef.current, prop = propRef.current;
    if (!g || !cloud || !prop) return;
    void loadPlotly().then((P) => {
      P.react(
        cloud,
        [
          { type: 'scatter', mode: 'markers', name: 'control cells', x: g.control.x, y: g.control.y, marker: { color: '#c5ccd6', size: 3 } },
          { type: 'histogram2dcontour', name: 'observed density', x: g.observed.x, y: g.observed.y, contours: { coloring: 'none' }, line: { color: '#2b6cb0' }, ncontours: 6, showscale: false },
          { type: 'scatter', mode: 'markers', name: 'observed cells', x: g.observed.x, y: g.observed.y, marker: { color: '#2b6cb0', size: 4 } },
          { type: 'histogram2dcontour', name: 'generated density', x: g.generatedXy.x, y: g.generatedXy.y, contours: { coloring: 'none' }, line: { color: '#dd6b20', dash: 'dot' }, ncontours: 6, showscale: false },
          { type: 'scatter', mode: 'markers', name: plotlyText(`${g.label}: generated`), x: g.generatedXy.x, y: g.generatedXy.y, marker: { color: '#dd6b20', size: 4, symbol: 'x' } },
        ],
        { title: { text: plotlyText(`${view.condition}: cells in the fixed PCA space (control and training cells)`), font: { size: 13 } }, xaxis: { title: { text: 'PC1' } }, yaxis: { title: { text: 'PC2' } }, margin: { l: 50, r: 10, t: 40, b: 40 }, height: 380, legend: { orientation: 'h', y: -0.2 } },
        { displaylogo: false, responsive: true },
      );
      const states = g.proportions.observed.map((_, k) => `state ${k + 1}`);
      P.react(
        prop,
        [
          { type: 'bar', name: 'observed', x: states, y: g.proportions.observed, marker: { color: '#2b6cb0' } },
          { type: 'bar', name: plotlyText(`${g.label}: generated`), x: states, y: g.proportions.generated, marker: { color: '#dd6b20' } },
          { type: 'bar', name: 'control', x: states, y: g.proportions.control, marker: { color: '#c5ccd6' } },
        ],
        { barmode: 'group', title: { text: 'cell-state proportions (k-means clusters of control and training cells)', font: { size: 13 } }, yaxis: { title: { text: 'fraction of cells' }, range: [0, 1] }, margin: { l: 50, r: 10, t: 40, b: 40 }, height: 280 },
        { displaylogo: false, responsive: true },
      );
    });
  }, [view]);
  if (!summary) return null;
  if (error) return <div className="panel warning">{error}</div>;
  if (!view || !view.predictions.length) return null;
  return (
    <div className="panel" data-testid="distribution" data-models={view.predictions.length}>
      <div ref={ref} />
      <p className="muted small">Boxes: the cells of the condition (observed{view.generated.length ? ', and generated by the models of single cells' : ''}); diamonds: each model's predicted mean change. Mean models predict no spread: the grey boxes' spread is the cells' own.</p>
      {view.generated.length > 0 && (
        <div data-testid="cell-states">
          <div ref={cloudRef} data-testid="cell-cloud" data-generated={view.generated[0].generatedXy.x.length} />
          <div ref={propRef} data-testid="cell-proportions" />
        </div>
      )}
    </div>
  );
}
