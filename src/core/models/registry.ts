import { ADDITIVE_SPEC, GENERAL_SPEC, KNN_SPEC, LINEAR_SPEC, MEAN_SPEC, NOCHANGE_SPEC } from './baselines';
import { GO_KNN_SPEC, GO_RIDGE_SPEC } from './embeddingBaselines';
import { GEARS_SPEC } from './gnn/gears';
import { APP_SPEC } from './gnn/app';
import { TXPERT_SPEC } from './gnn/txpert';
import { PERTURBNET_NB_SPEC, PERTURBNET_SPEC } from './perturbnet/perturbnet';
import { infoOf, type ModelInfo, type ModelSpec } from './spec';
import type { PerturbationModel } from './types';

/** Every model, in the order menus list them. Adding a model: its file exports a spec; add it here. */
const MODELS: ModelSpec[] = [
  NOCHANGE_SPEC,
  MEAN_SPEC,
  ADDITIVE_SPEC,
  LINEAR_SPEC,
  KNN_SPEC,
  GO_RIDGE_SPEC,
  GO_KNN_SPEC,
  GENERAL_SPEC,
  GEARS_SPEC,
  APP_SPEC,
  TXPERT_SPEC,
  PERTURBNET_SPEC,
  PERTURBNET_NB_SPEC,
];

/** Adds a model (a plug-in, or a test's toy model); its id must be new. */
export function registerModel(spec: ModelSpec): void {
  if (MODELS.some((m) => m.id === spec.id)) throw new Error(`a model '${spec.id}' is registered already`);
  MODELS.push(spec);
}

export function availableModels(): string[] {
  return MODELS.map((m) => m.id);
}

/** What each model is and needs, without its code (for the page and the CLI help). */
export function modelCatalog(): ModelInfo[] {
  return MODELS.map(infoOf);
}

export function modelSpec(id: string): ModelSpec {
  const spec = MODELS.find((m) => m.id === id);
  if (!spec) throw new Error(`unknown model '${id}' (available: ${availableModels().join(', ')})`);
  return spec;
}

/** The baselines: always trained and reported beside any other model. */
export function baselineIds(): string[] {
  return MODELS.filter((m) => m.kind === 'baseline').map((m) => m.id);
}

export function createModel(id: string): PerturbationModel {
  return modelSpec(id).create();
}
