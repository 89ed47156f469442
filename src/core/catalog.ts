/**
 * The vocabulary of evaluation, described once: metrics, splits, test subsets and graph layers,
 * each with its label, its direction and a line that says what it means. The core computes with
 * the names; the page and the CLI show the labels and explanations from here.
 */

export const METRICS = [
  {
    name: 'pearson_delta',
    group: 'agreement',
    headline: true,
    label: 'Pearson Δ',
    lowerIsBetter: false,
    explain: 'Correlation of the predicted and the observed change from control, over all measured genes (1 best).',
  },
  {
    name: 'pearson_delta_de20',
    group: 'de',
    headline: true,
    label: 'Pearson Δ top-20 DE',
    lowerIsBetter: false,
    explain: "The same correlation over the condition's 20 most differentially expressed genes.",
  },
  {
    name: 'mse',
    group: 'agreement',
    label: 'MSE',
    lowerIsBetter: true,
    explain: 'Mean squared error of the predicted change, over all measured genes (0 best).',
  },
  {
    name: 'mse_de20',
    group: 'de',
    headline: true,
    label: 'MSE top-20 DE',
    lowerIsBetter: true,
    explain: "Mean squared error over the condition's 20 most differentially expressed genes.",
  },
  {
    name: 'l2_top1000',
    group: 'agreement',
    label: 'L2 top-1000',
    lowerIsBetter: true,
    explain: 'Euclidean distance between predicted and observed change over the 1,000 genes most expressed in control.',
  },
  {
    name: 'r2',
    group: 'agreement',
    label: 'R²',
    lowerIsBetter: false,
    explain: 'R² of the predicted against the observed mean expression (control plus change), all genes.',
  },
  {
    name: 'r2_de50',
    group: 'de',
    label: 'R² top-50 DE',
    lowerIsBetter: false,
    explain: "R² of mean expression over the condition's 50 most differentially expressed genes.",
  },
  {
    name: 'direction_de20',
    group: 'de',
    label: 'direction top-20',
    lowerIsBetter: false,
    explain: 'Fraction of the top-20 DE genes whose predicted change has the observed sign.',
  },
  {
    name: 'lfc_nmae',
    group: 'de',
    label: 'LFC error',
    lowerIsBetter: true,
    explain:
      'Virtual Cell Challenge 2026: Σ|predicted − observed log2 fold change| / Σ|observed| over the genes a Wilcoxon test calls DE in the observed cells (BH 5%); scored with at least 10 such genes (0 best, 1 = predicting no change).',
  },
  {
    name: 'retrieval',
    group: 'discrimination',
    headline: true,
    label: 'retrieval',
    lowerIsBetter: false,
    explain:
      "How often a prediction matches its own condition's change better than another test condition's (1 best, 0.5 chance).",
  },
  {
    name: 'pds_cosine',
    group: 'discrimination',
    label: 'PDS',
    lowerIsBetter: false,
    explain:
      "Virtual Cell Challenge 2026: the rank of a prediction's cosine distance to its own change among all test conditions', targeted genes left out (1 best, 0.5 chance).",
  },
  {
    name: 'pearson_delta_pert',
    group: 'agreement',
    label: 'Pearson Δ pert.',
    lowerIsBetter: false,
    explain:
      'Systema: the correlation of predicted and observed change, both taken from the mean change of the training perturbations, so a shared shift earns nothing (1 best, 0 for the mean baseline).',
  },
  {
    name: 'centroid_accuracy',
    group: 'discrimination',
    label: 'centroid accuracy',
    lowerIsBetter: false,
    explain:
      "Share of test conditions whose prediction is nearer its own observed change than any other test condition's (Euclidean; 1 best).",
  },
] as const;

export type MetricName = (typeof METRICS)[number]['name'];

/** The full table's three questions, in its order: each metric answers one (`group` above). */
export const METRIC_GROUPS = [
  { name: 'agreement', label: 'agreement with the observed change' },
  { name: 'de', label: 'DE genes' },
  { name: 'discrimination', label: 'discrimination between perturbations' },
] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number]['name'];

/** The group a metric belongs to. */
export function groupOf(metric: string): MetricGroup | null {
  return METRICS.find((m) => m.name === metric)?.group ?? null;
}

/**
 * Metrics also reported as a normalised score, s = (u − b) / (r − b): b the mean baseline's value,
 * r the split-half ceiling's, so 0 is as good as predicting the mean change and 1 as good as
 * repeating the experiment (Virtual Cell Challenge 2026 style; not clipped, null when r = b).
 */
export const NORMALISED_METRICS = [
  'pearson_delta',
  'pearson_delta_de20',
  'mse',
  'pds_cosine',
  'pearson_delta_pert',
] as const satisfies readonly MetricName[];
export type NormalisedMetric = (typeof NORMALISED_METRICS)[number];
export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);
/** Metrics where smaller is better; the others are better when larger. */
/** The leaderboard's first view: one metric of shape, of shape where it matters, of size, of discrimination. */
export const HEADLINE_METRICS: ReadonlySet<string> = new Set(
  METRICS.filter((m) => 'headline' in m && m.headline).map((m) => m.name),
);

export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(METRICS.filter((m) => m.lowerIsBetter).map((m) => m.name));

export const SPLITS = [
  {
    name: 'simulation',
    label: 'simulation (GEARS)',
    explain:
      "GEARS's split: 75% of the targets are seen as singles; the other singles are tested, and pairs by how many of their genes were seen.",
  },
  {
    name: 'combo_seen2',
    label: 'combo_seen2 (Ahlmann-Eltze)',
    explain: 'Every single trains; a random half of the pairs, both of whose genes were seen alone, are tested.',
  },
  {
    name: 'single',
    label: 'single (unseen genes)',
    explain:
      'A random 25% of the targets are tested as singles, never seen in training; pairs touching them are left out.',
  },
] as const;

export type SplitName = (typeof SPLITS)[number]['name'];
export const SPLIT_NAMES: readonly SplitName[] = SPLITS.map((s) => s.name);

export const SUBSETS = [
  { name: 'all_test', label: 'all test conditions', explain: 'Every test condition of the split.' },
  {
    name: 'unseen_single',
    label: 'unseen singles',
    explain: 'Single-gene perturbations whose gene was never perturbed in training.',
  },
  {
    name: 'combo_seen0',
    label: 'pairs, 0 seen',
    explain: 'Pairs neither of whose genes was perturbed alone in training.',
  },
  { name: 'combo_seen1', label: 'pairs, 1 seen', explain: 'Pairs one of whose genes was perturbed alone in training.' },
  {
    name: 'combo_seen2',
    label: 'pairs, 2 seen',
    explain: 'Pairs both of whose genes were perturbed alone in training.',
  },
] as const;

export type SubsetName = (typeof SUBSETS)[number]['name'];
/** The test subsets a condition can belong to (all_test is their union). */
export type Subset = Exclude<SubsetName, 'all_test'>;
export const SUBSET_NAMES: readonly SubsetName[] = SUBSETS.map((s) => s.name);
export const CONDITION_SUBSETS: readonly Subset[] = SUBSETS.filter(
  (s): s is Extract<(typeof SUBSETS)[number], { name: Subset }> => s.name !== 'all_test',
).map((s) => s.name);

/** The graph layers the models read by name. */
export const LAYER = { go: 'GO', coexpression: 'co-expression' } as const;
export type LayerName = (typeof LAYER)[keyof typeof LAYER];

/** The label of a metric, split or subset name (the name itself when unknown). */
export function labelOf(name: string): string {
  return [...METRICS, ...SPLITS, ...SUBSETS].find((x) => x.name === name)?.label ?? name;
}

/** Its one-line explanation ('' when unknown). */
export function explainOf(name: string): string {
  return [...METRICS, ...SPLITS, ...SUBSETS].find((x) => x.name === name)?.explain ?? '';
}
