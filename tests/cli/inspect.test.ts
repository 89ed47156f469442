import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { mutate } from '../fuzz/mutate';
import { expected, fixture, FIXTURES } from '../helpers';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'perturbscope.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

const KEYS = [
  'n_obs',
  'n_vars',
  'x_encoding',
  'values',
  'perturbation_key',
  'control_label',
  'n_control_cells',
  'control_reference',
  'covariate_candidates',
  'strata',
  'n_singles',
  'n_doubles',
  'n_targets',
  'unmeasured_targets',
  'conditions',
  'guide_column',
  'guides',
];

describe('perturbscope inspect', () => {
  it('prints exactly the documented keys, matching the fixture', () => {
    const r = run('inspect', fixture('scperturb_dense_counts_gzip'), '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(KEYS);
    const e = expected('scperturb_dense_counts_gzip');
    expect(out).toMatchObject({
      n_obs: e.n_obs,
      n_vars: e.n_vars,
      x_encoding: 'dense',
      values: 'counts',
      perturbation_key: 'perturbation',
      control_label: 'control',
      n_control_cells: e.n_control_cells,
      control_reference: { kind: 'matched', covariates: ['gem_group'] },
      n_singles: 5,
      n_doubles: 2,
    });
    expect(out.strata.map((s: { label: string }) => s.label).sort()).toEqual(['gem1', 'gem2', 'gem3']);
    const byName = Object.fromEntries(out.conditions.map((c: { name: string }) => [c.name, c]));
    for (const [name, c] of Object.entries(e.conditions))
      expect(byName[name]).toEqual({ name, genes: c.genes, n_cells: c.n_cells });
  });
  it('honours --perturbation-key and --control', () => {
    const r = run(
      'inspect',
      fixture('guides_csr_int_counts'),
      '--perturbation-key',
      'guide_id',
      '--control',
      'NT_2',
      '--json',
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.perturbation_key).toBe('guide_id');
    expect(out.control_label).toBe('NT_2');
  });
  it('detects a real screen without help: unmeasured targets, stimulation as covariate, guide agreement', () => {
    const r = run('inspect', fixture('screen_ko_counts'), '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      perturbation_key: 'perturbation',
      control_label: 'control',
      n_targets: 20,
      control_reference: { kind: 'matched', covariates: ['perturbation_2'] },
    });
    expect(out.unmeasured_targets).toHaveLength(14);
    expect(out.guide_column).toBe('guide');
    const ref = JSON.parse(readFileSync(join(FIXTURES, 'screen_ko_counts.guides.json'), 'utf8'));
    expect(out.guides.map((g: { gene: string; cells: number[] }) => [g.gene, g.cells])).toEqual(
      ref.map((g: { gene: string; cells: number[] }) => [g.gene, g.cells]),
    );
    const text = run('inspect', fixture('screen_ko_counts'));
    expect(text.stdout).toMatch(/targets\s+20, of which 14 not measured/);
    expect(text.stdout).toMatch(/control reference\s+matched on perturbation_2 \(2 strata\)/);
  });
  it('takes --covariates (and --batch-key as its alias), and none pools the controls', () => {
    const pooled = JSON.parse(run('inspect', fixture('screen_ko_counts'), '--covariates', 'none', '--json').stdout);
    expect(pooled.control_reference).toEqual({ kind: 'pooled', covariates: [] });
    const two = JSON.parse(
      run('inspect', fixture('matched_truth_lognorm'), '--covariates', 'gem_group,state', '--json').stdout,
    );
    expect(two.control_reference).toEqual({ kind: 'matched', covariates: ['gem_group', 'state'] });
    expect(two.strata).toHaveLength(6);
    const alias = JSON.parse(run('inspect', fixture('matched_truth_lognorm'), '--batch-key', 'state', '--json').stdout);
    expect(alias.control_reference.covariates).toEqual(['state']);
    const both = run('inspect', fixture('matched_truth_lognorm'), '--batch-key', 'state', '--covariates', 'state');
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/not both/);
    const bad = run('inspect', fixture('matched_truth_lognorm'), '--covariates', 'nope');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no column 'nope' to use as a covariate/);
  });
  it('inspects the demo dataset', () => {
    const r = run('inspect', 'demo', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      x_encoding: 'csr',
      values: 'counts',
      perturbation_key: 'condition',
      control_label: 'ctrl',
      control_reference: { kind: 'matched', covariates: ['gem_group'] },
      n_singles: 105,
      n_doubles: 131,
    });
  });
  it.each([
    ['bad_nan', /NaN value at cell 7/],
    ['bad_truncated', /truncated/],
    ['bad_not_hdf5', /not an HDF5 file/],
  ])('exits 2 with one line and no stack trace for %s', (name, re) => {
    const r = run('inspect', fixture(name), '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(re);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
  it('exits 2 with one line, no HDF5 diagnostics, when HDF5 aborts on a damaged file', () => {
    // Zeroed bytes in the gene names' heap make HDF5 abort (tests/e2e/damaged.spec.ts: the page).
    const bytes = mutate(new Uint8Array(readFileSync(fixture('scperturb_dense_counts_gzip'))), 'zero', 1).bytes;
    const path = join(mkdtempSync(join(tmpdir(), 'damaged-')), 'damaged.h5ad');
    writeFileSync(path, bytes);
    const r = run('inspect', path);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'perturbscope: damaged.h5ad is damaged: reading the index of var failed (HDF5 crashed on it). Fetch or export the file again; if anndata in Python reads it, please report this.',
    ]);
  });
  it('rejects unknown options and missing files with exit 2', () => {
    expect(run('inspect', fixture('gears_csr_lognorm'), '--bogus').status).toBe(2);
    const r = run('inspect', '/no/such/file.h5ad');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });
});
