import type { ComposeView } from '../../core/session/views';
import { plotlyText, type Figure } from './figure';

/** Every model that can reach the composed perturbation: its predicted change of the most changed genes, grouped. */
export function composerFigure(view: ComposeView): Figure {
  return {
    data: view.rows
      .filter((r) => r.ok)
      .map((r) => ({
        type: 'bar',
        name: plotlyText(r.label),
        x: view.shown.map(plotlyText),
        y: r.values,
        hovertemplate: `${plotlyText(r.label)}<br>%{x}: %{y:.3f}<extra></extra>`,
      })),
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
