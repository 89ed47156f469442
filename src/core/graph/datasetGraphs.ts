import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from '../dataset/build';
import { CONTROL } from '../dataset/design';
import { buildCoexpressionGraph, type CoexpressionOptions } from './coexpression';
import type { GeneGraph } from './geneGraph';

/**
 * The co-expression graph of a loaded dataset over control cells and the cells of the single-gene
 * conditions in `trainConditions` (all singles when omitted: the caller says when a split exists).
 */
export function coexpressionForDataset(
  reader: H5adReader,
  ds: PerturbDataset,
  opts: Pick<CoexpressionOptions, 'k' | 'minWeight' | 'onProgress'> & { trainConditions?: ReadonlySet<string> } = {},
): GeneGraph {
  const fileGenes = reader.geneNames().names;
  const useCondition = ds.conditions.map(
    (c) => c.genes.length === 1 && (!opts.trainConditions || opts.trainConditions.has(c.name)),
  );
  const cells = Uint8Array.from(ds.cells.condition, (c) => (c === CONTROL || (c >= 0 && useCondition[c]) ? 1 : 0));
  const index = new Map(ds.genes.map((g, i) => [g, i]));
  const geneMap = Int32Array.from(fileGenes, (g) => index.get(g) ?? -1);
  return buildCoexpressionGraph(reader, {
    cells,
    genes: ds.genes,
    geneMap,
    values: ds.values,
    k: opts.k,
    minWeight: opts.minWeight,
    onProgress: opts.onProgress,
  });
}
