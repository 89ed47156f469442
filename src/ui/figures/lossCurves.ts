import { modelColor } from '../colors';
import { plotlyText, type Figure } from './figure';

export interface CurvePoint {
  epoch: number;
  loss: number;
  validation: number | null;
}

/**
 * Each neural model's training loss (solid, log scale, left) and validation 1 − Pearson Δ (dotted,
 * right) per epoch, one legend entry per model.
 *
 * Margins are fixed, not automatic: the figure is drawn again while models train, and Plotly's
 * automatic margins measured and drew it twice (~150 ms of the page's main thread a draw here).
 */
export function lossFigure(curves: Readonly<Record<string, readonly CurvePoint[]>>): Figure {
  return {
    data: Object.entries(curves).flatMap(([m, points]) => [
      {
        type: 'scatter' as const,
        mode: 'lines' as const,
        name: plotlyText(m),
        legendgroup: plotlyText(m),
        hovertemplate: `${plotlyText(m)}, epoch %{x}: training loss %{y:.4g}<extra></extra>`,
        x: points.map((p) => p.epoch),
        y: points.map((p) => p.loss),
        line: { color: modelColor(m) },
      },
      {
        type: 'scatter' as const,
        mode: 'lines' as const,
        name: plotlyText(`${m} validation`),
        legendgroup: plotlyText(m),
        showlegend: false,
        hovertemplate: `${plotlyText(m)}, epoch %{x}: validation 1 − Pearson Δ %{y:.3f}<extra></extra>`,
        x: points.map((p) => p.epoch),
        y: points.map((p) => p.validation),
        yaxis: 'y2',
        line: { dash: 'dot' as const, color: modelColor(m) },
      },
    ]),
    layout: {
      height: 270,
      margin: { l: 64, r: 64, t: 48, b: 72 },
      xaxis: { title: { text: 'epoch' } },
      // '~g' labels every tick with its value (Plotly labels a log axis's minor ticks by their
      // leading digit only: "5" for 0.5).
      yaxis: { title: { text: 'training loss' }, type: 'log', tickformat: '~g' },
      yaxis2: {
        title: { text: '1 − Pearson Δ' },
        overlaying: 'y',
        side: 'right',
        // Its own ticks, not the left axis's grid lines (which gave labels such as 0.717).
        tickmode: 'auto',
        showgrid: false,
        tickformat: '.2f',
      },
      annotations: [
        {
          text: 'solid: training loss (left)<br>dotted: validation 1 − Pearson Δ (right)',
          xref: 'paper',
          yref: 'paper',
          x: 0,
          xanchor: 'left',
          y: 1,
          yanchor: 'bottom',
          yshift: 6,
          showarrow: false,
          align: 'left',
        },
      ],
      legend: { orientation: 'h', y: -0.38, yanchor: 'top' },
    },
  };
}
