import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { CellVae, CELL_VAE_DEFAULTS } from '../../../../src/core/models/perturbnet/cellVae';
import { Rng } from '../../../../src/core/util/random';

describe('cell VAE with counts', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('cells without any counts neither break training nor give generated cells an infinite size factor', async () => {
    const G = 6,
      n = 40,
      rng = new Rng(1);
    const counts = new Float32Array(n * G),
      library = new Float32Array(n),
      values = new Float32Array(n * G);
    for (let r = 0; r < n; r++) {
      if (r % 2) continue; // every other cell is empty: library 0, all values 0
      library[r] = 1000 + 1000 * rng.uniform();
      for (let j = 0; j < G; j++) {
        counts[r * G + j] = rng.poisson(5 + j);
        values[r * G + j] = Math.log1p((counts[r * G + j] * 1e4) / library[r]);
      }
    }
    const vae = new CellVae(G, { ...CELL_VAE_DEFAULTS, latent: 2, hidden: 8, epochs: 2, likelihood: 'nb', seed: 0 });
    await vae.fit(values, { counts, library });
    expect(Math.min(...vae.libraries)).toBeGreaterThan(999);
    const z = tf.randomNormal([200, 2], 0, 1, 'float32', 3) as tf.Tensor2D;
    for (const drawn of [vae.expression(z, 7), vae.expression(z)]) expect(drawn.every(Number.isFinite)).toBe(true);
    z.dispose();
    vae.dispose();
    const empty = new CellVae(G, { ...CELL_VAE_DEFAULTS, latent: 2, hidden: 8, epochs: 1, likelihood: 'nb', seed: 0 });
    await expect(
      empty.fit(new Float32Array(n * G), { counts: new Float32Array(n * G), library: new Float32Array(n) }),
    ).rejects.toThrow(/Every sampled cell has zero counts/);
    empty.dispose();
  });
});
