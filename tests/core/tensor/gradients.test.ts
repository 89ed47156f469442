import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '../../../src/core/tensor/wasmBackend';
import '../../../src/core/tensor/gradients';
import { sumGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Sum_grad.js';
import { meanGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Mean_grad.js';
import { Rng } from '../../../src/core/util/random';

const CASES: [number[], number | number[]][] = [
  [[7], 0],
  [[4, 6], 0],
  [[4, 6], 1],
  [
    [4, 6],
    [0, 1],
  ],
  [[3, 5, 8], 1],
  [
    [3, 5, 8],
    [0, 2],
  ],
  [[3, 5, 8], -1],
];

/**
 * The gradient of a sum or mean over `axis` of a seeded random x, given a seeded random incoming
 * gradient: through the gradient registered now, or through `config`'s.
 */
function gradient(op: 'sum' | 'mean', shape: number[], axis: number | number[], config?: tf.GradConfig): number[] {
  const rng = new Rng(shape.length * 100 + JSON.stringify(axis).length);
  const reduce = (t: tf.Tensor) => (op === 'sum' ? tf.sum(t, axis) : tf.mean(t, axis));
  return tf.tidy(() => {
    const x = tf.tensor(
      Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => rng.normal()),
      shape,
    );
    const out = reduce(x);
    const dy = tf.tensor(
      Float32Array.from({ length: out.size }, () => rng.normal()),
      out.shape,
    );
    const g = config
      ? (config.gradFunc(dy, [x], { axis } as unknown as tf.NamedAttrMap) as { x: () => tf.Tensor }).x()
      : tf.grad(reduce)(x, dy);
    return [...g.dataSync()];
  });
}

describe('the gradients of Sum and Mean', () => {
  it('are ours, not tfjs’s', () => {
    expect(tf.getGradient(tf.Sum)!.gradFunc).not.toBe(sumGradConfig.gradFunc);
    expect(tf.getGradient(tf.Mean)!.gradFunc).not.toBe(meanGradConfig.gradFunc);
  });

  for (const backend of ['cpu', 'wasm'])
    it(`equal tfjs’s bit for bit over every choice of axes (${backend})`, async () => {
      await tf.setBackend(backend);
      for (const op of ['sum', 'mean'] as const)
        for (const [shape, axis] of CASES) {
          const theirs = gradient(op, shape, axis, op === 'sum' ? sumGradConfig : meanGradConfig);
          expect(theirs.length).toBe(tf.util.sizeFromShape(shape));
          expect(theirs.some((v) => v !== 0)).toBe(true);
          expect(gradient(op, shape, axis), `${op} over ${JSON.stringify(axis)} of ${shape.join(' × ')}`).toEqual(
            theirs,
          );
        }
    });
});
