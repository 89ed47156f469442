import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../helpers';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'perturbscope.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'ps-graph-'));
type Out = { nodes: string[]; edges: { source: string; target: string; weight: number; graphs: string[] }[] };

describe('perturbscope graph', () => {
  it('--universe genes: the GO graph among the given genes equals the Python computation', () => {
    const exp: { universe: string[]; all: Record<string, [string, number][]> } = JSON.parse(
      readFileSync(join(FIXTURES, 'go_graph.expected.json'), 'utf8'),
    );
    const genesFile = join(dir, 'genes.txt');
    writeFileSync(genesFile, exp.universe.join('\n'));
    const r = run('graph', '--source', 'go', '--genes-file', genesFile, '--universe', 'genes', '--json');
    expect(r.status).toBe(0);
    const out: Out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['nodes', 'edges']);
    expect([...out.nodes].sort()).toEqual([...exp.universe].sort());
    const inSet = new Set(exp.universe);
    for (const e of out.edges) {
      expect(inSet.has(e.source) && inSet.has(e.target)).toBe(true);
      expect(e.graphs).toEqual(['GO']);
    }
    for (const [target, list] of Object.entries(exp.all)) {
      const got = out.edges.filter((e) => e.target === target);
      expect(got.map((e) => e.source)).toEqual(list.map((x) => x[0]));
      got.forEach((e, i) => expect(Math.abs(e.weight - list[i][1])).toBeLessThan(1e-6));
    }
    expect(r.stderr).toMatch(/1 gene\(s\) have no GO annotation.*NOT_IN_GO_1/);
  });

  it('--universe genome: each given gene keeps its top k neighbours from the whole genome', () => {
    const r = run('graph', '--genes', 'KLF1,GATA1', '--universe', 'genome', '--top-k', '5', '--json');
    expect(r.status).toBe(0);
    const out: Out = JSON.parse(r.stdout);
    for (const g of ['KLF1', 'GATA1']) {
      const into = out.edges.filter((e) => e.target === g);
      expect(into).toHaveLength(5);
      for (let i = 1; i < into.length; i++) expect(into[i - 1].weight).toBeGreaterThanOrEqual(into[i].weight);
      expect(into.every((e) => e.weight > 0.1)).toBe(true);
    }
    expect(out.edges.every((e) => e.target === 'KLF1' || e.target === 'GATA1')).toBe(true);
  });

  it('reads an edge list with file:PATH and applies --min-weight and --top-k', () => {
    const f = join(dir, 'edges.tsv');
    writeFileSync(f, 'a\tb\tw\nKLF1\tGATA1\t0.9\nKLF1\tTAL1\t0.2\nGATA1\tTAL1\t0.6\nMYC\tMAX\t0.8\n');
    const r = run('graph', '--source', `file:${f}`, '--genes', 'KLF1,GATA1,TAL1', '--min-weight', '0.5', '--json');
    expect(r.status).toBe(0);
    const out: Out = JSON.parse(r.stdout);
    const pairs = out.edges.map((e) => `${e.source}-${e.target}`).sort();
    expect(pairs).toEqual(['GATA1-KLF1', 'GATA1-TAL1', 'KLF1-GATA1', 'TAL1-GATA1']);
  });

  it('reports a malformed edge list with its line number and exit code 2', () => {
    const f = join(dir, 'bad.tsv');
    writeFileSync(f, 'KLF1\tGATA1\t0.9\nKLF1\n');
    const r = run('graph', '--source', `file:${f}`, '--genes', 'KLF1', '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 2: expected/);
  });

  it('rejects an unknown source', () => {
    const r = run('graph', '--source', 'kegg', '--genes', 'KLF1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--source must be/);
  });
});
