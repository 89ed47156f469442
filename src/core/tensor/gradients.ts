/**
 * tfjs's gradients, with those of Sum and Mean replaced. Import this module wherever gradients are
 * taken, instead of '@tensorflow/tfjs-core/dist/register_all_gradients.js' (it imports that first,
 * so these replace tfjs's whatever the order of imports elsewhere).
 *
 * tfjs spreads the incoming gradient of a sum or a mean over its input by multiplying it with
 * `ones(x.shape)`: an array of ones the size of the input, filled in JavaScript and copied onto the
 * backend at every step. Here the ones are made on the backend (`onesLike`, a fill in place), and a
 * mean divides the small gradient before it is spread. The values are the same, bit for bit
 * (a product with 1 is exact; so is dividing before or after it). In the page it was a fifth of
 * the page faults of a PerturbNet fit (Chromium maps a large ArrayBuffer fresh and unmaps it when it
 * is freed); in Node, spreading a 128 × 1,200 × 64 gradient took 184 ms with tfjs's ones and 6.6 ms
 * with these.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as tf from '@tensorflow/tfjs-core';

/** The incoming gradient `dy` of a reduction over `axes` of `x`, in x's shape with 1 on those axes. */
function expanded(dy: tf.Tensor, x: tf.Tensor, axis: number | number[]): tf.Tensor {
  const shape = x.shape.slice();
  for (const a of tf.util.parseAxisParam(axis, x.shape)) shape[a] = 1;
  return tf.reshape(dy, shape);
}

/** `small` spread over x's shape: by a product with ones made on the backend. */
function spread(small: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.mul(small, x.dtype === 'float32' ? tf.onesLike(x) : tf.ones(x.shape, 'float32'));
}

tf.registerGradient({
  kernelName: tf.Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis } = attrs as unknown as tf.SumAttrs;
    return { x: () => spread(expanded(dy as tf.Tensor, x, axis), x) };
  },
});

tf.registerGradient({
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis } = attrs as unknown as tf.MeanAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const reduceSize = axes.reduce((n, a) => n * x.shape[a], 1);
    return { x: () => spread(tf.div(expanded(dy as tf.Tensor, x, axes), reduceSize), x) };
  },
});
