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
      },
      {
        type: 'scatter' as const,
        mode: 'lines' as const,
        name: plotlyText(`${m} validation 1 − Pearson Δ`),
        x: points.map((p) => p.epoch),
        y: points.map((p) => p.validation),
        yaxis: 'y2',
        line: { dash: 'dot' as const },
      },
    ]),
    layout: {
      height: 240,
      margin: { l: 55, r: 55, t: 10, b: 40 },
      xaxis: { title: { text: 'epoch' } },
      yaxis: { title: { text: 'training loss' }, type: 'log' },
      yaxis2: { title: { text: 'validation' }, overlaying: 'y', side: 'right' },
      legend: { orientation: 'h', y: -0.35 },
    },
  };
}
