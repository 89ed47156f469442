import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expected, fixture } from '../helpers';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'perturbscope.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

const KEYS = ['n_obs', 'n_vars', 'x_encoding', 'values', 'perturbation_key', 'control_label', 'n_control_cells', 'batch_key', 'n_singles', 'n_doubles', 'conditions'];

describe('perturbscope inspect', () => {
  it('prints exactly the documented keys, matching the fixture', () => {
    const r = run('inspect', fixture('scperturb_dense_counts_gzip'), '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(KEYS);
    const e = expected('scperturb_dense_counts_gzip');
    expect(out).toMatchObject({ n_obs: e.n_obs, n_vars: e.n_vars, x_encoding: 'dense', values: 'counts', perturbation_key: 'perturbation', control_label: 'control', n_control_cells: e.n_control_cells, batch_key: 'gem_group', n_singles: 5, n_doubles: 2 });
    const byName = Object.fromEntries(out.conditions.map((c: { name: string }) => [c.name, c]));
    for (const [name, c] of Object.entries(e.conditions)) expect(byName[name]).toEqual({ name, genes: c.genes, n_cells: c.n_cells });
  });
  it('honours --perturbation-key and --control', () => {
    const r = run('inspect', fixture('guides_csr_int_counts'), '--perturbation-key', 'guide_id', '--control', 'NT_2', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.perturbation_key).toBe('guide_id');
    expect(out.control_label).toBe('NT_2');
  });
  it('inspects the demo dataset', () => {
    const r = run('inspect', 'demo', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ x_encoding: 'csr', values: 'counts', perturbation_key: 'condition', control_label: 'ctrl', batch_key: 'gem_group', n_singles: 105, n_doubles: 131 });
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
  it('rejects unknown options and missing files with exit 2', () => {
    expect(run('inspect', fixture('gears_csr_lognorm'), '--bogus').status).toBe(2);
    const r = run('inspect', '/no/such/file.h5ad');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });
});
