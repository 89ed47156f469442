import * as tf from '@tensorflow/tfjs-core';

/**
 * Adam with one update for all variables at once: the gradients are laid end to end, updated by
 * tf.AdamOptimizer's own elementwise formula (so the same numbers, bit for bit), and cut back into
 * the variables. tfjs's Adam runs about ten ops per variable, and every op costs the engine tens of
 * microseconds whatever its size: PerturbNet's flow has 84 variables of a few hundred values, and
 * its optimiser step was 840 ops. The learning rate is read afresh at every step.
 */
export class FlatAdam {
  rate = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly accBeta1: tf.Variable;
  private readonly accBeta2: tf.Variable;
  private m: tf.Variable | null = null;
  private v: tf.Variable | null = null;

  constructor(beta1 = 0.9, beta2 = 0.999) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = tf.backend().epsilon();
    this.accBeta1 = fixed(() => tf.scalar(beta1));
    this.accBeta2 = fixed(() => tf.scalar(beta2));
  }

  /** One step on `loss`'s gradient with respect to `variables`; returns the loss. */
  minimize(loss: () => tf.Scalar, variables: tf.Variable[]): tf.Scalar {
    const sizes = variables.map((x) => x.size);
    const total = sizes.reduce((p, q) => p + q, 0);
    this.m ??= fixed(() => tf.zeros([total]));
    this.v ??= fixed(() => tf.zeros([total]));
    const [m, v] = [this.m, this.v];
    if (m.size !== total) throw new Error(`FlatAdam holds moments for ${m.size} values, not the ${total} given`);
    const { value, grads } = tf.variableGrads(loss, variables);
    tf.tidy(() => {
      // A variable the loss does not reach keeps its value and moments, as in tfjs's Adam.
      const reached = variables.map((x) => grads[x.name] !== undefined);
      const gradient = tf.concat(
        variables.map((x) => (grads[x.name] ? tf.reshape(grads[x.name], [-1]) : tf.zeros([x.size]))),
      );
      const keep = (next: tf.Tensor, old: tf.Tensor) =>
        reached.every(Boolean)
          ? next
          : tf.where(tf.concat(sizes.map((n, i) => tf.fill([n], reached[i] ? 1 : 0, 'bool'))), next, old);
      const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
      const newM = tf.add(tf.mul(m, this.beta1), tf.mul(gradient, 1 - this.beta1));
      const newV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
      const step = tf.mul(
        tf.div(tf.div(newM, oneMinusAccBeta1), tf.add(tf.sqrt(tf.div(newV, oneMinusAccBeta2)), this.epsilon)),
        -this.rate,
      );
      m.assign(keep(newM, m));
      v.assign(keep(newV, v));
      const steps = tf.split(step, sizes);
      variables.forEach((x, i) => {
        if (reached[i]) x.assign(tf.add(tf.reshape(steps[i], x.shape), x));
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    tf.dispose(grads);
    return value;
  }

  dispose(): void {
    tf.dispose([this.accBeta1, this.accBeta2, ...(this.m ? [this.m] : []), ...(this.v ? [this.v] : [])]);
  }
}

/** A variable the optimiser keeps (not trained), without leaving its initial tensor alive. */
function fixed(init: () => tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(init(), false));
}
