import { InputError } from '../errors';
import { fitInteraction, type InteractionFit } from './interactions';
import type { Coverage, PerturbationModel } from '../models/types';

export interface ComposedRow {
  model: string;
  label: string;
  coverage: Coverage;
  delta: Float64Array;
  /** For a pair: the interaction of the model's predicted double with its predicted singles. */
  interaction: InteractionFit | null;
}

/**
 * Matches typed gene symbols to the known ones (exact, else case-insensitive when unambiguous);
 * 1 to 3 distinct genes.
 */
export function resolveGenes(typed: readonly string[], known: readonly string[]): string[] {
  const names = typed.map((g) => g.trim()).filter(Boolean);
  if (!names.length || names.length > 3)
    throw new InputError(
      'bad-genes',
      `Choose 1 to 3 genes; got ${names.length}.`,
      'Type gene symbols separated by commas or spaces, e.g. CEBPA, KLF1.',
    );
  const exact = new Set(known);
  const lower = new Map<string, string[]>();
  for (const k of known) lower.set(k.toLowerCase(), [...(lower.get(k.toLowerCase()) ?? []), k]);
  const out = names.map((n) => {
    if (exact.has(n)) return n;
    const cands = lower.get(n.toLowerCase()) ?? [];
    if (cands.length === 1) return cands[0];
    throw new InputError(
      'bad-genes',
      `'${n}' is ${cands.length ? `ambiguous (${cands.join(', ')})` : 'neither measured nor in any model’s graph'}.`,
      'Pick a gene from the suggestions: measured genes and genes in the knowledge graphs can be composed.',
    );
  });
  if (new Set(out).size !== out.length)
    throw new InputError('bad-genes', `A gene appears twice in ${out.join(' + ')}.`, 'Choose distinct genes.');
  return out;
}

/** Every model's prediction for one perturbation, with the predicted interaction class of a pair. */
export async function composePredictions(
  models: ReadonlyMap<string, PerturbationModel>,
  genes: readonly string[],
): Promise<ComposedRow[]> {
  const rows: ComposedRow[] = [];
  for (const [id, m] of models) {
    const perts = genes.length === 2 ? [genes, [genes[0]], [genes[1]]] : [genes];
    const [delta, a, b] = await m.predict(perts);
    const interaction = a && b ? fitInteraction(a, b, delta, strongest([delta, a, b], 20)) : null;
    rows.push({ model: id, label: m.label, coverage: m.coverage(genes), delta, interaction });
  }
  return rows;
}

/** Indices of the `n` genes with the largest |change| in any of the vectors, strongest first. */
export function strongest(vectors: readonly ArrayLike<number>[], n: number): number[] {
  const G = vectors[0]?.length ?? 0;
  const score = new Float64Array(G);
  for (const v of vectors) for (let j = 0; j < G; j++) score[j] = Math.max(score[j], Math.abs(v[j]));
  return Array.from({ length: G }, (_, j) => j)
    .sort((x, y) => score[y] - score[x] || x - y)
    .slice(0, n);
}
