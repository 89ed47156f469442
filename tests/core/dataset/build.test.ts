import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openH5adPath } from '../../../src/node/openH5ad';
import {
  labelsNeedLexicon,
  loadPerturbDataset,
  type DatasetOutline,
  type LoadOptions,
} from '../../../src/core/dataset/build';
import { loadGoAsset } from '../../../src/node/goAsset';
import { guideAgreement, type GuideAgreement } from '../../../src/core/dataset/guides';
import { inspectSummary } from '../../../src/core/dataset/summary';
import { expected, fixture, maxAbsDiff, FIXTURES } from '../../helpers';
import { join } from 'node:path';

const GOOD = [
  'gears_csr_lognorm',
  'scperturb_dense_counts_gzip',
  'csc_float64_counts',
  'guides_csr_int_counts',
  'legacy_categorical',
  'screen_ko_counts',
];

const lexicon = (await loadGoAsset()).lexicon();

/** Loads a fixture as the app and the CLI do: the GO asset's symbols and aliases count as genes. */
async function load(name: string, opts: LoadOptions = {}) {
  const r = await openH5adPath(fixture(name));
  try {
    return loadPerturbDataset(r, { lexicon, ...opts });
  } finally {
    r.close();
  }
}

describe.each(GOOD)('the outline of %s, before its cells are read', (name) => {
  it('is the whole summary but the values, and its counts are numpy’s', async () => {
    const e = expected(name);
    const events: string[] = [];
    let outline: DatasetOutline | null = null;
    const ds = await load(name, {
      onOutline: (o) => {
        events.push('outline');
        outline = o;
      },
      onProgress: (p) => p.phase === 'pseudobulk' && p.fraction > 0 && events.push('cells'),
    });
    expect(events[0]).toBe('outline');
    expect(events.filter((x) => x === 'outline')).toHaveLength(1);
    const o = outline! as DatasetOutline;
    const { values, ...rest } = inspectSummary(ds);
    expect(values).toBe(e.values);
    expect(o.summary).toEqual(rest);
    expect(Object.fromEntries(o.summary.conditions.map((c) => [c.name, c.n_cells]))).toEqual(
      Object.fromEntries(Object.entries(e.conditions).map(([k, c]) => [k, c.n_cells])),
    );
    expect(o.summary.n_control_cells).toBe(e.n_control_cells);
    expect(o.fileName).toBe(ds.fileName);
  });
});

describe.each(GOOD)('pseudobulk of %s against numpy/scipy', (name) => {
  it('matches design, means, variances, deltas, t statistics and DE ranks', async () => {
    const e = expected(name);
    const ds = await load(name);
    const s = inspectSummary(ds);
    expect(s.n_obs).toBe(e.n_obs);
    expect(s.n_vars).toBe(e.n_vars);
    expect(ds.genes).toEqual(e.genes);
    expect(s.x_encoding).toBe(e.x_encoding);
    expect(s.values).toBe(e.values);
    expect(s.perturbation_key).toBe(e.perturbation_key);
    expect(s.control_label).toBe(e.control_label);
    expect(s.control_reference).toEqual({ kind: e.covariates.length ? 'matched' : 'pooled', covariates: e.covariates });
    expect(s.n_control_cells).toBe(e.n_control_cells);
    expect(maxAbsDiff(ds.control.mean, e.control_mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(ds.control.variance, e.control_var)).toBeLessThan(1e-5);
    expect(Array.from(ds.topExpressed.slice(0, 20))).toEqual(e.top_expressed);
    expect(ds.conditions.map((c) => c.name).sort()).toEqual(Object.keys(e.conditions).sort());
    for (const c of ds.conditions) {
      const ec = e.conditions[c.name];
      expect(c.genes).toEqual(ec.genes);
      expect(c.nCells).toBe(ec.n_cells);
      expect(maxAbsDiff(c.mean, ec.mean)).toBeLessThan(1e-5);
      expect(maxAbsDiff(c.variance, ec.var)).toBeLessThan(1e-5);
      expect(maxAbsDiff(c.reference, ec.reference)).toBeLessThan(1e-5);
      expect(maxAbsDiff(c.delta, ec.delta)).toBeLessThan(1e-5);
      expect(maxAbsDiff(c.t, ec.t)).toBeLessThan(1e-5 * Math.max(1, ...ec.t.map(Math.abs)));
      expect(Array.from(c.deTop.slice(0, 20))).toEqual(ec.de_rank);
    }
    expect(s.n_singles).toBe(Object.values(e.conditions).filter((c) => c.genes.length === 1).length);
    expect(s.n_doubles).toBe(Object.values(e.conditions).filter((c) => c.genes.length === 2).length);
  });
});

describe('covariate-matched controls', () => {
  const truth: Record<string, number[]> = JSON.parse(
    readFileSync(join(FIXTURES, 'matched_truth_lognorm.truth.json'), 'utf8'),
  );
  const error = (ds: Awaited<ReturnType<typeof load>>) =>
    Math.max(...ds.conditions.map((c) => maxAbsDiff(c.delta, truth[c.name])));
  it('recovers the true changes when controls differ in composition; pooled controls do not', async () => {
    const matched = await load('matched_truth_lognorm', { covariates: ['gem_group', 'state'] });
    const pooled = await load('matched_truth_lognorm', { covariates: [] });
    expect(matched.controlReference).toEqual({ kind: 'matched', covariates: ['gem_group', 'state'] });
    expect(pooled.controlReference).toEqual({ kind: 'pooled', covariates: [] });
    expect(matched.strata).toHaveLength(6);
    // Noise: 200 cells of sd 0.3 per condition; the state mix alone shifts pooled changes by 0.75.
    expect(error(matched)).toBeLessThan(0.15);
    expect(error(pooled)).toBeGreaterThan(0.5);
  });
  it('lists candidate covariates and picks the batch column by itself', async () => {
    const ds = await load('matched_truth_lognorm');
    expect(ds.covariateCandidates.map((c) => [c.name, c.auto])).toEqual([
      ['gem_group', true],
      ['state', false],
    ]);
    expect(ds.covariates).toEqual(['gem_group']);
  });
  it('falls back to the pooled control in a stratum without control cells, and names it', async () => {
    const ds = await load('screen_ko_counts', { covariates: ['sample'] });
    const w = ds.warnings.filter((x) => x.startsWith('Stratum'));
    expect(w.length).toBeGreaterThan(0);
    expect(w[0]).toMatch(
      /^Stratum 'well\d{3}' \(sample\) has (no control cells|only 1 control cell): the cells of \d+ condition\(s\) there are compared with the pooled control\.$/,
    );
  });
  it('refuses the perturbation column as a covariate and names an unknown one', async () => {
    await expect(load('screen_ko_counts', { covariates: ['perturbation'] })).rejects.toMatchObject({
      code: 'bad-covariate',
    });
    await expect(load('screen_ko_counts', { covariates: ['stim'] })).rejects.toThrow(
      /no column 'stim' to use as a covariate.*perturbation_2/,
    );
  });
});

describe('a real screen as labs write it', () => {
  it('finds the perturbation column although most targets are not measured, and says which', async () => {
    const ds = await load('screen_ko_counts');
    const s = inspectSummary(ds);
    expect(s.perturbation_key).toBe('perturbation');
    expect(s.n_targets).toBe(20);
    expect(s.unmeasured_targets).toHaveLength(14);
    expect(s.unmeasured_targets).toContain('ITK');
    expect(s.unmeasured_targets).not.toContain('ZAP70');
    // 'sample' has ~100 wells (too many to stratify on); stimulation is a state column.
    expect(s.control_reference).toEqual({ kind: 'matched', covariates: ['perturbation_2'] });
    expect(s.covariate_candidates).toEqual(['perturbation_2']);
  });
  it('without the GO symbols only 6 of 20 targets look like genes, and detection gives up with advice', async () => {
    await expect(load('screen_ko_counts', { lexicon: { known: new Set() } })).rejects.toMatchObject({
      code: 'no-perturbation-column',
      hint: expect.stringContaining('--perturbation-key'),
    });
  });
  it('maps guide-only labels (sgZAP70_1, ZAP70-2) to their genes', async () => {
    const ds = await load('screen_guides_only');
    expect(ds.perturbationKey).toBe('sgRNA');
    expect(ds.conditions).toHaveLength(20);
    expect(ds.controlLabels.sort()).toEqual(['non-targeting_1', 'non-targeting_2', 'non-targeting_3']);
    const zap = ds.conditions.find((c) => c.name === 'ZAP70')!;
    expect(zap.genes).toEqual(['ZAP70']);
    expect(zap.labels.sort()).toEqual(['ZAP70-2', 'sgZAP70_1']);
  });
});

describe('guide agreement', () => {
  const withReader = async <T>(
    name: string,
    f: (r: Awaited<ReturnType<typeof openH5adPath>>, ds: Awaited<ReturnType<typeof load>>) => T,
  ) => {
    const r = await openH5adPath(fixture(name));
    try {
      return f(r, loadPerturbDataset(r, { lexicon }));
    } finally {
      r.close();
    }
  };
  it("matches numpy: cells per guide and the correlation of the guides' changes", async () => {
    const ref: GuideAgreement[] = JSON.parse(readFileSync(join(FIXTURES, 'screen_ko_counts.guides.json'), 'utf8'));
    const report = (await withReader('screen_ko_counts', guideAgreement))!;
    expect(report.column).toBe('guide');
    expect(report.genes.map((g) => [g.gene, g.guides, g.cells])).toEqual(ref.map((g) => [g.gene, g.guides, g.cells]));
    for (const [i, g] of report.genes.entries()) expect(g.agreement).toBeCloseTo(ref[i].agreement!, 6);
  });
  it('reads guides from the perturbation column when it holds guide ids', async () => {
    const report = (await withReader('screen_guides_only', guideAgreement))!;
    expect(report.column).toBe('sgRNA');
    expect(report.genes.find((g) => g.gene === 'LCK')!.guides).toEqual(['LCK-2', 'sgLCK_1']);
  });
  it('finds no guides in a file without them', async () => {
    expect(await withReader('gears_csr_lognorm', guideAgreement)).toBeNull();
  });
});

describe('overrides', () => {
  it('uses the perturbation column and control label the user names', async () => {
    const ds = await load('guides_csr_int_counts', { perturbationKey: 'guide_id', controlLabel: 'NT_1' });
    expect(ds.perturbationKey).toBe('guide_id');
    expect(ds.controlLabels).toEqual(['NT_1']);
    // Guides of one gene merge into one condition; the other control guide is left out, not a condition.
    expect(ds.conditions.find((c) => c.genes.join() === 'CEBPA')!.labels.sort()).toEqual(['CEBPA_1', 'CEBPA_2']);
    expect(ds.conditions.some((c) => c.labels.includes('NT_2'))).toBe(false);
    expect(ds.nSkippedCells).toBeGreaterThan(0);
  });
  it('names the columns when the requested one does not exist', async () => {
    await expect(load('gears_csr_lognorm', { perturbationKey: 'nope' })).rejects.toThrow(
      /no column 'nope'.*condition, cell_type/,
    );
  });
  it('lists labels when the requested control label does not exist', async () => {
    await expect(load('gears_csr_lognorm', { controlLabel: 'DMSO' })).rejects.toThrow(/no label 'DMSO'/);
  });
  it('selects highly variable genes and keeps every perturbed gene', async () => {
    const ds = await load('scperturb_dense_counts_gzip', { hvg: 12 });
    expect(ds.hvgSelected).toBe(ds.genes.length);
    for (const g of ['CEBPA', 'KLF1', 'ZAP70', 'SET', 'TP53']) expect(ds.genes).toContain(g);
    expect(ds.genes.length).toBe(12);
    const full = await load('scperturb_dense_counts_gzip');
    const j = full.genes.indexOf('KLF1');
    const c = full.conditions.find((x) => x.name === 'KLF1')!;
    const c2 = ds.conditions.find((x) => x.name === 'KLF1')!;
    expect(c2.delta[ds.genes.indexOf('KLF1')]).toBeCloseTo(c.delta[j], 10);
  });
});

describe('bad input', () => {
  const bad: Record<string, string> = JSON.parse(readFileSync(join(FIXTURES, 'bad_expectations.json'), 'utf8'));
  it.each(Object.entries(bad))('%s gives a message containing "%s"', async (name, phrase) => {
    await expect(load(name)).rejects.toMatchObject({ name: 'InputError', message: expect.stringContaining(phrase) });
  });
  it('stops with advice when the per-condition tables exceed the memory budget', async () => {
    await expect(load('gears_csr_lognorm', { memoryBudgetBytes: 1000 })).rejects.toMatchObject({
      code: 'too-large',
      hint: expect.stringContaining('highly variable genes'),
    });
  });
});

describe('read-only', () => {
  it('never modifies the file it loads', async () => {
    const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    for (const name of GOOD) {
      const before = hash(fixture(name));
      await load(name);
      expect(hash(fixture(name))).toBe(before);
    }
  });
});

describe('labelsNeedLexicon', () => {
  it('asks for the GO symbols only when the measured genes cannot read the labels', async () => {
    const need = async (name: string) => {
      const r = await openH5adPath(fixture(name));
      try {
        return labelsNeedLexicon(r);
      } finally {
        r.close();
      }
    };
    expect(await need('scperturb_dense_counts_gzip')).toBe(false);
    expect(await need('screen_ko_counts')).toBe(true);
    expect(await need('screen_guides_only')).toBe(true);
  });
});
