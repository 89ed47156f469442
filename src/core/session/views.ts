import type { DegradeMode } from '../graph/degrade';
import type { DistributionScores } from '../eval/distributionScores';
import type { InteractionFit } from '../eval/interactions';
import type { ImportReport } from '../graph/importEdges';
import type { InspectSummary } from '../dataset/summary';
import type { DatasetOutline } from '../dataset/build';

/**
 * What a session answers with: plain, structured-clonable views of the dataset, its graphs and
 * its evaluation. The worker passes them to the page unchanged; the CLI and tests read them too.
 */
export interface LoadSettings {
  perturbationKey?: string;
  controlLabel?: string;
  /** Columns to match controls on; undefined: detect; []: pool all controls. */
  covariates?: string[];
  values?: 'auto' | 'counts' | 'log-normalized';
  hvg?: number;
}

export interface LoadProgress {
  phase: string;
  fraction: number;
  /** Sent once, when the labels are read: what the file holds, shown while its cells are read. */
  outline?: DatasetOutlineView;
}

/** A file's summary before its cells are read (everything but the kind of values). */
export interface DatasetOutlineView extends DatasetOutline {
  fileBytes: number;
}

export interface DatasetView {
  /** The session's id: unique per load within a page, carried by every cached query's key. */
  id: string;
  summary: InspectSummary;
  fileName: string;
  fileBytes: number;
  xCompression: string | null;
  valuesEvidence: string;
  geneSource: string;
  nGenes: number;
  hvgSelected: number | null;
  obsColumns: { name: string; nCategories: number }[];
  perturbationLabels: string[];
  controlLabels: string[];
  nSkippedCells: number;
  syntheticNote: string | null;
  warnings: string[];
  loadSeconds: number;
  /** The dataset came from the browser's store (computed on an earlier visit), not from reading the file now. */
  kept: boolean;
}

export interface GeneChange {
  gene: string;
  delta: number;
  t: number;
  /** The condition's control reference at this gene (covariate-matched, or the pooled mean). */
  controlMean: number;
}

export interface ConditionDetail {
  name: string;
  genes: string[];
  nCells: number;
  /** The top differentially expressed genes by |Welch t|. */
  topDe: GeneChange[];
}

export interface LayerInfo {
  name: string;
  description: string;
  /** Loaded or computed already. */
  ready: boolean;
  /** Imported from the user's table (it can place genes for the embedding baselines). */
  imported: boolean;
  nodes: number;
  edges: number;
}

export interface EgoRequest {
  /** The condition whose genes are the seeds (its observed changes colour the nodes). */
  condition: string | null;
  /** Colour by this model's predicted change instead of the observed one (test conditions only). */
  colorModel?: string | null;
  /** Colour by APP's attention for the condition's perturbation instead. */
  attention?: boolean;
  /** Seeds instead of the condition's genes (a searched gene); colours still come from the condition. */
  seeds?: string[];
  hops: 1 | 2;
  maxNodes: number;
  layers: string[];
}

export interface EgoNode {
  id: string;
  /** Observed mean change from control in the condition; null when the gene is not measured. */
  change: number | null;
  measured: boolean;
  perturbed: boolean;
  degree: number;
  hop: number;
}

export interface EgoView {
  condition: string | null;
  /** What the colours show: 'observed' or a model's label. */
  colouredBy: string;
  nodes: EgoNode[];
  edges: { source: string; target: string; weight: number; layer: string; directed: boolean }[];
  truncated: boolean;
  maxAbsChange: number;
}

/** What an edge-table import reports to the UI: the core's report without the graph itself. */
export type ImportedGraphReport = Omit<ImportReport, 'graph' | 'directed'> & { name: string };

export interface GoLayerSpec {
  ontologies: ('BP' | 'MF' | 'CC')[];
  k: number;
  minWeight: number;
  universe: 'genome' | 'dataset';
}

export interface EvaluationProgress {
  /** The step this message is about: 'graphs', a model id, or 'split-half'. */
  model: string;
  /** Steps finished, of `total`. */
  done: number;
  total: number;
  /** The models training now (two or more when models train at once). */
  running?: string[];
  epoch?: number;
  epochs?: number;
  trainLoss?: number;
  validation?: number | null;
  seconds?: number;
  /** Within a long epoch: batches done of all, and the seconds the epoch has taken so far. */
  batch?: { epoch: number; epochs: number; done: number; of: number; seconds: number };
}

export interface EvaluationRequest {
  split: 'simulation' | 'combo_seen2' | 'single';
  seed: number;
  models: string[];
  epochs?: number;
  /** Cell-level minibatches: neural models train on up to this many cells per condition. */
  cellsPerCondition?: number;
  /** Graphs the graph models may use (layer names); all by default. */
  graphs?: string[];
  /**
   * An imported graph (its layer name) whose spectral embedding places genes for GO ridge and GO kNN
   * instead of GO terms.
   */
  embedding?: string;
  /**
   * Models trained at once, each on its own core (1: one at a time). Only on the CPU backends; by
   * default as many as the machine has cores, up to MAX_AT_ONCE.
   */
  atOnce?: number;
}

/** The most models the page trains at once: there are at most five neural models to train. */
export const MAX_AT_ONCE = 4;

/** A robustness run: the graph models retrained on graphs degraded by each level (fractions of edges). */
export interface RobustnessRequest extends EvaluationRequest {
  mode: DegradeMode;
  levels: number[];
}

/** Per model, each metric's all-test value at each level (the baselines, which read no graph, are flat). */
export interface RobustnessView {
  mode: DegradeMode;
  levels: number[];
  metrics: string[];
  rows: { model: string; label: string; readsGraph: boolean; values: Record<string, (number | null)[]> }[];
}

export interface EvaluationSummary {
  /** Bumped by every change of the session's evaluation (a run, a restore, a loaded model): cached answers about an older one never match. */
  version: number;
  split: string;
  seed: number;
  nTrain: number;
  nValidation: number;
  nTest: number;
  testConditions: { name: string; subset: string }[];
  metrics: string[];
  rows: {
    model: string;
    label: string;
    trainSeconds: number;
    trainedOn: string;
    coverage: { condition: string; reason: string }[];
    subsets: Partial<Record<string, { n: number } & Record<string, number | null>>>;
    /** Per subset, the normalised scores (0 = mean baseline, 1 = split-half ceiling; null: undefined). */
    normalized: Partial<Record<string, Partial<Record<string, number | null>>>>;
    interactions: { n: number; nClassified: number; classAgreement: number; magnitudePearson: number } | null;
    distribution: DistributionSummary | null;
  }[];
  /** The graphs the graph models were given. */
  graphs: string[];
  /** Fitted models the composer uses; `explains`: it has attention to colour the graph by. */
  models: { id: string; label: string; explains: boolean }[];
  /** What happened during the run that its reader should know (the compute backend was lost). */
  notes: string[];
  /** The run's wall time and how many models trained at once (absent for one saved before they were kept). */
  run?: { seconds: number; atOnce: number };
}

/** Generated against observed cells of the test conditions, beside the two cell-sampling baselines. */
export type DistributionSummary = Partial<Record<string, DistributionScores>>;

export interface ComposeView {
  genes: string[];
  /** The condition of the dataset with exactly these genes, if any was measured. */
  measuredAs: string | null;
  /** The genes shown: the strongest predicted changes over all models. */
  shown: string[];
  /** The measured combination's observed change over `shown` (null when never measured). */
  observed: number[] | null;
  rows: {
    model: string;
    label: string;
    ok: boolean;
    reason: string | null;
    values: number[];
    interaction: { class: string; c1: number; c2: number; magnitude: number; fitCorrelation: number } | null;
  }[];
  /** Models of single cells: cells generated for these genes (per gene as `shown`); observed only when measured. */
  generated: GeneratedCellsView[];
}

export interface DistributionView {
  condition: string;
  nCells: number;
  genes: string[];
  /** Per gene: each sampled cell's change from the condition's control reference. */
  cells: number[][];
  observedMean: number[];
  predictions: { model: string; label: string; values: number[] }[];
  /** Models of single cells: generated cells beside the observed ones. */
  generated: GeneratedCellsView[];
}

export interface GeneratedCellsView {
  model: string;
  label: string;
  /** Per gene (as `genes`): each generated cell's change from the condition's control reference (pooled for a new one). */
  cells: number[][];
  /** First two axes of the fixed PCA space (control and training cells). */
  control: { x: number[]; y: number[] };
  observed: { x: number[]; y: number[] };
  generatedXy: { x: number[]; y: number[] };
  /** Fractions of cells per cell-state cluster (empty for a population without cells). */
  proportions: { observed: number[]; generated: number[]; control: number[] };
}

export interface ImportedModel {
  model: string;
  label: string;
  note: string;
  summary: EvaluationSummary | null;
}

export interface PredictionView {
  model: string;
  label: string;
  condition: string;
  subset: string;
  genes: string[];
  predicted: Float32Array;
  observed: Float32Array;
  /** Indices of the top-20 DE genes. */
  de20: number[];
  pearsonAll: number;
  pearsonDe20: number;
  /** The perturbed centroid: the mean change of the conditions trained on (the mean baseline's prediction). */
  centroid: Float32Array;
  /** Pearson r of prediction and observation both taken from the centroid (pearson_delta_pert), all genes. */
  pearsonPert: number;
  /** For a double with measured singles: its interaction, observed and predicted. */
  interaction: { observed: InteractionFit; predicted: InteractionFit } | null;
}
