import * as tf from '@tensorflow/tfjs-core';
import { gatherRows, segmentSum } from './messagePassing';
import { matMulFast as mm } from './matmul';
import { leakyRelu } from './layers';

/** Edges of one graph (self-loops included) as index tensors. */
export interface EdgeIndex {
  src: tf.Tensor1D;
  dst: tf.Tensor1D;
  nNodes: number;
}

export interface GatV2Weights {
  /** Source-side and target-side projections (d_in × d) and the attention vector (d × 1). */
  Ws: tf.Tensor2D;
  Wt: tf.Tensor2D;
  a: tf.Tensor2D;
  b: tf.Tensor1D;
}

/**
 * One GATv2 layer (Brody et al. 2022): e_ij = aᵀ LeakyReLU(W_s h_j + W_t h_i) for an edge j → i,
 * α_ij = softmax over i's incoming edges, h_i' = Σ_j α_ij W_s h_j + b.
 *
 * Porting note: the softmax over each node's incoming edges needs a per-segment maximum for
 * numerical safety, which no backend-portable op gives with a gradient. The score is bounded
 * instead, e ← 5·tanh(e/5), so exp(e) stays within [e⁻⁵, e⁵]; within that range attention can
 * still favour one neighbour ~20,000-fold over another.
 */
export function gatV2(h: tf.Tensor2D, g: EdgeIndex, w: GatV2Weights): { out: tf.Tensor2D; attention: tf.Tensor1D } {
  const xs = mm(h, w.Ws);
  const xt = mm(h, w.Wt);
  const fromSrc = gatherRows(xs, g.src);
  const pre = leakyRelu(tf.add(fromSrc, gatherRows(xt, g.dst)) as tf.Tensor2D, 0.2);
  const e = tf.mul(5, tf.tanh(tf.div(mm(pre, w.a), 5))) as tf.Tensor2D; // E × 1
  const ex = tf.exp(e) as tf.Tensor2D;
  const denom = segmentSum(ex, g.dst, g.nNodes); // N × 1
  const num = segmentSum(tf.mul(fromSrc, ex) as tf.Tensor2D, g.dst, g.nNodes);
  const out = tf.add(tf.div(num, denom), w.b) as tf.Tensor2D;
  const attention = tf.reshape(tf.div(ex, gatherRows(denom, g.dst)), [-1]) as tf.Tensor1D;
  return { out, attention };
}
