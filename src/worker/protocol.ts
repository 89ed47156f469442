import type { InspectSummary } from '../core/dataset/summary';
import type { InputErrorCode } from '../core/errors';
import type { BackendName } from '../core/tensor/backendChoice';
import type { BackendStatus } from './backends';

/** What the UI may ask the worker for; everything numeric happens on the worker's side. */
export type DataSource = { kind: 'demo'; url: string } | { kind: 'file'; file: File };

export interface LoadSettings {
  perturbationKey?: string;
  controlLabel?: string;
  /** undefined: detect; null: no batch column. */
  batchKey?: string | null;
  values?: 'auto' | 'counts' | 'log-normalized';
  hvg?: number;
}

export interface LoadProgress {
  phase: string;
  fraction: number;
}

export interface DatasetView {
  summary: InspectSummary;
  fileName: string;
  fileBytes: number;
  xCompression: string | null;
  valuesEvidence: string;
  geneSource: string;
  nGenes: number;
  hvgSelected: number | null;
  batches: string[];
  obsColumns: { name: string; nCategories: number }[];
  perturbationLabels: string[];
  controlLabels: string[];
  nSkippedCells: number;
  syntheticNote: string | null;
  warnings: string[];
  loadSeconds: number;
}

export interface UserError {
  code: InputErrorCode | 'internal';
  message: string;
  hint: string;
}

export type LoadResult = { ok: true; dataset: DatasetView } | { ok: false; error: UserError };

export interface GeneChange {
  gene: string;
  delta: number;
  t: number;
  controlMean: number;
}

export interface ConditionDetail {
  name: string;
  genes: string[];
  nCells: number;
  /** The top differentially expressed genes by |Welch t|. */
  topDe: GeneChange[];
}

export interface WorkerApi {
  load(source: DataSource, settings: LoadSettings, onProgress?: (p: LoadProgress) => void): Promise<LoadResult>;
  conditionDetail(name: string, n: number): Promise<ConditionDetail | null>;
  setBackend(name: BackendName | 'auto'): Promise<BackendStatus>;
}
