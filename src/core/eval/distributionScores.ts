import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from '../dataset/build';
import { CONTROL_CELLS, sampleCells } from '../dataset/cells';
import type { TestQuery } from '../models/testAnswers';
import { Rng } from '../util/random';
import { energyDistance, fitPca, kMeans, project, proportions, totalVariation, type Pca } from './distribution';
import type { SubsetName } from '../catalog';
import { SUBSETS, type Split, type Subset } from './splits';
import { deAgreement, deCall, meanOfScored, type DeAgreement } from './deGenes';
import type { ObservedDe } from './observedDe';

const DE_KEYS = [
  'de_direction_fidelity',
  'de_sig_jaccard',
  'lfc_nmae',
  'de_direction_fidelity_training_sample',
  'de_sig_jaccard_training_sample',
  'lfc_nmae_training_sample',
] as const;

/** Distances of each cell population from the observed cells of a condition (lower is better). */
export interface DistributionScores {
  n: number;
  /** Energy distance in the fixed PCA space: generated cells, the training-sample baseline, control cells. */
  energy: number;
  energy_training_sample: number;
  energy_control: number;
  /** Total variation between cell-state cluster proportions (0 same, 1 disjoint). */
  proportions_tv: number;
  proportions_tv_training_sample: number;
  proportions_tv_control: number;
  /**
   * Virtual Cell Challenge 2026 DE metrics of the generated cells, and of the training-sample
   * baseline's cells (null where nothing was scored).
   */
  de_direction_fidelity: number | null;
  de_sig_jaccard: number | null;
  lfc_nmae: number | null;
  de_direction_fidelity_training_sample: number | null;
  de_sig_jaccard_training_sample: number | null;
  lfc_nmae_training_sample: number | null;
}

export interface ConditionDistribution extends Omit<DistributionScores, 'n'> {
  condition: string;
  subset: Subset;
  /** Cell-state proportions: observed, generated, training sample. */
  observed: number[];
  generated: number[];
  trainingSample: number[];
}

/** The fixed reference: PCA axes and cell-state clusters of control and training cells. */
export interface CellSpace {
  pca: Pca;
  centres: Float64Array[];
}

export interface DistributionResult {
  space: { components: number; clusters: number; referenceCells: number };
  subsets: Partial<Record<SubsetName, DistributionScores>>;
  conditions: ConditionDistribution[];
  /** Generated cells per test condition (normalised expression of every gene). */
  generated: Map<string, Float32Array[]>;
  cellSpace: CellSpace;
}

export const DISTRIBUTION_SETTINGS = {
  cellsPerCondition: 100,
  referencePerCondition: 20,
  referenceControl: 400,
  components: 10,
  clusters: 4,
};

/** The reference cell space from a sample of control and training cells (never test cells). */
export function cellSpace(reference: readonly Float32Array[], seed: number): CellSpace {
  const pca = fitPca(reference, DISTRIBUTION_SETTINGS.components, seed);
  return { pca, centres: kMeans(project(pca, reference), DISTRIBUTION_SETTINGS.clusters, seed) };
}

/**
 * The generated cells asked of a generative model: `cellsPerCondition` of each test condition (the
 * most observed cells scoring reads of one), each condition with its own seed.
 */
export function cellsToGenerate(split: Split, seed: number): NonNullable<TestQuery['generate']> {
  return { cells: DISTRIBUTION_SETTINGS.cellsPerCondition, seeds: split.test.map((_, i) => seed * 1000 + i) };
}

/**
 * PerturbNet's distribution evaluation: per test condition, `n` generated cells (`generatedOf`, in the
 * order of the split's test conditions, as `cellsToGenerate` asked for them) against `n` observed
 * cells, beside two baselines of the same size — cells drawn from all training conditions
 * (PerturbNet's "training sample" model) and control cells — by energy distance in a fixed PCA
 * space and by cell-state cluster proportions. Space and clusters come from control and training
 * cells only.
 */
export function scoreDistributions(
  generatedOf: readonly Float32Array[][],
  reader: H5adReader,
  ds: PerturbDataset,
  split: Split,
  seed: number,
  de: ObservedDe,
): DistributionResult {
  const S = DISTRIBUTION_SETTINGS;
  const allGenes = ds.genes.map((_, j) => j);
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  const limit = (name: string) =>
    name === CONTROL_CELLS
      ? S.referenceControl
      : split.test.includes(name)
        ? S.cellsPerCondition
        : S.referencePerCondition;
  const samples = sampleCells(reader, ds, [...split.train, CONTROL_CELLS, ...split.test], limit, seed + 1, allGenes);
  const trainCells = samples.slice(0, split.train.length).flatMap((s) => s.values);
  const controlCells = samples[split.train.length].values;
  const space = cellSpace([...trainCells, ...controlCells], seed);
  const embed = (cells: readonly Float32Array[]) => project(space.pca, cells);
  const rng = new Rng(seed + 23);
  const draw = (pool: readonly Float32Array[], n: number) =>
    Array.from({ length: n }, () => pool[rng.int(pool.length)]);
  const generated = new Map<string, Float32Array[]>();
  const conditions: ConditionDistribution[] = [];
  for (const [i, s] of samples.slice(split.train.length + 1).entries()) {
    const c = byName.get(s.condition)!;
    if (s.values.length < 2) continue;
    const gen = generatedOf[i];
    const n = gen.length;
    generated.set(c.name, gen);
    const obs = embed(s.values),
      g = embed(gen),
      trainingSample = draw(trainCells, n),
      tr = embed(trainingSample),
      ct = embed(draw(controlCells, n));
    const p = (x: Float64Array[]) => proportions(space.centres, x);
    const [po, pg, pt, pc] = [p(obs), p(g), p(tr), p(ct)];
    const observedCall = de.calls.get(c.name);
    const agreement = (cells: Float32Array[]): DeAgreement =>
      observedCall
        ? deAgreement(deCall(cells, de.reference), observedCall)
        : { de_direction_fidelity: null, de_sig_jaccard: null, lfc_nmae: null };
    const baseline = agreement(trainingSample);
    conditions.push({
      ...agreement(gen),
      de_direction_fidelity_training_sample: baseline.de_direction_fidelity,
      de_sig_jaccard_training_sample: baseline.de_sig_jaccard,
      lfc_nmae_training_sample: baseline.lfc_nmae,
      condition: c.name,
      subset: split.subsetOf[c.name],
      energy: energyDistance(g, obs),
      energy_training_sample: energyDistance(tr, obs),
      energy_control: energyDistance(ct, obs),
      proportions_tv: totalVariation(pg, po),
      proportions_tv_training_sample: totalVariation(pt, po),
      proportions_tv_control: totalVariation(pc, po),
      observed: po,
      generated: pg,
      trainingSample: pt,
    });
  }
  const subsets: DistributionResult['subsets'] = {};
  const keys = [
    'energy',
    'energy_training_sample',
    'energy_control',
    'proportions_tv',
    'proportions_tv_training_sample',
    'proportions_tv_control',
  ] as const;
  for (const sub of [...SUBSETS, 'all_test'] as SubsetName[]) {
    const rows = conditions.filter((c) => sub === 'all_test' || c.subset === sub);
    if (!rows.length) continue;
    const avg = { n: rows.length } as DistributionScores;
    for (const k of keys) avg[k] = rows.reduce((t, r) => t + r[k], 0) / rows.length;
    for (const k of DE_KEYS) avg[k] = meanOfScored(rows.map((r) => r[k]));
    subsets[sub] = avg;
  }
  return {
    space: { components: S.components, clusters: S.clusters, referenceCells: trainCells.length + controlCells.length },
    subsets,
    conditions,
    generated,
    cellSpace: space,
  };
}
