import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDegrade } from '../../cli/robustness';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'perturbscope.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('the robustness plan', () => {
  it('reads MODE:LEVELS, sorted and without repeats, and refuses anything else by name', () => {
    expect(parseDegrade('rewire:0.5,0,1,0.5')).toEqual({ mode: 'rewire', levels: [0, 0.5, 1] });
    expect(() => parseDegrade('shuffle:0,1')).toThrow(/MODE one of remove, add, rewire/);
    expect(() => parseDegrade('remove')).toThrow(/--degrade needs MODE:LEVELS/);
    expect(() => parseDegrade('add:0,1.5')).toThrow(/within \[0, 1\], separated by commas; got '1.5'/);
    expect(() => parseDegrade('add:0,,1')).toThrow(/within \[0, 1\]/);
  });
});

describe('perturbscope benchmark --degrade', () => {
  it('retrains the graph models at each level; the baselines stay flat', () => {
    const out = mkdtempSync(join(tmpdir(), 'ps-robust-'));
    const r = run(
      'benchmark',
      '--data',
      'demo',
      '--models',
      'app',
      '--split',
      'simulation',
      '--seeds',
      '0',
      '--epochs',
      '2',
      '--degrade',
      'remove:0,1',
      '--out',
      out,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('pds_cosine by fraction of edges removed');
    const rob = JSON.parse(readFileSync(join(out, 'robustness.json'), 'utf8'));
    expect(rob).toMatchObject({ mode: 'remove', levels: [0, 1], seeds: [0], subset: 'all_test' });
    const at = (model: string, level: number) =>
      rob.rows.find((x: { model: string; level: number }) => x.model === model && x.level === level);
    for (const m of ['mean', 'linear', 'go-ridge', 'split-half'])
      expect(at(m, 1).mean.pearson_delta).toBe(at(m, 0).mean.pearson_delta);
    // APP with no edges at all still trains and is scored.
    expect(Number.isFinite(at('app', 1).mean.pearson_delta)).toBe(true);
    const csv = readFileSync(join(out, 'robustness.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',').slice(0, 3)).toEqual(['level', 'model', 'seeds']);
    expect(csv).toHaveLength(1 + rob.rows.length);
  }, 300_000);

  it('says so when no model asked for reads a graph', () => {
    const r = run(
      'benchmark',
      '--data',
      'demo',
      '--models',
      'mean',
      '--degrade',
      'remove:0,1',
      '--out',
      mkdtempSync(join(tmpdir(), 'ps-')),
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/none of the models asked for reads one \(graph models: gears, app, txpert\)/);
  });
});
