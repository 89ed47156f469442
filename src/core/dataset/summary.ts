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

/**
 * What a file's labels and shape say before its cells are read: the whole summary but the kind of
 * values, which only reading X tells. A large file shows this while its cells are still being read.
 */
export type OutlineSummary = Omit<InspectSummary, 'values'>;

/** The facts both summaries are made of (an outline's counts come from the labels, which decide them). */
export interface SummaryFacts {
  nObs: number;
  nVars: number;
  xEncoding: InspectSummary['x_encoding'];
  perturbationKey: string;
  controlLabel: string;
  nControlCells: number;
  controlReference: InspectSummary['control_reference'];
  covariateCandidates: { name: string }[];
  strata: { label: string; nControl: number; nPerturbed: number }[];
  conditions: { name: string; genes: string[]; nCells: number }[];
  measuredGenes: ReadonlySet<string> | readonly string[];
}

export function outlineSummary(f: SummaryFacts): OutlineSummary {
  const measured = f.measuredGenes instanceof Set ? f.measuredGenes : new Set(f.measuredGenes);
  const targets = [...new Set(f.conditions.flatMap((c) => c.genes))].sort();
  return {
    n_obs: f.nObs,
    n_vars: f.nVars,
    x_encoding: f.xEncoding,
    perturbation_key: f.perturbationKey,
    control_label: f.controlLabel,
    n_control_cells: f.nControlCells,
    control_reference: { kind: f.controlReference.kind, covariates: [...f.controlReference.covariates] },
    covariate_candidates: f.covariateCandidates.map((c) => c.name),
    strata: f.strata.map((s) => ({ label: s.label, n_control_cells: s.nControl, n_perturbed_cells: s.nPerturbed })),
    n_singles: f.conditions.filter((c) => c.genes.length === 1).length,
    n_doubles: f.conditions.filter((c) => c.genes.length === 2).length,
    n_targets: targets.length,
    unmeasured_targets: targets.filter((g) => !measured.has(g)),
    conditions: f.conditions.map((c) => ({ name: c.name, genes: [...c.genes], n_cells: c.nCells })),
  };
}

/** What the full summary reads of a dataset (a PerturbDataset: named here so that build.ts, which makes the outline, is not imported back). */
export type SummarySource = Omit<SummaryFacts, 'strata' | 'measuredGenes'> & {
  values: InspectSummary['values'];
  genes: readonly string[];
  strata: readonly { label: string; nPerturbed: number; control: { nCells: number } }[];
};

export function inspectSummary(ds: SummarySource): InspectSummary {
  const o = outlineSummary({
    ...ds,
    strata: ds.strata.map((s) => ({ label: s.label, nControl: s.control.nCells, nPerturbed: s.nPerturbed })),
    measuredGenes: ds.genes,
  });
  const { n_obs, n_vars, x_encoding, ...rest } = o;
  // The contract's order: values right after x_encoding.
  return { n_obs, n_vars, x_encoding, values: ds.values, ...rest };
}
