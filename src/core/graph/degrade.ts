import { Rng } from '../util/random';
import { graphFromEdges, indexedEdges, type EdgeIndexed, type GeneGraph } from './geneGraph';

export type DegradeMode = 'remove' | 'add' | 'rewire';

/** The modes, as menus and tables name what each does to a fraction of the edges (page and CLI). */
export const DEGRADE_MODES: readonly { mode: DegradeMode; done: string }[] = [
  { mode: 'remove', done: 'removed' },
  { mode: 'add', done: 'added at random' },
  { mode: 'rewire', done: 'rewired' },
];

/** What a mode does to the edges, in words ("rewired"). */
export function degradedAs(mode: DegradeMode): string {
  return DEGRADE_MODES.find((m) => m.mode === mode)!.done;
}

export interface DegradeOptions {
  mode: DegradeMode;
  /** Fraction of the graph's edges to remove, add or rewire: exactly round(fraction × edges). */
  fraction: number;
  seed: number;
}

/**
 * Degrades a graph for robustness experiments, seeded and exact in count:
 * - remove: drops that many edges, chosen uniformly;
 * - add: adds that many new random edges (no self-loops, no duplicates), weights drawn from the
 *   existing edges', provenance 'random';
 * - rewire: moves that many edges to a new random source (keeping target and weight), never onto
 *   an existing edge or a self-loop.
 */
export function degradeGraph(g: GeneGraph, opts: DegradeOptions): GeneGraph {
  if (!(opts.fraction >= 0 && opts.fraction <= 1))
    throw new Error(`fraction must be within [0, 1], got ${opts.fraction}`);
  const rng = new Rng(opts.seed);
  const edges: EdgeIndexed[] = Array.from(indexedEdges(g), (e) => ({ ...e }));
  const n = g.nodes.length;
  const count = Math.round(opts.fraction * edges.length);
  const key = (s: number, d: number) => s * n + d;
  const present = new Set(edges.map((e) => key(e.src, e.dst)));
  const pickDistinct = (m: number) => rng.shuffle(edges.map((_, i) => i)).slice(0, m);

  if (opts.mode === 'remove') {
    const drop = new Set(pickDistinct(count));
    return graphFromEdges(
      g.nodes,
      edges.filter((_, i) => !drop.has(i)),
      g.layers,
    );
  }
  const free = n * (n - 1) - present.size;
  if (count > free) throw new Error(`cannot ${opts.mode} ${count} edges: only ${free} node pairs are free`);
  if (opts.mode === 'add') {
    const layers = g.layers.includes('random') ? g.layers : [...g.layers, 'random'];
    const bit = 1 << layers.indexOf('random');
    for (let added = 0; added < count;) {
      const s = rng.int(n),
        d = rng.int(n);
      if (s === d || present.has(key(s, d))) continue;
      present.add(key(s, d));
      edges.push({ src: s, dst: d, weight: edges.length ? edges[rng.int(edges.length)].weight : 1, provenance: bit });
      added++;
    }
    return graphFromEdges(g.nodes, edges, layers);
  }
  for (const i of pickDistinct(count)) {
    const e = edges[i];
    for (let attempt = 0; ; attempt++) {
      if (attempt > 100 * n)
        throw new Error(`cannot rewire an edge into ${g.nodes[e.dst]}: every other node already points to it`);
      const s = rng.int(n);
      if (s === e.dst || present.has(key(s, e.dst))) continue;
      present.delete(key(e.src, e.dst));
      present.add(key(s, e.dst));
      e.src = s;
      break;
    }
  }
  return graphFromEdges(g.nodes, edges, g.layers);
}
