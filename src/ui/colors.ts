/** Diverging blue–white–red for changes in [-max, max]; grey for genes the dataset does not measure. */
export const UNMEASURED = '#c9ced6';

export function divergingColor(value: number | null, max: number): string {
  if (value === null) return UNMEASURED;
  const t = max > 0 ? Math.max(-1, Math.min(1, value / max)) : 0;
  const mix = (a: number, b: number, f: number) => Math.round(a + (b - a) * f);
  const [r, g, b] =
    t >= 0
      ? [mix(247, 192, t), mix(247, 57, t), mix(247, 43, t)]
      : [mix(247, 46, -t), mix(247, 109, -t), mix(247, 180, -t)];
  return `rgb(${r}, ${g}, ${b})`;
}

const LAYER_COLORS: Record<string, string> = {
  GO: '#7f8c8d',
  'GO-BP': '#27ae60',
  'GO-MF': '#8e44ad',
  'GO-CC': '#d35400',
  'co-expression': '#2980b9',
};
const EXTRA = ['#c0392b', '#16a085', '#f39c12', '#2c3e50', '#e84393'];

export function layerColor(name: string, all: string[]): string {
  if (LAYER_COLORS[name]) return LAYER_COLORS[name];
  const extra = all.filter((n) => !LAYER_COLORS[n]);
  return EXTRA[Math.max(0, extra.indexOf(name)) % EXTRA.length];
}

/**
 * One colour per model, the same in every figure and table: the baselines in muted tones, the
 * four papers' models in strong ones; a model loaded from a file shares its trained twin's colour
 * family. Unknown ids (a model registered later) take a stable colour from their name.
 */
const MODEL_COLORS: Record<string, string> = {
  nochange: '#95a5a6',
  mean: '#7f8c8d',
  additive: '#16a085',
  general: '#1abc9c',
  linear: '#a0785a',
  knn: '#8e7cc3',
  'go-ridge': '#d4a76a',
  'go-knn': '#b9acdf',
  gears: '#c0392b',
  app: '#2980b9',
  txpert: '#27ae60',
  perturbnet: '#d35400',
  'perturbnet-nb': '#f39c12',
  'split-half': '#34495e',
};
const SPARE = ['#e84393', '#6c5ce7', '#00b894', '#fdcb6e', '#e17055', '#0984e3'];

export function modelColor(id: string): string {
  const base = id.replace(/^loaded:/, '');
  if (MODEL_COLORS[base]) return MODEL_COLORS[base];
  let h = 0;
  for (let i = 0; i < base.length; i++) h = (h * 31 + base.charCodeAt(i)) >>> 0;
  return SPARE[h % SPARE.length];
}
