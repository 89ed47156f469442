import { AdditiveBaseline, GeneralBaseline, KnnBaseline, LinearBaseline, MeanBaseline, NoChange } from './baselines';
import type { PerturbationModel } from './types';
import { GearsModel } from './gnn/gears';
import { AppModel } from './gnn/app';
import { TxPertModel } from './gnn/txpert';
import { PerturbNetModel } from './perturbnet/perturbnet';
import { CELL_VAE_DEFAULTS } from './perturbnet/cellVae';

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
  perturbnet: () => new PerturbNetModel(),
  'perturbnet-nb': () => new PerturbNetModel({ cell: { ...CELL_VAE_DEFAULTS, likelihood: 'nb' } }),
};

/** Graphs each graph model reads from its TrainingView (by layer name). */
export const GRAPHS_USED: Record<string, string[]> = { gears: ['GO', 'co-expression'], app: ['GO'], txpert: ['GO', 'co-expression'] };

/** Models of single cells: they always train on sampled cells (and PerturbNet on its GO encoder). */
export const CELL_MODELS: ReadonlySet<string> = new Set(['perturbnet', 'perturbnet-nb']);

/** Models of single cells that read raw counts (files of counts only). */
export const COUNT_MODELS: ReadonlySet<string> = new Set(['perturbnet-nb']);

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
