import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openH5adPath } from '../../../src/node/openH5ad';
import { loadPerturbDataset } from '../../../src/core/dataset/build';
import { inspectSummary } from '../../../src/core/dataset/summary';
import { expected, fixture, maxAbsDiff, FIXTURES } from '../../helpers';
import { join } from 'node:path';

const GOOD = ['gears_csr_lognorm', 'scperturb_dense_counts_gzip', 'csc_float64_counts', 'guides_csr_int_counts', 'legacy_categorical'];

async function load(name: string, opts = {}) {
  const r = await openH5adPath(fixture(name));
  try {
    return loadPerturbDataset(r, opts);
  } finally {
    r.close();
  }
}

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
    expect(s.batch_key).toBe(e.batch_key);
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
      expect(maxAbsDiff(c.delta, ec.delta)).toBeLessThan(1e-5);
      expect(maxAbsDiff(c.t, ec.t)).toBeLessThan(1e-5 * Math.max(1, ...ec.t.map(Math.abs)));
      expect(Array.from(c.deTop.slice(0, 20))).toEqual(ec.de_rank);
    }
    expect(s.n_singles).toBe(Object.values(e.conditions).filter((c) => c.genes.length === 1).length);
    expect(s.n_doubles).toBe(Object.values(e.conditions).filter((c) => c.genes.length === 2).length);
  });
});

describe('batches', () => {
  it('keeps per condition × batch means matching numpy', async () => {
    const ds = await load('scperturb_dense_counts_gzip');
    const ref: Record<string, { n_cells: number; mean: number[] }> = JSON.parse(readFileSync(join(FIXTURES, 'scperturb_dense_counts_gzip.batches.json'), 'utf8'));
    expect(ds.batchMeans.length).toBe(Object.keys(ref).length);
    for (const b of ds.batchMeans) {
      const label = b.condition < 0 ? ds.controlLabel : ds.conditions[b.condition].name;
      const r = ref[`${label}|${ds.batches[b.batch]}`];
      expect(b.nCells).toBe(r.n_cells);
      expect(maxAbsDiff(b.mean, r.mean)).toBeLessThan(1e-5);
    }
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
    await expect(load('gears_csr_lognorm', { perturbationKey: 'nope' })).rejects.toThrow(/no column 'nope'.*condition, cell_type/);
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
    await expect(load('gears_csr_lognorm', { memoryBudgetBytes: 1000 })).rejects.toMatchObject({ code: 'too-large', hint: expect.stringContaining('highly variable genes') });
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
