import type { H5adReader } from '../anndata/reader';
import { CancelledError, InputError } from '../errors';
import type { PerturbDataset } from '../dataset/build';
import type { GoAnnotations } from '../go/annotations';
import type { GeneGraph } from '../graph/geneGraph';
import { baselineIds, modelSpec } from '../models/registry';
import type { ModelSpec } from '../models/spec';
import type { FitHelper } from '../models/fitHelper';
import type { ModelState } from '../models/state';
import {
  isGenerative,
  type BatchProgress,
  type FitProgress,
  type PerturbationModel,
  type TrainingView,
} from '../models/types';
import { cellsToGenerate, scoreDistributions, type CellSpace } from './distributionScores';
import { CONTROL_CELLS, sampleCells } from '../dataset/cells';
import type { GenotypeVae } from '../models/perturbnet/genotypeVae';
import { noCountsError } from '../models/perturbnet/perturbnet';
import { runModel, scorePredictions, trainingCentroid, withNormalisedScores, type ModelResult } from './runner';
import type { ObservedDeGenes } from './deGenes';
import { observedDe, significantGenes, type ObservedDe } from './observedDe';
import { graphsForSplit } from './splitGraphs';
import { degradeGraph, type DegradeMode } from '../graph/degrade';
import { splitHalfDeltas } from './splitHalf';
import { goTermEmbedding, type GeneEmbedding } from '../go/termEmbedding';
import { spectralEmbedding } from '../graph/spectralEmbedding';
import type { Split } from './splits';
import { LAYER } from '../catalog';

export interface EvaluateOptions {
  models: readonly string[];
  seed: number;
  backend: string;
  epochs?: number;
  /** Graphs the graph models may use (all they name by default). */
  allowedGraphs?: ReadonlySet<string>;
  /**
   * A robustness experiment: every graph given to the graph models is degraded first (that fraction
   * of its edges removed, added or rewired, seeded by the run's seed).
   */
  degrade?: { mode: DegradeMode; fraction: number };
  go: () => Promise<GoAnnotations>;
  /**
   * A loaded graph whose spectral embedding places genes for the embedding baselines (GO ridge, GO
   * kNN) instead of GO terms.
   */
  embedding?: { name: string; graph: GeneGraph };
  /** Neural models train on up to this many cells per training condition instead of the means. */
  cellsPerCondition?: number;
  /** PerturbNet's shipped GenotypeVAE encoder (loaded only when PerturbNet is asked for). */
  genotype?: () => Promise<GenotypeVae>;
  signal?: AbortSignal;
  /**
   * A step begins or ends: 'graphs', a model id (when it starts and when it is fitted), or
   * 'split-half'. `done` of `total` steps are finished; `running` are the models training now.
   */
  onStep?: (step: string, done: number, total: number, running: readonly string[]) => void;
  onProgress?: (model: string, p: FitProgress) => void;
  onBatch?: (model: string, p: BatchProgress) => void;
  /**
   * Given a model's failure, whether the compute backend itself was lost (a GPU device that
   * stopped): the name of the backend it switched to, or null. When given, every fitted model's
   * state is also kept off the device, so that a loss costs only the model that was training:
   * the fitted ones are rebuilt on the new backend and training goes on there.
   */
  onBackendLost?: (error: unknown) => Promise<string | null>;
  /**
   * Other threads that fit models meanwhile (see `FitHelper`): with k of them, k + 1 models train
   * at once. Only for backends that compute on this machine's cores (WASM, CPU).
   */
  helpers?: readonly FitHelper[];
}

export interface Evaluated {
  results: ModelResult[];
  /** The fitted models, kept for the composer, explanations and saving. */
  models: Map<string, PerturbationModel>;
  graphs: ReadonlyMap<string, GeneGraph>;
  /** Per model of single cells: its generated cells per test condition, and the fixed cell space. */
  generated: Map<string, { cells: Map<string, Float32Array[]>; space: CellSpace }>;
  /** What happened to the run that its user should know (a lost backend, and what replaced it). */
  notes: string[];
  /** Each fitted model's state off the device, when `onBackendLost` was given (empty otherwise). */
  kept: Map<string, ModelState>;
  /** Each test condition's DE genes in its observed cells: a model loaded later is scored with them. */
  deGenes: ObservedDeGenes;
  /** The run's wall time, in seconds, and the most models that trained at once in it. */
  run: { seconds: number; atOnce: number };
}

/** The requested models with every baseline: no model is shown without them. */
export function withBaselines(models: readonly string[]): string[] {
  return [...new Set([...models, ...baselineIds()])];
}

/**
 * Trains and scores every requested model and every baseline on one split and seed, then the
 * split-half reproducibility of the data as the ceiling. Shared by the CLI and the app's worker.
 */
export async function evaluateModels(
  reader: H5adReader,
  ds: PerturbDataset,
  split: Split,
  o: EvaluateOptions,
): Promise<Evaluated> {
  const t0 = performance.now();
  const ids = withBaselines(o.models);
  const specs = ids.map(modelSpec);
  // Before any training: a model of counts on normalised data would fail only after the others.
  if (ds.values !== 'counts' && specs.some((s) => s.needs.counts)) throw noCountsError(ds.valuesEvidence);
  const total = ids.length + 2;
  const running = new Set<string>();
  let peak = 0;
  let done = 0;
  const step = (name: string) => o.onStep?.(name, done, total, [...running]);
  step('graphs');
  const needed = new Set(
    specs.flatMap((s) => s.needs.graphs).filter((g) => !o.allowedGraphs || o.allowedGraphs.has(g)),
  );
  const built = needed.size
    ? graphsForSplit(needed, ds, split, needed.has(LAYER.go) ? await o.go() : null, reader)
    : new Map<string, GeneGraph>();
  const degrade = o.degrade;
  const graphs = degrade
    ? new Map([...built].map(([name, g]) => [name, degradeGraph(g, { ...degrade, seed: o.seed })]))
    : built;
  done = 1;
  const cellModels = specs.some((s) => s.needs.cells);
  const perCondition = o.cellsPerCondition ?? (cellModels ? cellBudget(ds) : 0);
  const sampled = perCondition
    ? trainingCells(
        reader,
        ds,
        split,
        perCondition,
        o.seed,
        specs.some((s) => s.needs.counts),
      )
    : undefined;
  let genotype = cellModels ? await loadGenotype(o) : undefined;
  // What only scoring needs: computed below, once the helpers (if any) have their first model.
  let prepared!: (s: Scoring) => void;
  let unprepared!: (e: unknown) => void;
  const scoring = new Promise<Scoring>((resolve, reject) => {
    prepared = resolve;
    unprepared = reject;
  });
  // A failure to prepare is the run's failure (below); whoever reads `scoring` later sees it too.
  scoring.catch(() => undefined);
  let backend = o.backend;
  const results: (ModelResult | undefined)[] = [];
  const models = new Map<string, PerturbationModel>();
  const kept = new Map<string, ModelState>();
  const generated: Evaluated['generated'] = new Map();
  const notes: string[] = [];
  // A failure in one lane stops the other: the run fails as a whole.
  const stop = new AbortController();
  if (o.signal?.aborted) stop.abort();
  o.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const signal = stop.signal;
  const queue = specs.map((spec, i) => ({ spec, i }));
  const fitOne = async ({ spec, i }: (typeof queue)[number], helper?: FitHelper) => {
    const id = spec.id;
    running.add(id);
    peak = Math.max(peak, running.size);
    step(id);
    const model = spec.create();
    // Mean models see cells only when the user asked; models of single cells always do.
    const cells = o.cellsPerCondition || spec.needs.cells ? sampled?.cells : undefined;
    const controlCells = spec.needs.cells ? sampled?.control : undefined;
    const cellCounts = spec.needs.counts ? sampled?.counts : undefined;
    try {
      const { result, generated: generatedCells } = await runModel(model, ds, split, {
        seed: o.seed,
        backend,
        epochs: o.epochs,
        graphs,
        cells,
        controlCells,
        cellCounts,
        genotype: helper ? undefined : genotype,
        embedding: spec.needs.embedding ? (await scoring).embedding : undefined,
        deGenes: async () => (await scoring).deGenes,
        signal,
        onProgress: o.onProgress,
        onBatch: o.onBatch,
        helper,
        generate: isGenerative(model) ? cellsToGenerate(split, o.seed) : undefined,
      });
      if (generatedCells) {
        const {
          generated: cellsOf,
          cellSpace,
          ...distribution
        } = scoreDistributions(generatedCells, reader, ds, split, o.seed, (await scoring).de);
        result.distribution = distribution;
        generated.set(id, { cells: cellsOf, space: cellSpace });
      }
      if (o.onBackendLost) kept.set(id, await model.save());
      results[i] = result;
      models.set(id, model);
      running.delete(id);
      done++;
      step(id);
      return true;
    } catch (e) {
      running.delete(id);
      disposeQuietly(model);
      // A helper computes on the CPU: a lost GPU is never its failure.
      const next = e instanceof CancelledError || !o.onBackendLost || helper ? null : await o.onBackendLost(e);
      // A failure on the backend that replaced a lost one is the model's own: no second retry.
      if (!next || next === backend) throw e;
      notes.push(
        `The ${backend} backend was lost while ${spec.label} trained (${(e as Error).message}). Training went on with ${next}: ${spec.label} was trained again from the start${models.size === 1 ? ', and the model trained before it was kept' : models.size ? `, and the ${models.size} models trained before it were kept` : ''}.`,
      );
      backend = next;
      for (const [done, m] of models) {
        disposeQuietly(m);
        const rebuilt = modelSpec(done).create();
        rebuilt.restore(kept.get(done)!);
        models.set(done, rebuilt);
      }
      // Assets held as tensors lived on the lost backend: load them again on the new one.
      genotype = genotype && (await loadGenotype(o));
      return false;
    }
  };
  // One lane per helper beside this thread's: this thread takes models in the request's order, a
  // helper the last model that is not a baseline (baselines fit in moments; scoring stays here).
  const lane = async (take: (q: typeof queue) => number, helper?: FitHelper) => {
    for (let k = take(queue); k >= 0 && !signal.aborted; k = take(queue)) {
      const [job] = queue.splice(k, 1);
      if (!(await fitOne(job, helper))) queue.unshift(job);
    }
  };
  let failure: { error: unknown } | null = null;
  const failed = (error: unknown) => {
    // The first failure is the run's; the other lane is stopped, and stops with a cancellation.
    failure ??= { error };
    stop.abort();
  };
  // The helpers start first: what only scoring needs (the observed DE genes, the embedding of the
  // embedding baselines) is computed here while they train, before this thread's own lane.
  const helperLanes = (o.helpers ?? []).map((h) => lane(lastNeural, h).catch(failed));
  try {
    const de = observedDe(reader, ds, split, o.seed);
    const embedding = specs.some((s) => s.needs.embedding)
      ? o.embedding
        ? spectralEmbedding(o.embedding.graph, o.embedding.name)
        : goTermEmbedding(await o.go())
      : undefined;
    prepared({ de, deGenes: significantGenes(de), embedding });
  } catch (e) {
    unprepared(e);
    failed(e);
  }
  const lanes = [lane(() => (queue.length ? 0 : -1)).catch(failed), ...helperLanes];
  await Promise.all(lanes);
  if (failure || o.signal?.aborted) {
    // A cancelled or failed run returns nothing: its models' tensors are freed here.
    models.forEach(disposeQuietly);
    throw failure ? (failure as { error: unknown }).error : new CancelledError();
  }
  step('split-half');
  const { deGenes } = await scoring;
  const scored = [
    ...results.filter((r): r is ModelResult => !!r),
    splitHalfCeiling(reader, ds, split, o.seed, deGenes),
  ];
  // Whichever lane finished first, everything keeps the request's order.
  const inOrder = <T>(m: Map<string, T>) => new Map(ids.filter((id) => m.has(id)).map((id) => [id, m.get(id)!]));
  return {
    results: withNormalisedScores(scored),
    models: inOrder(models),
    graphs,
    generated: inOrder(generated),
    notes,
    kept: inOrder(kept),
    deGenes,
    run: { seconds: (performance.now() - t0) / 1000, atOnce: peak },
  };
}

/** What scoring reads besides the model: the observed DE calls and genes, and the baselines' embedding. */
interface Scoring {
  de: ObservedDe;
  deGenes: ObservedDeGenes;
  embedding?: GeneEmbedding;
}

/**
 * The next model for a helper: the last that is not a baseline (-1: none left). This thread takes
 * models from the front of the list, helpers from its end: the registry lists the neural models
 * from the quickest to train to the slowest, so the slowest starts at once, on its own thread.
 */
function lastNeural(queue: readonly { spec: ModelSpec }[]): number {
  for (let k = queue.length - 1; k >= 0; k--) if (queue[k].spec.kind !== 'baseline') return k;
  return -1;
}

/** Frees a model's tensors; on a lost device freeing may fail, and there is nothing left to free. */
function disposeQuietly(m: PerturbationModel): void {
  try {
    m.dispose();
  } catch {
    // The device's memory went with it.
  }
}

/**
 * Cells per training condition for models of single cells: up to 128, fewer when the genes are many,
 * so that the sample stays near 20 million values (80 MB as float32).
 */
export function cellBudget(ds: PerturbDataset): number {
  return Math.max(16, Math.min(128, Math.floor(20e6 / (ds.genes.length * Math.max(1, ds.conditions.length)))));
}

/**
 * Sampled training cells (and control cells, four times as many), each as its change from the
 * control mean; with `withCounts`, also their raw counts (control cells first, as models read them).
 */
function trainingCells(
  reader: H5adReader,
  ds: PerturbDataset,
  split: Split,
  perCondition: number,
  seed: number,
  withCounts: boolean,
): { cells: NonNullable<TrainingView['cells']>; control: Float32Array[]; counts?: TrainingView['cellCounts'] } {
  const genes = ds.genes.map((_, j) => j);
  const byName = new Map(ds.conditions.map((c) => [c.name, c]));
  const samples = sampleCells(
    reader,
    ds,
    [...split.train, CONTROL_CELLS],
    (name) => (name === CONTROL_CELLS ? 4 * perCondition : perCondition),
    seed,
    genes,
    withCounts,
  );
  const delta = (v: Float32Array) => v.map((x, j) => x - ds.control.mean[j]);
  const controlSample = samples.pop()!;
  const ordered = [controlSample, ...samples];
  const counts = controlSample.counts && {
    counts: ordered.flatMap((s) => s.counts!),
    library: Float64Array.from(ordered.flatMap((s) => [...s.library!])),
  };
  return {
    cells: samples.flatMap((s) => s.values.map((v) => ({ genes: byName.get(s.condition)!.genes, delta: delta(v) }))),
    control: controlSample.values.map(delta),
    counts,
  };
}

async function loadGenotype(o: EvaluateOptions): Promise<GenotypeVae> {
  if (!o.genotype)
    throw new InputError(
      'missing-asset',
      'PerturbNet needs its GenotypeVAE encoder, and none was provided.',
      'Serve the whole public/data folder (or run from the project directory).',
    );
  return o.genotype();
}

/** How many random half-splits the ceiling averages: one split's value moves with its draw. */
export const SPLIT_HALF_REPEATS = 5;

/**
 * The ceiling: one half of each test condition's cells "predicts" the other half, each metric
 * averaged over SPLIT_HALF_REPEATS random half-splits (the first is the one earlier versions drew).
 */
function splitHalfCeiling(
  reader: H5adReader,
  ds: PerturbDataset,
  split: Split,
  seed: number,
  deGenes: ObservedDeGenes,
): ModelResult {
  // Every model's Pearson Δ pert. is read against the full data's training centroid; so is the ceiling's.
  const centroid = trainingCentroid(ds, split);
  const draws = splitHalfDeltas(
    reader,
    ds,
    split.test,
    Array.from({ length: SPLIT_HALF_REPEATS }, (_, k) => seed + 1000 * k),
  );
  const runs = draws.map((halves) => {
    const obsB = new Map([...halves].map(([n, [, b]]) => [n, b]));
    const dsB = {
      ...ds,
      conditions: ds.conditions.map((c) => (obsB.has(c.name) ? { ...c, delta: obsB.get(c.name)! } : c)),
    };
    return scorePredictions(dsB, split, new Map([...halves].map(([n, [a]]) => [n, a])), centroid, deGenes);
  });
  const average = <T extends object>(rows: T[]): T => {
    const out = { ...rows[0] } as Record<string, unknown>;
    for (const [k, v] of Object.entries(rows[0]))
      if (typeof v === 'number') out[k] = rows.reduce((s, r) => s + (r as Record<string, number>)[k], 0) / rows.length;
    return out as T;
  };
  const scored = {
    subsets: Object.fromEntries(
      Object.keys(runs[0].subsets).map((s) => [s, average(runs.map((r) => r.subsets[s as keyof typeof r.subsets]!))]),
    ) as ModelResult['subsets'],
    conditions: runs[0].conditions.map((c) => ({
      ...c,
      metrics: average(runs.map((r) => r.conditions.find((x) => x.name === c.name)!.metrics)),
    })),
  };
  return {
    model: 'split-half',
    label: 'Split-half reproducibility (ceiling)',
    split: split.name,
    seed,
    backend: 'none',
    train_seconds: 0,
    trained_on: `two random halves of each test condition’s cells, averaged over ${SPLIT_HALF_REPEATS} draws`,
    coverage: [],
    ...scored,
    interactions: null,
  };
}
