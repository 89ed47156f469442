import * as tf from '@tensorflow/tfjs-core';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log Γ(t) for t > 0 from tensor ops, so that gradients flow (tfjs has no lgamma): Stirling's
 * series at t + 6, shifted back by log(t (t+1) … (t+5)). Error below 1e-7 relative for t > 0.
 */
export function lgamma(t: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.add(t, 6);
    const zi = tf.reciprocal(z);
    const zi2 = tf.square(zi);
    // 1/(12z) − 1/(360z³) + 1/(1260z⁵)
    const series = tf.mul(zi, tf.add(1 / 12, tf.mul(zi2, tf.add(-1 / 360, tf.mul(zi2, 1 / 1260)))));
    const stirling = tf.add(tf.sub(tf.mul(tf.sub(z, 0.5), tf.log(z)), z), tf.add(series, HALF_LOG_2PI));
    let prod = t;
    for (let k = 1; k < 6; k++) prod = tf.mul(prod, tf.add(t, k));
    return tf.sub(stirling, tf.log(prod));
  });
}

/**
 * Log-probability of counts `x` under a negative binomial with mean `mu` and inverse dispersion
 * `theta` (variance mu + mu²/theta), elementwise, as scVI writes it.
 */
export function nbLogProb(x: tf.Tensor, mu: tf.Tensor, theta: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const eps = 1e-8;
    const logThetaMu = tf.log(tf.add(tf.add(theta, mu), eps));
    return tf.add(
      tf.sub(tf.sub(lgamma(tf.add(x, theta)), lgamma(theta)), lgamma(tf.add(x, 1))),
      tf.add(
        tf.mul(theta, tf.sub(tf.log(tf.add(theta, eps)), logThetaMu)),
        tf.mul(x, tf.sub(tf.log(tf.add(mu, eps)), logThetaMu)),
      ),
    );
  });
}

/**
 * E[log1p(s·X)] for X ~ NB(mu, theta): the mean log-normalised value of a gene whose count has that
 * law in a cell with size factor `s` (targetSum / library size). Summed exactly over the pmf until
 * the tail left is below 1e-7; very large means (beyond `maxTerms`) use the second-order delta
 * method, where log1p is nearly linear over the bulk of the law.
 */
export function expectedLog1p(mu: number, theta: number, s: number, maxTerms = 4000): number {
  if (!(mu > 0)) return 0;
  const q = mu / (theta + mu);
  let p = Math.exp(theta * Math.log(theta / (theta + mu)));
  const variance = mu + (mu * mu) / theta;
  if (p < 1e-300 || mu + 12 * Math.sqrt(variance) > maxTerms) {
    const m = 1 + s * mu;
    return Math.log(m) - (s * s * variance) / (2 * m * m);
  }
  let mass = p,
    sum = 0;
  for (let k = 0; k < maxTerms && 1 - mass > 1e-7; k++) {
    p *= ((k + theta) / (k + 1)) * q;
    mass += p;
    sum += p * Math.log1p(s * (k + 1));
  }
  return sum;
}
