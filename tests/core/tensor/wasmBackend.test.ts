import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../../../src/core/tensor/wasmBackend';
import { Rng } from '../../../src/core/util/random';
import { gatherRows } from '../../../src/core/tensor/messagePassing';
import { matMulFast } from '../../../src/core/tensor/matmul';

/** The same computation on the CPU backend (tfjs's own kernels) and on WASM (ours). */
async function onBoth<T>(f: () => T): Promise<[T, T]> {
  await tf.setBackend('cpu');
  const cpu = f();
  await tf.setBackend('wasm');
  return [cpu, f()];
}

describe('the WASM backend with its faster kernels', () => {
  it('gathers rows exactly as tfjs does, for every shape, and the gradient message passing takes through it', async () => {
    const rng = new Rng(5);
    const data = (n: number) => Array.from({ length: n }, () => rng.normal());
    const x2 = data(7 * 5),
      x1 = data(9),
      x3 = data(4 * 3 * 2);
    const cases: [number[], number[], number[], number[]][] = [
      [x2, [7, 5], [6, 0, 0, 3, 6], [5]],
      [x1, [9], [8, 1, 1], [3]],
      [x3, [4, 3, 2], [3, 1, 0, 2, 2, 1], [2, 3]],
      [x2, [7, 5], [], [0]],
    ];
    for (const [x, shape, idx, idxShape] of cases) {
      const [cpu, wasm] = await onBoth(() =>
        tf.tidy(() => {
          const t = tf.tensor(x, shape);
          const i = tf.tensor(idx, idxShape, 'int32');
          // tfjs's own gather gradient needs a kernel WASM lacks; message passing uses gatherRows.
          const g =
            t.rank === 2
              ? tf.grad((v: tf.Tensor) => tf.sum(tf.square(gatherRows(v as tf.Tensor2D, i as tf.Tensor1D))))(t)
              : tf.zeros([1]);
          return { value: [...tf.gather(t, i).dataSync()], shape: tf.gather(t, i).shape, grad: [...g.dataSync()] };
        }),
      );
      expect(wasm.shape).toEqual(cpu.shape);
      expect(wasm.value).toEqual(cpu.value);
      wasm.grad.forEach((g, k) => expect(g).toBeCloseTo(cpu.grad[k], 5));
    }
    // Rows of other dtypes are copied within the heap in their own element size.
    for (const dtype of ['int32', 'bool'] as const) {
      const [cpu, wasm] = await onBoth(() =>
        tf.tidy(() => [
          ...tf
            .gather(
              tf.tensor(
                Array.from({ length: 12 }, (_, k) => (dtype === 'bool' ? k % 3 : k * 7 - 20)),
                [4, 3],
                dtype,
              ),
              tf.tensor1d([3, 0, 3, 1], 'int32'),
            )
            .dataSync(),
        ]),
      );
      expect(wasm).toEqual(cpu);
      expect(wasm.length).toBe(12);
    }
  });

  it('gathers along another axis with the backend’s own kernel, and refuses an index out of range', async () => {
    await tf.setBackend('wasm');
    const t = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    expect([...tf.gather(t, [2, 0], 1).dataSync()]).toEqual([3, 1, 6, 4]);
    const before = tf.memory().numTensors;
    expect(() => tf.gather(t, [0, 2])).toThrow(/index value 2 is not in \[0, 1\]/);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('clones by sharing data: the clone outlives its source, and freeing both frees the memory', async () => {
    await tf.setBackend('wasm');
    const bytesBefore = tf.memory().numBytes;
    const tensorsBefore = tf.memory().numTensors;
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    const c = tf.clone(b);
    a.dispose();
    expect([...b.dataSync()]).toEqual([1, 2, 3]);
    b.dispose();
    expect([...c.dataSync()]).toEqual([1, 2, 3]);
    // A new tensor does not land on memory a live clone still uses.
    const d = tf.tensor1d([7, 8, 9]);
    expect([...c.dataSync()]).toEqual([1, 2, 3]);
    c.dispose();
    d.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(tf.memory().numBytes).toBe(bytesBefore);
  });

  it('multiplies aᵀ·b with its own kernel as tfjs does, and leaves every other product to the backend', async () => {
    const rng = new Rng(8);
    const t = (shape: number[]) =>
      tf.tensor(
        Array.from({ length: shape.reduce((p, q) => p * q) }, () => rng.normal()),
        shape,
      );
    const cases: [number[], number[], boolean, boolean][] = [
      [[300, 64], [300, 64], true, false], // the weight gradient of a dense layer
      [[41, 5], [41, 3], true, false], // off the kernel's blocks: padded
      [[1, 30, 6], [1, 30, 9], true, false], // rank 3, a batch of one
      [[2, 30, 6], [2, 30, 9], true, false], // a batch of two: the backend's kernel
      [[7, 5], [6, 5], false, true],
      [[7, 5], [5, 6], false, false],
    ];
    for (const [sa, sb, ta, tb] of cases) {
      const a = t(sa),
        b = t(sb);
      const [cpu, wasm] = await onBoth(() =>
        tf.tidy(() => {
          const out = tf.matMul(tf.tensor(a.dataSync(), sa), tf.tensor(b.dataSync(), sb), ta, tb);
          return { shape: out.shape, value: [...out.dataSync()] };
        }),
      );
      expect(wasm.shape).toEqual(cpu.shape);
      wasm.value.forEach((v, i) => expect(v).toBeCloseTo(cpu.value[i], 3));
      a.dispose();
      b.dispose();
    }
    // The dense layer's product differentiates alike on both.
    const x = t([200, 12]).arraySync() as number[][],
      w = t([12, 8]).arraySync() as number[][];
    const [cpu, wasm] = await onBoth(() =>
      tf.tidy(() => {
        const g = tf.grads((p: tf.Tensor, q: tf.Tensor) =>
          tf.sum(tf.square(matMulFast(p as tf.Tensor2D, q as tf.Tensor2D))),
        );
        return g([tf.tensor2d(x), tf.tensor2d(w)]).map((d) => [...d.dataSync()]);
      }),
    );
    cpu.forEach((d, k) => d.forEach((v, i) => expect(wasm[k][i]).toBeCloseTo(v, 2)));
  });

  it('sums over leading and middle axes with its own kernel as tfjs does, and leaves the rest to the backend', async () => {
    const rng = new Rng(9);
    const cases: [number[], number | number[], boolean][] = [
      [[6, 5, 8], 0, false],
      [[6, 5, 8], 1, false],
      [[6, 5, 8], [0, 1], true],
      [[3000, 4], 0, false],
      [[6, 5, 8], 2, false], // the last axis: the backend's kernel
      [[6, 5, 3], 0, false], // rows of 3: the backend's kernel
      [[6, 5, 8], [0, 2], false], // not one run of axes: the backend's kernel
    ];
    for (const [shape, axis, keepDims] of cases) {
      const x = Array.from({ length: shape.reduce((p, q) => p * q) }, () => rng.normal());
      const [cpu, wasm] = await onBoth(() =>
        tf.tidy(() => {
          const out = tf.sum(tf.tensor(x, shape), axis, keepDims);
          return { shape: out.shape, value: [...out.dataSync()] };
        }),
      );
      expect(wasm.shape).toEqual(cpu.shape);
      wasm.value.forEach((v, i) => expect(v).toBeCloseTo(cpu.value[i], 3));
    }
    await tf.setBackend('wasm');
    expect([...tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4], 'int32'), 0).dataSync()]).toEqual([6, 8, 10, 12]);
  });

  it('casts to a tensor’s own dtype by sharing its data, and to another dtype by converting', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor1d([1.5, -2, 0]);
    const same = tf.cast(a, 'float32');
    expect(same.dataId).toBe(a.dataId);
    a.dispose();
    expect([...same.dataSync()]).toEqual([1.5, -2, 0]);
    expect([...tf.cast(same, 'int32').dataSync()]).toEqual([1, -2, 0]);
    same.dispose();
  });

  it('computes tanh and its gradient as tfjs does, saturating without overflow and freeing its steps', async () => {
    // Repeated past the size below which the backend's own tanh runs.
    const x = Array.from(
      { length: 1 << 15 },
      (_, i) => [-40, -20, -3, -0.5, -1e-3, 0, 1e-8, 1e-3, 0.25, 1, 4.5, 20, 40][i % 13],
    );
    const [cpu, wasm] = await onBoth(() =>
      tf.tidy(() => {
        const t = tf.tensor1d(x);
        const weights = tf.tensor1d(x.map((_, k) => (k % 13) + 1));
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.tanh(v), weights)))(t);
        return { value: [...tf.tanh(t).dataSync()], grad: [...g.dataSync()] };
      }),
    );
    // By hand: tanh(0.25) = 0.244919, tanh(−3) = −0.995055.
    expect(wasm.value[8]).toBeCloseTo(0.244919, 6);
    expect(wasm.value[2]).toBeCloseTo(-0.995055, 6);
    expect(wasm.value[0]).toBe(-1);
    expect(wasm.value[12]).toBe(1);
    wasm.value.forEach((v, i) => expect(Math.abs(v - cpu.value[i])).toBeLessThan(2e-7));
    wasm.grad.forEach((v, i) => expect(v).toBeCloseTo(cpu.grad[i], 5));
    const input = tf.tensor1d(x);
    const before = tf.backend().numDataIds();
    tf.tanh(input).dispose();
    expect(tf.backend().numDataIds()).toBe(before);
    input.dispose();
  });

  it('slices, splits and unstacks exactly as tfjs does, on every axis and dtype, copying only the slice', async () => {
    const values = Array.from({ length: 4 * 3 * 5 }, (_, i) => i * 0.5 - 7);
    const cases: [number[], number[], number[]][] = [
      // shape, begin, size (−1: to the end)
      [[60], [7], [20]],
      [
        [4, 15],
        [1, 0],
        [2, -1],
      ],
      [
        [4, 15],
        [0, 3],
        [4, 5],
      ],
      [
        [4, 15],
        [3, 14],
        [1, 1],
      ],
      [
        [4, 3, 5],
        [1, 1, 2],
        [3, 2, 3],
      ],
      [
        [4, 3, 5],
        [2, 0, 0],
        [1, 3, 5],
      ],
      [
        [4, 3, 5],
        [0, 2, 0],
        [4, 1, 5],
      ],
      [
        [2, 2, 3, 5],
        [1, 0, 1, 4],
        [1, 2, 2, 1],
      ],
      [
        [4, 15],
        [2, 2],
        [0, 3],
      ],
    ];
    for (const dtype of ['float32', 'int32', 'bool'] as const)
      for (const [shape, begin, size] of cases) {
        const [cpu, wasm] = await onBoth(() =>
          tf.tidy(() => {
            const t = tf.tensor(
              values.map((v) => (dtype === 'bool' ? Number(v > 0) : v)),
              shape,
              dtype,
            );
            const s = tf.slice(t, begin, size);
            return { shape: s.shape, value: [...s.dataSync()] };
          }),
        );
        expect(wasm).toEqual(cpu);
      }
    // By hand: rows 1–2, columns 3–4 of a 4 × 15 matrix of i·0.5 − 7.
    await tf.setBackend('wasm');
    const m = tf.tensor(values, [4, 15]);
    expect([...tf.slice(m, [1, 3], [2, 2]).dataSync()]).toEqual([2, 2.5, 9.5, 10]);
    const [cpuParts, wasmParts] = await onBoth(() =>
      tf.tidy(() => {
        const t = tf.tensor(values, [4, 3, 5]);
        const parts = [
          ...tf.split(t, [1, 3], 0),
          ...tf.split(t, [2, 0, 1], 1),
          ...tf.split(t, 5, 2),
          ...tf.unstack(t, 1),
        ];
        return parts.map((p) => ({ shape: p.shape, value: [...p.dataSync()] }));
      }),
    );
    expect(wasmParts).toEqual(cpuParts);
    expect(wasmParts.map((p) => p.shape)).toEqual([
      [1, 3, 5],
      [3, 3, 5],
      [4, 2, 5],
      [4, 0, 5],
      [4, 1, 5],
      ...Array.from({ length: 5 }, () => [4, 3, 1]),
      ...Array.from({ length: 3 }, () => [4, 5]),
    ]);
    // A slice's gradient pads back to the input's shape.
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.slice(v, [1, 3], [2, 2])))(m);
    expect([...g.dataSync()].filter((v) => v === 1)).toHaveLength(4);
    expect(g.dataSync()[15 + 3]).toBe(1);
    const before = tf.backend().numDataIds();
    tf.split(m, [5, 10], 1).forEach((p) => p.dispose());
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose([m, g]);
  });
});
