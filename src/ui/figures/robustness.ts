import { modelColor } from '../colors';
import { degradedAs } from '../../core/graph/degrade';
import { plotlyText, type Figure } from './figure';
import type { RobustnessView } from '../../worker/protocol';

/**
 * One metric against the fraction of graph edges degraded: each graph model a line with markers, the
 * models that read no graph (baselines, the ceiling) flat dashed lines to read them against.
 */
export function robustnessFigure(view: RobustnessView, metric: string, metricLabel: string): Figure {
  return {
    data: view.rows.map((r) => ({
      type: 'scatter' as const,
      mode: r.readsGraph ? ('lines+markers' as const) : ('lines' as const),
      name: plotlyText(r.label),
      x: view.levels,
      y: r.values[metric] ?? [],
      line: {
        color: modelColor(r.model),
        width: r.readsGraph ? 2.5 : 1,
        dash: r.readsGraph ? undefined : ('dash' as const),
      },
    })),
    layout: {
      height: 380,
      margin: { l: 60, r: 10, t: 10, b: 40 },
      xaxis: {
        title: { text: `fraction of graph edges ${degradedAs(view.mode)}` },
        automargin: true,
        range: [-0.03, 1.03],
      },
      yaxis: { title: { text: plotlyText(metricLabel), standoff: 6 }, automargin: true },
      legend: { orientation: 'h', yanchor: 'top', y: -0.4, font: { size: 11 } },
    },
  };
}
