import { modelColor } from '../colors';
import { plotlyText, type Figure } from './figure';

export interface CurvePoint {
  epoch: number;
  loss: number;
  validation: number | null;
}

/** Each neural model's training loss (log scale, left) and validation 1 − Pearson Δ (dotted, right) per epoch. */
export function lossFigure(curves: Readonly<Record<string, readonly CurvePoint[]>>): Figure {
  return {
    data: Object.entries(curves).flatMap(([m, points]) => [
      {
        type: 'scatter' as const,
        mode: 'lines' as const,
        name: plotlyText(`${m} training loss`),
        x: points.map((p) => p.epoch),
        y: points.map((p) => p.loss),
        line: { color: modelColor(m) },
      },
      {
        type: 'scatter' as const,
        mode: 'lines' as const,
        name: plotlyText(`${m} validation 1 − Pearson Δ`),
        x: points.map((p) => p.epoch),
        y: points.map((p) => p.validation),
        yaxis: 'y2',
        line: { dash: 'dot' as const, color: modelColor(m) },
      },
    ]),
    layout: {
      height: 240,
      margin: { l: 60, r: 60, t: 10, b: 40 },
      // automargin: the axis titles move clear of the tick labels however wide those are.
      xaxis: { title: { text: 'epoch' }, automargin: true },
      yaxis: { title: { text: 'training loss', standoff: 6 }, type: 'log', automargin: true },
      yaxis2: {
        title: { text: 'validation 1 − Pearson Δ', standoff: 6 },
        overlaying: 'y',
        side: 'right',
        automargin: true,
      },
      legend: { orientation: 'h', y: -0.35 },
    },
  };
}
