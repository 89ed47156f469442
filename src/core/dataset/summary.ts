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
  /** Which control each condition is compared with, and the covariates matched on. */
  control_reference: { kind: 'matched' | 'pooled'; covariates: string[] };
  /** Columns that could serve as covariates (categorical, 2–64 values, several among controls). */
  covariate_candidates: string[];
  strata: { label: string; n_control_cells: number; n_perturbed_cells: number }[];
  n_singles: number;
  n_doubles: number;
  n_targets: number;
  /** Targets not among the measured genes: models reach them through graphs or GO only. */
  unmeasured_targets: string[];
  conditions: { name: string; genes: string[]; n_cells: number }[];
}

export function inspectSummary(ds: PerturbDataset): InspectSummary {
  const measured = new Set(ds.genes);
  const targets = [...new Set(ds.conditions.flatMap((c) => c.genes))].sort();
  return {
    n_obs: ds.nObs,
    n_vars: ds.nVars,
    x_encoding: ds.xEncoding,
    values: ds.values,
    perturbation_key: ds.perturbationKey,
    control_label: ds.controlLabel,
    n_control_cells: ds.nControlCells,
    control_reference: { kind: ds.controlReference.kind, covariates: [...ds.controlReference.covariates] },
    covariate_candidates: ds.covariateCandidates.map((c) => c.name),
    strata: ds.strata.map((s) => ({
      label: s.label,
      n_control_cells: s.control.nCells,
      n_perturbed_cells: s.nPerturbed,
    })),
    n_singles: ds.conditions.filter((c) => c.genes.length === 1).length,
    n_doubles: ds.conditions.filter((c) => c.genes.length === 2).length,
    n_targets: targets.length,
    unmeasured_targets: targets.filter((g) => !measured.has(g)),
    conditions: ds.conditions.map((c) => ({ name: c.name, genes: [...c.genes], n_cells: c.nCells })),
  };
}
