import { InputError, CancelledError } from '../errors';
import { labelsNeedLexicon, loadPerturbDataset, type PerturbDataset } from '../dataset/build';
import { inspectSummary } from '../dataset/summary';
import { guideAgreement, type GuideReport } from '../dataset/guides';
import { coexpressionForDataset } from '../graph/datasetGraphs';
import type { GeneGraph } from '../graph/geneGraph';
import type { H5adReader } from '../anndata/reader';
import { decodeSession, encodeSession, type EvaluationSnapshot } from './sessionFile';
import { DATASET_LAYER, type GraphStore } from './graphs';
import type { H5adContent } from '../anndata/writer';
import { predictionsContent, predictionsCsv } from '../eval/exports';
import type { Evaluation } from './evaluation';
import type { FitHelper } from '../models/fitHelper';
import type {
  ComposeView,
  ConditionDetail,
  DatasetView,
  DistributionView,
  EgoRequest,
  EgoView,
  EvaluationProgress,
  EvaluationRequest,
  RobustnessRequest,
  RobustnessView,
  EvaluationSummary,
  GoLayerSpec,
  ImportedGraphReport,
  ImportedModel,
  LayerInfo,
  LoadProgress,
  LoadSettings,
  PredictionView,
} from './views';
import { MAX_AT_ONCE } from './views';
import type { RunAssets } from './evaluation';

/** How long a load waits for the dataset cache before it starts reading the file as well. */
const CACHE_PATIENCE_MS = 250;

/** What a session needs from where it runs (the page's worker, or Node). */
export interface SessionEnv {
  /** Graphs and shipped assets, shared by every session of a page. */
  graphs: GraphStore;
  /** The compute backend training runs on, once it is ready (recorded with every trained model). */
  backend(): Promise<string>;
  /**
   * Given a failure during training: if the compute backend itself was lost (a GPU device that
   * stopped), switches to another and returns its name; otherwise null.
   */
  backendLost?(error: unknown): Promise<string | null>;
  /**
   * Up to `n` helpers that fit models while this thread fits others (so n + 1 models train at
   * once), for a backend that computes on this machine's cores; none for another backend.
   */
  fitHelpers?(backend: string, n: number): FitHelper[];
  /** Writes an AnnData file and returns its bytes (an export the user downloads). */
  h5adBytes(content: H5adContent): Promise<Uint8Array>;
}

/** Opens the session's file again, read-only; the caller closes the reader. */
export type Reopen = () => Promise<{ reader: H5adReader; bytes: number }>;

/**
 * Where a dataset computed on an earlier visit may be kept (the page keeps the demo's, read with
 * the same settings by the same build): a hit shows the summary without reading the file.
 */
export interface DatasetCache {
  get(): Promise<{ dataset: PerturbDataset; bytes: number } | null>;
  put(entry: { dataset: PerturbDataset; bytes: number }): Promise<void>;
}

/**
 * One opened dataset and everything computed on it: its graphs layer, its evaluation, its models.
 * Opening another file makes a new session and closes this one: its running work stops, and
 * whatever it was computing can never land anywhere, because nothing outlives the session object.
 */
export class Session {
  private evaluationLoad: Promise<Evaluation> | null = null;
  private evaluation: Evaluation | null = null;
  private coexpression: GeneGraph | null = null;
  private closed = false;

  private constructor(
    /** Unique per load within a page: the key the page's cached queries carry. */
    readonly id: string,
    readonly dataset: PerturbDataset,
    readonly view: DatasetView,
    private readonly reopen: Reopen,
    private readonly env: SessionEnv,
  ) {}

  /** Reads and summarises a dataset. Throws `InputError`s that say what is wrong with the file. */
  static async open(
    id: string,
    reopen: Reopen,
    settings: LoadSettings,
    env: SessionEnv,
    onProgress?: (p: LoadProgress) => void,
    cache?: DatasetCache,
  ): Promise<Session> {
    const t0 = performance.now();
    // The cache is asked first; if it has not answered quickly (a first visit creates the browser's
    // store, which takes a while), the file is opened meanwhile. A hit closes that reader unused.
    const asking = cache ? cache.get().catch(() => null) : Promise.resolve(null);
    let opening: ReturnType<Reopen> | null = null;
    const startOpening = () => {
      if (!opening) {
        opening = reopen();
        // Read speculatively: a failure matters only if the cache misses (then it is awaited below).
        opening.catch(() => undefined);
      }
      return opening;
    };
    const timer = setTimeout(startOpening, CACHE_PATIENCE_MS);
    const kept = await asking;
    clearTimeout(timer);
    if (kept) {
      void (opening as ReturnType<Reopen> | null)?.then(
        ({ reader }) => reader.close(),
        () => undefined,
      );
      return new Session(id, kept.dataset, datasetView(id, kept.dataset, kept.bytes, t0, true), reopen, env);
    }
    const { reader, bytes } = await startOpening();
    try {
      // The GO asset's symbols and aliases count as genes in labels, read only when the measured
      // genes do not suffice (most files, the demo among them, need no 1 MB asset before their summary).
      const lexicon = labelsNeedLexicon(reader, settings)
        ? await env.graphs.annotations().then(
            (go) => go.lexicon(),
            () => undefined,
          )
        : undefined;
      let last = 0;
      const ds = loadPerturbDataset(reader, {
        ...settings,
        lexicon,
        onOutline: (o) => onProgress?.({ phase: 'pseudobulk', fraction: 0, outline: { ...o, fileBytes: bytes } }),
        onProgress: (p) => {
          const now = performance.now();
          if (now - last > 50 || p.fraction >= 1) {
            last = now;
            onProgress?.(p);
          }
        },
      });
      void cache?.put({ dataset: ds, bytes }).catch(() => undefined);
      return new Session(id, ds, datasetView(id, ds, bytes, t0), reopen, env);
    } finally {
      reader.close();
    }
  }

  /** Stops this session's work and frees its models; every later call is refused. */
  close(): void {
    this.closed = true;
    this.evaluation?.close();
  }

  /** Awaits `p` and refuses its value if the session closed meanwhile. */
  private async live<T>(p: Promise<T> | T): Promise<T> {
    if (this.closed) throw new CancelledError();
    const v = await p;
    if (this.closed) throw new CancelledError();
    return v;
  }

  private async read<T>(f: (reader: H5adReader) => T): Promise<T> {
    const reader = await this.openReader();
    try {
      return f(reader);
    } finally {
      reader.close();
    }
  }

  /** Opens the file again; a reader opened as the session closes is closed, not handed out. */
  private readonly openReader = async (): Promise<H5adReader> => {
    if (this.closed) throw new CancelledError();
    const { reader } = await this.reopen();
    if (this.closed) {
      reader.close();
      throw new CancelledError();
    }
    return reader;
  };

  /**
   * The evaluation code is tfjs and the models: it loads on first use, after the summary shows,
   * together with the compute backend (restoring a model already makes tensors).
   */
  private loadEvaluation(): Promise<Evaluation> {
    this.evaluationLoad ??= Promise.all([import('./evaluation'), this.env.backend()]).then(
      ([m]) => {
        this.evaluation = new m.Evaluation(this.dataset, this.openReader);
        if (this.closed) this.evaluation.close();
        return this.evaluation;
      },
      (e: unknown) => {
        // A backend that failed to start (or a chunk that failed to load) may work on the next try.
        this.evaluationLoad = null;
        throw e;
      },
    );
    return this.live(this.evaluationLoad);
  }

  conditionDetail(name: string, n: number): ConditionDetail | null {
    const ds = this.dataset;
    const c = ds.conditions.find((x) => x.name === name);
    if (!c) return null;
    const topDe = Array.from(c.deTop.slice(0, n), (j) => ({
      gene: ds.genes[j],
      delta: c.delta[j],
      t: c.t[j],
      controlMean: c.reference[j],
    }));
    return { name: c.name, genes: c.genes, nCells: c.nCells, topDe };
  }

  guides(): Promise<GuideReport | null> {
    return this.read((reader) => guideAgreement(reader, this.dataset));
  }

  // Graphs

  layers(): LayerInfo[] {
    return this.env.graphs.list(this.coexpression);
  }

  async ensureLayer(name: string, onProgress?: (fraction: number) => void): Promise<LayerInfo[]> {
    if (name === DATASET_LAYER) {
      this.coexpression ??= await this.read((reader) => coexpressionForDataset(reader, this.dataset, { onProgress }));
    } else {
      await this.live(this.env.graphs.ensure(name, onProgress));
    }
    return this.layers();
  }

  async importGraph(text: string, fileName: string): Promise<ImportedGraphReport> {
    return this.live(this.env.graphs.importTable(text, fileName, this.dataset.genes));
  }

  async addGoLayer(
    spec: GoLayerSpec,
    onProgress?: (fraction: number) => void,
  ): Promise<{ name: string; layers: LayerInfo[] }> {
    const name = await this.live(this.env.graphs.addGoLayer(spec, this.dataset, onProgress));
    return { name, layers: this.layers() };
  }

  async ego(req: EgoRequest): Promise<EgoView> {
    return this.env.graphs.ego(req, this.dataset, await this.live(this.egoColour(req)), this.coexpression);
  }

  sharedGoTerms(a: string, b: string): Promise<{ id: string; name: string; ontology: string }[]> {
    return this.live(this.env.graphs.sharedTerms(a, b));
  }

  /** What the graph's nodes are coloured by, when not the observed change. */
  private async egoColour(req: EgoRequest): Promise<{ label: string; of: (gene: string) => number | null } | null> {
    const cond = this.dataset.conditions.find((c) => c.name === req.condition);
    const evaluation = this.evaluation;
    if (!cond || !evaluation) return null;
    if (req.attention) {
      const att = await evaluation.attention(cond.genes);
      return att && { label: 'APP attention', of: (g) => att.get(g) ?? null };
    }
    const pred = req.colorModel ? evaluation.predictedChange(req.colorModel, cond.name) : null;
    if (!pred) return null;
    const index = new Map(this.dataset.genes.map((g, i) => [g, i]));
    return { label: `${req.colorModel} prediction`, of: (g) => (index.has(g) ? pred[index.get(g)!] : null) };
  }

  // Evaluation

  /** The leaderboard of the last evaluation (null: none yet). */
  summary(): EvaluationSummary | null {
    return this.evaluation?.summary() ?? null;
  }

  async evaluate(req: EvaluationRequest, onProgress?: (p: EvaluationProgress) => void): Promise<EvaluationSummary> {
    const evaluation = await this.loadEvaluation();
    const backend = await this.live(this.env.backend());
    return this.live(
      evaluation.run(
        { ...this.assets(req, backend), onBackendLost: this.env.backendLost && ((e) => this.env.backendLost!(e)) },
        req,
        backend,
        onProgress,
      ),
    );
  }

  /** The graph models retrained on degraded graphs, level by level; the evaluation shown is kept. */
  async robustness(req: RobustnessRequest, onProgress?: (p: EvaluationProgress) => void): Promise<RobustnessView> {
    const evaluation = await this.loadEvaluation();
    const backend = await this.live(this.env.backend());
    return this.live(evaluation.robustness(this.assets(req, backend), req, backend, onProgress));
  }

  /**
   * What a run reads besides the data: GO, PerturbNet's encoder, the imported graph chosen to place
   * genes, and the helpers that train models at once.
   */
  private assets(req: EvaluationRequest, backend: string): RunAssets {
    const graphs = this.env.graphs;
    const atOnce = Math.max(1, Math.min(MAX_AT_ONCE, Math.floor(req.atOnce ?? MAX_AT_ONCE)));
    return {
      helpers: atOnce > 1 ? this.env.fitHelpers?.(backend, atOnce - 1) : undefined,
      go: () => graphs.annotations(),
      genotype: () => graphs.genotype(),
      embedding: req.embedding === undefined ? undefined : graphs.embeddingGraph(req.embedding),
    };
  }

  /** The backend was lost outside a run: the fitted models move to the active one (see Evaluation). */
  rebuildModels(): string[] {
    return this.evaluation?.rebuildModels() ?? [];
  }

  /** The last run's test predictions as a file to download: CSV, or AnnData in the CLI's layout. */
  async exportPredictions(format: 'csv' | 'h5ad'): Promise<{ name: string; bytes: Uint8Array }> {
    const ev = this.evaluation;
    const results = ev?.resultsForExport();
    if (!ev || !results?.length) throw new Error('Train models first: predictions exist after a run.');
    const base = `predictions-${this.dataset.fileName.replace(/\.h5(ad)?$/i, '')}-${results[0].split}-seed${results[0].seed}`;
    const bytes =
      format === 'csv'
        ? new TextEncoder().encode(predictionsCsv(this.dataset, results))
        : await this.env.h5adBytes(predictionsContent(this.dataset, results));
    return { name: `${base}.${format}`, bytes };
  }

  cancelEvaluation(): void {
    this.evaluation?.cancel();
  }

  async compose(genes: string[]): Promise<ComposeView> {
    if (!this.evaluation)
      throw new Error('Train models first (or load a saved one): the composer shows their predictions.');
    const layers = this.env.graphs.list().filter((l) => l.ready);
    const inGraph = (gene: string) => layers.find((l) => this.env.graphs.holds(l.name, gene))?.name ?? null;
    return this.live(this.evaluation.compose(genes, inGraph));
  }

  /** Genes the composer accepts (before any model: the measured and perturbed ones). */
  composableGenes(): string[] {
    const ds = this.dataset;
    return (
      this.evaluation?.composable() ?? [...new Set([...ds.genes, ...ds.conditions.flatMap((c) => c.genes)])].sort()
    );
  }

  async distribution(condition: string): Promise<DistributionView | null> {
    return this.live((await this.loadEvaluation()).distribution(condition));
  }

  prediction(model: string, condition: string): PredictionView | null {
    return this.evaluation?.prediction(model, condition) ?? null;
  }

  async exportModel(model: string): Promise<{ bytes: Uint8Array; fileName: string; label: string }> {
    return this.live((await this.loadEvaluation()).exportModel(model));
  }

  async importModel(bytes: Uint8Array, name: string): Promise<ImportedModel> {
    return this.live((await this.loadEvaluation()).importModel(bytes, name));
  }

  /** The last evaluation, to keep in the browser (null: none yet). */
  async snapshot(): Promise<EvaluationSnapshot | null> {
    return this.evaluation ? this.live(this.evaluation.snapshot()) : null;
  }

  /** Shows a kept evaluation of this dataset again, without training. */
  async restoreSnapshot(snapshot: EvaluationSnapshot): Promise<EvaluationSummary> {
    const evaluation = await this.loadEvaluation();
    return this.live(evaluation.restore(snapshot));
  }

  /** The bytes of a session file: the last evaluation with the dataset it belongs to and the view. */
  async saveSession(meta: {
    dataset: { fileName: string; fileBytes: number; key: string };
    view: string;
  }): Promise<Uint8Array> {
    const snapshot = await this.snapshot();
    if (!snapshot)
      throw new InputError(
        'no-session',
        'There is no evaluation to save yet.',
        'Train and evaluate first; then save the session.',
      );
    return encodeSession({ created: new Date().toISOString(), ...meta, snapshot });
  }

  /** Opens a session file made on this dataset (`key`): its evaluation and its view. */
  async openSessionFile(
    bytes: Uint8Array,
    name: string,
    key: string,
  ): Promise<{ summary: EvaluationSummary; view: string }> {
    const file = await this.live(decodeSession(bytes, name));
    if (file.dataset.key !== key) {
      throw new InputError(
        'bad-session-file',
        `${name} was made on ${file.dataset.fileName} (${file.dataset.fileBytes.toLocaleString('en-US')} bytes), read with other settings or another file than the one open now.`,
        `Open ${file.dataset.fileName} with the same design settings first, then open the session again.`,
      );
    }
    return { summary: await this.restoreSnapshot(file.snapshot), view: file.view };
  }
}

function datasetView(id: string, ds: PerturbDataset, bytes: number, t0: number, kept = false): DatasetView {
  return {
    id,
    summary: inspectSummary(ds),
    fileName: ds.fileName,
    fileBytes: bytes,
    xCompression: ds.xCompression,
    valuesEvidence: ds.valuesEvidence,
    geneSource: ds.geneSource,
    nGenes: ds.genes.length,
    hvgSelected: ds.hvgSelected,
    obsColumns: ds.obsColumns,
    perturbationLabels: ds.perturbationLabels,
    controlLabels: ds.controlLabels,
    nSkippedCells: ds.nSkippedCells,
    syntheticNote: ds.syntheticNote,
    warnings: ds.warnings,
    loadSeconds: (performance.now() - t0) / 1000,
    kept,
  };
}
