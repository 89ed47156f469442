import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { openH5adPath } from '../../../src/node/openH5ad';
import { loadPerturbDataset, type PerturbDataset } from '../../../src/core/dataset/build';
import { loadGoAsset } from '../../../src/node/goAsset';
import { DEFAULT_DEMO_OPTIONS, generateDemo } from '../../../src/core/sim/demo';
import { parseNormanDesign } from '../../../src/core/sim/normanDesign';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const DESIGN = join(ROOT, '..', 'shared', 'data', 'norman2019', 'perturbations.tsv');

interface Truth {
  genes: string[];
  states: string[];
  conditions: {
    name: string;
    genes: string[];
    kind: string;
    gi_class: string | null;
    state_fractions: number[];
    true_lfc: number[];
  }[];
  network: { source: string; target: string; goSupported: boolean }[];
}
const truth: Truth = JSON.parse(
  gunzipSync(readFileSync(join(ROOT, 'public', 'data', 'demo.truth.json.gz'))).toString(),
);

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0,
    mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let s = 0,
    sa = 0,
    sb = 0;
  for (let i = 0; i < n; i++) {
    s += (a[i] - ma) * (b[i] - mb);
    sa += (a[i] - ma) ** 2;
    sb += (b[i] - mb) ** 2;
  }
  return s / Math.sqrt(sa * sb);
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

describe('the shipped demo dataset', async () => {
  const reader = await openH5adPath(join(ROOT, 'public', 'data', 'demo.h5ad'));
  const ds: PerturbDataset = loadPerturbDataset(reader);
  reader.close();
  const design = parseNormanDesign(readFileSync(DESIGN, 'utf8'));

  it('has the real design: every target measured, 105 singles and 131 pairs, ~76 cells each, 2,000 controls', () => {
    const targets = new Set(design.flatMap((p) => (p.geneB ? [p.geneA, p.geneB] : [p.geneA])));
    for (const t of targets) expect(ds.genes).toContain(t);
    expect(ds.genes.length).toBeGreaterThanOrEqual(1000);
    expect(ds.genes.length).toBeLessThanOrEqual(2000);
    expect(ds.conditions.filter((c) => c.genes.length === 1)).toHaveLength(105);
    expect(ds.conditions.filter((c) => c.genes.length === 2)).toHaveLength(131);
    expect(new Set(ds.conditions.map((c) => c.name))).toEqual(new Set(design.map((p) => p.condition)));
    expect(ds.nControlCells).toBe(2000);
    expect(median(ds.conditions.map((c) => c.nCells))).toBeGreaterThanOrEqual(65);
    expect(median(ds.conditions.map((c) => c.nCells))).toBeLessThanOrEqual(85);
    expect(ds.covariates).toEqual(['gem_group']);
    expect(ds.values).toBe('counts');
    expect(ds.syntheticNote).toMatch(/semi-synthetic/i);
  });

  it('spreads control cells unevenly over GEM groups that shift expression: matched changes are closer to the truth', async () => {
    const shares = ds.strata.map((s) => s.control.nCells / ds.nControlCells);
    const perturbed = ds.strata.map((s) => s.nPerturbed / ds.strata.reduce((a, x) => a + x.nPerturbed, 0));
    expect(Math.max(...shares.map((s, b) => Math.abs(s - perturbed[b])))).toBeGreaterThan(0.2);
    const r = await openH5adPath(join(ROOT, 'public', 'data', 'demo.h5ad'));
    const pooled = loadPerturbDataset(r, { covariates: [] });
    r.close();
    const fit = (d: PerturbDataset) =>
      median(truth.conditions.map((t) => pearson(d.conditions.find((c) => c.name === t.name)!.delta, t.true_lfc)));
    expect(fit(ds)).toBeGreaterThan(fit(pooled) + 0.02);
  });

  it('moves a fraction of the cells of three programme clusters into discrete states', () => {
    const inState = truth.conditions.filter((c) => c.state_fractions.some((f) => f > 0));
    expect(truth.states).toEqual(['erythroid', 'granulocyte', 'G1 arrest']);
    expect(inState.map((c) => c.name)).toContain('KLF1+ctrl');
    expect(inState.map((c) => c.name)).toContain('CEBPA+ctrl');
    for (const c of inState) for (const f of c.state_fractions) expect(f).toBeLessThan(1);
  });

  it('raises each CRISPRa target in its own single', () => {
    const up = ds.conditions.filter((c) => c.genes.length === 1).map((c) => c.delta[ds.genes.indexOf(c.genes[0])]);
    expect(Math.min(...up)).toBeGreaterThan(0.3);
  });

  it('observed changes follow the stored true changes', () => {
    const r = truth.conditions.map((t) => pearson(ds.conditions.find((c) => c.name === t.name)!.delta, t.true_lfc));
    expect(median(r)).toBeGreaterThan(0.5);
  });

  it('neomorphic pairs move genes that neither single moves, in the truth', () => {
    const byName = new Map(truth.conditions.map((c) => [c.name, c]));
    const neo = truth.conditions.filter((c) => c.gi_class === 'NEOMORPHIC');
    expect(neo.length).toBeGreaterThan(0);
    for (const c of neo) {
      // Relative to each profile's median: normalisation shifts every gene of a profile a little.
      const a = byName.get(`${c.genes[0]}+ctrl`)!.true_lfc,
        b = byName.get(`${c.genes[1]}+ctrl`)!.true_lfc;
      const [ma, mb, mc] = [a, b, c.true_lfc].map(median);
      const fresh = c.true_lfc.filter(
        (v, j) => Math.abs(v - mc) > 0.5 && Math.abs(a[j] - ma) < 0.05 && Math.abs(b[j] - mb) < 0.05,
      );
      expect(fresh.length).toBeGreaterThan(0);
    }
  });

  it('hides a network that GO partly knows', () => {
    const known = truth.network.filter((e) => e.goSupported).length / truth.network.length;
    expect(known).toBeGreaterThan(0.4);
    expect(known).toBeLessThan(0.9);
  });

  it('is reproduced exactly by the generator (checked on a small configuration)', async () => {
    const go = await loadGoAsset();
    const opts = {
      ...DEFAULT_DEMO_OPTIONS,
      seed: 5,
      nGenes: 300,
      cellsPerCondition: 3,
      nControl: 20,
      nBatches: 2,
      medianLibrary: 500,
      controlBatchShares: [0.7, 0.3],
    };
    const a = generateDemo(design.slice(0, 30), go, opts);
    const b = generateDemo(design.slice(0, 30), go, opts);
    expect(a.genes).toEqual(b.genes);
    expect(Array.from(a.counts.data)).toEqual(Array.from(b.counts.data));
    expect(a.conditions[3].trueLfc).toEqual(b.conditions[3].trueLfc);
  });
});
