import type { H5adReader } from '../anndata/reader';
import type { PerturbDataset } from '../dataset/build';
import type { GoAnnotations } from '../go/annotations';
import { buildGoGraph } from '../graph/goGraph';
import { coexpressionForDataset } from '../graph/datasetGraphs';
import type { GeneGraph } from '../graph/geneGraph';
import type { Split } from './splits';
import { LAYER } from '../catalog';

/**
 * The graphs graph models read, built for one split: the GO graph over the measured and perturbed
 * genes, and the co-expression graph over control and *training* single-gene cells only, so that
 * no test condition leaks into a model's input.
 */
export function graphsForSplit(
  needed: ReadonlySet<string>,
  ds: PerturbDataset,
  split: Split,
  go: GoAnnotations | null,
  reader: H5adReader | null,
): Map<string, GeneGraph> {
  const out = new Map<string, GeneGraph>();
  if (needed.has(LAYER.go)) {
    if (!go) throw new Error('the GO graph needs the GO annotations');
    out.set(
      LAYER.go,
      buildGoGraph(go, { universe: [...new Set([...ds.genes, ...ds.conditions.flatMap((c) => c.genes)])] }),
    );
  }
  if (needed.has(LAYER.coexpression)) {
    if (!reader) throw new Error('the co-expression graph needs the cells');
    const train = new Set([...split.train, ...split.validation]);
    out.set(LAYER.coexpression, coexpressionForDataset(reader, ds, { trainConditions: train }));
  }
  return out;
}
