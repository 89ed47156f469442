import { useEffect, useRef } from 'react';
import { useApp } from '../app/store';
import { useGraph } from '../app/graphState';
import { useConditionDetail } from '../app/queries';
import { loadPlotly, PLOT_CONFIG, plotlyText } from './plotly';

/** Observed mean change from control of the selected condition's top differentially expressed genes. */
export function ConditionPlot() {
  const selected = useApp((s) => s.selected);
  const loading = useApp((s) => s.loading && !s.sessionId);
  const detail = useConditionDetail(selected).data ?? null;
  const chosen = useGraph((s) => s.selectedGene);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !detail) return;
    let cancelled = false;
    void loadPlotly().then((P) => {
      if (cancelled) return;
      const genes = [...detail.topDe].reverse();
      const perturbed = new Set(detail.genes);
      void P.react(
        el,
        [
          {
            type: 'bar',
            orientation: 'h',
            x: genes.map((g) => g.delta),
            y: genes.map((g) => plotlyText(perturbed.has(g.gene) ? `${g.gene} ★` : g.gene)),
            marker: {
              color: genes.map((g) => (g.delta >= 0 ? '#c0392b' : '#2e6db4')),
              line: { color: genes.map((g) => (g.gene === chosen ? '#f1c40f' : 'rgba(0,0,0,0)')), width: 3 },
            },
            customdata: genes.map((g) => [g.t, g.controlMean]),
            hovertemplate:
              '%{y}<br>change %{x:.3f}<br>Welch t %{customdata[0]:.2f}<br>control reference %{customdata[1]:.3f}<extra></extra>',
          },
        ],
        {
          title: {
            text: plotlyText(`${detail.name}: top ${detail.topDe.length} DE genes (${detail.nCells} cells)`),
            font: { size: 14 },
          },
          xaxis: { title: { text: 'mean change from control (log1p CP10k)' }, zeroline: true },
          margin: { l: 110, r: 20, t: 40, b: 50 },
          height: 520,
        },
        PLOT_CONFIG,
      );
    });
    return () => {
      cancelled = true;
    };
  }, [detail, chosen]);
  if (!detail)
    return (
      <div className="panel muted">
        {loading
          ? 'The selected condition’s plot appears once the cells are read.'
          : 'Select a condition to see its strongest changes.'}
      </div>
    );
  return (
    <div className="panel" data-testid="condition-plot">
      <div ref={ref} />
      <p className="muted small">
        ★ marks the perturbed gene(s); a gold outline, the gene selected in the graph. Observed changes only; models
        arrive with training.
      </p>
    </div>
  );
}
