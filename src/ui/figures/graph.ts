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
  return [
    ...view.nodes.map((n) => ({
      group: 'nodes' as const,
      data: { ...n, color: divergingColor(n.change, m), size: 14 + 26 * Math.min(1, Math.abs(n.change ?? 0) / m) },
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
      },
    })),
  ];
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
        label: 'data(id)',
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
      selector: 'node[?perturbed]',
      style: {
        shape: 'diamond',
        'border-width': 2.5,
        'border-color': c.fg,
        'font-weight': 'bold',
        'font-size': 11,
      },
    },
    { selector: 'node.chosen', style: { 'border-width': 3, 'border-color': '#f1c40f' } },
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
  ];
}
