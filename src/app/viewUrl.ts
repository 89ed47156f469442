/**
 * The view a URL describes: which dataset, condition, model, split, seed, graph settings and open
 * panel. Pure
 * functions, so that what a shared link means is tested without a page.
 */
import { SPLIT_NAMES, type SplitName, LAYER } from '../core/catalog';

export type { SplitName };
export type GraphColour = 'observed' | 'model' | 'attention';

export interface ViewState {
  /** The demo, or a user's file named by its name and size (a link cannot carry the file itself). */
  data?: { kind: 'demo' } | { kind: 'file'; name: string; bytes: number };
  condition?: string;
  model?: string;
  split?: SplitName;
  seed?: number;
  colour?: GraphColour;
  /** The graph's layers (in the order chosen), its depth and a gene it is centred on. */
  layers?: string[];
  hops?: 1 | 2;
  gene?: string;
  /** The folded panel that is open. */
  panel?: PanelName;
}

/** Panels that fold; the one open is part of the view. */
export const PANELS = ['guides', 'custom-go'] as const;
export type PanelName = (typeof PANELS)[number];

/** The graph's default layers: a URL names layers only when they differ. */
export const DEFAULT_LAYERS: readonly string[] = [LAYER.go];

const COLOURS: readonly GraphColour[] = ['observed', 'model', 'attention'];

/** Reads a query string; unknown or malformed values are left out rather than guessed. */
export function readView(search: string): ViewState {
  const q = new URLSearchParams(search);
  const v: ViewState = {};
  const file = q.get('file');
  const bytes = Number(q.get('bytes'));
  if (q.get('data') === 'demo') v.data = { kind: 'demo' };
  else if (file && Number.isInteger(bytes) && bytes >= 0) v.data = { kind: 'file', name: file, bytes };
  const condition = q.get('condition');
  if (condition) v.condition = condition;
  const model = q.get('model');
  if (model) v.model = model;
  const split = q.get('split') as SplitName | null;
  if (split && SPLIT_NAMES.includes(split)) v.split = split;
  const seed = Number(q.get('seed'));
  if (q.has('seed') && Number.isInteger(seed) && seed >= 0) v.seed = seed;
  const colour = q.get('colour') as GraphColour | null;
  if (colour && COLOURS.includes(colour)) v.colour = colour;
  if (q.has('layers')) v.layers = q.getAll('layers').filter(Boolean);
  const hops = Number(q.get('hops'));
  if (hops === 1 || hops === 2) v.hops = hops;
  const gene = q.get('gene');
  if (gene) v.gene = gene;
  const panel = q.get('panel') as PanelName | null;
  if (panel && PANELS.includes(panel)) v.panel = panel;
  return v;
}

/** The query string of a view, keys in a fixed order so that equal views give equal URLs. */
export function writeView(v: ViewState): string {
  const q = new URLSearchParams();
  if (v.data?.kind === 'demo') q.set('data', 'demo');
  else if (v.data?.kind === 'file') {
    q.set('file', v.data.name);
    q.set('bytes', String(v.data.bytes));
  }
  if (v.condition) q.set('condition', v.condition);
  if (v.model) q.set('model', v.model);
  if (v.split) q.set('split', v.split);
  if (v.seed !== undefined) q.set('seed', String(v.seed));
  if (v.colour && v.colour !== 'observed') q.set('colour', v.colour);
  // One parameter per layer (names of imported tables may hold any character); none at all: one empty.
  if (v.layers && v.layers.join('\n') !== DEFAULT_LAYERS.join('\n')) {
    if (v.layers.length) v.layers.forEach((l) => q.append('layers', l));
    else q.set('layers', '');
  }
  if (v.hops === 2) q.set('hops', '2');
  if (v.gene) q.set('gene', v.gene);
  if (v.panel) q.set('panel', v.panel);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Whether a loaded dataset is the one a view names. */
export function sameData(a: ViewState['data'], b: ViewState['data']): boolean {
  if (!a || !b) return !a && !b;
  if (a.kind === 'demo' || b.kind === 'demo') return a.kind === b.kind;
  return a.name === b.name && a.bytes === b.bytes;
}
