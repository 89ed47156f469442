/**
 * The view a URL describes: which dataset, condition, model, split, seed and graph colouring. Pure
 * functions, so that what a shared link means is tested without a page.
 */
export type SplitName = 'simulation' | 'combo_seen2' | 'single';
export type GraphColour = 'observed' | 'model' | 'attention';

export interface ViewState {
  /** The demo, or a user's file named by its name and size (a link cannot carry the file itself). */
  data?: { kind: 'demo' } | { kind: 'file'; name: string; bytes: number };
  condition?: string;
  model?: string;
  split?: SplitName;
  seed?: number;
  colour?: GraphColour;
}

const SPLITS: readonly SplitName[] = ['simulation', 'combo_seen2', 'single'];
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
  if (split && SPLITS.includes(split)) v.split = split;
  const seed = Number(q.get('seed'));
  if (q.has('seed') && Number.isInteger(seed) && seed >= 0) v.seed = seed;
  const colour = q.get('colour') as GraphColour | null;
  if (colour && COLOURS.includes(colour)) v.colour = colour;
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
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Whether a loaded dataset is the one a view names. */
export function sameData(a: ViewState['data'], b: ViewState['data']): boolean {
  if (!a || !b) return !a && !b;
  if (a.kind === 'demo' || b.kind === 'demo') return a.kind === b.kind;
  return a.name === b.name && a.bytes === b.bytes;
}
