/** Mean and sample variance (ddof = 1, as scanpy and numpy's var(ddof=1)) from streamed sums. */
export function meanVar(n: number, sum: Float64Array, sumsq: Float64Array, offset: number, len: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(len);
  const variance = new Float64Array(len);
  for (let j = 0; j < len; j++) {
    const m = n > 0 ? sum[offset + j] / n : 0;
    mean[j] = m;
    variance[j] = n > 1 ? Math.max(0, (sumsq[offset + j] - n * m * m) / (n - 1)) : 0;
  }
  return { mean, variance };
}

/**
 * Welch's t statistic of each gene, group against control, as scanpy's rank_genes_groups
 * (method='t-test'): a zero denominator gives 0 for equal means (scanpy turns NaN into 0) and
 * ±Infinity otherwise; groups of fewer than 2 cells have no variance and get 0.
 */
export function welchT(m1: Float64Array, v1: Float64Array, n1: number, m2: Float64Array, v2: Float64Array, n2: number): Float64Array {
  const t = new Float64Array(m1.length);
  if (n1 < 2 || n2 < 2) return t;
  for (let j = 0; j < t.length; j++) {
    const diff = m1[j] - m2[j];
    const den = Math.sqrt(v1[j] / n1 + v2[j] / n2);
    t[j] = den > 0 ? diff / den : diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  }
  return t;
}

/** Indices of the `k` largest values of `score` (by absolute value when `abs`), ties by index. */
export function topIndices(score: ArrayLike<number>, k: number, abs = false): Int32Array {
  const idx = Array.from({ length: score.length }, (_, i) => i);
  const key = (i: number) => (abs ? Math.abs(score[i]) : score[i]);
  idx.sort((a, b) => key(b) - key(a) || a - b);
  return Int32Array.from(idx.slice(0, Math.min(k, idx.length)));
}
