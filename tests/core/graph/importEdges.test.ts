import { describe, expect, it } from 'vitest';
import { loadGoAsset } from '../../../src/node/goAsset';
import { importEdgeTable } from '../../../src/core/graph/importEdges';
import { edgeList } from '../../../src/core/graph/geneGraph';

describe('edge table import', async () => {
  const go = await loadGoAsset();

  it('reads a TSV edge list with a header, undirected, and counts unknown genes', () => {
    const text = 'gene_a\tgene_b\tweight\nKLF1\tGATA1\t0.9\nKLF1\tNOTAGENE\t0.5\nCEBPA\tSPI1\t0.7\n';
    const r = importEdgeTable(text, { name: 'mine', go });
    expect(r.format).toBe('edge-list');
    expect(r.directed).toBe(false);
    expect(r.linesRead).toBe(3);
    expect(r.edgesKept).toBe(4);
    expect(r.unknownIds).toBe(1);
    expect(r.unknownExamples).toEqual(['NOTAGENE']);
    expect(r.edgesDropped).toBe(1);
    expect(edgeList(r.graph)).toContainEqual({
      source: 'GATA1',
      target: 'KLF1',
      weight: expect.closeTo(0.9, 6),
      graphs: ['mine'],
    });
  });

  it('reads a headerless CSV with two columns (weight 1)', () => {
    const r = importEdgeTable('KLF1,GATA1\nGATA1,TAL1\n', { name: 'csv', go });
    expect(r.linesRead).toBe(2);
    expect(edgeList(r.graph).every((e) => e.weight === 1)).toBe(true);
  });

  it('maps STRING protein ids through the GO asset and scales combined_score to 0-1', () => {
    const text =
      'protein1 protein2 combined_score\n9606.ENSP00000264834 9606.ENSP00000427514 800\n9606.ENSP00000264834 9606.ENSP99999999999 900\n9606.ENSP00000427514 9606.ENSP00000264834 800\n';
    const r = importEdgeTable(text, { name: 'STRING', go, minStringScore: 700 });
    expect(r.format).toBe('string');
    expect(r.mapped).toBe(2);
    expect(r.unknownIds).toBe(1);
    expect(edgeList(r.graph)).toEqual(
      expect.arrayContaining([{ source: 'KLF1', target: 'CEBPA', weight: expect.closeTo(0.8, 6), graphs: ['STRING'] }]),
    );
    expect(r.edgesKept).toBe(2);
  });

  it('reads a signed TF-target table as directed', () => {
    const r = importEdgeTable('source,target,mor\nGATA1,KLF1,1\nSPI1,GATA1,-1\n', { name: 'TF', go });
    expect(r.format).toBe('tf-target');
    expect(r.directed).toBe(true);
    expect(edgeList(r.graph)).toEqual(
      expect.arrayContaining([
        { source: 'GATA1', target: 'KLF1', weight: 1, graphs: ['TF'] },
        { source: 'SPI1', target: 'GATA1', weight: -1, graphs: ['TF'] },
      ]),
    );
    expect(r.edgesKept).toBe(2);
  });

  it('resolves an unambiguous alias to its symbol', () => {
    const r = importEdgeTable('P53\tMDM2\n', { name: 'alias', go });
    expect(r.graph.nodes.sort()).toEqual(['MDM2', 'TP53']);
  });

  it.each([
    [
      'gene_a\tgene_b\tweight\nKLF1\tGATA1\t0.9\nKLF1\n',
      /line 3: expected gene, gene and an optional weight separated by tabs, found 1 field/,
    ],
    ['gene_a,gene_b,weight\nKLF1,GATA1,high\n', /line 2: the weight "high" is not a number/],
    ['\n\n', /holds no edges/],
  ])('names the line and what was expected for malformed input', (text, re) => {
    expect(() => importEdgeTable(text, { name: 'bad', origin: 'edges.tsv', go })).toThrow(re);
  });
});
