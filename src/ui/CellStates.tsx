import { useEffect, useRef } from 'react';
import { loadPlotly, PLOT_CONFIG, plotlyText } from './plotly';
import type { GeneratedCellsView } from '../worker/protocol';

/**
 * A model's generated cells over the control cloud (and the observed cells, when there are any) in
 * the fixed PC1–PC2 space with density contours, and the cell-state proportions of each population.
 */
export function CellStates({ view, name }: { view: GeneratedCellsView; name: string }) {
  const cloudRef = useRef<HTMLDivElement>(null);
  const propRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const cloud = cloudRef.current,
      prop = propRef.current;
    if (!cloud || !prop) return;
    const g = view;
    const observed = g.observed.x.length > 0;
    void loadPlotly().then((P) => {
      P.react(
        cloud,
        [
          {
            type: 'scatter',
            mode: 'markers',
            name: 'control cells',
            x: g.control.x,
            y: g.control.y,
            marker: { color: '#c5ccd6', size: 3 },
          },
          ...(observed
            ? [
                {
                  type: 'histogram2dcontour' as const,
                  name: 'observed density',
                  x: g.observed.x,
                  y: g.observed.y,
                  contours: { coloring: 'none' as const },
                  line: { color: '#2b6cb0' },
                  ncontours: 6,
                  showscale: false,
                },
                {
                  type: 'scatter' as const,
                  mode: 'markers' as const,
                  name: 'observed cells',
                  x: g.observed.x,
                  y: g.observed.y,
                  marker: { color: '#2b6cb0', size: 4 },
                },
              ]
            : []),
          {
            type: 'histogram2dcontour',
            name: 'generated density',
            x: g.generatedXy.x,
            y: g.generatedXy.y,
            contours: { coloring: 'none' },
            line: { color: '#dd6b20', dash: 'dot' },
            ncontours: 6,
            showscale: false,
          },
          {
            type: 'scatter',
            mode: 'markers',
            name: plotlyText(`${g.label}: generated`),
            x: g.generatedXy.x,
            y: g.generatedXy.y,
            marker: { color: '#dd6b20', size: 4, symbol: 'x' },
          },
        ],
        {
          title: {
            text: plotlyText(`${name}: cells in the fixed PCA space (control and training cells)`),
            font: { size: 13 },
          },
          xaxis: { title: { text: 'PC1' } },
          yaxis: { title: { text: 'PC2' } },
          margin: { l: 50, r: 10, t: 40, b: 40 },
          height: 380,
          legend: { orientation: 'h', y: -0.2 },
        },
        PLOT_CONFIG,
      );
      const states = g.proportions.generated.map((_, k) => `state ${k + 1}`);
      P.react(
        prop,
        [
          ...(observed
            ? [
                {
                  type: 'bar' as const,
                  name: 'observed',
                  x: states,
                  y: g.proportions.observed,
                  marker: { color: '#2b6cb0' },
                },
              ]
            : []),
          {
            type: 'bar',
            name: plotlyText(`${g.label}: generated`),
            x: states,
            y: g.proportions.generated,
            marker: { color: '#dd6b20' },
          },
          { type: 'bar', name: 'control', x: states, y: g.proportions.control, marker: { color: '#c5ccd6' } },
        ],
        {
          barmode: 'group',
          title: {
            text: 'cell-state proportions (k-means clusters of control and training cells)',
            font: { size: 13 },
          },
          yaxis: { title: { text: 'fraction of cells' }, range: [0, 1] },
          margin: { l: 50, r: 10, t: 40, b: 40 },
          height: 280,
        },
        PLOT_CONFIG,
      );
    });
  }, [view, name]);
  return (
    <div data-testid="cell-states" data-model={view.model}>
      <div
        ref={cloudRef}
        data-testid="cell-cloud"
        data-generated={view.generatedXy.x.length}
        data-observed={view.observed.x.length}
      />
      <div ref={propRef} data-testid="cell-proportions" />
    </div>
  );
}
