import type { PerturbDataset } from '../dataset/build';
import type { GeneGraph } from '../graph/geneGraph';
import type { BatchProgress, ConditionData, PerturbationModel, TrainingView, FitProgress } from '../models/types';
import { fitThrough, type FitHelper } from '../models/fitHelper';
import { answerTests, type TestAnswers, type TestQuery } from '../models/testAnswers';
import { NORMALISED_METRICS, type NormalisedMetric } from '../catalog';
import {
  centroidAccuracy,
  conditionMetrics,
  METRIC_NAMES,
  pdsCosine,
  pearsonDeltaPert,
  retrieval,
  type ConditionMetrics,
  type MetricName,
} from './metrics';
import { SUBSETS, type Split, type Subset } from './splits';
import { compareInteractions, type InteractionSummary } from './interactions';
import type { DistributionResult } from './distributionScores';
import { lfcNmaeOfMeans, meanOfScored, type ObservedDeGenes } from './deGenes';

import type { SubsetName } from '../catalog';
export type { SubsetName };
export type SubsetMetrics = { n: number } & Record<Exclude<MetricName, 'lfc_nmae'>, number> & {
    /** Null where no test condition of the subset had enough observed DE genes (or none were called). */
    lfc_nmae: number | null;
    /** Each of NORMALISED_METRICS between the mean baseline (0) and the split-half ceiling (1). */
    normalized?: Partial<Record<NormalisedMetric, number | null>>;
  };

export interface ConditionResult {
  name: string;
  subset: Subset;
  metrics: ConditionMetrics & AcrossTest;
  prediction: Float64Array;
}

export interface ModelResult {
  model: string;
  label: string;
  split: string;
  seed: number;
  backend: string;
  train_seconds: number;
  trained_on: string;
  /** Test conditions whose genes the model could not use, with its reason (a fallback predicted). */
  coverage: { condition: string; reason: string }[];
  subsets: Partial<Record<SubsetName, SubsetMetrics>>;
  conditions: ConditionResult[];
  /** Genetic interactions of the test doubles, predicted against observed (null: no such doubles). */
  interactions: InteractionSummary | null;
  /** Models of single cells: generated against observed cell distributions, beside their baselines. */
  distribution?: Omit<DistributionResult, 'generated' | 'cellSpace'>;
}

export function trainingView(
  ds: PerturbDataset,
  split: Split,
  graphs: ReadonlyMap<string, GeneGraph> = new Map(),
  cells?: TrainingView['cells'],
): TrainingView {
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  const data = (names: string[]): ConditionData[] =>
    names
      .map((n) => byName.get(n)!)
      .map((c) => ({
        name: c.name,
        genes: c.genes,
        delta: c.delta,
        reference: c.reference,
        nCells: c.nCells,
        variance: c.variance,
      }));
  const perturbableGenes = [...new Set(ds.conditions.flatMap((c) => c.genes))].sort();
  return {
    genes: ds.genes,
    controlMean: ds.control.mean,
    controlVariance: ds.control.variance,
    train: data(split.train),
    validation: data(split.validation),
    perturbableGenes,
    graphs,
    cells,
  };
}

/** Metrics of a test condition that read the other test conditions, or the training set. */
interface AcrossTest {
  retrieval: number;
  pds_cosine: number;
  pearson_delta_pert: number;
  centroid_accuracy: number;
  /** Null without DE calls of the observed cells, or with fewer than DE_SETTINGS.minSignificant. */
  lfc_nmae: number | null;
}

/**
 * The mean observed change of the conditions a model may learn from (training and validation): the
 * mean baseline's prediction.
 */
export function trainingCentroid(ds: PerturbDataset, split: Split): Float64Array {
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  const seen = [...split.train, ...split.validation];
  const c = new Float64Array(ds.genes.length);
  for (const n of seen) byName.get(n)!.delta.forEach((v, j) => (c[j] += v / seen.length));
  return c;
}

/**
 * Scores predictions of the split's test conditions: per condition, then averaged per subset.
 * `centroid` is the reference of Pearson Δ pert. (by default the training centroid of `ds`);
 * `deGenes`, each test condition's significant genes in its observed cells, scores lfc_nmae.
 */
export function scorePredictions(
  ds: PerturbDataset,
  split: Split,
  predictions: ReadonlyMap<string, Float64Array>,
  centroid: Float64Array = trainingCentroid(ds, split),
  deGenes?: ObservedDeGenes,
): { subsets: ModelResult['subsets']; conditions: ConditionResult[] } {
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  const tests = split.test.filter((n) => predictions.has(n));
  const preds = tests.map((n) => predictions.get(n)!);
  const obs = tests.map((n) => byName.get(n)!.delta);
  const ret = retrieval(preds, obs);
  const geneIndex = new Map(ds.genes.map((g, j) => [g, j]));
  const targets = new Set(
    tests.flatMap((n) =>
      byName
        .get(n)!
        .genes.map((g) => geneIndex.get(g))
        .filter((j) => j !== undefined),
    ),
  );
  const pds = pdsCosine(preds, obs, targets);
  const nearest = centroidAccuracy(preds, obs);
  const conditions: ConditionResult[] = tests.map((name, i) => {
    const c = byName.get(name)!;
    const m = conditionMetrics(preds[i], obs[i], {
      controlMean: c.reference,
      deRank: c.deTop,
      topExpressed: ds.topExpressed,
    });
    const across: AcrossTest = {
      retrieval: ret[i],
      pds_cosine: pds[i],
      pearson_delta_pert: pearsonDeltaPert(preds[i], obs[i], centroid),
      centroid_accuracy: nearest[i],
      lfc_nmae: deGenes?.has(name) ? lfcNmaeOfMeans(preds[i], obs[i], c.reference, deGenes.get(name)!) : null,
    };
    return { name, subset: split.subsetOf[name], metrics: { ...m, ...across }, prediction: preds[i] };
  });
  const subsets: ModelResult['subsets'] = {};
  for (const s of [...SUBSETS, 'all_test'] as SubsetName[]) {
    const rows = conditions.filter((c) => s === 'all_test' || c.subset === s);
    if (!rows.length) continue;
    const avg = { n: rows.length } as SubsetMetrics;
    // lfc_nmae is scored only where the observed cells have enough DE genes: the mean of those.
    for (const k of METRIC_NAMES)
      if (k === 'lfc_nmae') avg[k] = meanOfScored(rows.map((r) => r.metrics[k]));
      else avg[k] = rows.reduce((t, r) => t + r.metrics[k], 0) / rows.length;
    subsets[s] = avg;
  }
  return { subsets, conditions };
}

export interface RunOptions {
  seed: number;
  backend: string;
  epochs?: number;
  graphs?: ReadonlyMap<string, GeneGraph>;
  cells?: TrainingView['cells'];
  controlCells?: TrainingView['controlCells'];
  cellCounts?: TrainingView['cellCounts'];
  genotype?: TrainingView['genotype'];
  embedding?: TrainingView['embedding'];
  /**
   * Each test condition's significant genes in its observed cells (for lfc_nmae). Read only once the
   * model is fitted: a model fitted on another thread starts before they are computed here.
   */
  deGenes?: () => ObservedDeGenes | Promise<ObservedDeGenes>;
  signal?: AbortSignal;
  onProgress?: (model: string, p: FitProgress) => void;
  onBatch?: (model: string, p: BatchProgress) => void;
  /** Another thread that fits the model and answers the test query (its state is restored here, where it is scored). */
  helper?: FitHelper;
  /** Generated cells asked of a generative model per test condition, with each condition's seed. */
  generate?: TestQuery['generate'];
}

/**
 * Fits one model on the split's training conditions and scores it on the test conditions; also
 * returns the cells it generated of each test condition, when asked for (`opts.generate`).
 */
export async function runModel(
  model: PerturbationModel,
  ds: PerturbDataset,
  split: Split,
  opts: RunOptions,
): Promise<{ result: ModelResult; generated?: TestAnswers['generated'] }> {
  const view = {
    ...trainingView(ds, split, opts.graphs, opts.cells),
    controlCells: opts.controlCells,
    cellCounts: opts.cellCounts,
    genotype: opts.genotype,
    embedding: opts.embedding,
  };
  const fitOptions = {
    seed: opts.seed,
    epochs: opts.epochs,
    signal: opts.signal,
    onProgress: (p: FitProgress) => opts.onProgress?.(model.id, p),
    onBatch: (p: BatchProgress) => opts.onBatch?.(model.id, p),
  };
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  const perts = split.test.map((n) => byName.get(n)!.genes);
  const query: TestQuery = {
    perts,
    references: split.test.map((n) => byName.get(n)!.reference),
    generate: opts.generate,
  };
  const { report, answers } = opts.helper
    ? await fitThrough(opts.helper, model, view, fitOptions, query)
    : { report: await model.fit(view, fitOptions), answers: null };
  const { predictions: predicted, generated } = answers ?? (await answerTests(model, query));
  const coverage = split.test.flatMap((n, i) => {
    const c = model.coverage(perts[i]);
    return c.ok ? [] : [{ condition: n, reason: c.reason }];
  });
  const scored = scorePredictions(
    ds,
    split,
    new Map(split.test.map((n, i) => [n, predicted[i]])),
    undefined,
    await opts.deGenes?.(),
  );
  const interactions = interactionsOf(ds, scored.conditions);
  const result: ModelResult = {
    model: model.id,
    label: model.label,
    split: split.name,
    seed: opts.seed,
    backend: opts.backend,
    train_seconds: report.seconds,
    trained_on: report.trainedOn,
    coverage,
    ...scored,
    interactions,
  };
  return { result, generated };
}

/**
 * Interaction analysis of scored test conditions against the dataset's measured singles.
 *
 * Porting note: GEARS fits c1, c2 over a list of well-expressed "GI genes"; over the 1,000 most
 * expressed genes of the demo, measurement noise dominates and every double looks neomorphic (all
 * 131 pairs; median fit correlation 0.43). We fit over the genes that respond: the union of the
 * top-20 DE genes of the two singles and of the observed double (median fit correlation 0.88).
 */
export function interactionsOf(ds: PerturbDataset, conditions: readonly ConditionResult[]): InteractionSummary | null {
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  const singles = new Map(ds.conditions.filter((c) => c.genes.length === 1).map((c) => [c.genes[0], c]));
  const inputs = conditions.map((c) => ({
    condition: c.name,
    subset: c.subset,
    genes: byName.get(c.name)!.genes,
    observed: byName.get(c.name)!.delta,
    predicted: c.prediction,
  }));
  return compareInteractions(
    inputs,
    (g) => singles.get(g),
    (d, a, b) => interactionGenes(a, b, byName.get(d.condition)!),
  );
}

/** The genes an interaction is fitted over: the top-20 DE genes of either single or the double. */
export function interactionGenes(...conds: { deTop: ArrayLike<number> }[]): number[] {
  return [...new Set(conds.flatMap((c) => Array.from(c.deTop).slice(0, 20)))].sort((x, y) => x - y);
}

/** s = (u − b) / (r − b), not clipped; null when the ceiling equals the baseline (nothing to scale by). */
export function normalisedScore(u: number, baseline: number, ceiling: number): number | null {
  if (ceiling === baseline) return null;
  const s = (u - baseline) / (ceiling - baseline);
  // A lower-is-better metric at the baseline gives −0, which a saved file would read back as 0.
  return s === 0 ? 0 : s;
}

/**
 * Every result's subsets with their normalised scores, read against the mean baseline and the
 * split-half ceiling of the same run (results without both are returned as they are).
 */
export function withNormalisedScores(results: readonly ModelResult[]): ModelResult[] {
  const mean = results.find((r) => r.model === 'mean');
  const ceiling = results.find((r) => r.model === 'split-half');
  if (!mean || !ceiling) return [...results];
  return results.map((r) => ({
    ...r,
    subsets: Object.fromEntries(
      Object.entries(r.subsets).map(([name, m]) => {
        const b = mean.subsets[name as SubsetName],
          c = ceiling.subsets[name as SubsetName];
        if (!m || !b || !c) return [name, m];
        const normalized = Object.fromEntries(
          NORMALISED_METRICS.map((k) => [k, normalisedScore(m[k], b[k], c[k])]),
        ) as Record<NormalisedMetric, number | null>;
        return [name, { ...m, normalized }];
      }),
    ),
  }));
}
