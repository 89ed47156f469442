import * as tf from '@tensorflow/tfjs-core';

/**
 * f(a, b) = value(a, b), differentiated by `grads` (one gradient per input, given dy and the
 * inputs) instead of through value's own ops: for when tfjs's derived gradient runs slow kernels or
 * builds tensors it need not.
 */
export function withGradient<A extends tf.Tensor, B extends tf.Tensor, O extends tf.Tensor>(
  value: (a: A, b: B) => O,
  grads: (dy: O, a: A, b: B) => [tf.Tensor, tf.Tensor],
): (a: A, b: B) => O {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, b, save] = args as [A, B, tf.GradSaveFunc];
    save([a, b]);
    return {
      value: value(a, b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => grads(dy as O, saved[0] as A, saved[1] as B),
    };
  });
  return (a, b) => f(a, b) as O;
}
