import { AdditiveBaseline, GeneralBaseline, KnnBaseline, LinearBaseline, MeanBaseline, NoChange } from './baselines';
import type { PerturbationModel } from './types';
import { GearsModel } from './gnn/gears';
import { AppModel } from './gnn/app';
import { TxPertModel } from './gnn/txpert';

const FACTORIES: Record<string, () => PerturbationModel> = {
  nochange: () => new NoChange(),
  mean: () => new MeanBaseline(),
  additive: () => new AdditiveBaseline(),
  linear: () => new LinearBaseline(),
  knn: () => new KnnBaseline(),
  general: () => new GeneralBaseline(),
  gears: () => new GearsModel(),
  app: () => new AppModel(),
  txpert: () => new TxPertModel(),
};

/** Graphs each graph model reads from its TrainingView (by layer name). */
export const GRAPHS_USED: Record<string, string[]> = { gears: ['GO', 'co-expression'], app: ['GO'], txpert: ['GO', 'co-expression'] };

/** The baselines are always trained and reported beside any other model. */
export const BASELINE_IDS = ['nochange', 'mean', 'additive', 'linear', 'knn', 'general'] as const;

export function availableModels(): string[] {
  return Object.keys(FACTORIES);
}

export function createModel(id: string): PerturbationModel {
  const f = FACTORIES[id];
  if (!f) throw new Error(`unknown model '${id}' (available: ${availableModels().join(', ')})`);
  return f();
}
