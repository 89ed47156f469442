import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
// The ES module the page's bundle takes; the CLI and these tests run tf-core.node.js (read below).
import * as tfTape from '@tensorflow/tfjs-core/dist/tape.js';

interface Ref {
  id: number;
}
interface Node {
  id: number;
  kernelName: string;
  inputs: Record<string, Ref>;
  outputs: Ref[];
  saved?: Ref[];
  gradient?: () => void;
}

// Tape nodes stand in for tensors with bare ids: the filter reads nothing else of them.
const getFilteredNodesXToY = tfTape.getFilteredNodesXToY as unknown as (tape: Node[], xs: Ref[], y: Ref) => Node[];

const t = (id: number): Ref => ({ id });
let nextNode = 0;
const node = (kernelName: string, inputs: Record<string, number>, outputs: number[]): Node => ({
  id: nextNode++,
  kernelName,
  inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, t(v)])),
  outputs: outputs.map(t),
  saved: [],
  gradient: () => {},
});

/** The filter as tfjs documents it, written plainly: nodes on a path from xs to y, inputs not from xs dropped. */
function reference(tape: Node[], xs: Ref[], y: Ref) {
  const fromX = new Set(xs.map((x) => x.id));
  const nodeFromX = new Set<number>();
  for (const n of tape)
    if (Object.values(n.inputs).some((i) => fromX.has(i.id))) {
      nodeFromX.add(n.id);
      n.outputs.forEach((o) => fromX.add(o.id));
    }
  const toY = new Set([y.id]);
  const nodeToY = new Set<number>();
  for (const n of [...tape].reverse())
    if (n.outputs.some((o) => toY.has(o.id))) {
      nodeToY.add(n.id);
      Object.values(n.inputs).forEach((i) => toY.add(i.id));
    }
  return tape
    .filter((n) => nodeFromX.has(n.id) && nodeToY.has(n.id))
    .map((n) => ({
      id: n.id,
      inputs: Object.keys(n.inputs).filter((k) => fromX.has(n.inputs[k].id)),
      outputs: n.outputs.map((o) => o.id),
    }));
}

describe("tfjs-core's tape filter (patches/@tensorflow+tfjs-core+4.22.0.patch)", () => {
  it('is the patched one in both builds tfjs-core ships to us', () => {
    const require = createRequire(import.meta.url);
    for (const file of ['@tensorflow/tfjs-core/dist/tape.js', '@tensorflow/tfjs-core/dist/tf-core.node.js'])
      expect(readFileSync(require.resolve(file), 'utf8'), file).toContain('Perturbscope patch');
  });

  it('keeps exactly the nodes from xs to y, with the inputs that come from xs', () => {
    // x (1), w (2) are the sources; c (3) is a constant; y is tensor 9.
    const tape = [
      node('MatMul', { a: 1, b: 2 }, [4]), // from x and w, leads to y
      node('Add', { a: 4, b: 3 }, [5]), // the constant input is pruned
      node('Square', { x: 3 }, [6]), // not from xs: dropped
      node('Split', { x: 5 }, [7, 8]), // two outputs, one leads to y
      node('Tanh', { x: 8 }, [10]), // from xs, leads nowhere: dropped
      node('Mul', { a: 7, b: 6 }, [9]), // y; 6 is not from xs: pruned
      node('Exp', { x: 9 }, [11]), // after y: dropped
    ];
    const xs = [t(1), t(2)];
    const y = t(9);
    const got = getFilteredNodesXToY(tape, xs, y).map((n) => ({
      id: n.id,
      inputs: Object.keys(n.inputs),
      outputs: n.outputs.map((o) => o.id),
    }));
    expect(got).toEqual(reference(tape, xs, y));
    expect(got.map((n) => tape.find((m) => m.id === n.id)!.kernelName)).toEqual(['MatMul', 'Add', 'Split', 'Mul']);
    expect(got[1].inputs).toEqual(['a']);
    expect(got[3].inputs).toEqual(['a']);
  });

  it('leaves the tape itself untouched and carries each node’s gradient and saved tensors', () => {
    const tape = [node('Relu', { x: 1 }, [2]), node('Mul', { a: 2, b: 3 }, [4])];
    const filtered = getFilteredNodesXToY(tape, [t(1)], t(4));
    expect(Object.keys(tape[1].inputs)).toEqual(['a', 'b']);
    expect(filtered[1]).not.toBe(tape[1]);
    expect(filtered.map((n) => n.gradient)).toEqual(tape.map((n) => n.gradient));
    expect(filtered.map((n) => n.saved)).toEqual(tape.map((n) => n.saved));
  });
});
