import * as tf from '@tensorflow/tfjs-core';

/**
 * Adam with one update for all variables at once: the gradients are laid end to end, updated by
 * tf.AdamOptimizer's own elementwise formula (so the same numbers, bit for bit), and cut back into
 * the variables. tfjs's Adam runs about ten ops per variable, and every op costs the engine tens of
 * microseconds whatever its size: PerturbNet's flow has 84 variables of a few hundred values, and
 * its optimiser step was 840 ops. The learning rate is read afresh at every step.
 *
 * With `averaging` (a decay, e.g. 0.99), it also keeps an exponential moving average of the weights
 * over the steps (Polyak averaging), flat like the moments: three ops a step, whatever the count of
 * variables. The average starts at the weights before the first step.
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
  private readonly averaging: number;
  /** The weights laid end to end, kept in step with the variables, and their running average. */
  private weights: tf.Variable | null = null;
  private average: tf.Variable | null = null;

  constructor(beta1 = 0.9, beta2 = 0.999, averaging = 0) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.averaging = averaging;
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
    if (this.averaging && !this.weights) {
      this.weights = fixed(() => tf.concat(variables.map((x) => tf.reshape(x, [-1]))));
      this.average = fixed(() => tf.clone(this.weights!));
    }
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
      // The same additions as the variables', so the flat copy equals them bit for bit.
      if (this.weights && this.average) {
        this.weights.assign(keep(tf.add(step, this.weights), this.weights));
        this.average.assign(tf.add(tf.mul(this.average, this.averaging), tf.mul(this.weights, 1 - this.averaging)));
      }
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    tf.dispose(grads);
    return value;
  }

  /**
   * The averaged weights, one tensor per variable of the steps (in their order and shapes); null
   * without `averaging` or before the first step. The caller owns the tensors.
   */
  averaged(variables: readonly tf.Variable[]): tf.Tensor[] | null {
    const average = this.average;
    if (!average) return null;
    return tf.tidy(() =>
      tf
        .split(
          average,
          variables.map((x) => x.size),
        )
        .map((part, i) => tf.reshape(part, variables[i].shape)),
    );
  }

  dispose(): void {
    tf.dispose(
      [this.accBeta1, this.accBeta2, this.m, this.v, this.weights, this.average].filter(
        (t): t is tf.Variable => t !== null,
      ),
    );
  }
}

/** A variable the optimiser keeps (not trained), without leaving its initial tensor alive. */
function fixed(init: () => tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(init(), false));
}
