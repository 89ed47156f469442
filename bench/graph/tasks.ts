/** The two graph-building tasks of the benchmark, runnable in Node and in a Web Worker. */
import { buildGoGraph } from '../../src/core/graph/goGraph';
import { buildCoexpressionGraph } from '../../src/core/graph/coexpression';
import type { GoAnnotations } from '../../src/core/go/annotations';
import type { XSource } from '../../src/core/dataset/pseudobulk';
import { syntheticCounts } from './syntheticSource';

export interface TaskResult {
  task: string;
  seconds: number;
  edges: number;
}

export function goGenomeTask(go: GoAnnotations): TaskResult {
  const t0 = performance.now();
  const g = buildGoGraph(go, { universe: 'genome' });
  return { task: 'GO top-20, genome-wide', seconds: (performance.now() - t0) / 1000, edges: g.src.length };
}

export function coexpressionTask(src: XSource, label: string): TaskResult {
  const genes = Array.from({ length: src.x.nVars }, (_, i) => `G${i}`);
  const t0 = performance.now();
  const g = buildCoexpressionGraph(src, { cells: new Uint8Array(src.x.nObs).fill(1), genes, values: 'counts' });
  return {
    task: `co-expression ${src.x.nVars} genes × ${src.x.nObs} cells (${label})`,
    seconds: (performance.now() - t0) / 1000,
    edges: g.src.length,
  };
}

export function syntheticCoexpressionTask(nObs: number, nVars: number, density: number): TaskResult {
  return coexpressionTask(syntheticCounts(nObs, nVars, density), `synthetic, density ${density}`);
}
