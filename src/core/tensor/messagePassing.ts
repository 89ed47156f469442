import * as tf from '@tensorflow/tfjs-core';

/**
 * Graph message passing built only from ops every backend has (CPU, WASM, WebGPU).
 *
 * tfjs differentiates `gather` through `unsortedSegmentSum`, and the WASM backend has no
 * UnsortedSegmentSum kernel, so plain gather-based message passing cannot train on WASM. These two
 * ops are each other's gradient and use `gather` and `scatterNd` (which sums duplicate indices):
 *   gatherRows(x, idx)[e]    = x[idx[e]]                    ∂/∂x = segmentSum(dy, idx, n)
 *   segmentSum(m, seg, n)[v] = Σ_{e: seg[e] = v} m[e]        ∂/∂m = gatherRows(dy, seg)
 */
export function gatherRows(x: tf.Tensor2D, idx: tf.Tensor1D): tf.Tensor2D {
  const n = x.shape[0];
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const value = tf.gather(args[0] as tf.Tensor, idx) as tf.Tensor2D;
    return { value, gradFunc: (dy: tf.Tensor) => scatterRows(dy as tf.Tensor2D, idx, n) };
  });
  return f(x) as tf.Tensor2D;
}

export function segmentSum(messages: tf.Tensor2D, segmentIds: tf.Tensor1D, numSegments: number): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const value = scatterRows(args[0] as tf.Tensor2D, segmentIds, numSegments);
    return { value, gradFunc: (dy: tf.Tensor) => tf.gather(dy, segmentIds) };
  });
  return f(messages) as tf.Tensor2D;
}

function scatterRows(m: tf.Tensor2D, idx: tf.Tensor1D, n: number): tf.Tensor2D {
  return tf.tidy(() => tf.scatterND(tf.expandDims(idx, 1), m, [n, m.shape[1]]) as tf.Tensor2D);
}

/** One round of weighted aggregation: out[v] = Σ_{(u→v)} w_uv · h[u]. */
export function aggregate(
  h: tf.Tensor2D,
  src: tf.Tensor1D,
  dst: tf.Tensor1D,
  weight: tf.Tensor1D,
  nNodes: number,
): tf.Tensor2D {
  return tf.tidy(() => segmentSum(tf.mul(gatherRows(h, src), tf.expandDims(weight, 1)) as tf.Tensor2D, dst, nNodes));
}
