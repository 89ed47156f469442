import type { ElementDefinition, StylesheetJson } from 'cytoscape';
import type { EgoView } from '../../core/session/views';
import { divergingColor, layerColor } from '../colors';

/**
 * The Cytoscape elements of a neighbourhood: genes coloured on the diverging scale of the view's
 * largest change and sized by it, edges coloured by layer and as wide as their weight. A gene laid
 * out before keeps its position (`positions`), so the picture moves little between selections.
 */
export function graphElements(
  view: EgoView,
  allLayers: readonly string[],
  positions: ReadonlyMap<string, { x: number; y: number }> = new Map(),
): ElementDefinition[] {
  const m = view.maxAbsChange || 1;
  const labelled = labelledGenes(view);
  return [
    ...view.nodes.map((n) => ({
      group: 'nodes' as const,
      data: {
        ...n,
        label: labelled.has(n.id) ? n.id : '',
        color: divergingColor(n.change, m),
        size: 14 + 26 * Math.min(1, Math.abs(n.change ?? 0) / m),
      },
      position: positions.get(n.id),
    })),
    ...view.edges.map((e, i) => ({
      group: 'edges' as const,
      data: {
        id: `e${i}`,
        source: e.source,
        target: e.target,
        weight: e.weight,
        layer: e.layer,
        color: layerColor(e.layer, [...allLayers]),
        width: 0.5 + 3 * Math.min(1, Math.abs(e.weight)),
        directed: e.directed,
      },
    })),
  ];
}

/** Genes named on the graph: the perturbed ones and the most changed (hovering names the rest). */
export const LABELLED = 15;

export function labelledGenes(view: EgoView): Set<string> {
  const byChange = view.nodes
    .filter((n) => !n.perturbed && n.change !== null)
    .sort((a, b) => Math.abs(b.change!) - Math.abs(a.change!) || (a.id < b.id ? -1 : 1));
  return new Set(
    [...view.nodes.filter((n) => n.perturbed || n.hop === 0), ...byChange.slice(0, LABELLED)].map((n) => n.id),
  );
}

/** The page's colours a graph is drawn in (light or dark, as the system says). */
export interface GraphColours {
  fg: string;
  bg: string;
  muted: string;
}

/** Labels in the page's text colour, outlined in the graph's background so they read over edges. */
export function graphStyle(c: GraphColours): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        width: 'data(size)',
        height: 'data(size)',
        label: 'data(label)',
        color: c.fg,
        'text-outline-color': c.bg,
        'text-outline-width': 1.5,
        'font-size': 9,
        'text-valign': 'bottom',
        'text-margin-y': 2,
        'border-width': 0.5,
        'border-color': c.muted,
      },
    },
    {
      // Perturbed genes (and their labels) are drawn over their neighbours.
      selector: 'node[?perturbed]',
      style: {
        'z-index': 10,
        shape: 'diamond',
        'border-width': 2.5,
        'border-color': c.fg,
        'font-weight': 'bold',
        'font-size': 11,
      },
    },
    { selector: 'node.chosen', style: { 'border-width': 3, 'border-color': '#f1c40f', label: 'data(id)' } },
    { selector: 'node:active, node.hover', style: { label: 'data(id)', 'z-index': 20 } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'line-color': 'data(color)',
        opacity: 0.6,
        'curve-style': 'bezier',
        'target-arrow-shape': 'none',
      },
    },
    // Only a layer that links genes one way (a TF and its targets) has arrows.
    { selector: 'edge[?directed]', style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': 'data(color)' } },
  ];
}

/** What an exported picture of the graph says beside it. */
export interface GraphCaption {
  title: string;
  /** The colour scale's end (±) and what it shows. */
  maxAbsChange: number;
  colouredBy: string;
  layers: { name: string; color: string }[];
  truncated: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The exported picture: the graph's own SVG (from Cytoscape) under a title, with the colour scale
 * and the layers' legend below it, as one SVG document (the PNG export rasterises this one).
 */
export function graphExportSvg(
  graphSvg: string,
  width: number,
  height: number,
  c: GraphCaption,
  fg: string,
  bg: string,
): string {
  const top = 36,
    legend = 72;
  const W = Math.max(width, 480),
    H = top + height + legend;
  const m = c.maxAbsChange;
  const stops = [-1, -0.5, 0, 0.5, 1]
    .map((t, i) => `<stop offset="${i * 25}%" stop-color="${divergingColor(t * m, m)}"/>`)
    .join('');
  const y = top + height + 14;
  let x = 190;
  const swatches = c.layers
    .map((l) => {
      const out = `<line x1="${x}" y1="${y + 8}" x2="${x + 18}" y2="${y + 8}" stroke="${l.color}" stroke-width="3"/><text x="${x + 24}" y="${y + 12}">${esc(l.name)}</text>`;
      x += 34 + 7 * l.name.length;
      return out;
    })
    .join('');
  const nested = graphSvg.replace(/^<\?xml[^>]*>\s*/, '').replace(/^<svg/, `<svg x="0" y="${top}"`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" fill="${fg}">`,
    `<rect width="100%" height="100%" fill="${bg}"/>`,
    `<text x="10" y="24" font-size="16" font-weight="bold">${esc(c.title)}</text>`,
    nested,
    `<defs><linearGradient id="scale">${stops}</linearGradient></defs>`,
    `<text x="10" y="${y + 12}">${(-m).toFixed(2)}</text>`,
    `<rect x="48" y="${y + 2}" width="80" height="12" fill="url(#scale)"/>`,
    `<text x="134" y="${y + 12}">+${m.toFixed(2)}</text>`,
    swatches,
    `<text x="10" y="${y + 32}">colour: ${esc(c.colouredBy)}; grey: not measured; ◆ perturbed</text>`,
    c.truncated ? `<text x="10" y="${y + 48}">the most strongly linked genes are shown</text>` : '',
    '</svg>',
  ].join('');
}
