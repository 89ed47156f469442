import type { GeneGraph } from './geneGraph';

export interface EgoEdge {
  source: string;
  target: string;
  weight: number;
  /** The layer (source graph) the edge comes from. */
  layer: string;
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
    g.nodes.forEach((target, v) => {
      if (!kept.has(target)) return;
      for (let e = g.indptr[v]; e < g.indptr[v + 1]; e++) {
        const source = g.nodes[g.src[e]];
        if (kept.has(source)) edges.push({ source, target, weight: g.weight[e], layer: g.layers[0] ?? '' });
      }
    });
  }
  const nodes = [...kept.keys()];
  return { nodes, edges, hops: nodes.map((n) => kept.get(n)!), truncated };
}
