import { makeSplit, type Split, type SplitName } from '../core/eval/splits';
import { runModel, scorePredictions, type ModelResult } from '../core/eval/runner';
import { splitHalfDeltas } from '../core/eval/splitHalf';
import { pearson, METRIC_NAMES } from '../core/eval/metrics';
import { BASELINE_IDS, createModel, GRAPHS_USED } from '../core/models/registry';
import { graphsForSplit } from '../core/eval/splitGraphs';
import type { GoAnnotations } from '../core/go/annotations';
import type { EvaluationProgress } from './protocol';
import type { PerturbDataset } from '../core/dataset/build';
import type { H5adReader } from '../core/anndata/reader';
import type { EvaluationSummary, PredictionView } from './protocol';

/** The worker's evaluation state: the last split, every model's test predictions and scores. */
export class Evaluation {
  private split: Split | null = null;
  private results: ModelResult[] = [];

  reset(): void {
    this.split = null;
    this.results = [];
  }

  private controller: AbortController | null = null;

  cancel(): void {
    this.controller?.abort();
  }

  async run(
    ds: PerturbDataset,
    open: () => Promise<H5adReader>,
    go: () => Promise<GoAnnotations>,
    req: { split: SplitName; seed: number; models: string[]; epochs?: number },
    backend: string,
    onProgress?: (p: EvaluationProgress) => void,
  ): Promise<EvaluationSummary> {
    const { seed } = req;
    const split = makeSplit(ds.conditions, req.split, seed);
    // Baselines always come along: no model is shown without them.
    const ids = [...new Set([...req.models, ...BASELINE_IDS])];
    const needed = new Set(ids.flatMap((m) => GRAPHS_USED[m] ?? []));
    this.controller = new AbortController();
    const signal = this.controller.signal;
    const results: ModelResult[] = [];
    const reader = await open();
    try {
      onProgress?.({ model: 'graphs', done: 0, total: ids.length + 1 });
      const graphs = needed.size ? graphsForSplit(needed, ds, split, needed.has('GO') ? await go() : null, reader) : new Map();
      for (const [i, id] of ids.entries()) {
        onProgress?.({ model: id, done: i, total: ids.length + 1 });
        results.push(await runModel(createModel(id), ds, split, {
          seed, backend, epochs: req.epochs, graphs, signal,
          onProgress: (m, p) => onProgress?.({ model: m, done: i, total: ids.length + 1, epoch: p.epoch, epochs: p.epochs, trainLoss: p.trainLoss, validation: p.validationMetric, seconds: p.seconds }),
        }));
      }
      onProgress?.({ model: 'split-half', done: ids.length, total: ids.length + 1 });
      const halves = splitHalfDeltas(reader, ds, seed);
      const half = (k: 0 | 1) => new Map([...halves].map(([n, h]) => [n, h[k]]));
      const obsB = half(1);
      const dsB = { ...ds, conditions: ds.conditions.map((c) => (obsB.has(c.name) ? { ...c, delta: obsB.get(c.name)! } : c)) };
      results.push({ model: 'split-half', label: 'Split-half reproducibility (ceiling)', split: split.name, seed, backend: 'none', train_seconds: 0, trained_on: 'two random halves of each test condition’s cells', coverage: [], ...scorePredictions(dsB, split, half(0)) });
    } finally {
      reader.close();
    }
    onProgress?.({ model: '', done: ids.length + 1, total: ids.length + 1 });
    this.split = split;
    this.results = results;
    return {
      split: split.name,
      seed,
      nTrain: split.train.length,
      nValidation: split.validation.length,
      nTest: split.test.length,
      testConditions: split.test.map((n) => ({ name: n, subset: split.subsetOf[n] })),
      metrics: [...METRIC_NAMES],
      rows: results.map((r) => ({ model: r.model, label: r.label, trainSeconds: r.train_seconds, trainedOn: r.trained_on, coverage: r.coverage, subsets: r.subsets })),
    };
  }

  prediction(ds: PerturbDataset, model: string, condition: string): PredictionView | null {
    const r = this.results.find((x) => x.model === model);
    const c = r?.conditions.find((x) => x.name === condition);
    const obs = ds.conditions.find((x) => x.name === condition);
    if (!r || !c || !obs) return null;
    const de = Array.from(obs.deTop.slice(0, 20));
    return {
      model, label: r.label, condition, subset: c.subset, genes: ds.genes,
      predicted: Float32Array.from(c.prediction), observed: Float32Array.from(obs.delta), de20: de,
      pearsonAll: pearson(c.prediction, obs.delta), pearsonDe20: pearson(c.prediction, obs.delta, de),
    };
  }

  /** A model's predicted change for a test condition, by gene, for colouring the graph. */
  predictedChange(model: string, condition: string): Float64Array | null {
    return this.results.find((x) => x.model === model)?.conditions.find((x) => x.name === condition)?.prediction ?? null;
  }
}
