import { meanVar } from './stats';

/**
 * Highly variable genes from one group holding all cells: genes binned by mean into 20 bins, the
 * dispersion (variance / mean) z-scored within each bin, the top `n` kept; `keep` genes (the
 * perturbed targets) are always kept.
 *
 * Porting note: scanpy's default ('seurat' flavour) computes the dispersion on expm1 of the data;
 * we use the log-normalised values the streaming pass already has, which ranks genes almost the
 * same way and needs no second transform of every value.
 */
export function selectHighlyVariable(
  nCells: number,
  sum: Float64Array,
  sumsq: Float64Array,
  n: number,
  keep: ReadonlySet<number>,
): Int32Array {
  const nGenes = sum.length;
  const { mean, variance } = meanVar(nCells, sum, sumsq, 0, nGenes);
  const disp = new Float64Array(nGenes);
  for (let j = 0; j < nGenes; j++) disp[j] = mean[j] > 0 ? Math.log(variance[j] / mean[j] + 1e-12) : -Infinity;
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of mean) {
    lo = Math.min(lo, m);
    hi = Math.max(hi, m);
  }
  const nBins = 20;
  const bin = (m: number) => (hi > lo ? Math.min(nBins - 1, Math.floor(((m - lo) / (hi - lo)) * nBins)) : 0);
  const s = new Float64Array(nBins),
    s2 = new Float64Array(nBins),
    c = new Float64Array(nBins);
  for (let j = 0; j < nGenes; j++) {
    if (!Number.isFinite(disp[j])) continue;
    const b = bin(mean[j]);
    s[b] += disp[j];
    s2[b] += disp[j] * disp[j];
    c[b]++;
  }
  const z = new Float64Array(nGenes);
  for (let j = 0; j < nGenes; j++) {
    const b = bin(mean[j]);
    if (!Number.isFinite(disp[j])) {
      z[j] = -Infinity;
      continue;
    }
    const m = s[b] / c[b];
    const sd = c[b] > 1 ? Math.sqrt(Math.max(0, (s2[b] - c[b] * m * m) / (c[b] - 1))) : 0;
    z[j] = sd > 0 ? (disp[j] - m) / sd : 0;
  }
  const order = Array.from({ length: nGenes }, (_, j) => j).sort((a, b) => z[b] - z[a] || a - b);
  const chosen = new Set<number>(keep);
  for (const j of order) {
    if (chosen.size >= Math.max(n, keep.size)) break;
    chosen.add(j);
  }
  return Int32Array.from([...chosen].sort((a, b) => a - b));
}
