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
 * 1 to 3 distinct genes. `inGraph` names the knowledge-graph layer that holds a gene no model can
 * use, so that the refusal agrees with the graph the page draws.
 */
export function resolveGenes(
  typed: readonly string[],
  known: readonly string[],
  inGraph: (gene: string) => string | null = () => null,
): string[] {
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
    const layer = cands.length ? null : inGraph(n);
    if (layer)
      throw new InputError(
        'bad-genes',
        `${n} is in the ${layer} graph, but no trained model can use it: it is neither measured nor perturbed in this dataset, and the graph models (GEARS, APP, TxPert) learn embeddings of those genes only.`,
        'Compose measured or perturbed genes, or train PerturbNet: it reaches any gene with GO annotations.',
      );
    throw new InputError(
      'bad-genes',
      `'${n}' is ${cands.length ? `ambiguous (${cands.join(', ')})` : 'not a gene of the dataset, of the graphs the models read, or of a trained model'}.`,
      'Pick a gene from the suggestions: measured and perturbed genes, and genes of the knowledge graphs, can be composed.',
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
