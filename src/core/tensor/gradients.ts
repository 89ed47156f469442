/**
 * tfjs's gradients, with those of Sum and Mean replaced. Import this module wherever gradients are
 * taken, instead of '@tensorflow/tfjs-core/dist/register_all_gradients.js' (it imports that first,
 * so these replace tfjs's whatever the order of imports elsewhere).
 *
 * tfjs spreads the incoming gradient of a sum or a mean over its input by multiplying it with
 * `ones(x.shape)`: an array of ones the size of the input, filled in JavaScript and copied onto the
 * backend at every step. Here the ones are made on the backend (`onesLike`, a fill in place), and a
 * mean divides the small gradient before it is spread. The values are the same, bit for bit
 * (a product with 1 is exact; so is dividing before or after it). In the page tfjs's ones were a
 * fifth of the page faults while PerturbNet trained beside another model (Chromium maps a large
 * ArrayBuffer fresh and unmaps it when it is freed); in Node, spreading a 128 × 1,200 × 64 gradient
 * took 184 ms with tfjs's ones and 6.6 ms with these.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as tf from '@tensorflow/tfjs-core';

/** `small` spread over x's shape: by a product with ones made on the backend. */
function spread(small: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.mul(small, x.dtype === 'float32' ? tf.onesLike(x) : tf.ones(x.shape, 'float32'));
}

/**
 * The gradient of a reduction over the axes `attrs.axis` of its input x: the incoming gradient,
 * given x's shape with 1 on those axes, divided by `divisor` (when there is one), spread over x.
 */
function registerSpreading(kernelName: string, divisor: (x: tf.Tensor, axes: number[]) => number | null): void {
  tf.registerGradient({
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const axes = tf.util.parseAxisParam((attrs as unknown as tf.SumAttrs).axis, x.shape);
      const shape = x.shape.map((n, a) => (axes.includes(a) ? 1 : n));
      const small = tf.reshape(dy as tf.Tensor, shape);
      const d = divisor(x, axes);
      return { x: () => spread(d === null ? small : tf.div(small, d), x) };
    },
  });
}

registerSpreading(tf.Sum, () => null);
registerSpreading(tf.Mean, (x, axes) => axes.reduce((n, a) => n * x.shape[a], 1));
