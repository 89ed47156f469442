import type { ConditionDetail } from '../../core/session/views';
import { plotlyText, type Figure } from './figure';

/** A condition's top DE genes as horizontal bars (strongest at the top); ★ marks a perturbed gene, gold the chosen one. */
export function topDeFigure(detail: ConditionDetail, chosen: string | null): Figure {
  const genes = [...detail.topDe].reverse();
  const perturbed = new Set(detail.genes);
  return {
    data: [
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
    layout: {
      title: {
        text: plotlyText(`${detail.name}: top ${detail.topDe.length} DE genes (${detail.nCells} cells)`),
        font: { size: 14 },
      },
      // Two lines: on a phone the plot is about 230 px wide, narrower than the title on one line.
      xaxis: { title: { text: 'mean change from control<br>(log1p CP10k)' }, zeroline: true },
      margin: { l: 110, r: 20, t: 40, b: 64 },
      height: 520,
    },
  };
}
