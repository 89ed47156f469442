import type { EvaluationSnapshot } from '../core/session/sessionFile';
import type { GuideReport } from '../core/dataset/guides';
import type { BackendName } from '../core/tensor/backendChoice';
import type { Result } from '../core/session/result';
import type {
  ComposeView,
  ConditionDetail,
  DatasetView,
  DistributionView,
  EgoRequest,
  EgoView,
  EvaluationProgress,
  EvaluationRequest,
  RobustnessRequest,
  RobustnessView,
  EvaluationSummary,
  GoLayerSpec,
  ImportedGraphReport,
  ImportedModel,
  LayerInfo,
  LoadProgress,
  LoadSettings,
  PredictionView,
} from '../core/session/views';
import type { BackendStatus } from './backends';
import type { ModelInfo } from '../core/models/spec';

export type * from '../core/session/views';
export type { EvaluationSnapshot, Result };
export type { UserError } from '../core/session/result';

/** Where a dataset comes from: the shipped demo (by URL) or a file the user picked. */
export type DataSource = { kind: 'demo'; url: string } | { kind: 'file'; file: File };

/**
 * What the page may ask the worker for: the open session's methods, each answering a `Result`.
 * `session` names the session a call is meant for: a call for a session that has been replaced
 * answers a 'cancelled' error, never another dataset's data.
 */
export interface WorkerApi {
  configure(assetBase: string): Promise<void>;
  /** Opens a dataset as a new session; the old one is closed when this one is ready. */
  load(
    source: DataSource,
    settings: LoadSettings,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<Result<DatasetView>>;
  setBackend(name: BackendName | 'auto'): Promise<Result<BackendStatus>>;
  /** Every model this version has: what it is and what it needs (its code stays in the worker). */
  models(): Promise<Result<ModelInfo[]>>;
  /** The backend in use (null: none chosen yet). */
  backendStatus(): Promise<Result<BackendStatus | null>>;
  dataset(session: string): Promise<Result<DatasetView>>;
  /** The leaderboard of the session's last evaluation (null: none yet). */
  evaluation(session: string): Promise<Result<EvaluationSummary | null>>;
  conditionDetail(session: string, name: string, n: number): Promise<Result<ConditionDetail | null>>;
  /** Cells per guide and the agreement of each gene's guides (null: the file has no guides). */
  guides(session: string): Promise<Result<GuideReport | null>>;
  graphLayers(session: string): Promise<Result<LayerInfo[]>>;
  ensureLayer(session: string, name: string, onProgress?: (fraction: number) => void): Promise<Result<LayerInfo[]>>;
  importGraph(session: string, file: File): Promise<Result<ImportedGraphReport>>;
  addGoLayer(
    session: string,
    spec: GoLayerSpec,
    onProgress?: (fraction: number) => void,
  ): Promise<Result<{ name: string; layers: LayerInfo[] }>>;
  ego(session: string, req: EgoRequest): Promise<Result<EgoView>>;
  sharedGoTerms(
    session: string,
    a: string,
    b: string,
  ): Promise<Result<{ id: string; name: string; ontology: string }[]>>;
  evaluate(
    session: string,
    req: EvaluationRequest,
    onProgress?: (p: EvaluationProgress) => void,
  ): Promise<Result<EvaluationSummary>>;
  cancelEvaluation(session: string): Promise<Result<void>>;
  robustness(
    session: string,
    req: RobustnessRequest,
    onProgress?: (p: EvaluationProgress) => void,
  ): Promise<Result<RobustnessView>>;
  compose(session: string, genes: string[]): Promise<Result<ComposeView>>;
  composableGenes(session: string): Promise<Result<string[]>>;
  distribution(session: string, condition: string): Promise<Result<DistributionView | null>>;
  prediction(session: string, model: string, condition: string): Promise<Result<PredictionView | null>>;
  exportModel(session: string, model: string): Promise<Result<{ bytes: Uint8Array; fileName: string; label: string }>>;
  /** The last run's test predictions as CSV or as AnnData in the CLI's layout. */
  exportPredictions(session: string, format: 'csv' | 'h5ad'): Promise<Result<{ name: string; bytes: Uint8Array }>>;
  importModel(session: string, bytes: Uint8Array, name: string): Promise<Result<ImportedModel>>;
  /** The last evaluation, to keep in the browser (null: none). */
  snapshot(session: string): Promise<Result<EvaluationSnapshot | null>>;
  /** Shows a kept evaluation of this dataset again, without training. */
  restoreSnapshot(session: string, snapshot: EvaluationSnapshot): Promise<Result<EvaluationSummary>>;
  /** The bytes of a session file: the last evaluation with the dataset it belongs to and the view. */
  saveSession(
    session: string,
    meta: { dataset: { fileName: string; fileBytes: number; key: string }; view: string },
  ): Promise<Result<Uint8Array>>;
  /** Opens a session file made on the open dataset (`key`): its evaluation and its view. */
  openSession(
    session: string,
    bytes: Uint8Array,
    name: string,
    key: string,
  ): Promise<Result<{ summary: EvaluationSummary; view: string }>>;
}
