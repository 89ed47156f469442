import type { GeneratedCellsView } from '../../core/session/views';
import { plotlyText, type Figure } from './figure';

const CONTROL = '#c5ccd6',
  OBSERVED = '#2b6cb0',
  GENERATED = '#dd6b20';

/** A model's generated cells over the control cloud (and the observed cells, if any) in the fixed PC1–PC2 space, with density contours. */
export function cellCloudFigure(g: GeneratedCellsView, condition: string): Figure {
  const observed = g.observed.x.length > 0;
  const density = (name: string, xy: { x: number[]; y: number[] }, line: { color: string; dash?: 'dot' }) => ({
    type: 'histogram2dcontour' as const,
    name,
    ...xy,
    contours: { coloring: 'none' as const },
    line,
    ncontours: 6,
    showscale: false,
  });
  return {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        name: 'control cells',
        ...g.control,
        marker: { color: CONTROL, size: 3 },
      },
      ...(observed
        ? [
            density('observed density', g.observed, { color: OBSERVED }),
            {
              type: 'scatter' as const,
              mode: 'markers' as const,
              name: 'observed cells',
              ...g.observed,
              marker: { color: OBSERVED, size: 4 },
            },
          ]
        : []),
      density('generated density', g.generatedXy, { color: GENERATED, dash: 'dot' }),
      {
        type: 'scatter',
        mode: 'markers',
        name: plotlyText(`${g.label}: generated`),
        ...g.generatedXy,
        marker: { color: GENERATED, size: 4, symbol: 'x' },
      },
    ],
    layout: {
      // Two lines: on a phone one line ran past both edges of the plot.
      title: {
        text: `${plotlyText(`${condition}: cells in the fixed PCA space`)}<br>(control and training cells)`,
        font: { size: 13 },
      },
      xaxis: { title: { text: 'PC1' } },
      yaxis: { title: { text: 'PC2' } },
      margin: { l: 50, r: 10, t: 56, b: 40 },
      height: 380,
      legend: { orientation: 'h', y: -0.2 },
    },
  };
}

/** The share of cells in each cell state (k-means cluster), per population. */
export function cellProportionsFigure(g: GeneratedCellsView): Figure {
  const states = g.proportions.generated.map((_, k) => `state ${k + 1}`);
  const bars = (name: string, y: number[], color: string) => ({
    type: 'bar' as const,
    name,
    x: states,
    y,
    marker: { color },
  });
  return {
    data: [
      ...(g.observed.x.length ? [bars('observed', g.proportions.observed, OBSERVED)] : []),
      bars(plotlyText(`${g.label}: generated`), g.proportions.generated, GENERATED),
      bars('control', g.proportions.control, CONTROL),
    ],
    layout: {
      barmode: 'group',
      title: { text: 'cell-state proportions<br>(k-means clusters of control and training cells)', font: { size: 13 } },
      yaxis: { title: { text: 'fraction of cells' }, range: [0, 1] },
      margin: { l: 50, r: 10, t: 56, b: 40 },
      height: 280,
    },
  };
}
