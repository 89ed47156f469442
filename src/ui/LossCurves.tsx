import { useEffect, useRef } from 'react';
import { useModels } from '../app/modelState';
import { loadPlotly, PLOT_CONFIG } from './plotly';

/** Training loss and validation score per epoch of each neural model, live while it trains. */
export function LossCurves() {
  const curves = useModels((s) => s.curves);
  const ref = useRef<HTMLDivElement>(null);
  const names = Object.keys(curves);
  useEffect(() => {
    const el = ref.current;
    if (!el || !names.length) return;
    void loadPlotly().then((P) =>
      P.react(
        el,
        names.flatMap((m) => [
          {
            type: 'scatter',
            mode: 'lines',
            name: `${m} training loss`,
            x: curves[m].map((p) => p.epoch),
            y: curves[m].map((p) => p.loss),
          },
          {
            type: 'scatter',
            mode: 'lines',
            name: `${m} validation 1 − Pearson Δ`,
            x: curves[m].map((p) => p.epoch),
            y: curves[m].map((p) => p.validation),
            yaxis: 'y2',
            line: { dash: 'dot' },
          },
        ]),
        {
          height: 240,
          margin: { l: 55, r: 55, t: 10, b: 40 },
          xaxis: { title: { text: 'epoch' } },
          yaxis: { title: { text: 'training loss' }, type: 'log' },
          yaxis2: { title: { text: 'validation' }, overlaying: 'y', side: 'right' },
          legend: { orientation: 'h', y: -0.35 },
        },
        PLOT_CONFIG,
      ),
    );
  }, [curves, names]);
  if (!names.length) return null;
  return <div ref={ref} data-testid="loss-curves" data-points={names.reduce((s, m) => s + curves[m].length, 0)} />;
}
