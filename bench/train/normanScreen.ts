import type { PerturbDataset } from '../../src/core/dataset/build';
import { Rng } from '../../src/core/util/random';

/**
 * A screen of Norman et al.'s size: 5,000 measured genes, the demo's 236 conditions plus 54 more
 * pairs of its genes (290). Each gene's effect is a sparse random vector (5% of genes, plus the
 * target itself, down); a pair adds its genes' effects; each mean carries noise of its 100 cells.
 * It has the structure a model can learn, so that early stopping behaves as on real data.
 */
export function normanScreen(ds: PerturbDataset, nGenes: number): PerturbDataset {
  const rng = new Rng(7);
  const genes = [...ds.genes, ...Array.from({ length: nGenes - ds.genes.length }, (_, i) => `SYN${i}`)];
  const index = new Map(genes.map((g, i) => [g, i]));
  const effects = new Map<string, Float64Array>();
  const effect = (g: string) => {
    if (!effects.has(g)) {
      const e = Float64Array.from(genes, () => (rng.uniform() < 0.05 ? 0.5 * rng.normal() : 0));
      const j = index.get(g);
      if (j !== undefined) e[j] -= 1.5;
      effects.set(g, e);
    }
    return effects.get(g)!;
  };
  const singles = [...new Set(ds.conditions.flatMap((c) => c.genes))].sort();
  const have = new Set(ds.conditions.map((c) => [...c.genes].sort().join('+')));
  const extra: string[][] = [];
  while (extra.length < 54) {
    const pair = [singles[rng.int(singles.length)], singles[rng.int(singles.length)]].sort();
    if (pair[0] !== pair[1] && !have.has(pair.join('+'))) {
      have.add(pair.join('+'));
      extra.push(pair);
    }
  }
  const variance = new Float64Array(nGenes).fill(0.3);
  const mean = Float64Array.from(genes, () => 1 + rng.uniform());
  const conditions = [...ds.conditions.map((c) => c.genes), ...extra].map((gs) => {
    const delta = new Float64Array(nGenes);
    for (const g of gs) effect(g).forEach((v, j) => (delta[j] += v));
    for (let j = 0; j < nGenes; j++) delta[j] += Math.sqrt(0.3 / 100) * rng.normal();
    const name = gs.length === 1 ? `${gs[0]}+ctrl` : gs.join('+');
    return {
      name,
      labels: [name],
      genes: [...gs],
      nCells: 100,
      mean: Float64Array.from(mean, (m, j) => m + delta[j]),
      variance,
      reference: mean,
      delta,
      t: new Float64Array(nGenes),
      deTop: new Int32Array(0),
    };
  });
  return {
    ...ds,
    genes,
    control: { nCells: 2000, mean, variance },
    conditions,
    topExpressed: Int32Array.from(genes.map((_, i) => i)),
  };
}
