import type { GeneEmbedding } from '../go/termEmbedding';
import type { GeneGraph } from '../graph/geneGraph';
import type { ModelState } from './state';
import type { BatchProgress, FitProgress } from '../tensor/trainer';

/** A perturbation: a set of gene symbols (1, 2 or more). */
export type Perturbation = readonly string[];

export interface ConditionData {
  name: string;
  genes: readonly string[];
  /** Observed mean change from its control reference, per gene. */
  delta: Float64Array;
  /** Its control reference: the covariate-matched control mean, or the pooled one. */
  reference: Float64Array;
  nCells: number;
  /** Per gene, the variance of its cells' expression (0 for a condition of one cell). */
  variance: Float64Array;
}

/** What a model may see while fitting: training and validation conditions only. */
export interface TrainingView {
  genes: readonly string[];
  controlMean: Float64Array;
  /** Per gene, the variance of the control cells' expression. */
  controlVariance: Float64Array;
  train: ConditionData[];
  validation: ConditionData[];
  /** Every gene any condition of the dataset perturbs (identities only, no data of test conditions). */
  perturbableGenes: readonly string[];
  graphs: ReadonlyMap<string, GeneGraph>;
  /**
   * Cell-level training rows (each cell's change from the pooled control mean; a model of changes
   * subtracts the condition's reference − controlMean, see `cellTargets`), when the user chose
   * cell-level minibatches; neural models then fit these instead of the condition means.
   */
  cells?: { genes: readonly string[]; delta: Float32Array }[];
  /** Sampled control cells (each one's change from the control mean), for models of single cells. */
  controlCells?: Float32Array[];
  /**
   * Raw counts of the sampled control cells then training cells (the order of `controlCells`, then
   * `cells`) and each one's library size (all genes of the file), when X holds counts and a model
   * of counts asked for them.
   */
  cellCounts?: { counts: Float32Array[]; library: Float64Array };
  /** Gene coordinates for models that place genes by them (`needs.embedding`): GO terms by default. */
  embedding?: GeneEmbedding;
  /** PerturbNet's perturbation representation: the shipped GenotypeVAE encoder over GO annotations. */
  genotype?: GenotypeEncoder;
}

/**
 * Turns a perturbation's genes into the vector a model of cells is conditioned on (PerturbNet's
 * GenotypeVAE over GO annotations is the one shipped).
 */
export interface GenotypeEncoder {
  /** Length of every encoding. */
  readonly dim: number;
  /** Whether the encoder can represent this gene (it has GO terms the encoder reads). */
  knows(gene: string): boolean;
  encode(sets: readonly Perturbation[]): Float32Array[];
}

export type { BatchProgress, FitProgress };

export interface FitOptions {
  seed: number;
  epochs?: number;
  signal?: AbortSignal;
  onProgress?: (p: FitProgress) => void;
  /** Within a long epoch: how far it got (see `trainLoop`). */
  onBatch?: (p: BatchProgress) => void;
}

export interface FitReport {
  seconds: number;
  epochs: number;
  /** What the model trained on, said plainly (e.g. 'per-condition means'). */
  trainedOn: string;
}

/** Whether a model can use a perturbation's genes, and why not. */
export type Coverage = { ok: true } | { ok: false; reason: string };

export interface PerturbationModel {
  readonly id: string;
  readonly label: string;
  fit(view: TrainingView, opts: FitOptions): Promise<FitReport>;
  /**
   * Predicted change from control for every gene, one array per perturbation. `references`, when
   * given, are the control profiles the perturbations are measured against (covariate-matched);
   * a model with a basal-state input (TxPert) reads them, the others ignore them.
   */
  predict(perturbations: readonly Perturbation[], references?: readonly Float64Array[]): Promise<Float64Array[]>;
  coverage(p: Perturbation): Coverage;
  /** The fitted state: enough to predict again, without training. */
  save(): Promise<ModelState>;
  /** Takes a saved state in place of fitting. */
  restore(state: ModelState): void;
  /** Frees the model's tensors. */
  dispose(): void;
}

/** A model of single cells: it can also generate cells of a perturbation. */
export interface GenerativeModel extends PerturbationModel {
  readonly generative: true;
  /** `n` generated cells (normalised expression of every gene), seeded. */
  generate(p: Perturbation, n: number, seed: number): Promise<Float32Array[]>;
  /** Every gene it can generate cells for, measured or not (the composer offers them). */
  annotatedGenes(): readonly string[];
}

/** A model that can say which genes its prediction of a perturbation attended to (its spec `explains`). */
export interface ExplainingModel extends PerturbationModel {
  explain(p: Perturbation): Promise<{ genes: string[]; attention: Float32Array }>;
}

export function isExplaining(m: PerturbationModel): m is ExplainingModel {
  return typeof (m as Partial<ExplainingModel>).explain === 'function';
}

export function isGenerative(m: PerturbationModel): m is GenerativeModel {
  return (m as Partial<GenerativeModel>).generative === true;
}
