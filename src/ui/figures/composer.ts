import type { ComposeView } from '../../core/session/views';
import { modelColor } from '../colors';
import { plotlyText, type Figure } from './figure';

/** Every model that can reach the composed perturbation: its predicted change of the most changed genes, grouped. */
export function composerFigure(view: ComposeView): Figure {
  const x = view.shown.map(plotlyText);
  const bars = (name: string, y: number[], color: string) => ({
    type: 'bar' as const,
    name: plotlyText(name),
    x,
    y,
    marker: { color },
    hovertemplate: `${plotlyText(name)}<br>%{x}: %{y:.3f}<extra></extra>`,
  });
  return {
    data: [
      // A measured combination: what was observed comes first, for every model to be read against.
      ...(view.observed && view.measuredAs ? [bars(`observed (${view.measuredAs})`, view.observed, '#9aa5b5')] : []),
      ...view.rows.filter((r) => r.ok).map((r) => bars(r.label, r.values, modelColor(r.model))),
    ],
    layout: {
      barmode: 'group',
      title: {
        text: plotlyText(`${view.genes.join(' + ')}: predicted change of the ${view.shown.length} most changed genes`),
        font: { size: 13 },
      },
      yaxis: { title: { text: 'predicted change' } },
      margin: { l: 60, r: 10, t: 40, b: 80 },
      height: 360,
      legend: { orientation: 'h', y: -0.35 },
    },
  };
}
