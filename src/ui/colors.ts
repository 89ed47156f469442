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

const MODEL_COLORS = [
  '#c0392b',
  '#2980b9',
  '#27ae60',
  '#8e44ad',
  '#d35400',
  '#16a085',
  '#2c3e50',
  '#f39c12',
  '#e84393',
  '#7f8c8d',
];

/** A distinct colour per model in a plot's legend order. */
export function modelColor(i: number): string {
  return MODEL_COLORS[i % MODEL_COLORS.length];
}
