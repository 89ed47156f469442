import * as tf from '@tensorflow/tfjs-core';

/**
 * a·b with a gradient the WASM backend runs fast. tfjs differentiates matMul with the
 * transposeA/transposeB flags; the backend's own kernel runs both about 7× slower than a transpose
 * plus a plain product (measured on a 38,400 × 64 by 64 × 64 product: 164 ms against 38 ms). So the
 * input's gradient transposes the (small) weight explicitly, and the weight's gradient aᵀ·dy keeps
 * the transposeA flag, which ./wasmBackend serves with its own SIMD kernel (no transpose of the
 * large activation, no repacking of dy). The training of every model goes through this product.
 */
export function matMulFast(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor2D,
      w = args[1] as tf.Tensor2D,
      save = args[2] as tf.GradSaveFunc;
    save([x, w]);
    return {
      value: tf.matMul(x, w),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as tf.Tensor2D[];
        return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), tf.matMul(xs, dy as tf.Tensor2D, true, false)];
      },
    };
  });
  return f(a, b) as tf.Tensor2D;
}
