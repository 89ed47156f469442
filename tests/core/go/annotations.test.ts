import { describe, expect, it } from 'vitest';
import { loadGoAsset } from '../../../src/node/goAsset';
import { jaccard } from '../../../src/core/go/annotations';

describe('GO annotation asset', async () => {
  const go = await loadGoAsset();
  it('records its source and holds what it says it holds', () => {
    expect(go.source.package).toBe('r-bioc-org.hs.eg.db');
    expect(go.source.version).toMatch(/^\d+\.\d+/);
    expect(go.source.evidence_excluded).toEqual(['IEA', 'ND', 'NAS']);
    expect(go.indices.length).toBe(go.source.n_pairs);
    expect(go.indptr.length).toBe(go.genes.length + 1);
    expect(go.genes.length).toBeGreaterThan(18_000);
    expect(go.termOntology.length).toBe(go.terms.length);
    expect(new Set(go.termOntology)).toEqual(new Set([0, 1, 2]));
  });
  it('annotates well-known genes with the expected terms', () => {
    const termsOf = (g: string) => Array.from(go.termsOf(g), (t) => go.terms[t]);
    // Facts read from org.Hs.eg.sqlite: KLF1 has erythrocyte differentiation (IMP) and GO:0060135
    // only with evidence IEA, which the asset drops.
    expect(termsOf('KLF1')).toContain('GO:0030218');
    expect(termsOf('KLF1')).not.toContain('GO:0060135');
    expect(termsOf('CEBPA')).toContain('GO:0005634'); // nucleus
    expect(go.termsOf('NOT_A_GENE')).toHaveLength(0);
  });
  it('maps Ensembl protein ids and aliases to symbols', () => {
    expect(go.ensemblProtein['ENSP00000264834']).toBe('KLF1');
    expect(go.aliases['P53']).toContain('TP53');
  });
  it('computes Jaccard indices of sorted term sets', () => {
    expect(jaccard([1, 2, 3], [2, 3, 4])).toBeCloseTo(0.5, 12);
    expect(jaccard([], [])).toBe(0);
    expect(jaccard(go.termsOf('KLF1'), go.termsOf('KLF1'))).toBe(1);
  });
});
