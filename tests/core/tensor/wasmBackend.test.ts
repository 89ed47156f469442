import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../../../src/core/tensor/wasmBackend';
import { Rng } from '../../../src/core/util/random';
import { gatherRows } from '../../../src/core/tensor/messagePassing';

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
});
