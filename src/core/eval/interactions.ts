import { pearson } from './metrics';
import { Rng } from '../util/random';

export type InteractionClass =
  'neomorphic' | 'redundant' | 'epistatic' | 'synergistic' | 'suppressive' | 'additive' | 'not classifiable';

export interface InteractionFit {
  /** Least-squares coefficients of Δab ≈ c1·Δa + c2·Δb (no intercept). */
  ls: [number, number];
  /** Theil–Sen coefficients of the same fit (robust to outlying genes); the class uses these. */
  c1: number;
  c2: number;
  /** √(c1² + c2²): √2 for an additive double; above, it does more than the sum of its parts. */
  magnitude: number;
  /** Pearson correlation of the Theil–Sen fit with Δab: how well the singles explain the double. */
  fitCorrelation: number;
  /** |log10(c1 / c2)|: how much one gene's effect dominates. */
  dominance: number;
  /** Pearson correlation of the two singles' changes. */
  singlesCorrelation: number;
  class: InteractionClass;
}

/**
 * Thresholds of the interaction classes.
 *
 * Porting note: Norman et al. (2019) and GEARS describe these classes (synergy and suppression by
 * the magnitude, neomorphism by a poor linear fit, epistasis by one gene's dominance, redundancy by
 * similar singles) without one set of cut-offs; GEARS's code reports the scores only. These are
 * ours, stated here and in the UI, applied in this order. A purely additive double has c = (1, 1),
 * magnitude √2, so the magnitude bounds sit 25% above and below √2.
 */
export const GI_THRESHOLDS = {
  /** Singles this alike (or zero) cannot be told apart: c1 and c2 are not identifiable. */
  indistinguishableSinglesAbove: 0.99,
  redundantSinglesAbove: 0.8,
  neomorphicFitBelow: 0.8,
  epistaticDominanceAbove: Math.log10(3),
  synergisticMagnitudeAbove: 1.25 * Math.SQRT2,
  suppressiveMagnitudeBelow: 0.75 * Math.SQRT2,
} as const;

export function classify(f: Omit<InteractionFit, 'class' | 'ls'>): InteractionClass {
  const t = GI_THRESHOLDS;
  // Singles that are zero or the same change: c1 and c2 cannot be separated, so no class holds.
  if (!Number.isFinite(f.c1) || !Number.isFinite(f.c2) || !(f.singlesCorrelation <= t.indistinguishableSinglesAbove))
    return 'not classifiable';
  // Similar singles next: then c1 and c2 are barely separable and the fit says little.
  if (f.singlesCorrelation > t.redundantSinglesAbove) return 'redundant';
  if (!(f.fitCorrelation >= t.neomorphicFitBelow)) return 'neomorphic';
  if (f.dominance > t.epistaticDominanceAbove) return 'epistatic';
  if (f.magnitude > t.synergisticMagnitudeAbove) return 'synergistic';
  if (f.magnitude < t.suppressiveMagnitudeBelow) return 'suppressive';
  return 'additive';
}

/** Least squares for y ≈ c1·a + c2·b over the given genes (2 × 2 normal equations). */
export function leastSquares2(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  y: ArrayLike<number>,
  idx: readonly number[],
): [number, number] {
  let aa = 0,
    ab = 0,
    bb = 0,
    ay = 0,
    by = 0;
  for (const j of idx) {
    aa += a[j] * a[j];
    ab += a[j] * b[j];
    bb += b[j] * b[j];
    ay += a[j] * y[j];
    by += b[j] * y[j];
  }
  const det = aa * bb - ab * ab;
  if (!(Math.abs(det) > 1e-12 * Math.max(1, aa * bb))) return [NaN, NaN];
  return [(bb * ay - ab * by) / det, (aa * by - ab * ay) / det];
}

/**
 * Multivariate Theil–Sen for y ≈ c1·a + c2·b (as scikit-learn's TheilSenRegressor without
 * intercept, which GEARS uses): the exact solution through each sampled pair of genes, then the
 * spatial median of those solutions (Weiszfeld's iteration). Pairs are sampled with a fixed seed
 * when there are more than `maxPairs`.
 */
export function theilSen2(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  y: ArrayLike<number>,
  idx: readonly number[],
  maxPairs = 20000,
  seed = 1000,
): [number, number] {
  const sols: number[] = [];
  const n = idx.length;
  const total = (n * (n - 1)) / 2;
  const add = (i: number, k: number) => {
    const [p, q] = [idx[i], idx[k]];
    const det = a[p] * b[q] - a[q] * b[p];
    if (Math.abs(det) < 1e-12) return;
    sols.push((y[p] * b[q] - y[q] * b[p]) / det, (a[p] * y[q] - a[q] * y[p]) / det);
  };
  if (total <= maxPairs) {
    for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) add(i, k);
  } else {
    const rng = new Rng(seed);
    for (let s = 0; s < maxPairs; s++) {
      const i = rng.int(n);
      const k = rng.int(n - 1);
      add(i, k >= i ? k + 1 : k);
    }
  }
  const m = sols.length / 2;
  if (!m) return [NaN, NaN];
  // Weiszfeld from the coordinate-wise median.
  const median = (v: number[]) => {
    const s = [...v].sort((x, z) => x - z);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  let x = median(sols.filter((_, i) => i % 2 === 0));
  let z = median(sols.filter((_, i) => i % 2 === 1));
  for (let it = 0; it < 300; it++) {
    let wx = 0,
      wz = 0,
      w = 0;
    for (let i = 0; i < m; i++) {
      const d = Math.hypot(sols[2 * i] - x, sols[2 * i + 1] - z);
      const inv = 1 / Math.max(d, 1e-12);
      wx += sols[2 * i] * inv;
      wz += sols[2 * i + 1] * inv;
      w += inv;
    }
    const [nx, nz] = [wx / w, wz / w];
    const moved = Math.hypot(nx - x, nz - z);
    [x, z] = [nx, nz];
    if (moved < 1e-9) break;
  }
  return [x, z];
}

/** The interaction of a double from the singles' and the double's changes, over `genes` indices. */
export function fitInteraction(
  da: ArrayLike<number>,
  db: ArrayLike<number>,
  dab: ArrayLike<number>,
  genes: readonly number[],
): InteractionFit {
  const pick = (v: ArrayLike<number>) => genes.map((j) => v[j]);
  const ls = leastSquares2(da, db, dab, genes);
  const [c1, c2] = theilSen2(da, db, dab, genes);
  const fit = genes.map((j) => c1 * da[j] + c2 * db[j]);
  // A double with no change at all (e.g. the no-change baseline) is fitted exactly by c = (0, 0):
  // a perfect fit whose correlation is undefined.
  const exact = genes.every((j, k) => Math.abs(fit[k] - dab[j]) < 1e-12);
  const f = {
    c1,
    c2,
    magnitude: Math.hypot(c1, c2),
    fitCorrelation: exact ? 1 : pearson(fit, pick(dab)),
    dominance: Math.abs(Math.log10(Math.abs(c1 / c2))),
    singlesCorrelation: pearson(pick(da), pick(db)),
  };
  return { ls, ...f, class: classify(f) };
}

export interface DoubleInteraction {
  condition: string;
  subset: string;
  observed: InteractionFit;
  predicted: InteractionFit;
}

export interface InteractionSummary {
  /** Test doubles whose two singles were measured. */
  n: number;
  /** Doubles where both the observed and the predicted class exist (neither 'not classifiable'). */
  nClassified: number;
  /** Fraction of those doubles whose predicted class is the observed class (NaN when there are none). */
  classAgreement: number;
  /** Pearson correlation of predicted and observed magnitudes across the doubles. */
  magnitudePearson: number;
  doubles: DoubleInteraction[];
}

export interface InteractionInput {
  condition: string;
  subset: string;
  genes: readonly string[];
  observed: ArrayLike<number>;
  predicted: ArrayLike<number>;
}

export interface MeasuredSingle {
  delta: ArrayLike<number>;
  /** Gene indices by DE rank. */
  deTop: ArrayLike<number>;
}

/**
 * Interactions of every test double whose singles were measured, observed against predicted. Both
 * fits use the *observed* singles, so that a difference in class comes from the predicted double
 * alone, and the same genes: `genesOf`.
 */
export function compareInteractions(
  doubles: readonly InteractionInput[],
  single: (gene: string) => MeasuredSingle | undefined,
  genesOf: (d: InteractionInput, a: MeasuredSingle, b: MeasuredSingle) => number[],
): InteractionSummary | null {
  const rows: DoubleInteraction[] = [];
  for (const d of doubles) {
    if (d.genes.length !== 2) continue;
    const [sa, sb] = d.genes.map(single);
    if (!sa || !sb) continue;
    const [a, b] = [sa.delta, sb.delta];
    const genes = genesOf(d, sa, sb);
    rows.push({
      condition: d.condition,
      subset: d.subset,
      observed: fitInteraction(a, b, d.observed, genes),
      predicted: fitInteraction(a, b, d.predicted, genes),
    });
  }
  if (!rows.length) return null;
  const classified = rows.filter(
    (r) => r.observed.class !== 'not classifiable' && r.predicted.class !== 'not classifiable',
  );
  return {
    n: rows.length,
    nClassified: classified.length,
    classAgreement: classified.length
      ? classified.filter((r) => r.observed.class === r.predicted.class).length / classified.length
      : NaN,
    magnitudePearson:
      rows.length > 2
        ? pearson(
            rows.map((r) => r.predicted.magnitude),
            rows.map((r) => r.observed.magnitude),
          )
        : NaN,
    doubles: rows,
  };
}
