import { describe, expect, it } from 'vitest';
import { predictionFigure } from '../../src/ui/figures/prediction';
import { topDeFigure } from '../../src/ui/figures/topDe';
import { distributionFigure } from '../../src/ui/figures/distribution';
import { composerFigure } from '../../src/ui/figures/composer';
import { lossFigure } from '../../src/ui/figures/lossCurves';
import { cellCloudFigure, cellProportionsFigure } from '../../src/ui/figures/cellStates';
import { graphElements, graphExportSvg, graphStyle, labelledGenes } from '../../src/ui/figures/graph';
import { modelColor } from '../../src/ui/colors';
import type {
  ConditionDetail,
  ComposeView,
  DistributionView,
  EgoView,
  GeneratedCellsView,
  PredictionView,
} from '../../src/core/session/views';

/**
 * Every figure the page draws, built from small views: the snapshots pin what reaches Plotly and
 * Cytoscape (a change to a figure shows in review as a change to its snapshot), and the assertions
 * beside them state what each figure must get right whatever its styling.
 */
const prediction: PredictionView = {
  model: 'gears',
  label: 'GEARS',
  condition: 'KLF1+<b>X',
  subset: 'unseen single',
  genes: ['A', 'B', 'C', 'D'],
  predicted: Float32Array.from([0.5, -1, 0, 2]),
  observed: Float32Array.from([0.25, -1.5, 0.125, 1]),
  de20: [1, 3],
  pearsonAll: 0.912345,
  pearsonDe20: 1,
  centroid: Float32Array.from([0.25, -0.5, 0, 0.5]),
  pearsonPert: 0.75,
  interaction: null,
};

const generated: GeneratedCellsView = {
  model: 'perturbnet',
  label: 'PerturbNet',
  cells: [[0.1, 0.2]],
  control: { x: [0, 1], y: [1, 0] },
  observed: { x: [2], y: [2] },
  generatedXy: { x: [2.5, 1.5], y: [2, 1] },
  proportions: { observed: [1, 0], generated: [0.5, 0.5], control: [0.25, 0.75] },
};

describe('figures', () => {
  it('prediction: all genes, the top-20 DE genes apart, an identity line over the range of both', () => {
    const f = predictionFigure(prediction);
    expect(f).toMatchSnapshot();
    const [all, de, identity] = f.data as { x: number[]; y: number[]; text?: string[] }[];
    expect(all.text).toEqual(['A', 'C']);
    expect(de.text).toEqual(['B', 'D']);
    expect(de.x).toEqual([-1.5, 1]);
    expect(identity.x).toEqual([-1.5, 2]);
    expect(String(f.layout.title && (f.layout.title as { text: string }).text)).toContain('KLF1+&lt;b&gt;X');
  });

  it('prediction from the perturbed centroid: the centroid taken from both axes, its own r in the title', () => {
    const f = predictionFigure(prediction, 'centroid');
    const [all, de, identity] = f.data as { x: number[]; y: number[] }[];
    // Observed − centroid: A 0, B −1, C 0.125, D 0.5; predicted − centroid: A 0.25, B −0.5, C 0, D 1.5.
    expect(all.x).toEqual([0, 0.125]);
    expect(all.y).toEqual([0.25, 0]);
    expect(de.x).toEqual([-1, 0.5]);
    expect(de.y).toEqual([-0.5, 1.5]);
    expect(identity.x).toEqual([-1, 1.5]);
    const title = String((f.layout.title as { text: string }).text);
    expect(title).toContain('0.750');
    expect(title).toContain('from the centroid');
    expect(String((f.layout.xaxis as { title: { text: string } }).title.text)).toBe('observed − centroid');
  });

  it('top DE: strongest at the top, perturbed genes starred, the chosen gene outlined', () => {
    const detail: ConditionDetail = {
      name: 'KLF1',
      genes: ['KLF1'],
      nCells: 120,
      topDe: [
        { gene: 'KLF1', delta: -2, t: -9, controlMean: 1.5 },
        { gene: 'HBB', delta: 1, t: 6, controlMean: 0.5 },
      ],
    };
    const f = topDeFigure(detail, 'HBB');
    expect(f).toMatchSnapshot();
    const [bar] = f.data as { y: string[]; marker: { color: string[]; line: { color: string[] } } }[];
    expect(bar.y).toEqual(['HBB', 'KLF1 ★']);
    expect(bar.marker.color).toEqual(['#c0392b', '#2e6db4']);
    expect(bar.marker.line.color[0]).toBe('#f1c40f');
  });

  it('distribution: a box per population, a diamond per model, grouped only beside generated cells', () => {
    const view: DistributionView = {
      condition: 'KLF1',
      nCells: 300,
      genes: ['HBB', 'GATA1'],
      cells: [
        [1, 2, 3],
        [-1, 0, 1],
      ],
      observedMean: [2, 0],
      predictions: [{ model: 'mean', label: 'Mean', values: [0.5, 0.1] }],
      generated: [],
    };
    const f = distributionFigure(view);
    expect(f).toMatchSnapshot();
    // Each model keeps its colour in every figure.
    expect((f.data[1] as { marker: { color: string } }).marker.color).toBe(modelColor('mean'));
    const [box] = f.data as { x: string[]; y: number[] }[];
    expect(box.x).toEqual(['HBB', 'HBB', 'HBB', 'GATA1', 'GATA1', 'GATA1']);
    expect(f.layout.boxmode).toBe('overlay');
    expect(distributionFigure({ ...view, generated: [generated] }).layout.boxmode).toBe('group');
  });

  it('composer: a bar group per model that reaches the genes, none for one that does not; observed first when measured', () => {
    const view: ComposeView = {
      genes: ['CEBPA', 'KLF1'],
      measuredAs: null,
      observed: null,
      shown: ['HBB', 'SPI1'],
      rows: [
        { model: 'additive', label: 'Additive', ok: true, reason: null, values: [1, -1], interaction: null },
        { model: 'gears', label: 'GEARS', ok: false, reason: 'no embedding', values: [], interaction: null },
      ],
    } as ComposeView;
    const f = composerFigure(view);
    expect(f).toMatchSnapshot();
    expect(f.data.map((d) => d.name)).toEqual(['Additive']);
    expect((f.data[0] as { marker: { color: string } }).marker.color).toBe(modelColor('additive'));
    const measured = composerFigure({ ...view, measuredAs: 'CEBPA+KLF1', observed: [2, -0.5] });
    expect(measured.data.map((d) => d.name)).toEqual(['observed (CEBPA+KLF1)', 'Additive']);
    expect((measured.data[0] as { y: number[] }).y).toEqual([2, -0.5]);
  });

  it('loss curves: training loss and validation per model, validation on the right axis', () => {
    const f = lossFigure({
      GEARS: [
        { epoch: 1, loss: 0.5, validation: 0.4 },
        { epoch: 2, loss: 0.25, validation: null },
      ],
    });
    expect(f).toMatchSnapshot();
    expect(f.data.map((d) => (d as { yaxis?: string }).yaxis)).toEqual([undefined, 'y2']);
    // One legend entry per model: its validation curve toggles with it.
    expect(f.data.map((d) => (d as { showlegend?: boolean }).showlegend ?? true)).toEqual([true, false]);
    expect(new Set(f.data.map((d) => (d as { legendgroup?: string }).legendgroup))).toEqual(new Set(['GEARS']));
    // Redrawn while models train: no automatic margins (Plotly lays such a figure out twice).
    const axes = [f.layout.xaxis, f.layout.yaxis, f.layout.yaxis2] as { automargin?: unknown }[];
    expect(axes.every((a) => !a.automargin)).toBe(true);
  });

  it('cell states: observed cells only when there are some', () => {
    expect(cellCloudFigure(generated, 'KLF1')).toMatchSnapshot();
    expect(cellProportionsFigure(generated)).toMatchSnapshot();
    const unseen = {
      ...generated,
      observed: { x: [], y: [] },
      proportions: { ...generated.proportions, observed: [] },
    };
    expect(cellCloudFigure(unseen, 'NEW').data.map((d) => d.name)).toEqual([
      'control cells',
      'generated density',
      'PerturbNet: generated',
    ]);
    expect(cellProportionsFigure(unseen).data.map((d) => d.name)).toEqual(['PerturbNet: generated', 'control']);
  });

  it('graph: nodes sized and coloured by change on the view’s scale, unmeasured grey, known positions kept', () => {
    const view: EgoView = {
      condition: 'KLF1',
      colouredBy: 'observed',
      nodes: [
        { id: 'KLF1', change: -2, measured: true, perturbed: true, degree: 2, hop: 0 },
        { id: 'HBB', change: 1, measured: true, perturbed: false, degree: 1, hop: 1 },
        { id: 'TAL1', change: null, measured: false, perturbed: false, degree: 1, hop: 1 },
      ],
      edges: [
        { source: 'KLF1', target: 'HBB', weight: 0.5, layer: 'GO', directed: false },
        { source: 'KLF1', target: 'TAL1', weight: 2, layer: 'co-expression', directed: true },
      ],
      truncated: false,
      maxAbsChange: 2,
    };
    const els = graphElements(view, ['GO', 'co-expression'], new Map([['HBB', { x: 10, y: -5 }]]));
    expect(els).toMatchSnapshot();
    const data = els.map((e) => e.data as Record<string, unknown>);
    expect(data.slice(0, 3).map((d) => d.size)).toEqual([40, 27, 14]);
    expect(data[0].color).toBe('rgb(46, 109, 180)');
    expect(data[2].color).toBe('#c9ced6');
    expect(els[1].position).toEqual({ x: 10, y: -5 });
    expect(data.slice(3).map((d) => d.width)).toEqual([2, 3.5]);
    expect(graphStyle({ fg: '#111', bg: '#fff', muted: '#888' })).toMatchSnapshot();
    expect(
      graphExportSvg(
        '<?xml version="1.0"?><svg width="200" height="100"><circle r="3"/></svg>',
        200,
        100,
        {
          title: 'Knowledge graph: KLF1 <x>',
          maxAbsChange: 2,
          colouredBy: 'observed change',
          layers: [{ name: 'GO', color: '#7f8c8d' }],
          truncated: true,
        },
        '#111',
        '#fff',
      ),
    ).toMatchSnapshot();
  });

  it('graph labels: perturbed genes and the 15 most changed, no more', () => {
    const nodes = Array.from({ length: 40 }, (_, i) => ({
      id: `G${i}`,
      change: i % 7 === 0 ? null : (i - 20) / 10,
      measured: i % 7 !== 0,
      perturbed: i === 3,
      degree: 1,
      hop: i === 3 ? 0 : 1,
    }));
    const view: EgoView = {
      condition: 'G3',
      colouredBy: 'observed',
      nodes,
      edges: [],
      truncated: false,
      maxAbsChange: 2,
    };
    const named = labelledGenes(view);
    expect(named.size).toBe(16);
    expect(named.has('G3')).toBe(true);
    // |change| 2.0 … 1.2 at i = 0..8 (0 and 7 unmeasured) and i = 39..33 lead.
    expect(named.has('G39')).toBe(true);
    expect(named.has('G0')).toBe(false);
  });
});
