import type { PredictionView } from '../../core/session/views';
import { labelOf } from '../../core/catalog';
import { plotlyText, type Figure } from './figure';

const HOVER = '%{text}<br>observed %{x:.3f}<br>predicted %{y:.3f}<extra></extra>';

/** What the changes of the scatter are measured from: the control cells, or the perturbed centroid. */
export type ScatterReference = 'control' | 'centroid';

/**
 * Predicted against observed change of one test condition: all genes, its top-20 DE genes, the
 * identity line. From the perturbed centroid (Systema), the shift every perturbation shares is taken
 * out of both, so what remains is what is specific to this perturbation.
 */
export function predictionFigure(p: PredictionView, reference: ScatterReference = 'control'): Figure {
  const de = new Set(p.de20);
  const idx = p.genes.map((_, j) => j);
  const shift = reference === 'centroid' ? p.centroid : new Float32Array(p.genes.length);
  const observed = p.observed.map((v, j) => v - shift[j]);
  const predicted = p.predicted.map((v, j) => v - shift[j]);
  const points = (js: number[]) => ({
    x: js.map((j) => observed[j]),
    y: js.map((j) => predicted[j]),
    text: js.map((j) => plotlyText(p.genes[j])),
  });
  let lo = Infinity,
    hi = -Infinity;
  for (const v of [...observed, ...predicted]) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const from = reference === 'centroid' ? ' − centroid' : ' change';
  return {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        name: 'all genes',
        ...points(idx.filter((j) => !de.has(j))),
        marker: { size: 4, color: '#9aa5b5' },
        hovertemplate: HOVER,
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: 'top-20 DE',
        ...points(idx.filter((j) => de.has(j))),
        marker: { size: 8, color: '#c0392b' },
        hovertemplate: HOVER,
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'identity',
        x: [lo, hi],
        y: [lo, hi],
        line: { dash: 'dot', color: '#555', width: 1 },
        hoverinfo: 'skip',
      },
    ],
    layout: {
      title: {
        text:
          reference === 'centroid'
            ? `${plotlyText(`${p.label} on ${p.condition} (${labelOf(p.subset)})`)}<br>Pearson r ${p.pearsonPert.toFixed(3)} (all genes, from the centroid)`
            : `${plotlyText(`${p.label} on ${p.condition} (${labelOf(p.subset)})`)}<br>Pearson r ${p.pearsonAll.toFixed(3)} (all genes), ${p.pearsonDe20.toFixed(3)} (top-20 DE)`,
        font: { size: 13 },
      },
      xaxis: { title: { text: `observed${from}` } },
      yaxis: { title: { text: `predicted${from}` } },
      margin: { l: 60, r: 10, t: 60, b: 45 },
      height: 380,
      legend: { orientation: 'h', y: -0.2 },
    },
  };
}
