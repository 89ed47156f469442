/** Per-condition metrics of a predicted change from control against the observed one. */
export interface ConditionMetrics {
  pearson_delta: number;
  pearson_delta_de20: number;
  mse: number;
  mse_de20: number;
  l2_top1000: number;
  r2: number;
  r2_de50: number;
  direction_de20: number;
}

export { LOWER_IS_BETTER, METRIC_NAMES, type MetricName } from '../catalog';

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>, idx?: ArrayLike<number>): number {
  const n = idx ? idx.length : a.length;
  let ma = 0,
    mb = 0;
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k;
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let s = 0,
    sa = 0,
    sb = 0;
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k;
    s += (a[i] - ma) * (b[i] - mb);
    sa += (a[i] - ma) ** 2;
    sb += (b[i] - mb) ** 2;
  }
  // A constant vector (e.g. the no-change baseline) has no correlation: 0, not NaN, so that
  // averages stay defined and such a prediction scores as uninformative.
  return sa > 0 && sb > 0 ? s / Math.sqrt(sa * sb) : 0;
}

function mse(a: ArrayLike<number>, b: ArrayLike<number>, idx?: ArrayLike<number>): number {
  const n = idx ? idx.length : a.length;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k;
    s += (a[i] - b[i]) ** 2;
  }
  return s / n;
}

/** PerturbNet's R² on mean expression: 1 − Σ(y − ŷ)² / Σ(y − ȳ)², over genes, y the observed mean. */
export function r2(observedMean: ArrayLike<number>, predictedMean: ArrayLike<number>, idx?: ArrayLike<number>): number {
  const n = idx ? idx.length : observedMean.length;
  let m = 0;
  for (let k = 0; k < n; k++) m += observedMean[idx ? idx[k] : k];
  m /= n;
  let ss = 0,
    tot = 0;
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k;
    ss += (observedMean[i] - predictedMean[i]) ** 2;
    tot += (observedMean[i] - m) ** 2;
  }
  return tot > 0 ? 1 - ss / tot : 0;
}

export interface MetricContext {
  controlMean: ArrayLike<number>;
  /** The condition's genes ranked by |Welch t| against control (top 50 at least). */
  deRank: ArrayLike<number>;
  /** Genes ranked by control mean (top 1000 at least). */
  topExpressed: ArrayLike<number>;
}

export function conditionMetrics(
  pred: ArrayLike<number>,
  obs: ArrayLike<number>,
  ctx: MetricContext,
): ConditionMetrics {
  const de20 = Array.from(ctx.deRank).slice(0, 20);
  const de50 = Array.from(ctx.deRank).slice(0, 50);
  const top1000 = Array.from(ctx.topExpressed).slice(0, 1000);
  const G = obs.length;
  const obsMean = new Float64Array(G);
  const predMean = new Float64Array(G);
  for (let j = 0; j < G; j++) {
    obsMean[j] = ctx.controlMean[j] + obs[j];
    predMean[j] = ctx.controlMean[j] + pred[j];
  }
  let l2 = 0;
  for (const j of top1000) l2 += (pred[j] - obs[j]) ** 2;
  let right = 0;
  for (const j of de20) if (Math.sign(pred[j]) === Math.sign(obs[j])) right++;
  return {
    pearson_delta: pearson(pred, obs),
    pearson_delta_de20: pearson(pred, obs, de20),
    mse: mse(pred, obs),
    mse_de20: mse(pred, obs, de20),
    l2_top1000: Math.sqrt(l2),
    r2: r2(obsMean, predMean),
    r2_de50: r2(obsMean, predMean, de50),
    direction_de20: de20.length ? right / de20.length : 0,
  };
}

/**
 * TxPert's normalised retrieval for each test condition: the fraction of the other test conditions
 * q whose observed change correlates with the prediction less than the true one does
 * (1 best, 0.5 random, 0 worst).
 *
 * Porting note: TxPert counts ties as wins (≥). A prediction that does not depend on the
 * perturbation ties with every q (a constant one has correlation 0 with all), and would score a
 * perfect 1; we count a tie as half a win, so such a prediction scores 0.5, the random level.
 */
export function retrieval(preds: ArrayLike<number>[], observed: ArrayLike<number>[]): number[] {
  const N = preds.length;
  return preds.map((p, i) => {
    if (N < 2) return 0.5;
    const own = pearson(p, observed[i]);
    let wins = 0;
    for (let q = 0; q < N; q++) {
      if (q === i) continue;
      const other = pearson(p, observed[q]);
      wins += own > other ? 1 : own === other ? 0.5 : 0;
    }
    return wins / (N - 1);
  });
}

/** 1 − cos(a, b) over the genes `keep`, and 1 when either vector is zero there. */
function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>, keep: readonly number[]): number {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (const j of keep) {
    ab += a[j] * b[j];
    aa += a[j] * a[j];
    bb += b[j] * b[j];
  }
  return aa > 0 && bb > 0 ? 1 - ab / Math.sqrt(aa * bb) : 1;
}

/**
 * Perturbation discrimination (the Virtual Cell Challenge 2026's PDS, cosine form), per test
 * condition p of T: rank its prediction's distance to its own observed change among the distances
 * to every condition's, d(p, q) = 1 − cos(pred_p, obs_q), over the measured genes that no condition
 * of T targets (a target's own knock-down would identify it trivially). With k_p the number of q
 * nearer than p itself plus half the other ties, PDS_p = 1 − k_p / (|T| − 1): 1 when its own change
 * is the nearest, 0 when it is the farthest, 0.5 for a prediction that carries no information.
 */
export function pdsCosine(
  preds: readonly ArrayLike<number>[],
  observed: readonly ArrayLike<number>[],
  targetGenes: ReadonlySet<number>,
): number[] {
  const N = preds.length;
  if (N < 2) return preds.map(() => 0.5);
  const keep = Array.from({ length: observed[0].length }, (_, j) => j).filter((j) => !targetGenes.has(j));
  return preds.map((p, i) => {
    const own = cosineDistance(p, observed[i], keep);
    let nearer = 0,
      ties = 0;
    for (let q = 0; q < N; q++) {
      const d = q === i ? own : cosineDistance(p, observed[q], keep);
      if (d < own) nearer++;
      else if (d === own) ties++;
    }
    return 1 - (nearer + (ties - 1) / 2) / (N - 1);
  });
}

/**
 * Pearson Δ against the perturbed centroid (Systema): both changes are taken relative to `centroid`,
 * the mean observed change of the conditions trained on (what the mean baseline predicts), so that
 * the shift every perturbation shares earns nothing. 0 when the prediction minus the centroid is
 * constant (the mean baseline itself).
 */
export function pearsonDeltaPert(pred: ArrayLike<number>, obs: ArrayLike<number>, centroid: ArrayLike<number>): number {
  const G = obs.length;
  const p = new Float64Array(G),
    o = new Float64Array(G);
  for (let j = 0; j < G; j++) {
    p[j] = pred[j] - centroid[j];
    o[j] = obs[j] - centroid[j];
  }
  return pearson(p, o);
}

/**
 * Centroid accuracy, per test condition: 1 when its prediction is nearer (Euclidean, measured genes)
 * to its own observed change than to any other test condition's, else 0.
 */
export function centroidAccuracy(
  preds: readonly ArrayLike<number>[],
  observed: readonly ArrayLike<number>[],
): number[] {
  const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0;
    for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
    return s;
  };
  return preds.map((p, i) => {
    const own = dist(p, observed[i]);
    return observed.every((o, q) => q === i || own < dist(p, o)) ? 1 : 0;
  });
}
