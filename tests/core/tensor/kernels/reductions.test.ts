import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { middleAxisSums, transposedProduct } from '../../../../src/core/tensor/kernels/reductions';
import { Rng } from '../../../../src/core/util/random';
// @ts-expect-error: a plain ES module script without types
import { assemble, moduleText, KERNELS } from '../../../../scripts/build-kernels.mjs';

const rng = new Rng(11);
const data = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

/** aᵀ·b by the definition, in double precision. */
function reference(a: Float32Array, b: Float32Array, K: number, M: number, N: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[k * M + i] * b[k * N + j];
      out.push(s);
    }
  return out;
}

describe('the hand-written WASM reductions', () => {
  it('are assembled from their source as committed (npm run build:kernels)', async () => {
    for (const file of KERNELS as string[]) {
      const committed = readFileSync(
        join(import.meta.dirname, '../../../../src/core/tensor/kernels', file.replace(/\.wat$/, 'Wasm.ts')),
        'utf8',
      );
      expect(committed).toBe(moduleText(file, await assemble(file)));
    }
  });

  it('multiply aᵀ·b: a hand value, then shapes on and off the kernel’s blocks and across row chunks', () => {
    // a = [[1, 2], [3, 4], [5, 6]] (3 × 2), b = [[1], [0], [2]] (3 × 1): aᵀb = [1 + 10, 2 + 12].
    expect([...transposedProduct(Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(1, 0, 2), 3, 2, 1)]).toEqual([
      11, 14,
    ]);
    // 5,000 rows of 4 + 8 columns span several of the kernel's chunks of rows.
    for (const [K, M, N] of [
      [1, 1, 1],
      [37, 5, 3],
      [200, 4, 8],
      [5000, 4, 8],
      [3000, 64, 64],
      [2500, 66, 13],
    ]) {
      const a = data(K * M),
        b = data(K * N);
      const got = transposedProduct(a, b, K, M, N);
      expect(got.length).toBe(M * N);
      const want = reference(a, b, K, M, N);
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 2));
    }
  });

  it('sum over the middle axis of P × K × N, across row chunks, and refuse columns that are not a multiple of 4', () => {
    // [[[1, 2, 3, 4], [10, 20, 30, 40]], [[5, 5, 5, 5], [1, 1, 1, 1]]] over the middle axis.
    expect([...middleAxisSums(Float32Array.of(1, 2, 3, 4, 10, 20, 30, 40, 5, 5, 5, 5, 1, 1, 1, 1), 2, 2, 4)]).toEqual([
      11, 22, 33, 44, 6, 6, 6, 6,
    ]);
    for (const [P, K, N] of [
      [1, 20000, 8],
      [3, 700, 64],
      [2, 3, 40000],
    ]) {
      const x = data(P * K * N);
      const got = middleAxisSums(x, P, K, N);
      for (let p = 0; p < P; p++)
        for (let j = 0; j < N; j += Math.max(1, Math.floor(N / 50))) {
          let s = 0;
          for (let k = 0; k < K; k++) s += x[(p * K + k) * N + j];
          expect(got[p * N + j]).toBeCloseTo(s, 2);
        }
    }
    expect(() => middleAxisSums(data(6), 1, 2, 3)).toThrow(/multiple of 4 columns, not 3/);
  });

  it('write into the array they are given, and only its first M × N (or P × N) values', () => {
    const a = data(300 * 6),
      b = data(300 * 5),
      x = data(2 * 90 * 8);
    const product = new Float32Array(6 * 5 + 2).fill(7);
    expect(transposedProduct(a, b, 300, 6, 5, product)).toBe(product);
    expect([...product.subarray(0, 30)]).toEqual([...transposedProduct(a, b, 300, 6, 5)]);
    expect([...product.subarray(30)]).toEqual([7, 7]);
    const sums = new Float32Array(2 * 8 + 1).fill(7);
    expect(middleAxisSums(x, 2, 90, 8, sums)).toBe(sums);
    expect([...sums.subarray(0, 16)]).toEqual([...middleAxisSums(x, 2, 90, 8)]);
    expect(sums[16]).toBe(7);
  });
});
