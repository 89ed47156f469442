import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelList, modelsForData } from '../../cli/train';
import type { PerturbDataset } from '../../src/core/dataset/build';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'perturbscope.mjs');
const PUBLIC_DATA = join(import.meta.dirname, '..', '..', 'public', 'data');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const SUBSET_KEYS = [
  'n',
  'pearson_delta',
  'pearson_delta_de20',
  'mse',
  'mse_de20',
  'l2_top1000',
  'r2',
  'r2_de50',
  'direction_de20',
  'lfc_nmae',
  'retrieval',
  'pds_cosine',
  'pearson_delta_pert',
  'centroid_accuracy',
];

describe('perturbscope train', () => {
  const out = mkdtempSync(join(tmpdir(), 'ps-train-'));
  const r = run('train', '--data', 'demo', '--model', 'linear', '--split', 'simulation', '--seed', '0', '--out', out);

  it('writes metrics.json for the model, every baseline and the split-half ceiling', () => {
    expect(r.status, r.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.map((m: { model: string }) => m.model)).toEqual([
      'linear',
      'nochange',
      'mean',
      'additive',
      'knn',
      'go-ridge',
      'go-knn',
      'general',
      'split-half',
    ]);
    for (const m of metrics) {
      expect(Object.keys(m)).toEqual([
        'model',
        'split',
        'seed',
        'backend',
        'train_seconds',
        'subsets',
        'trained_on',
        'control_reference',
        ...(m.model === 'split-half' ? [] : ['interactions']),
      ]);
      expect(m.control_reference).toEqual({ kind: 'matched', covariates: ['gem_group'] });
      expect(m.split).toBe('simulation');
      expect(Object.keys(m.subsets).sort()).toEqual([
        'all_test',
        'combo_seen0',
        'combo_seen1',
        'combo_seen2',
        'unseen_single',
      ]);
      for (const s of Object.values(m.subsets) as ({ normalized: Record<string, number | null> } & Record<
        string,
        number
      >)[]) {
        const { normalized, ...values } = s;
        expect(Object.keys(values)).toEqual(SUBSET_KEYS);
        for (const v of Object.values(values)) expect(Number.isFinite(v)).toBe(true);
        expect(Object.keys(normalized)).toEqual([
          'pearson_delta',
          'pearson_delta_de20',
          'mse',
          'pds_cosine',
          'pearson_delta_pert',
        ]);
      }
    }
    // The demo is calibrated to the screen it imitates: the mean baseline near real Norman 2019
    // (0.58 in GEARS' tutorial), a repeat of the experiment well above it, additive above mean on
    // doubles whose singles were both seen (Ahlmann-Eltze et al. 2025).
    const all = (id: string, subset = 'all_test') =>
      metrics.find((m: { model: string }) => m.model === id).subsets[subset].pearson_delta;
    expect(all('mean')).toBeGreaterThanOrEqual(0.5);
    expect(all('mean')).toBeLessThanOrEqual(0.65);
    expect(all('split-half')).toBeGreaterThanOrEqual(0.85);
    expect(all('additive', 'combo_seen2')).toBeGreaterThan(all('mean', 'combo_seen2'));
    const nochange = metrics.find((m: { model: string }) => m.model === 'nochange');
    expect(nochange.subsets.all_test.pearson_delta).toBe(0);
    expect(nochange.subsets.all_test.retrieval).toBe(0.5);
    // Normalised scores: the mean baseline is 0 and the ceiling 1 by construction; another model is
    // (u − b) / (r − b) from the same file's values.
    const norm = (id: string, k: string) =>
      metrics.find((m: { model: string }) => m.model === id).subsets.all_test.normalized[k];
    expect(norm('mean', 'pearson_delta')).toBe(0);
    expect(norm('split-half', 'mse')).toBe(1);
    const [u, b, c] = ['linear', 'mean', 'split-half'].map((m) => all(m));
    expect(norm('linear', 'pearson_delta')).toBeCloseTo((u - b) / (c - b), 12);
    // A zero change is equally far from every condition's; the mean baseline is the training centroid.
    expect(nochange.subsets.all_test.pds_cosine).toBe(0.5);
    // Predicting no change misses every observed fold change by its whole size: lfc_nmae 1.
    expect(nochange.subsets.all_test.lfc_nmae).toBeCloseTo(1, 12);
    const mean = metrics.find((m: { model: string }) => m.model === 'mean');
    expect(Math.abs(mean.subsets.all_test.pearson_delta_pert)).toBeLessThan(1e-9);
  });

  it('reports genetic interactions of the test doubles, observed against predicted', () => {
    type Fit = { c1: number; c2: number; magnitude: number; fit_correlation: number; class: string };
    type GI = {
      n: number;
      n_classified: number;
      class_agreement: number;
      doubles: { condition: string; observed: Fit; predicted: Fit }[];
    };
    const metrics: { model: string; interactions?: GI }[] = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const gi = (id: string) => metrics.find((m) => m.model === id)!.interactions!;
    const CLASSES = [
      'neomorphic',
      'redundant',
      'epistatic',
      'synergistic',
      'suppressive',
      'additive',
      'not classifiable',
    ];
    expect(gi('linear').n).toBeGreaterThan(20);
    for (const d of gi('linear').doubles) {
      expect(CLASSES).toContain(d.observed.class);
      expect(d.observed.magnitude).toBeCloseTo(Math.hypot(d.observed.c1, d.observed.c2), 9);
    }
    // The observed side is the same for every model; no change predicts c = (0, 0), "suppressive".
    expect(gi('mean').doubles.map((d) => d.observed)).toEqual(gi('linear').doubles.map((d) => d.observed));
    expect(new Set(gi('nochange').doubles.map((d) => d.predicted.class))).toEqual(new Set(['suppressive']));
    const classified = gi('nochange').doubles.filter((d) => d.observed.class !== 'not classifiable');
    expect(gi('nochange').n_classified).toBe(classified.length);
    const agreement = classified.filter((d) => d.observed.class === 'suppressive').length / classified.length;
    expect(gi('nochange').class_agreement).toBeCloseTo(agreement, 12);
  });

  it('writes predictions.h5ad that anndata reads: one row per (model, test condition), observed layer', () => {
    const py = `
import anndata as ad, json, sys, numpy as np
a = ad.read_h5ad(sys.argv[1])
print(json.dumps({"shape": list(a.shape), "cols": list(a.obs.columns), "models": sorted(set(a.obs["model"])),
  "subsets": sorted(set(a.obs["subset"])), "layers": list(a.layers.keys()),
  "nochange_zero": bool(np.all(a[a.obs["model"] == "nochange"].X == 0)),
  "observed_equal_across_models": bool(np.allclose(a.layers["observed"][a.obs["model"] == "mean"], a.layers["observed"][a.obs["model"] == "linear"]))}))`;
    const res = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', py, join(out, 'predictions.h5ad')], { encoding: 'utf8' }),
    );
    expect(res.cols).toEqual(['model', 'condition', 'subset']);
    expect(res.models).toEqual(['additive', 'general', 'go-knn', 'go-ridge', 'knn', 'linear', 'mean', 'nochange']);
    expect(res.layers).toEqual(['observed']);
    expect(res.shape[1]).toBe(1000);
    expect(res.shape[0] % 8).toBe(0);
    expect(res.nochange_zero).toBe(true);
    expect(res.observed_equal_across_models).toBe(true);
  });

  it('rejects an unknown model with the list of available ones', () => {
    const bad = run('train', '--data', 'demo', '--model', 'nope', '--out', out);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown model\(s\) nope \(available in this version: .*linear/);
  });
});

describe('perturbscope train --embedding graph', () => {
  it('places genes for the embedding baselines by a loaded graph, and names it everywhere', () => {
    // The demo's own regulatory network (an oracle here: it shaped the simulated effects) as a lab's edge table.
    const truth = JSON.parse(gunzipSync(readFileSync(join(PUBLIC_DATA, 'demo.truth.json.gz'))).toString('utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'ps-embed-'));
    const edges = join(dir, 'network.tsv');
    writeFileSync(
      edges,
      [
        'source\ttarget\tweight',
        ...truth.network.map(
          (e: { source: string; target: string; weight: number }) => `${e.source}\t${e.target}\t${e.weight}`,
        ),
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const r = run(
      'train',
      '--data',
      'demo',
      '--model',
      'mean',
      '--split',
      'simulation',
      '--out',
      out,
      '--embedding',
      'graph',
      '--graph-file',
      edges,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('spectral embedding of network.tsv');
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const ridge = metrics.find((m: { model: string }) => m.model === 'go-ridge');
    expect(ridge.trained_on).toContain('genes placed by the spectral embedding of network.tsv');
    expect(Number.isFinite(ridge.subsets.unseen_single.pearson_delta)).toBe(true);
    // Asked wrongly: a usage error that says what to give.
    const missing = run('train', '--data', 'demo', '--model', 'mean', '--out', out, '--embedding', 'graph');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--graph-file EDGES.tsv');
    const bad = run('train', '--data', 'demo', '--model', 'mean', '--out', out, '--embedding', 'string');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--embedding must be go or graph, got 'string'");
  });
});

describe('perturbscope train on a real screen', () => {
  const screen = join(import.meta.dirname, '..', 'fixtures', 'generated', 'screen_ko_counts.h5ad');
  it('trains with --covariates, says which control reference it used, and GEARS reaches unmeasured targets through GO', () => {
    // GEARS and APP, two at once (APP in a helper thread) or one at a time.
    const screenRun = (atOnce: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'ps-screen-'));
      const res = run(
        'train',
        '--data',
        screen,
        '--model',
        'gears,app',
        '--split',
        'single',
        '--seed',
        '0',
        '--epochs',
        '2',
        '--covariates',
        'perturbation_2',
        '--at-once',
        atOnce,
        '--out',
        dir,
      );
      return { ...res, out: dir };
    };
    const r = screenRun('2');
    const out = r.out;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('changes from covariate-matched controls (perturbation_2: 2 strata)');
    expect(r.stderr).toContain('with up to 2 models training at once');
    expect(r.stderr).not.toMatch(/gears: \d+ test condition\(s\) used a fallback/);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.map((m: { model: string }) => m.model)).toContain('gears');
    // Two models trained at once score as one at a time do.
    const one = screenRun('1');
    const oneOut = one.out;
    expect(one.status, one.stderr).toBe(0);
    const scores = (ms: { model: string; subsets: unknown }[]) => ms.map((m) => [m.model, m.subsets]);
    expect(scores(JSON.parse(readFileSync(join(oneOut, 'metrics.json'), 'utf8')))).toEqual(scores(metrics));
    const tooMany = run('train', '--data', screen, '--model', 'mean', '--at-once', '9', '--out', oneOut);
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toContain("--at-once needs a whole number from 1 to 4, got '9'");
    for (const m of metrics) expect(m.control_reference).toEqual({ kind: 'matched', covariates: ['perturbation_2'] });
    const pooled = run(
      'train',
      '--data',
      screen,
      '--model',
      'mean',
      '--split',
      'single',
      '--seed',
      '0',
      '--covariates',
      'none',
      '--out',
      out,
    );
    expect(pooled.status, pooled.stderr).toBe(0);
    expect(pooled.stderr).toContain('changes from the pooled control cells (300)');
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'))[0].control_reference).toEqual({
      kind: 'pooled',
      covariates: [],
    });
  });
  it('rejects a design flag with a bad value before reading the data', () => {
    const r = run('train', '--data', screen, '--model', 'mean', '--values', 'raw', '--out', tmpdir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--values must be auto, counts or log-normalized, got 'raw'/);
  });
});

describe('perturbscope benchmark', () => {
  it('prints a leaderboard with baselines and the ceiling, and writes JSON and CSV', () => {
    const out = mkdtempSync(join(tmpdir(), 'ps-bench-'));
    const r = run(
      'benchmark',
      '--data',
      'demo',
      '--models',
      'mean,linear',
      '--split',
      'combo_seen2',
      '--seeds',
      '0,1',
      '--out',
      out,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/combo_seen2 \(n ≈ \d+\)/);
    for (const m of ['nochange', 'mean', 'additive', 'linear', 'knn', 'go-ridge', 'go-knn', 'general', 'split-half'])
      expect(r.stdout).toContain(m);
    const lb = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8'));
    expect(lb.seeds).toEqual([0, 1]);
    expect(lb.rows.every((row: { seeds: number }) => row.seeds === 2)).toBe(true);
    const csv = readFileSync(join(out, 'leaderboard.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',').slice(0, 4)).toEqual(['model', 'subset', 'n', 'seeds']);
    expect(csv[0]).toContain('normalized_pds_cosine_mean');
    const meanRow = lb.rows.find(
      (row: { model: string; subset: string }) => row.model === 'mean' && row.subset === 'all_test',
    );
    expect(meanRow.mean.normalized_pearson_delta).toBe(0);
    expect(csv.length - 1).toBe(lb.rows.length);
  });
});

describe('perturbscope train --model perturbnet,perturbnet-nb', () => {
  const out = mkdtempSync(join(tmpdir(), 'ps-pnet-'));
  const r = run(
    'train',
    '--data',
    'demo',
    '--model',
    'perturbnet,perturbnet-nb',
    '--split',
    'single',
    '--seed',
    '0',
    '--epochs',
    '1',
    '--out',
    out,
  );

  it('scores both PerturbNets beside the baselines, with distribution metrics, and writes generated_cells.h5ad', () => {
    expect(r.status, r.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.map((m: { model: string }) => m.model)).toContain('linear');
    const n = new Set<number>();
    for (const id of ['perturbnet', 'perturbnet-nb']) {
      const pn = metrics.find((m: { model: string }) => m.model === id);
      expect(pn.trained_on).toMatch(/^single cells/);
      const d = pn.distribution.subsets.all_test;
      for (const k of [
        'energy',
        'energy_training_sample',
        'energy_control',
        'proportions_tv',
        'proportions_tv_training_sample',
        'proportions_tv_control',
      ])
        expect(d[k]).toBeGreaterThanOrEqual(0);
      // The Virtual Cell Challenge's DE metrics of the generated cells: null only where nothing was scored.
      for (const k of [
        'de_direction_fidelity',
        'de_sig_jaccard',
        'lfc_nmae',
        'de_direction_fidelity_training_sample',
        'de_sig_jaccard_training_sample',
        'lfc_nmae_training_sample',
      ]) {
        expect(d).toHaveProperty(k);
        if (d[k] !== null) expect(d[k]).toBeGreaterThanOrEqual(0);
      }
      expect(d.de_sig_jaccard === null || d.de_sig_jaccard <= 1).toBe(true);
      n.add(d.n);
    }
    expect(n.size).toBe(1);
    const py = `
import anndata as ad, json, sys
a = ad.read_h5ad(sys.argv[1])
counts = a.obs.groupby(["model", "condition"], observed=True).size()
print(json.dumps({"cols": list(a.obs.columns), "genes": a.shape[1], "models": sorted(a.obs["model"].unique().tolist()), "groups": len(counts), "min": int(counts.min()), "xmin": float(a.X.min())}))`;
    const res = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', py, join(out, 'generated_cells.h5ad')], { encoding: 'utf8' }),
    );
    expect(res.cols).toEqual(['model', 'condition']);
    expect(res.genes).toBe(1000);
    expect(res.models).toEqual(['perturbnet', 'perturbnet-nb']);
    expect(res.groups).toBe(2 * [...n][0]);
    expect(res.min).toBeGreaterThanOrEqual(100);
  });

  it('refuses the count model on a log-normalised file, before training anything, and says why', () => {
    const bad = run(
      'train',
      '--data',
      join(import.meta.dirname, '..', 'fixtures', 'generated', 'gears_csr_lognorm.h5ad'),
      '--model',
      'perturbnet-nb',
      '--split',
      'single',
      '--seed',
      '0',
      '--out',
      mkdtempSync(join(tmpdir(), 'ps-nb-')),
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(
      /PerturbNet with the negative-binomial likelihood models raw counts, but this dataset’s X does not hold counts \(.*fractional/,
    );
    expect(bad.stderr).toContain("Use the Gaussian PerturbNet ('perturbnet')");
    expect(bad.stderr).not.toMatch(/epoch/);
  });
});

describe('--model all', () => {
  it('drops models of raw counts on log-normalised data, with a line saying why; keeps them on counts', () => {
    const all = modelList('all');
    expect(all).toContain('perturbnet-nb');
    const logged: string[] = [];
    const norm = {
      values: 'log-normalized',
      valuesEvidence: '42 of the first 100 stored values are fractional',
    } as PerturbDataset;
    expect(modelsForData(all, norm, true, (s) => logged.push(s))).toEqual(all.filter((m) => m !== 'perturbnet-nb'));
    expect(logged).toEqual([
      'skipping perturbnet-nb: X holds log-normalised values (42 of the first 100 stored values are fractional), and these models read raw counts',
    ]);
    expect(modelsForData(all, { ...norm, values: 'counts' }, true, () => {})).toEqual(all);
    // Asked for by name, it stays (and fails with the reason, as above).
    expect(modelsForData(['perturbnet-nb'], norm, false, () => {})).toEqual(['perturbnet-nb']);
  });
});
