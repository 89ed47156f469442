import { Rng } from '../util/random';

import { CONDITION_SUBSETS, type SplitName, type Subset } from '../catalog';

export type { SplitName, Subset };
/** The subsets a test condition can belong to. */
export const SUBSETS: readonly Subset[] = CONDITION_SUBSETS;

export interface SplitCondition {
  name: string;
  genes: readonly string[];
}

export interface Split {
  name: SplitName;
  seed: number;
  train: string[];
  validation: string[];
  test: string[];
  /** Subset of each test condition. */
  subsetOf: Record<string, Subset>;
}

export interface SplitOptions {
  /** simulation: fraction of single-perturbation genes seen in training (GEARS: 0.75). */
  trainGeneFraction?: number;
  /** simulation: fraction of doubles with both genes seen that go to training (GEARS: 0.75). */
  comboSeen2TrainFraction?: number;
  /** Fraction of training conditions carved out for validation. */
  validationFraction?: number;
}

/**
 * Seeded train / validation / test splits over conditions.
 * - simulation (GEARS): a random 75% of the single-gene targets are seen; their singles train, the
 *   rest are unseen_single tests; doubles are combo_seen0/1/2 by how many genes are seen, and 75% of
 *   the combo_seen2 doubles train while all other doubles are tests.
 * - combo_seen2 (Ahlmann-Eltze et al.): every single trains; a random half of the doubles are tests.
 * - single: a random 25% of the single-gene targets are unseen tests; doubles touching them are left
 *   out, the other doubles train.
 * Validation is a random 10% of the training conditions (at least one when there are two or more).
 * Conditions of more than two genes train (their subset would be undefined).
 */
export function makeSplit(
  conditions: readonly SplitCondition[],
  name: SplitName,
  seed: number,
  opts: SplitOptions = {},
): Split {
  const rng = new Rng(seed * 7919 + name.length);
  const singles = conditions.filter((c) => c.genes.length === 1);
  const doubles = conditions.filter((c) => c.genes.length === 2);
  const others = conditions.filter((c) => c.genes.length > 2);
  const train: string[] = others.map((c) => c.name);
  const test: string[] = [];
  const subsetOf: Record<string, Subset> = {};
  const addTest = (c: SplitCondition, s: Subset) => {
    test.push(c.name);
    subsetOf[c.name] = s;
  };
  const singleGenes = [...new Set(singles.map((c) => c.genes[0]))].sort();
  if (name === 'combo_seen2') {
    train.push(...singles.map((c) => c.name));
    const order = rng.shuffle(doubles.map((c) => c.name).sort());
    const held = new Set(order.slice(0, Math.floor(order.length / 2)));
    for (const c of doubles) {
      if (held.has(c.name)) addTest(c, 'combo_seen2');
      else train.push(c.name);
    }
  } else {
    const fraction = name === 'simulation' ? (opts.trainGeneFraction ?? 0.75) : 1 - 0.25;
    const shuffled = rng.shuffle([...singleGenes]);
    const seen = new Set(shuffled.slice(0, Math.round(fraction * shuffled.length)));
    for (const c of singles) {
      if (seen.has(c.genes[0])) train.push(c.name);
      else addTest(c, 'unseen_single');
    }
    const seen2Train = opts.comboSeen2TrainFraction ?? 0.75;
    const seen2 = doubles
      .filter((c) => c.genes.every((g) => seen.has(g)))
      .map((c) => c.name)
      .sort();
    const seen2TrainSet = new Set(rng.shuffle(seen2).slice(0, Math.round(seen2Train * seen2.length)));
    for (const c of doubles) {
      const nSeen = c.genes.filter((g) => seen.has(g)).length;
      if (name === 'single') {
        if (nSeen === 2) train.push(c.name);
        continue;
      }
      if (nSeen === 2 && seen2TrainSet.has(c.name)) train.push(c.name);
      else addTest(c, (['combo_seen0', 'combo_seen1', 'combo_seen2'] as const)[nSeen]);
    }
  }
  const vf = opts.validationFraction ?? 0.1;
  const shuffledTrain = rng.shuffle([...train].sort());
  const nVal = shuffledTrain.length >= 2 ? Math.max(1, Math.round(vf * shuffledTrain.length)) : 0;
  const validation = shuffledTrain.slice(0, nVal).sort();
  const valSet = new Set(validation);
  return { name, seed, train: train.filter((t) => !valSet.has(t)).sort(), validation, test: test.sort(), subsetOf };
}
