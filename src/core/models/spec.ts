import type { PerturbationModel } from './types';

/** What a model is and needs, without its code: the page, the CLI help and the checks read this. */
export interface ModelInfo {
  id: string;
  /** A short name for menus and leaderboards' choice lists. */
  label: string;
  /** One line: what it is, for the model's tooltip and the CLI help. */
  description: string;
  /** Baselines always run beside the others; neural models are chosen. */
  kind: 'baseline' | 'neural';
  needs: {
    /** Graph layers it reads (by name), given to it when the user allows them. */
    graphs: readonly string[];
    /** It models single cells: it always trains on sampled cells. */
    cells: boolean;
    /** It reads raw counts: offered only for files whose X holds counts. */
    counts: boolean;
    /** It places genes by a gene embedding: the shipped GO annotations', or a loaded graph's. */
    embedding: boolean;
  };
  /** It has attention over genes to colour the graph by (see `ExplainingModel`). */
  explains: boolean;
}

/** One model, described once: a model file exports its spec; the registry lists the specs. */
export interface ModelSpec extends ModelInfo {
  create(): PerturbationModel;
}

/** The description alone (structured-clonable, for the page and the CLI). */
export function infoOf(spec: ModelSpec): ModelInfo {
  const { create: _create, ...info } = spec;
  return info;
}

/** Needs of a model that reads nothing but condition means. */
export const MEANS_ONLY: ModelInfo['needs'] = { graphs: [], cells: false, counts: false, embedding: false };
