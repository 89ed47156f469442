/**
 * Differential expression as the Virtual Cell Challenge 2026 scores it: per perturbation, each gene
 * tested against the observed control cells by a Wilcoxon rank-sum test on counts per million,
 * Benjamini–Hochberg within the perturbation, and the significant genes of a prediction compared
 * with those of the observed cells.
 */

export const DE_SETTINGS = {
  /** Benjamini–Hochberg level. */
  alpha: 0.05,
  /** Only genes above this mean CPM in the control cells are tested. */
  minControlCpm: 5,
  /** lfc_nmae is scored only when the observed cells have at least this many significant genes. */
  minSignificant: 10,
  /** Added to both means before the log fold change, in CPM, so that a silenced gene has a finite change. */
  pseudoCpm: 1,
} as const;

/**
 * Counts per million from log-normalised expression, log1p(count / library × 10⁴): the inverse of
 * the normalisation, rescaled to 10⁶ per cell. Files stored as log-normalised are taken to use
 * scanpy's default target of 10⁴. A value below zero (a predicted mean) is read as zero.
 */
export function cpm(logNormalised: number): number {
  return Math.expm1(Math.max(0, logNormalised)) * 100;
}

/** The upper tail of the standard normal, 1 − Φ(z), to about 1e-7 relative (Numerical Recipes' erfc). */
export function normalSf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * Two-sided Wilcoxon rank-sum (Mann–Whitney U) test of `x` against `ySorted` (ascending), by the
 * normal approximation with the tie correction and a continuity correction of ½ (as scipy's
 * `mannwhitneyu(method='asymptotic')`). `ySorted` is sorted once by the caller: ranks come from one
 * merge per test. Returns the p-value (1 when every value is tied).
 */
export function rankSumP(x: ArrayLike<number>, ySorted: ArrayLike<number>): number {
  return sortedRankSumP(Float64Array.from(x).sort(), ySorted);
}

/** rankSumP of two ascending samples. */
function sortedRankSumP(xs: ArrayLike<number>, ySorted: ArrayLike<number>): number {
  const n = xs.length,
    m = ySorted.length,
    N = n + m;
  if (!n || !m) return 1;
  let i = 0,
    k = 0,
    rank = 0,
    rankSumX = 0,
    ties = 0;
  while (i < n || k < m) {
    const v = k >= m || (i < n && xs[i] <= ySorted[k]) ? xs[i] : ySorted[k];
    let tx = 0,
      ty = 0;
    while (i < n && xs[i] === v) {
      i++;
      tx++;
    }
    while (k < m && ySorted[k] === v) {
      k++;
      ty++;
    }
    const t = tx + ty;
    rankSumX += tx * (rank + (t + 1) / 2);
    ties += t * t * t - t;
    rank += t;
  }
  const u = rankSumX - (n * (n + 1)) / 2;
  const mu = (n * m) / 2;
  const variance = ((n * m) / 12) * (N + 1 - ties / (N * (N - 1)));
  if (variance <= 0) return 1;
  const z = (Math.abs(u - mu) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * normalSf(Math.max(0, z)));
}

/** Benjamini–Hochberg adjusted p-values (q-values), in the order given. */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const q = new Float64Array(n);
  let running = 1;
  for (let r = n - 1; r >= 0; r--) {
    running = Math.min(running, (p[order[r]] * n) / (r + 1));
    q[order[r]] = running;
  }
  return q;
}

/** The control side of every test, computed once: per gene, its sorted CPM and mean, and the genes tested. */
export interface DeReference {
  /** Gene indices with mean control CPM above DE_SETTINGS.minControlCpm. */
  tested: number[];
  /** Per gene (all of them), its control cells' CPM, ascending (empty for untested genes). */
  sorted: Float64Array[];
  /** Per gene, the mean control CPM. */
  mean: Float64Array;
}

export function deReference(controlCells: readonly ArrayLike<number>[], nGenes: number): DeReference {
  const byGene = Array.from({ length: nGenes }, (_, j) => Float64Array.from(controlCells, (c) => cpm(c[j])));
  const mean = Float64Array.from(byGene, (v) => v.reduce((s, x) => s + x, 0) / Math.max(1, v.length));
  const tested = [...mean.keys()].filter((j) => mean[j] > DE_SETTINGS.minControlCpm);
  const keep = new Set(tested);
  return { tested, mean, sorted: byGene.map((v, j) => (keep.has(j) ? v.sort() : new Float64Array(0))) };
}

/** Per test condition, the genes its observed cells call differentially expressed. */
export type ObservedDeGenes = ReadonlyMap<string, ReadonlySet<number>>;

/** One population's differential expression against the control reference. */
export interface DeCall {
  /** Tested genes significant at DE_SETTINGS.alpha after Benjamini–Hochberg. */
  significant: ReadonlySet<number>;
  /** Per gene, log2((mean CPM + 1) / (control mean CPM + 1)); NaN for untested genes. */
  lfc: Float64Array;
}

/** The log2 fold change of a mean CPM against the control's, with DE_SETTINGS.pseudoCpm added to both. */
export function log2FoldChange(meanCpm: number, controlMeanCpm: number): number {
  return Math.log2((meanCpm + DE_SETTINGS.pseudoCpm) / (controlMeanCpm + DE_SETTINGS.pseudoCpm));
}

/** The DE genes of a population of cells (log-normalised, cells × genes) against the control reference. */
export function deCall(cells: readonly ArrayLike<number>[], ref: DeReference): DeCall {
  // Tested genes only, each gene's cells contiguous in one buffer, sorted in place.
  const n = cells.length;
  const byGene = new Float64Array(ref.tested.length * n);
  cells.forEach((c, i) => ref.tested.forEach((j, k) => (byGene[k * n + i] = cpm(c[j]))));
  const lfc = new Float64Array(ref.mean.length).fill(NaN);
  const p = ref.tested.map((j, k) => {
    const values = byGene.subarray(k * n, (k + 1) * n);
    lfc[j] = log2FoldChange(values.reduce((s, x) => s + x, 0) / Math.max(1, n), ref.mean[j]);
    return sortedRankSumP(values.sort(), ref.sorted[j]);
  });
  const q = benjaminiHochberg(p);
  return { significant: new Set(ref.tested.filter((_, i) => q[i] < DE_SETTINGS.alpha)), lfc };
}

/**
 * lfc_nmae = Σ|lfĉ − lfc| / Σ|lfc| over the observed significant genes, scored only when there are
 * at least DE_SETTINGS.minSignificant of them (null otherwise, or when every observed change is 0).
 */
export function lfcNmae(predicted: ArrayLike<number>, observed: DeCall): number | null {
  if (observed.significant.size < DE_SETTINGS.minSignificant) return null;
  let err = 0,
    size = 0;
  for (const j of observed.significant) {
    err += Math.abs(predicted[j] - observed.lfc[j]);
    size += Math.abs(observed.lfc[j]);
  }
  return size > 0 ? err / size : null;
}

/** How a prediction's DE genes agree with the observed ones (null where there is nothing to compare). */
export interface DeAgreement {
  /** Genes significant in both with the same direction, over the larger of the two sets. */
  de_direction_fidelity: number | null;
  /** |both| / |either| of the significant sets. */
  de_sig_jaccard: number | null;
  lfc_nmae: number | null;
}

export function deAgreement(predicted: DeCall, observed: DeCall): DeAgreement {
  let both = 0,
    sameDirection = 0;
  for (const j of predicted.significant)
    if (observed.significant.has(j)) {
      both++;
      if (Math.sign(predicted.lfc[j]) === Math.sign(observed.lfc[j])) sameDirection++;
    }
  const nP = predicted.significant.size,
    nO = observed.significant.size;
  const larger = Math.max(nP, nO);
  const either = nP + nO - both;
  return {
    de_direction_fidelity: larger ? sameDirection / larger : null,
    de_sig_jaccard: either ? both / either : null,
    lfc_nmae: lfcNmae(predicted.lfc, observed),
  };
}

/** The mean of the values that are not null (null when none is). */
export function meanOfScored(values: readonly (number | null)[]): number | null {
  const scored = values.filter((v): v is number => v !== null);
  return scored.length ? scored.reduce((s, v) => s + v, 0) / scored.length : null;
}

/**
 * Per gene, the log2 fold change implied by a mean change of log-normalised expression from the
 * control reference: log2FoldChange(CPM(reference + delta), CPM(reference)).
 */
export function meanLfc(reference: ArrayLike<number>, delta: ArrayLike<number>): Float64Array {
  return Float64Array.from(reference, (r, j) => log2FoldChange(cpm(r + delta[j]), cpm(r)));
}

/**
 * lfc_nmae of a model of means, over the genes the observed cells call significant.
 *
 * Porting note: the Virtual Cell Challenge takes each fold change from cells' mean CPM. A model of
 * means predicts the mean of log-normalised expression, whose expm1 is below the mean CPM (Jensen), so
 * both sides here are taken from means of log expression: a prediction equal to the observed change
 * scores 0. Models that generate cells are also scored the challenge's way (`deAgreement`).
 */
export function lfcNmaeOfMeans(
  predicted: ArrayLike<number>,
  observed: ArrayLike<number>,
  reference: ArrayLike<number>,
  significant: ReadonlySet<number>,
): number | null {
  return lfcNmae(meanLfc(reference, predicted), {
    significant,
    lfc: meanLfc(reference, observed),
  });
}
