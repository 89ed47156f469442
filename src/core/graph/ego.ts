import type { GeneGraph } from './geneGraph';

export interface EgoEdge {
  source: string;
  target: string;
  weight: number;
  /** The layer (source graph) the edge comes from. */
  layer: string;
  /** False when the layer links the two genes both ways alike (GO, co-expression, STRING): one line, no arrow. */
  directed: boolean;
}

export interface EgoNetwork {
  /** Genes in the order they were reached: seeds first, then by strongest connection. */
  nodes: string[];
  edges: EgoEdge[];
  /** Hop distance of each node from the seeds. */
  hops: number[];
  /** True when the cap cut the neighbourhood short. */
  truncated: boolean;
}

/**
 * The neighbourhood of `seeds` within `hops` steps over one or several graphs (edges in either
 * direction), capped at `maxNodes`: at each hop the strongest connections (|weight|) come in first,
 * so the cap drops the weakest neighbours, never a seed. Edges among the kept nodes are returned per
 * layer.
 */
export function egoNetwork(
  graphs: readonly GeneGraph[],
  seeds: readonly string[],
  hops: number,
  maxNodes: number,
): EgoNetwork {
  // Adjacency over all layers, by symbol, in both directions.
  const adj = new Map<string, Map<string, number>>();
  const link = (a: string, b: string, w: number) => {
    let m = adj.get(a);
    if (!m) adj.set(a, (m = new Map()));
    if (!(Math.abs(w) <= (m.get(b) ?? -1))) m.set(b, Math.abs(w));
  };
  for (const g of graphs) {
    for (let v = 0; v < g.nodes.length; v++) {
      for (let e = g.indptr[v]; e < g.indptr[v + 1]; e++) {
        link(g.nodes[v], g.nodes[g.src[e]], g.weight[e]);
        link(g.nodes[g.src[e]], g.nodes[v], g.weight[e]);
      }
    }
  }
  const kept = new Map<string, number>();
  for (const s of seeds) if (!kept.has(s)) kept.set(s, 0);
  let frontier = [...kept.keys()];
  let truncated = false;
  for (let h = 1; h <= hops && frontier.length; h++) {
    const best = new Map<string, number>();
    for (const u of frontier) {
      for (const [v, w] of adj.get(u) ?? []) {
        if (kept.has(v)) continue;
        if (w > (best.get(v) ?? -1)) best.set(v, w);
      }
    }
    const ranked = [...best.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const room = Math.max(0, maxNodes - kept.size);
    if (ranked.length > room) truncated = true;
    frontier = ranked.slice(0, room).map(([v]) => v);
    for (const v of frontier) kept.set(v, h);
  }
  const edges: EgoEdge[] = [];
  for (const g of graphs) {
    const layer = g.layers[0] ?? '';
    // A symmetric relation is one line per pair, however it is stored (a→b, b→a, or one of them
    // under a top-k rule): the stronger of the two weights.
    const pairs = new Map<string, Map<string, number>>();
    g.nodes.forEach((target, v) => {
      if (!kept.has(target)) return;
      for (let e = g.indptr[v]; e < g.indptr[v + 1]; e++) {
        let source = g.nodes[g.src[e]];
        if (!kept.has(source)) continue;
        let to = target;
        if (!g.directed && source > to) [source, to] = [to, source];
        if (!pairs.has(source)) pairs.set(source, new Map());
        const known = pairs.get(source)!.get(to);
        if (known === undefined || Math.abs(g.weight[e]) > Math.abs(known)) pairs.get(source)!.set(to, g.weight[e]);
      }
    });
    for (const [source, targets] of pairs)
      for (const [target, weight] of targets) edges.push({ source, target, weight, layer, directed: !!g.directed });
  }
  const nodes = [...kept.keys()];
  return { nodes, edges, hops: nodes.map((n) => kept.get(n)!), truncated };
}
