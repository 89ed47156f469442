import { makeSplit, type Split, type SplitName } from '../core/eval/splits';
import { runModel, scorePredictions, type ModelResult } from '../core/eval/runner';
import { splitHalfDeltas } from '../core/eval/splitHalf';
import { pearson, METRIC_NAMES } from '../core/eval/metrics';
import { availableModels, createModel } from '../core/models/registry';
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

  async run(ds: PerturbDataset, open: () => Promise<H5adReader>, splitName: SplitName, seed: number, backend: string, onProgress?: (done: number, total: number, model: string) => void): Promise<EvaluationSummary> {
    const split = makeSplit(ds.conditions, splitName, seed);
    const ids = availableModels();
    const results: ModelResult[] = [];
    for (const [i, id] of ids.entries()) {
      onProgress?.(i, ids.length + 1, id);
      results.push(await runModel(createModel(id), ds, split, { seed, backend }));
    }
    onProgress?.(ids.length, ids.length + 1, 'split-half');
    const reader = await open();
    try {
      const halves = splitHalfDeltas(reader, ds, seed);
      const half = (k: 0 | 1) => new Map([...halves].map(([n, h]) => [n, h[k]]));
      const obsB = half(1);
      const dsB = { ...ds, conditions: ds.conditions.map((c) => (obsB.has(c.name) ? { ...c, delta: obsB.get(c.name)! } : c)) };
      results.push({ model: 'split-half', label: 'Split-half reproducibility (ceiling)', split: split.name, seed, backend: 'none', train_seconds: 0, trained_on: 'two random halves of each test condition’s cells', ...scorePredictions(dsB, split, half(0)) });
    } finally {
      reader.close();
    }
    onProgress?.(ids.length + 1, ids.length + 1, '');
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
      rows: results.map((r) => ({ model: r.model, label: r.label, trainSeconds: r.train_seconds, trainedOn: r.trained_on, subsets: r.subsets })),
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
