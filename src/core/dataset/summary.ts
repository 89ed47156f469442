import type { PerturbDataset } from './build';

/** The `inspect --json` contract: exactly these keys, in this order. */
export interface InspectSummary {
  n_obs: number;
  n_vars: number;
  x_encoding: 'dense' | 'csr' | 'csc';
  values: 'counts' | 'log-normalized';
  perturbation_key: string;
  control_label: string;
  n_control_cells: number;
  batch_key: string | null;
  n_singles: number;
  n_doubles: number;
  conditions: { name: string; genes: string[]; n_cells: number }[];
}

export function inspectSummary(ds: PerturbDataset): InspectSummary {
  return {
    n_obs: ds.nObs,
    n_vars: ds.nVars,
    x_encoding: ds.xEncoding,
    values: ds.values,
    perturbation_key: ds.perturbationKey,
    control_label: ds.controlLabel,
    n_control_cells: ds.nControlCells,
    batch_key: ds.batchKey,
    n_singles: ds.conditions.filter((c) => c.genes.length === 1).length,
    n_doubles: ds.conditions.filter((c) => c.genes.length === 2).length,
    conditions: ds.conditions.map((c) => ({ name: c.name, genes: [...c.genes], n_cells: c.nCells })),
  };
}
