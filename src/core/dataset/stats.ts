/** Mean and sample variance (ddof = 1, as scanpy and numpy's var(ddof=1)) from streamed sums. */
export function meanVar(
  n: number,
  sum: Float64Array,
  sumsq: Float64Array,
  offset: number,
  len: number,
): { mean: Float64Array; variance: Float64Array } {
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
export function welchT(
  m1: Float64Array,
  v1: Float64Array,
  n1: number,
  m2: Float64Array,
  v2: Float64Array,
  n2: number,
): Float64Array {
  if (n1 < 2 || n2 < 2) return new Float64Array(m1.length);
  return welchTAgainst(
    m1,
    v1,
    n1,
    m2,
    v2.map((v) => v / n2),
  );
}

/**
 * Welch's t of a group against a reference whose squared standard error is given per gene: for a
 * stratum-weighted control, Σ_b w_b² s_b² / n_b.
 */
export function welchTAgainst(
  m1: Float64Array,
  v1: Float64Array,
  n1: number,
  ref: Float64Array,
  refSe2: Float64Array,
): Float64Array {
  const t = new Float64Array(m1.length);
  if (n1 < 2) return t;
  for (let j = 0; j < t.length; j++) {
    const diff = m1[j] - ref[j];
    const den = Math.sqrt(v1[j] / n1 + refSe2[j]);
    t[j] = den > 0 ? diff / den : diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  }
  return t;
}

/** Indices of the `k` largest values of `score` (by absolute value when `abs`), ties by index. */
export function topIndices(score: ArrayLike<number>, k: number, abs = false): Int32Array {
  const n = score.length;
  k = Math.min(k, n);
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = abs ? Math.abs(score[i]) : score[i];
  if (k * 4 >= n) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    idx.sort((a, b) => key[b] - key[a] || a - b);
    return idx.slice(0, k);
  }
  // Few of many: keep a sorted buffer of the best k seen so far. Indices arrive in order, so an
  // equal key goes after those already kept, which is the tie rule.
  const best = new Int32Array(k);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const v = key[i];
    if (size === k && !(v > key[best[k - 1]])) continue;
    let lo = 0,
      hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key[best[mid]] >= v) lo = mid + 1;
      else hi = mid;
    }
    const end = size < k ? size++ : k - 1;
    best.copyWithin(lo + 1, lo, end);
    best[lo] = i;
  }
  return best;
}
