/** Mean and variance of a group of cells, per gene. */
export interface GroupMoments {
  nCells: number;
  mean: Float64Array;
  variance: Float64Array;
}

export interface Reference {
  /** Σ_b (n_cb / n_c) · mean of the control cells in stratum b: what the condition is compared with. */
  mean: Float64Array;
  /** Squared standard error of that mean, per gene: Σ_b w_b² s_b² / n_b (for Welch's t). */
  se2: Float64Array;
  /** Strata with cells of the condition but fewer than 2 control cells: there the pooled control stands in. */
  unmatched: number[];
}

/**
 * The covariate-matched control reference of one condition. `cellsPerStratum[b]` counts the
 * condition's cells in stratum b; `controls[b]` are the control cells of stratum b (null, or fewer
 * than 2, and then the pooled control stands in for that stratum). With one stratum
 * this is the pooled control itself.
 */
export function matchedReference(
  cellsPerStratum: ArrayLike<number>,
  controls: readonly (GroupMoments | null)[],
  pooled: GroupMoments,
): Reference {
  const G = pooled.mean.length;
  const mean = new Float64Array(G);
  const se2 = new Float64Array(G);
  const unmatched: number[] = [];
  let n = 0;
  for (let b = 0; b < cellsPerStratum.length; b++) n += cellsPerStratum[b];
  for (let b = 0; b < cellsPerStratum.length; b++) {
    if (!cellsPerStratum[b]) continue;
    const w = cellsPerStratum[b] / n;
    let ref = controls[b];
    if (!ref || ref.nCells < 2) {
      unmatched.push(b);
      ref = pooled;
    }
    const k = (w * w) / ref.nCells;
    for (let j = 0; j < G; j++) {
      mean[j] += w * ref.mean[j];
      se2[j] += k * ref.variance[j];
    }
  }
  return { mean, se2, unmatched };
}
