import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from '../dataset/build';
import { CONTROL_CELLS, sampleCells } from '../dataset/cells';
import { deCall, deReference, type DeCall, type DeReference, type ObservedDeGenes } from './deGenes';
import type { Split } from './splits';

/** The observed side of the DE metrics: the control reference and each test condition's DE call. */
export interface ObservedDe {
  reference: DeReference;
  calls: Map<string, DeCall>;
}

/**
 * Cells per test condition for the DE tests: up to 256, fewer when the genes are many, so that the
 * sample (control cells four times as many) stays near 20 million values.
 */
export function deCellBudget(ds: PerturbDataset, nTest: number): number {
  return Math.max(16, Math.min(256, Math.floor(20e6 / (ds.genes.length * (nTest + 4)))));
}

/**
 * Each test condition's observed cells tested against control cells, gene by gene (one streaming
 * pass over X for a seeded sample of both).
 */
export function observedDe(reader: H5adReader, ds: PerturbDataset, split: Split, seed: number): ObservedDe {
  const perTest = deCellBudget(ds, split.test.length);
  const samples = sampleCells(
    reader,
    ds,
    [CONTROL_CELLS, ...split.test],
    (name) => (name === CONTROL_CELLS ? 4 * perTest : perTest),
    seed + 31,
    ds.genes.map((_, j) => j),
  );
  const reference = deReference(samples[0].values, ds.genes.length);
  const calls = new Map(
    samples
      .slice(1)
      .flatMap((s) => (s.values.length >= 2 ? [[s.condition, deCall(s.values, reference)] as const] : [])),
  );
  return { reference, calls };
}

/** The significant genes of each test condition, as scorePredictions reads them. */
export function significantGenes(de: ObservedDe): ObservedDeGenes {
  return new Map([...de.calls].map(([name, call]) => [name, call.significant]));
}
