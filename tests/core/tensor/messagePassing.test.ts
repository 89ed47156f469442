import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../src/core/tensor/wasmBackend';
import { aggregate } from '../../../src/core/tensor/messagePassing';

// A 5-node graph with a repeated destination and a self-loop; weights differ per edge.
const src = [0, 1, 2, 3, 4, 4, 2];
const dst = [1, 2, 2, 0, 4, 1, 3];
const w = [0.5, 1.0, -2.0, 0.25, 1.5, 0.75, 3.0];
const h0 = Array.from({ length: 5 * 3 }, (_, i) => Math.sin(i + 1));

/** Plain-JS reference: out[v] = Σ w h[u]; d(Σ out·c)/dh[u] = Σ_{u→v} w c[v]. */
function reference() {
  const out = new Float64Array(15);
  const grad = new Float64Array(15);
  const c = Array.from({ length: 15 }, (_, i) => 1 + i / 10);
  src.forEach((u, e) => {
    for (let k = 0; k < 3; k++) {
      out[dst[e] * 3 + k] += w[e] * h0[u * 3 + k];
      grad[u * 3 + k] += w[e] * c[dst[e] * 3 + k];
    }
  });
  return { out, grad, c };
}

async function run(backend: string) {
  await tf.setBackend(backend);
  await tf.ready();
  const { c } = reference();
  const before = tf.memory().numTensors;
  const res = tf.tidy(() => {
    const h = tf.tensor2d(h0, [5, 3]);
    const S = tf.tensor1d(src, 'int32'),
      D = tf.tensor1d(dst, 'int32'),
      W = tf.tensor1d(w);
    const C = tf.tensor2d(c, [5, 3]);
    const out = aggregate(h, S, D, W, 5);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(aggregate(x as tf.Tensor2D, S, D, W, 5), C)))(h);
    return [out.dataSync(), g.dataSync()] as const;
  });
  return { out: Array.from(res[0]), grad: Array.from(res[1]), leaked: tf.memory().numTensors - before };
}

describe('message passing ops', () => {
  it.each(['cpu', 'wasm'])('aggregates and differentiates on %s like plain JS, without leaks', async (backend) => {
    const ref = reference();
    const got = await run(backend);
    got.out.forEach((v, i) => expect(v).toBeCloseTo(ref.out[i], 5));
    got.grad.forEach((v, i) => expect(v).toBeCloseTo(ref.grad[i], 5));
    expect(got.leaked).toBe(0);
  });
});
