import { degradedAs } from '../graph/degrade';
import { makeSplit, type Split } from '../eval/splits';
import { interactionsOf, scorePredictions, type ModelResult } from '../eval/runner';
import { evaluateModels, type EvaluateOptions, type Evaluated } from '../eval/evaluate';
import { pearson, pearsonDeltaPert, METRIC_NAMES } from '../eval/metrics';
import { trainingCentroid } from '../eval/runner';
import { robustnessTable } from '../eval/robustness';
import { composePredictions, resolveGenes, strongest } from '../eval/compose';
import { decodeArtifact, encodeArtifact, restoreModel } from '../models/artifact';
import { CONTROL_CELLS, sampleCells } from '../dataset/cells';
import { CancelledError } from '../errors';
import { project, proportions } from '../eval/distribution';
import { isExplaining, isGenerative, type PerturbationModel } from '../models/types';
import { createModel, modelCatalog, modelSpec } from '../models/registry';
import type { ModelState } from '../models/state';
import type { PerturbDataset } from '../dataset/build';
import type { H5adReader } from '../anndata/reader';
import type {
  ComposeView,
  DistributionView,
  EvaluationProgress,
  EvaluationRequest,
  EvaluationSummary,
  GeneratedCellsView,
  ImportedModel,
  PredictionView,
  RobustnessRequest,
  RobustnessView,
} from './views';
import type { EvaluationSnapshot } from './sessionFile';

/** What a run reads besides the data and the request: the session gathers it (see Session.assets). */
export type RunAssets = Pick<EvaluateOptions, 'go' | 'genotype' | 'embedding' | 'helpers'>;

/** Cells drawn for the distribution plot of a condition. */
const DISTRIBUTION_CELLS = 300;

/**
 * A session's evaluation: the last split, every model's test predictions and scores, and the
 * fitted models. It is tfjs code, so a session loads it on first use (see session.ts).
 */
export class Evaluation {
  private split: Split | null = null;
  private results: ModelResult[] = [];
  /** Fitted models by id (loaded ones as 'loaded:<id>'), for the composer and explanations. */
  private models = new Map<string, PerturbationModel>();
  private trainedOn = new Map<
    string,
    { split: string; seed: number; dataset: string; backend: string; trainedOn: string }
  >();
  private controller: AbortController | null = null;
  private graphNames: string[] = [];
  private generated: Evaluated['generated'] = new Map();
  /** The last run's observed DE genes per test condition: a model loaded later is scored with them. */
  private deGenes: Evaluated['deGenes'] | undefined;
  /** The last run's wall time and models at once (kept in snapshots; none in older ones). */
  private lastRun: Evaluated['run'] | undefined;
  /** Counts changes of the results: `EvaluationSummary.version`. */
  private version = 0;
  /** Set by close(): a run started before it can never install its results after it. */
  private closed = false;
  /** What the last run's user should know (the backend was lost during it). */
  private notes: string[] = [];
  /** The fitted models' states off the device (kept when the backend could be lost). */
  private kept = new Map<string, ModelState>();

  constructor(
    private readonly ds: PerturbDataset,
    private readonly open: () => Promise<H5adReader>,
  ) {}

  /** The session ended (another file was opened): stops its run and frees every model. */
  close(): void {
    this.closed = true;
    this.controller?.abort();
    this.clear();
  }

  private clear(): void {
    this.version++;
    this.split = null;
    this.results = [];
    this.models.forEach((m) => m.dispose());
    this.models.clear();
    this.generated = new Map();
    this.deGenes = undefined;
    this.trainedOn.clear();
    this.notes = [];
    this.kept = new Map();
    this.lastRun = undefined;
  }

  /**
   * After the backend was lost outside a run: every fitted model is rebuilt on the active backend
   * from its kept state. Returns the ids it could not rebuild (none kept), which are dropped.
   */
  rebuildModels(): string[] {
    const lost: string[] = [];
    for (const [id, m] of this.models) {
      try {
        m.dispose();
      } catch {
        // Its memory went with the device.
      }
      const state = this.kept.get(id);
      if (!state) {
        lost.push(id);
        this.models.delete(id);
        continue;
      }
      const rebuilt = createModel(id.replace(/^loaded:/, ''));
      rebuilt.restore(state);
      this.models.set(id, rebuilt);
    }
    this.version++;
    return lost;
  }

  cancel(): void {
    this.controller?.abort();
  }

  async run(
    assets: RunAssets & Pick<EvaluateOptions, 'onBackendLost'>,
    req: EvaluationRequest,
    backend: string,
    onProgress?: (p: EvaluationProgress) => void,
  ): Promise<EvaluationSummary> {
    const { ds } = this;
    const { seed } = req;
    if (this.closed) throw new CancelledError();
    const split = makeSplit(ds.conditions, req.split, seed);
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const reader = await this.open();
    let step: EvaluationProgress = { model: '', done: 0, total: 1 };
    let ev;
    try {
      ev = await evaluateModels(reader, ds, split, {
        models: req.models,
        seed,
        backend,
        epochs: req.epochs,
        ...assets,
        signal: controller.signal,
        cellsPerCondition: req.cellsPerCondition,
        allowedGraphs: req.graphs && new Set(req.graphs),
        onStep: (model, done, total, running) => {
          step = { model, done, total, running: [...running] };
          onProgress?.(step);
        },
        onBatch: (m, b) =>
          onProgress?.({
            ...step,
            model: m,
            batch: { epoch: b.epoch, epochs: b.epochs, done: b.batch, of: b.batches, seconds: b.epochSeconds },
          }),
        onProgress: (m, p) =>
          onProgress?.({
            ...step,
            model: m,
            epoch: p.epoch,
            epochs: p.epochs,
            trainLoss: p.trainLoss,
            validation: p.validationMetric,
            seconds: p.seconds,
          }),
      });
    } finally {
      reader.close();
    }
    if (this.closed || controller.signal.aborted) {
      // Its session ended, or a newer run started, while this one trained (the abort came too late
      // to stop the last step): its models are freed and its results never land.
      ev.models.forEach((m) => m.dispose());
      throw new CancelledError();
    }
    onProgress?.({ model: '', done: step.total, total: step.total });
    this.clear();
    this.split = split;
    this.results = ev.results;
    this.models = ev.models;
    this.generated = ev.generated;
    this.deGenes = ev.deGenes;
    this.graphNames = [...ev.graphs.keys()];
    this.notes = ev.notes;
    this.kept = ev.kept;
    this.lastRun = ev.run;
    for (const r of ev.results)
      this.trainedOn.set(r.model, {
        split: split.name,
        seed,
        dataset: ds.fileName,
        backend: r.backend,
        trainedOn: r.trained_on,
      });
    return this.summary()!;
  }

  /**
   * How much of the graph models' skill is the graph's: they are retrained at each level of
   * degradation of their graphs (seeded by the run's seed) and scored on all test conditions. The
   * session's evaluation is left as it was; the models of these runs are freed.
   */
  async robustness(
    assets: RunAssets,
    req: RobustnessRequest,
    backend: string,
    onProgress?: (p: EvaluationProgress) => void,
  ): Promise<RobustnessView> {
    const { ds } = this;
    if (!req.models.some((m) => modelSpec(m).needs.graphs.length)) {
      const graphModels = modelCatalog().filter((x) => x.needs.graphs.length);
      throw new Error(
        `Tick a graph model (${graphModels.map((x) => x.label).join(', ')}): only they read the graph being degraded.`,
      );
    }
    const split = makeSplit(ds.conditions, req.split, req.seed);
    const runs: { level: number; result: ModelResult }[] = [];
    const levels = [...new Set(req.levels)].sort((a, b) => a - b);
    // Cancelled as a run is (cancel()): the level in training stops, none after it starts.
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    for (const [i, level] of levels.entries()) {
      if (this.closed || controller.signal.aborted) throw new CancelledError();
      const reader = await this.open();
      try {
        const ev = await evaluateModels(reader, ds, split, {
          models: req.models,
          seed: req.seed,
          backend,
          epochs: req.epochs,
          ...assets,
          cellsPerCondition: req.cellsPerCondition,
          allowedGraphs: req.graphs && new Set(req.graphs),
          degrade: { mode: req.mode, fraction: level },
          signal: controller.signal,
          onStep: (model, done, total, running) =>
            onProgress?.({
              model: `${model === 'graphs' ? 'building graphs' : running.length ? `training ${running.join(' and ')}` : model === 'split-half' ? 'the split-half ceiling' : `${model} fitted`}, ${level} of the edges ${degradedAs(req.mode)}`,
              done: i * total + done,
              total: levels.length * total,
            }),
        });
        ev.models.forEach((m) => m.dispose());
        runs.push(...ev.results.map((result) => ({ level, result })));
      } finally {
        reader.close();
      }
    }
    const metrics = [...METRIC_NAMES];
    const table = robustnessTable(runs, metrics);
    const labels = new Map(runs.map((r) => [r.result.model, r.result.label]));
    return {
      mode: req.mode,
      levels,
      metrics,
      rows: [...labels].map(([model, label]) => ({
        model,
        label,
        readsGraph: model !== 'split-half' && modelSpec(model).needs.graphs.length > 0,
        values: Object.fromEntries(
          metrics.map((k) => [
            k,
            levels.map((l) => table.find((r) => r.level === l && r.model === model)?.mean[k] ?? null),
          ]),
        ),
      })),
    };
  }

  /**
   * Everything needed to show this evaluation again without training: the split, every result
   * (scores and test predictions) and every fitted model as .psmodel bytes. Generated cells of
   * models of single cells are not kept (they are regenerated when such a model is retrained).
   */
  async snapshot(): Promise<EvaluationSnapshot | null> {
    const split = this.split;
    if (!split) return null;
    const models: EvaluationSnapshot['models'] = [];
    for (const id of this.models.keys()) models.push({ id, bytes: (await this.exportModel(id)).bytes });
    const results = this.results.map((r) => ({ ...r, distribution: undefined }));
    return { split: split.name, seed: split.seed, results, graphs: this.graphNames, models, run: this.lastRun };
  }

  /** Installs a snapshot taken on this dataset (same genes and conditions): no training. */
  restore(snap: EvaluationSnapshot): EvaluationSummary {
    const { ds } = this;
    const split = makeSplit(ds.conditions, snap.split, snap.seed);
    const models = new Map<string, PerturbationModel>();
    const trainedOn = new Map<
      string,
      { split: string; seed: number; dataset: string; backend: string; trainedOn: string }
    >();
    const kept = new Map<string, ModelState>();
    for (const { id, bytes } of snap.models) {
      const art = decodeArtifact(bytes, `saved ${id}`);
      models.set(id, restoreModel(art, ds.genes));
      kept.set(id, art.state);
      trainedOn.set(id, {
        split: art.split,
        seed: art.seed,
        dataset: art.dataset,
        backend: art.backend,
        trainedOn: art.trainedOn,
      });
    }
    this.clear();
    // After clear(): the restored models keep their provenance, so they can be saved again.
    this.trainedOn = trainedOn;
    this.kept = kept;
    this.split = split;
    this.results = snap.results;
    this.models = models;
    this.graphNames = snap.graphs;
    this.lastRun = snap.run;
    return this.summary()!;
  }

  /** The last run's results (scores and test predictions), for exports. */
  resultsForExport(): readonly ModelResult[] {
    return this.results;
  }

  summary(): EvaluationSummary | null {
    const split = this.split;
    if (!split) return null;
    return {
      version: this.version,
      split: split.name,
      seed: split.seed,
      nTrain: split.train.length,
      nValidation: split.validation.length,
      nTest: split.test.length,
      testConditions: split.test.map((n) => ({ name: n, subset: split.subsetOf[n] })),
      metrics: [...METRIC_NAMES],
      rows: this.results.map((r) => ({
        model: r.model,
        label: r.label,
        trainSeconds: r.train_seconds,
        trainedOn: r.trained_on,
        coverage: r.coverage,
        subsets: Object.fromEntries(
          Object.entries(r.subsets).map(([k, m]) => {
            const { normalized: _normalized, ...values } = m!;
            return [k, values];
          }),
        ),
        normalized: Object.fromEntries(Object.entries(r.subsets).map(([k, m]) => [k, m?.normalized ?? {}])),
        interactions: r.interactions && {
          n: r.interactions.n,
          nClassified: r.interactions.nClassified,
          classAgreement: r.interactions.classAgreement,
          magnitudePearson: r.interactions.magnitudePearson,
        },
        distribution: r.distribution?.subsets ?? null,
      })),
      graphs: this.graphNames,
      notes: this.notes,
      run: this.lastRun,
      models: [...this.models.entries()].map(([id, m]) => ({
        id,
        label: m.label,
        explains: modelSpec(m.id).explains && isExplaining(m),
      })),
    };
  }

  prediction(model: string, condition: string): PredictionView | null {
    const { ds } = this;
    const r = this.results.find((x) => x.model === model);
    const c = r?.conditions.find((x) => x.name === condition);
    const obs = ds.conditions.find((x) => x.name === condition);
    if (!r || !c || !obs) return null;
    const de = Array.from(obs.deTop.slice(0, 20));
    const centroid = trainingCentroid(ds, this.split!);
    return {
      model,
      label: r.label,
      condition,
      subset: c.subset,
      genes: ds.genes,
      predicted: Float32Array.from(c.prediction),
      observed: Float32Array.from(obs.delta),
      de20: de,
      pearsonAll: pearson(c.prediction, obs.delta),
      pearsonDe20: pearson(c.prediction, obs.delta, de),
      centroid: Float32Array.from(centroid),
      pearsonPert: pearsonDeltaPert(c.prediction, obs.delta, centroid),
      interaction: r.interactions?.doubles.find((d) => d.condition === condition) ?? null,
    };
  }

  /** A model's predicted change for a test condition, by gene, for colouring the graph. */
  predictedChange(model: string, condition: string): Float64Array | null {
    return (
      this.results.find((x) => x.model === model)?.conditions.find((x) => x.name === condition)?.prediction ?? null
    );
  }

  /** The attention over genes of the first model that explains (APP) for a condition's perturbation. */
  async attention(genes: readonly string[]): Promise<Map<string, number> | null> {
    const model = [...this.models.values()].find((m) => modelSpec(m.id).explains && isExplaining(m));
    if (!model || !isExplaining(model) || !model.coverage(genes).ok) return null;
    const ex = await model.explain(genes);
    return new Map(ex.genes.map((g, i) => [g, ex.attention[i]]));
  }

  /** Genes the composer accepts: measured, perturbed in some condition, or annotated for a model of single cells. */
  composable(): string[] {
    const { ds } = this;
    const annotated = [...this.models.values()].flatMap((m) => (isGenerative(m) ? m.annotatedGenes() : []));
    return [...new Set([...ds.genes, ...ds.conditions.flatMap((c) => c.genes), ...annotated])].sort();
  }

  /**
   * Every model's prediction for typed genes; models of single cells also generate cells of the
   * combination, shown over the control cloud (and the observed cells when it was measured).
   */
  async compose(typed: string[], inGraph: (gene: string) => string | null = () => null): Promise<ComposeView> {
    const { ds } = this;
    if (!this.models.size)
      throw new Error('Train models first (or load a saved one): the composer shows their predictions.');
    const genes = resolveGenes(typed, this.composable(), inGraph);
    const rows = await composePredictions(this.models, genes);
    const measured = new Map(ds.conditions.map((c) => [c.genes.join('+'), c.name]));
    const measuredAs = measured.get(genes.join('+')) ?? measured.get([...genes].reverse().join('+')) ?? null;
    const shown = strongest(
      rows.filter((r) => r.coverage.ok).map((r) => r.delta),
      15,
    );
    const makers = [...this.generated].filter(([id]) => rows.find((r) => r.model === id)?.coverage.ok);
    let generated: GeneratedCellsView[] = [];
    if (makers.length) {
      const reader = await this.open();
      try {
        const samples = sampleCells(
          reader,
          ds,
          measuredAs ? [CONTROL_CELLS, measuredAs] : [CONTROL_CELLS],
          DISTRIBUTION_CELLS,
          0,
          ds.genes.map((_, j) => j),
        );
        const [control, observed] = [samples[0].values, samples[1]?.values ?? []];
        generated = await Promise.all(
          makers.map(([id]) => this.cellsView(id, genes, shown, observed, control, measuredAs ?? undefined)),
        );
      } finally {
        reader.close();
      }
    }
    const measuredDelta = measuredAs ? ds.conditions.find((c) => c.name === measuredAs)!.delta : null;
    return {
      genes,
      measuredAs,
      shown: shown.map((j) => ds.genes[j]),
      observed: measuredDelta && shown.map((j) => measuredDelta[j]),
      rows: rows.map((r) => ({
        model: r.model,
        label: r.label,
        ok: r.coverage.ok,
        reason: r.coverage.ok ? null : r.coverage.reason,
        values: shown.map((j) => r.delta[j]),
        interaction: r.interaction && {
          class: r.interaction.class,
          c1: r.interaction.c1,
          c2: r.interaction.c2,
          magnitude: r.interaction.magnitude,
          fitCorrelation: r.interaction.fitCorrelation,
        },
      })),
      generated,
    };
  }

  /**
   * One model of single cells: its generated cells of a perturbation (those scored on the test set
   * when it is a test condition, else new ones), as changes on the chosen genes, in the fixed 2-D
   * PCA space beside the observed and control cells, and as cell-state proportions.
   */
  private async cellsView(
    id: string,
    perturbation: readonly string[],
    genes: readonly number[],
    observed: readonly Float32Array[],
    control: readonly Float32Array[],
    condition?: string,
  ): Promise<GeneratedCellsView> {
    const g = this.generated.get(id)!;
    const m = this.models.get(id)!;
    const cells =
      (condition && g.cells.get(condition)) ||
      (isGenerative(m) ? await m.generate(perturbation, DISTRIBUTION_CELLS, 1) : []);
    const xy = (rows: readonly Float32Array[]) => {
      const p = project({ center: g.space.pca.center, axes: g.space.pca.axes.slice(0, 2) }, rows);
      return { x: p.map((v) => v[0]), y: p.map((v) => v[1]) };
    };
    const prop = (rows: readonly Float32Array[]) =>
      rows.length ? proportions(g.space.centres, project(g.space.pca, rows)) : [];
    return {
      model: id,
      label: m.label,
      cells: changes(this.ds, genes, cells, condition),
      control: xy(control),
      observed: xy(observed),
      generatedXy: xy(cells),
      proportions: { observed: prop(observed), generated: prop(cells), control: prop(control) },
    };
  }

  /**
   * The top-20 DE genes of a condition: every cell's change (sampled) and each model's prediction;
   * with a model of single cells, its generated cells too — per gene, in the fixed 2-D PCA space
   * over the control cloud, and as cell-state proportions.
   */
  async distribution(condition: string): Promise<DistributionView | null> {
    const { ds } = this;
    const c = ds.conditions.find((x) => x.name === condition);
    if (!c) return null;
    const genes = Array.from(c.deTop.slice(0, 20));
    const all = ds.genes.map((_, j) => j);
    const reader = await this.open();
    let sample, control;
    try {
      [sample, control] = sampleCells(reader, ds, [condition, CONTROL_CELLS], DISTRIBUTION_CELLS, 0, all);
    } finally {
      reader.close();
    }
    return {
      condition,
      nCells: c.nCells,
      genes: genes.map((j) => ds.genes[j]),
      cells: changes(ds, genes, sample.values, condition),
      observedMean: genes.map((j) => c.delta[j]),
      predictions: this.results
        .filter((r) => r.model !== 'split-half')
        .flatMap((r) => {
          const p = r.conditions.find((x) => x.name === condition)?.prediction;
          return p ? [{ model: r.model, label: r.label, values: genes.map((j) => p[j]) }] : [];
        }),
      generated: await Promise.all(
        [...this.generated.keys()].map((id) =>
          this.cellsView(id, c.genes, genes, sample.values, control.values, condition),
        ),
      ),
    };
  }

  async exportModel(id: string): Promise<{ bytes: Uint8Array; fileName: string; label: string }> {
    const m = this.models.get(id);
    const meta = this.trainedOn.get(id);
    if (!m || !meta) throw new Error(`no trained model '${id}' to save`);
    const created = new Date().toISOString();
    const bytes = encodeArtifact({
      model: m.id,
      label: m.label,
      genes: [...this.ds.genes],
      dataset: meta.dataset,
      split: meta.split,
      seed: meta.seed,
      backend: meta.backend,
      trainedOn: meta.trainedOn,
      created,
      state: await m.save(),
    });
    return {
      bytes,
      label: m.label,
      fileName: `${m.id}-${meta.dataset.replace(/\.h5ad$/i, '')}-${meta.split}-seed${meta.seed}.psmodel`,
    };
  }

  /**
   * A saved model, restored for the open dataset. It joins the composer at once; it is scored in
   * the leaderboard only on the split and seed it was trained with (on another split, its training
   * conditions may be test conditions, and its score would flatter it).
   */
  async importModel(bytes: Uint8Array, name: string): Promise<ImportedModel> {
    const { ds } = this;
    const art = decodeArtifact(bytes, name);
    const m = restoreModel(art, ds.genes);
    const id = `loaded:${art.model}`;
    this.models.get(id)?.dispose();
    this.models.set(id, m);
    this.kept.set(id, art.state);
    this.version++;
    this.trainedOn.set(id, {
      split: art.split,
      seed: art.seed,
      dataset: art.dataset,
      backend: art.backend,
      trainedOn: art.trainedOn,
    });
    const label = `${art.label} (loaded)`;
    const split = this.split;
    let note = `Loaded ${art.label}, trained on ${art.dataset} (${art.split} split, seed ${art.seed}, ${art.trainedOn}); it predicts without retraining.`;
    if (split && split.name === art.split && split.seed === art.seed) {
      const byName = new Map(ds.conditions.map((c) => [c.name, c]));
      const predicted = await m.predict(
        split.test.map((n) => byName.get(n)!.genes),
        split.test.map((n) => byName.get(n)!.reference),
      );
      const scored = scorePredictions(
        ds,
        split,
        new Map(split.test.map((n, i) => [n, predicted[i]])),
        undefined,
        this.deGenes,
      );
      const coverage = split.test.flatMap((n) => {
        const cov = m.coverage(byName.get(n)!.genes);
        return cov.ok ? [] : [{ condition: n, reason: cov.reason }];
      });
      this.results = [
        ...this.results.filter((r) => r.model !== id),
        {
          model: id,
          label,
          split: split.name,
          seed: split.seed,
          backend: art.backend,
          train_seconds: 0,
          trained_on: art.trainedOn,
          coverage,
          ...scored,
          interactions: interactionsOf(ds, scored.conditions),
        },
      ];
      note += ' Scored on the current split: it is in the leaderboard.';
    } else {
      note += split
        ? ` The current split is ${split.name}, seed ${split.seed}: it is in the composer only, not the leaderboard.`
        : ' Train and evaluate on the same split and seed to see it in the leaderboard; it is in the composer now.';
    }
    return { model: id, label, note, summary: this.summary() };
  }
}

/** Per chosen gene: each cell's change from the condition's control reference (pooled for a new one). */
function changes(
  ds: PerturbDataset,
  genes: readonly number[],
  cells: readonly Float32Array[],
  condition?: string,
): number[][] {
  const ref = ds.conditions.find((c) => c.name === condition)?.reference ?? ds.control.mean;
  return genes.map((j) => cells.map((v) => v[j] - ref[j]));
}
