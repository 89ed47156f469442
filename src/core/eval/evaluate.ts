import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from '../dataset/build';
import type { GoAnnotations } from '../go/annotations';
import type { GeneGraph } from '../graph/geneGraph';
import { BASELINE_IDS, createModel, GRAPHS_USED } from '../models/registry';
import type { FitProgress, PerturbationModel, TrainingView } from '../models/types';
import { sampleCells } from '../dataset/cells';
import { runModel, scorePredictions, type ModelResult } from './runner';
import { graphsForSplit } from './splitGraphs';
import { splitHalfDeltas } from './splitHalf';
import type { Split } from './splits';

export interface EvaluateOptions {
  models: readonly string[];
  seed: number;
  backend: string;
  epochs?: number;
  /** Graphs the graph models may use (all they name by default). */
  allowedGraphs?: ReadonlySet<string>;
  go: () => Promise<GoAnnotations>;
  /** Neural models train on up to this many cells per training condition instead of the means. */
  cellsPerCondition?: number;
  signal?: AbortSignal;
  /** A step begins: 'graphs', a model id, or 'split-half'. */
  onStep?: (step: string, index: number, total: number) => void;
  onProgress?: (model: string, p: FitProgress) => void;
}

export interface Evaluated {
  results: ModelResult[];
  /** The fitted models, kept for the composer, explanations and saving. */
  models: Map<string, PerturbationModel>;
  graphs: ReadonlyMap<string, GeneGraph>;
}

/** The requested models with every baseline: no model is shown without them. */
export function withBaselines(models: readonly string[]): string[] {
  return [...new Set([...models, ...BASELINE_IDS])];
}

/**
 * Trains and scores every requested model and every baseline on one split and seed, then the
 * split-half reproducibility of the data as the ceiling. Shared by the CLI and the app's worker.
 */
export async function evaluateModels(reader: H5adReader, ds: PerturbDataset, split: Split, o: EvaluateOptions): Promise<Evaluated> {
  const ids = withBaselines(o.models);
  const total = ids.length + 2;
  o.onStep?.('graphs', 0, total);
  const needed = new Set(ids.flatMap((m) => GRAPHS_USED[m] ?? []).filter((g) => !o.allowedGraphs || o.allowedGraphs.has(g)));
  const graphs = needed.size ? graphsForSplit(needed, ds, split, needed.has('GO') ? await o.go() : null, reader) : new Map<string, GeneGraph>();
  const cells = o.cellsPerCondition ? trainingCells(reader, ds, split, o.cellsPerCondition, o.seed) : undefined;
  const results: ModelResult[] = [];
  const models = new Map<string, PerturbationModel>();
  for (const [i, id] of ids.entries()) {
    o.onStep?.(id, i + 1, total);
    const model = createModel(id);
    results.push(await runModel(model, ds, split, { seed: o.seed, backend: o.backend, epochs: o.epochs, graphs, cells, signal: o.signal, onProgress: o.onProgress }));
    models.set(id, model);
  }
  o.onStep?.('split-half', ids.length + 1, total);
  results.push(splitHalfCeiling(reader, ds, split, o.seed));
  return { results, models, graphs };
}

/** Each sampled training cell's change from the control mean, labelled with its perturbation. */
function trainingCells(reader: H5adReader, ds: PerturbDataset, split: Split, perCondition: number, seed: number): NonNullable<TrainingView['cells']> {
  const genes = ds.genes.map((_, j) => j);
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  return sampleCells(reader, ds, split.train, perCondition, seed, genes).flatMap((s) =>
    s.values.map((v) => ({ genes: byName.get(s.condition)!.genes, delta: v.map((x, j) => x - ds.control.mean[j]) })),
  );
}

/** The ceiling: one half of each test condition's cells "predicts" the other half. */
function splitHalfCeiling(reader: H5adReader, ds: PerturbDataset, split: Split, seed: number): ModelResult {
  const halves = splitHalfDeltas(reader, ds, seed);
  const obsB = new Map([...halves].map(([n, [, b]]) => [n, b]));
  const dsB = { ...ds, conditions: ds.conditions.map((c) => (obsB.has(c.name) ? { ...c, delta: obsB.get(c.name)! } : c)) };
  const scored = scorePredictions(dsB, split, new Map([...halves].map(([n, [a]]) => [n, a])));
  return { model: 'split-half', label: 'Split-half reproducibility (ceiling)', split: split.name, seed, backend: 'none', train_seconds: 0, trained_on: 'two random halves of each test condition’s cells', coverage: [], ...scored, interactions: null };
}
