import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { stringFlag, UsageError, type ParsedArgs } from './args';
import type { PerturbDataset } from '../src/core/dataset/build';
import type { EvaluateOptions } from '../src/core/eval/evaluate';
import { InputError } from '../src/core/errors';
import { importEdgeTable } from '../src/core/graph/importEdges';
import { loadGoAsset } from '../src/node/goAsset';

/** The flags that choose what places genes for the embedding baselines (GO ridge, GO kNN). */
export const EMBEDDING_FLAGS = ['embedding', 'graph-file'];

/**
 * --embedding go (the default) or --embedding graph --graph-file EDGES: the graph's spectral
 * embedding places genes for the embedding baselines instead of GO terms. The edge table is read as
 * `perturbscope graph --source file:` reads it; what it could not map is said on `log`.
 */
export async function embeddingOption(
  a: ParsedArgs,
  ds: PerturbDataset,
  log: (s: string) => void,
): Promise<EvaluateOptions['embedding']> {
  const kind = stringFlag(a, 'embedding') ?? 'go';
  const file = stringFlag(a, 'graph-file');
  if (kind !== 'go' && kind !== 'graph') throw new UsageError(`--embedding must be go or graph, got '${kind}'`);
  if (kind === 'go') {
    if (file !== undefined) throw new UsageError('--graph-file is read only with --embedding graph');
    return undefined;
  }
  if (file === undefined)
    throw new UsageError(
      '--embedding graph needs the graph: --graph-file EDGES.tsv (an edge list, STRING links or TF–target table)',
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError('read-failed', `Cannot read the edge table ${file}.`, 'Check the path after --graph-file.');
  }
  const name = basename(file);
  const report = importEdgeTable(text, {
    name,
    origin: file,
    knownGenes: [...ds.genes, ...ds.conditions.flatMap((c) => c.genes)],
    go: await loadGoAsset(),
  });
  if (report.unknownIds)
    log(
      `${file}: ${report.unknownIds} identifier(s) match no gene (${report.edgesDropped} edge(s) dropped), e.g. ${report.unknownExamples.join(', ')}`,
    );
  log(`genes placed for the embedding baselines by the spectral embedding of ${name} (${report.edgesKept} edges)`);
  return { name, graph: report.graph };
}
