import { makeSplit, type Split, type SplitName } from '../core/eval/splits';
import type { ModelResult } from '../core/eval/runner';
import { evaluateModels, type Evaluated } from '../core/eval/evaluate';
import { pearson, METRIC_NAMES } from '../core/eval/metrics';
import type { PerturbationModel } from '../core/models/types';
import type { GoAnnotations } from '../core/go/annotations';
import type { EvaluationProgress } from './protocol';
import type { PerturbDataset } from '../core/dataset/build';
import type { H5adReader } from '../core/anndata/reader';
import type { EvaluationSummary, PredictionView } from './protocol';

/** The worker's evaluation state: the last split, every model's test predictions and scores. */
export class Evaluation {
  private split: Split | null = null;
  private results: ModelResult[] = [];

  private models = new Map<string, PerturbationModel>();

  reset(): void {
    this.split = null;
    this.results = [];
    this.models.forEach((m) => m.dispose());
    this.models.clear();
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
    this.controller = new AbortController();
    const reader = await open();
    let step = { model: '', done: 0, total: 1 };
    let ev: Evaluated;
    try {
      ev = await evaluateModels(reader, ds, split, {
        models: req.models, seed, backend, epochs: req.epochs, go, signal: this.controller.signal,
        onStep: (model, done, total) => {
          step = { model, done, total };
          onProgress?.(step);
        },
        onProgress: (m, p) => onProgress?.({ ...step, model: m, epoch: p.epoch, epochs: p.epochs, trainLoss: p.trainLoss, validation: p.validationMetric, seconds: p.seconds }),
      });
    } finally {
      reader.close();
    }
    onProgress?.({ model: '', done: step.total, total: step.total });
    this.reset();
    this.split = split;
    this.results = ev.results;
    this.models = ev.models;
    const results = ev.results;
    return {
      split: split.name,
      seed,
      nTrain: split.train.length,
      nValidation: split.validation.length,
      nTest: split.test.length,
      testConditions: split.test.map((n) => ({ name: n, subset: split.subsetOf[n] })),
      metrics: [...METRIC_NAMES],
      rows: results.map((r) => ({ model: r.model, label: r.label, trainSeconds: r.train_seconds, trainedOn: r.trained_on, coverage: r.coverage, subsets: r.subsets, interactions: r.interactions && { n: r.interactions.n, classAgreement: r.interactions.classAgreement, magnitudePearson: r.interactions.magnitudePearson } })),
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
      interaction: r.interactions?.doubles.find((d) => d.condition === condition) ?? null,
    };
  }

  /** A model's predicted change for a test condition, by gene, for colouring the graph. */
  predictedChange(model: string, condition: string): Float64Array | null {
    return this.results.find((x) => x.model === model)?.conditions.find((x) => x.name === condition)?.prediction ?? null;
  }
}
