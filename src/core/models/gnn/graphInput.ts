import * as tf from '@tensorflow/tfjs-core';
import type { GeneGraph } from '../../graph/geneGraph';

export interface GraphTensors {
  src: tf.Tensor1D;
  dst: tf.Tensor1D;
  /** Weights normalised over each node's incoming edges (self-loop included): mean aggregation. */
  weight: tf.Tensor1D;
  nNodes: number;
  nEdges: number;
  dispose(): void;
}

/**
 * A graph laid onto a model's node list: edges whose ends are both nodes, plus a self-loop per
 * node, with |weights| normalised per target so that aggregation is a weighted mean.
 */
export function graphTensors(g: GeneGraph | null, nodes: readonly string[]): GraphTensors {
  const index = new Map(nodes.map((n, i) => [n, i]));
  const src: number[] = [],
    dst: number[] = [],
    w: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    src.push(i);
    dst.push(i);
    w.push(1);
  }
  if (g) {
    for (let v = 0; v < g.nodes.length; v++) {
      const d = index.get(g.nodes[v]);
      if (d === undefined) continue;
      for (let e = g.indptr[v]; e < g.indptr[v + 1]; e++) {
        const s = index.get(g.nodes[g.src[e]]);
        if (s === undefined || s === d) continue;
        src.push(s);
        dst.push(d);
        w.push(Math.abs(g.weight[e]));
      }
    }
  }
  const total = new Float64Array(nodes.length);
  dst.forEach((d, e) => (total[d] += w[e]));
  const norm = w.map((x, e) => x / total[dst[e]]);
  const t = { src: tf.tensor1d(src, 'int32'), dst: tf.tensor1d(dst, 'int32'), weight: tf.tensor1d(norm, 'float32') };
  return {
    ...t,
    nNodes: nodes.length,
    nEdges: src.length,
    dispose: () => Object.values(t).forEach((x) => x.dispose()),
  };
}

/** Rows of B × N: 1/|P| on the perturbed genes' columns, so that S·H averages their embeddings. */
export function selectionMatrix(
  perts: readonly (readonly string[])[],
  index: ReadonlyMap<string, number>,
  nNodes: number,
  mode: 'mean' | 'sum',
): tf.Tensor2D {
  const data = new Float32Array(perts.length * nNodes);
  perts.forEach((p, b) => {
    const known = p.map((g) => index.get(g)).filter((i): i is number => i !== undefined);
    for (const i of known) data[b * nNodes + i] += mode === 'mean' ? 1 / known.length : 1;
  });
  return tf.tensor2d(data, [perts.length, nNodes]);
}

/** Graph tensors rebuilt from a saved model (see `saveTensors`). */
export function graphTensorsFrom(t: Record<string, tf.Tensor>, nNodes: number): GraphTensors {
  const { src, dst, weight } = t as { src?: tf.Tensor1D; dst?: tf.Tensor1D; weight?: tf.Tensor1D };
  if (!src || !dst || !weight) throw new Error('saved model graph is incomplete');
  const parts = { src, dst, weight };
  return { ...parts, nNodes, nEdges: src.shape[0], dispose: () => Object.values(parts).forEach((x) => x.dispose()) };
}
