import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkKnownFlags, parseArgs, stringFlag, UsageError, type ParsedArgs } from './args';
import { DESIGN_FLAGS, designOptions } from './designFlags';
import { EMBEDDING_FLAGS, embeddingOption } from './embedding';
import { AT_ONCE_FLAGS, endThreads, helperThreads } from './atOnce';
import { DEMO_PATH } from './paths';
import { openH5adPath, nodeH5 } from '../src/node/openH5ad';
import { loadPerturbDataset, type PerturbDataset } from '../src/core/dataset/build';
import { makeSplit, type Split, type SplitName } from '../src/core/eval/splits';
import type { ModelResult } from '../src/core/eval/runner';
import { evaluateModels, withBaselines, type EvaluateOptions, type Evaluated } from '../src/core/eval/evaluate';
import { availableModels, modelSpec } from '../src/core/models/registry';
import { loadGenotypeVae } from '../src/node/genotypeVaeAsset';
import { loadGoAsset } from '../src/node/goAsset';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../src/core/tensor/wasmBackend';
import { writeH5ad } from '../src/core/anndata/writer';
import { predictionsContent } from '../src/core/eval/exports';
import type { H5adReader } from '../src/core/anndata/reader';
import type { InteractionFit } from '../src/core/eval/interactions';
import { LAYER } from '../src/core/catalog';

const SPLITS: SplitName[] = ['simulation', 'combo_seen2', 'single'];

export interface TrainSetup {
  reader: H5adReader;
  ds: PerturbDataset;
  models: string[];
  split: SplitName;
}

/** Opens `--data` with the design flags; logs which control reference the changes are measured from. */
export async function openData(
  a: ParsedArgs,
  log: (s: string) => void,
): Promise<{ reader: H5adReader; ds: PerturbDataset }> {
  const arg = stringFlag(a, 'data');
  if (!arg) throw new UsageError('--data FILE.h5ad (or demo) is required');
  const opts = await designOptions(a);
  const reader = await openH5adPath(arg === 'demo' ? DEMO_PATH : arg);
  try {
    const ds = loadPerturbDataset(reader, opts);
    log(`changes from ${describeReference(ds)}`);
    for (const w of ds.warnings) log(`warning: ${w}`);
    return { reader, ds };
  } catch (e) {
    reader.close();
    throw e;
  }
}

export function describeReference(ds: PerturbDataset): string {
  const r = ds.controlReference;
  return r.kind === 'matched'
    ? `covariate-matched controls (${r.covariates.join(' × ')}: ${ds.strata.length} strata)`
    : `the pooled control cells (${ds.nControlCells.toLocaleString('en-US')})`;
}

/** The requested models plus every baseline: baselines are always reported. */
export function modelList(arg: string | undefined): string[] {
  if (!arg) throw new UsageError(`--model ID[,ID...] is required (available: ${availableModels().join(', ')})`);
  const asked =
    arg === 'all'
      ? availableModels()
      : arg
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean);
  const unknown = asked.filter((m) => !availableModels().includes(m));
  if (unknown.length)
    throw new UsageError(
      `unknown model(s) ${unknown.join(', ')} (available in this version: ${availableModels().join(', ')})`,
    );
  return withBaselines(asked);
}

/**
 * `all` means every model the data allow: models of raw counts drop out (with a line saying so) when
 * X is log-normalised; asked for by name, they fail with the reason instead.
 */
export function modelsForData(models: string[], ds: PerturbDataset, all: boolean, log: (s: string) => void): string[] {
  if (!all || ds.values === 'counts') return models;
  const dropped = models.filter((m) => modelSpec(m).needs.counts);
  if (dropped.length)
    log(
      `skipping ${dropped.join(', ')}: X holds log-normalised values (${ds.valuesEvidence}), and these models read raw counts`,
    );
  return models.filter((m) => !modelSpec(m).needs.counts);
}

export function splitName(arg: string | undefined): SplitName {
  const s = (arg ?? 'simulation') as SplitName;
  if (!SPLITS.includes(s)) throw new UsageError(`--split must be one of ${SPLITS.join(', ')}, got '${arg}'`);
  return s;
}

export function seedOf(arg: string | undefined): number {
  const n = Number(arg ?? 0);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--seed needs a whole number ≥ 0, got '${arg}'`);
  return n;
}

const GRAPH_NAMES: Record<string, string> = { go: LAYER.go, coexpr: LAYER.coexpression };

/** --graphs go,coexpr: which of the graphs the graph models may use (all by default). */
function graphList(arg: string | undefined): Set<string> | undefined {
  if (arg === undefined) return undefined;
  const names = arg
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !GRAPH_NAMES[n]);
  if (bad.length)
    throw new UsageError(`unknown graph(s) ${bad.join(', ')} (known: ${Object.keys(GRAPH_NAMES).join(', ')})`);
  return new Set(names.map((n) => GRAPH_NAMES[n]));
}

export async function trainAll(
  reader: H5adReader,
  ds: PerturbDataset,
  models: string[],
  split: Split,
  seed: number,
  backend: string,
  log: (s: string) => void,
  extra: Pick<
    EvaluateOptions,
    'epochs' | 'allowedGraphs' | 'cellsPerCondition' | 'degrade' | 'embedding' | 'helpers'
  > = {},
): Promise<Evaluated> {
  const ev = await evaluateModels(reader, ds, split, {
    models,
    seed,
    backend,
    ...extra,
    go: loadGoAsset,
    genotype: async () => loadGenotypeVae(await loadGoAsset()),
    onStep: (step) => step === 'split-half' && log('split-half ceiling'),
    onProgress: (m, p) =>
      p.epoch % 10 === 0 &&
      log(
        `${m}: epoch ${p.epoch}/${p.epochs}, training loss ${p.trainLoss.toFixed(5)}${p.validationMetric === null ? '' : `, validation 1 − Pearson Δ ${p.validationMetric.toFixed(4)}`}`,
      ),
  });
  for (const g of ev.graphs.keys()) log(`graph ${g}: ${ev.graphs.get(g)!.src.length} edges`);
  log(
    `the whole run took ${ev.run.seconds.toFixed(1)} s${ev.run.atOnce > 1 ? `, with up to ${ev.run.atOnce} models training at once (--at-once 1: one at a time)` : ''}`,
  );
  for (const r of ev.results) {
    if (r.model === 'split-half') continue;
    log(
      `${r.model}: trained in ${r.train_seconds.toFixed(2)} s (${r.trained_on}); all_test pearson_delta ${r.subsets.all_test?.pearson_delta.toFixed(3) ?? 'n/a'}${r.interactions ? `; interaction class agreement ${r.interactions.nClassified ? `${(100 * r.interactions.classAgreement).toFixed(0)}% of the ${r.interactions.nClassified} classifiable` : 'n/a: none classifiable'} of ${r.interactions.n} doubles` : ''}`,
    );
    const dist = r.distribution?.subsets.all_test;
    if (dist)
      log(
        `${r.model}: cell distributions (energy distance in ${r.distribution!.space.components}-PC space, lower is better) generated ${dist.energy.toFixed(3)} vs training sample ${dist.energy_training_sample.toFixed(3)} vs control ${dist.energy_control.toFixed(3)}; cell-state proportions TV ${dist.proportions_tv.toFixed(3)} vs ${dist.proportions_tv_training_sample.toFixed(3)} vs ${dist.proportions_tv_control.toFixed(3)}; DE genes against the observed (Virtual Cell Challenge 2026) direction fidelity ${fixed(dist.de_direction_fidelity)} vs ${fixed(dist.de_direction_fidelity_training_sample)}, Jaccard ${fixed(dist.de_sig_jaccard)} vs ${fixed(dist.de_sig_jaccard_training_sample)}, lfc_nmae ${fixed(dist.lfc_nmae)} vs ${fixed(dist.lfc_nmae_training_sample)}`,
      );
    if (r.coverage.length)
      log(
        `${r.model}: ${r.coverage.length} test condition(s) used a fallback, e.g. ${r.coverage[0].condition}: ${r.coverage[0].reason}`,
      );
  }
  return ev;
}

/** Selects the tfjs backend of this process: plain JS ('cpu') or WASM. */
export async function useCliBackend(name: string): Promise<string> {
  if (!['cpu', 'wasm'].includes(name)) throw new UsageError(`--backend must be cpu or wasm, got '${name}'`);
  await tf.setBackend(name);
  await tf.ready();
  return tf.getBackend();
}

export function epochsOf(arg: string | undefined, flag = '--epochs'): number | undefined {
  if (arg === undefined) return undefined;
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a whole number ≥ 1, got '${arg}'`);
  return n;
}

export async function trainCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, []);
  checkKnownFlags(a, [
    'data',
    'model',
    'split',
    'seed',
    'out',
    'epochs',
    'graphs',
    'backend',
    'cells',
    ...EMBEDDING_FLAGS,
    ...AT_ONCE_FLAGS,
    ...DESIGN_FLAGS,
  ]);
  const out = stringFlag(a, 'out');
  if (!out) throw new UsageError('--out DIR is required');
  const backend = await useCliBackend(stringFlag(a, 'backend') ?? 'wasm');
  const epochs = epochsOf(stringFlag(a, 'epochs'));
  const cells = stringFlag(a, 'cells') === undefined ? undefined : epochsOf(stringFlag(a, 'cells'), '--cells');
  const graphs = graphList(stringFlag(a, 'graphs'));
  const asked = modelList(stringFlag(a, 'model'));
  const splitArg = splitName(stringFlag(a, 'split'));
  const seed = seedOf(stringFlag(a, 'seed'));
  const helpers = helperThreads(a);
  const { reader, ds } = await openData(a, (s) => process.stderr.write(s + '\n'));
  try {
    const models = modelsForData(asked, ds, stringFlag(a, 'model') === 'all', (s) => process.stderr.write(s + '\n'));
    const embedding = await embeddingOption(a, ds, (s) => process.stderr.write(s + '\n'));
    const split = makeSplit(ds.conditions, splitArg, seed);
    process.stderr.write(
      `split ${split.name} (seed ${seed}): ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test conditions\n`,
    );
    const { results, generated } = await trainAll(
      reader,
      ds,
      models,
      split,
      seed,
      backend,
      (s) => process.stderr.write(s + '\n'),
      { epochs, allowedGraphs: graphs, cellsPerCondition: cells, embedding, helpers },
    );
    mkdirSync(out, { recursive: true });
    const metrics = results.map((r) => metricsRecord(r, ds));
    writeFileSync(join(out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
    writeH5ad(await nodeH5(), join(out, 'predictions.h5ad'), predictionsContent(ds, results));
    process.stderr.write(`wrote ${join(out, 'metrics.json')} and ${join(out, 'predictions.h5ad')}\n`);
    if (generated.size) {
      await writeGeneratedCells(join(out, 'generated_cells.h5ad'), ds, generated);
      process.stderr.write(`wrote ${join(out, 'generated_cells.h5ad')}\n`);
    }
    return 0;
  } finally {
    reader.close();
    await endThreads(helpers);
  }
}

/** A model's entry of metrics.json: scores per subset, and the interaction analysis of doubles. */
export function metricsRecord(r: ModelResult, ds: PerturbDataset) {
  const { conditions: _c, label: _l, trained_on: _t, coverage: _v, interactions, distribution, ...rest } = r;
  const fit = (f: InteractionFit) => ({
    c1: f.c1,
    c2: f.c2,
    c1_ls: f.ls[0],
    c2_ls: f.ls[1],
    magnitude: f.magnitude,
    fit_correlation: f.fitCorrelation,
    dominance: f.dominance,
    class: f.class,
  });
  return {
    ...rest,
    trained_on: r.trained_on,
    control_reference: ds.controlReference,
    ...(interactions && {
      interactions: {
        n: interactions.n,
        n_classified: interactions.nClassified,
        class_agreement: Number.isNaN(interactions.classAgreement) ? null : interactions.classAgreement,
        magnitude_pearson: interactions.magnitudePearson,
        doubles: interactions.doubles.map((d) => ({
          condition: d.condition,
          subset: d.subset,
          observed: fit(d.observed),
          predicted: fit(d.predicted),
        })),
      },
    }),
    ...(distribution && {
      distribution: { ...distribution.space, subsets: distribution.subsets, conditions: distribution.conditions },
    }),
  };
}

/** Generated cells of every model of single cells: obs `model`, `condition`; X = normalised expression. */
async function writeGeneratedCells(path: string, ds: PerturbDataset, generated: Evaluated['generated']): Promise<void> {
  const rows = [...generated].flatMap(([model, g]) =>
    [...g.cells].flatMap(([condition, cells]) => cells.map((x) => ({ model, condition, x }))),
  );
  const G = ds.genes.length;
  const X = new Float32Array(rows.length * G);
  rows.forEach((r, i) => X.set(r.x, i * G));
  writeH5ad(await nodeH5(), path, {
    X: { kind: 'dense', nObs: rows.length, nVars: G, data: X },
    obsNames: rows.map((r, i) => `${r.model}:${r.condition}:${i}`),
    varNames: ds.genes,
    obs: { model: { labels: rows.map((r) => r.model) }, condition: { labels: rows.map((r) => r.condition) } },
    uns: {
      description:
        'Perturbscope generated cells: X is generated normalised expression (log1p CP10k) of each test condition.',
    },
  });
}

/** A score to three decimals, or "n/a" where nothing was scored. */
function fixed(v: number | null): string {
  return v === null ? 'n/a' : v.toFixed(3);
}
