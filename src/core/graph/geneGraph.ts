/**
 * A gene–gene graph: nodes are gene symbols; weighted directed edges stored by target (CSR of
 * incoming edges), so a node's edges are the neighbours it aggregates messages from. Each edge
 * remembers which source graph(s) it came from as bits over `layers`.
 */
export interface GeneGraph {
  nodes: string[];
  /** Edges into node v are indptr[v] .. indptr[v+1]-1. */
  indptr: Int32Array;
  /** Source node of each edge. */
  src: Int32Array;
  weight: Float32Array;
  /** Bit i set: the edge is in `layers[i]`. */
  provenance: Uint32Array;
  /** Names of the source graphs (at most 32). */
  layers: string[];
  /**
   * True when an edge means "source acts on target" (a TF and its targets). Otherwise the relation
   * is symmetric (GO similarity, co-expression, STRING), even where a top-k rule kept it one way only.
   */
  directed?: boolean;
}

export interface Edge {
  source: string;
  target: string;
  weight: number;
  graphs: string[];
}

export interface EdgeIndexed {
  src: number;
  dst: number;
  weight: number;
  provenance: number;
}

export function nEdges(g: GeneGraph): number {
  return g.src.length;
}

/**
 * Builds a graph from indexed edges. Edges into one target are ordered by weight (largest first),
 * then by source index, so iteration order is deterministic.
 */
export function graphFromEdges(nodes: string[], edges: EdgeIndexed[], layers: string[]): GeneGraph {
  if (layers.length > 32) throw new Error(`at most 32 source graphs, got ${layers.length}`);
  const sorted = [...edges].sort((a, b) => a.dst - b.dst || b.weight - a.weight || a.src - b.src);
  const indptr = new Int32Array(nodes.length + 1);
  for (const e of sorted) indptr[e.dst + 1]++;
  for (let v = 0; v < nodes.length; v++) indptr[v + 1] += indptr[v];
  return {
    nodes,
    indptr,
    src: Int32Array.from(sorted, (e) => e.src),
    weight: Float32Array.from(sorted, (e) => e.weight),
    provenance: Uint32Array.from(sorted, (e) => e.provenance),
    layers,
  };
}

export function* indexedEdges(g: GeneGraph): Generator<EdgeIndexed> {
  for (let v = 0; v < g.nodes.length; v++) {
    for (let e = g.indptr[v]; e < g.indptr[v + 1]; e++)
      yield { src: g.src[e], dst: v, weight: g.weight[e], provenance: g.provenance[e] };
  }
}

export function layerNames(g: GeneGraph, provenance: number): string[] {
  return g.layers.filter((_, i) => provenance & (1 << i));
}

export function edgeList(g: GeneGraph): Edge[] {
  return Array.from(indexedEdges(g), (e) => ({
    source: g.nodes[e.src],
    target: g.nodes[e.dst],
    weight: e.weight,
    graphs: layerNames(g, e.provenance),
  }));
}

/** The subgraph on `keep` nodes (edges with both ends kept), node order preserved. */
export function inducedSubgraph(g: GeneGraph, keep: ReadonlySet<string>): GeneGraph {
  const map = new Int32Array(g.nodes.length).fill(-1);
  const nodes: string[] = [];
  g.nodes.forEach((n, i) => {
    if (keep.has(n)) {
      map[i] = nodes.length;
      nodes.push(n);
    }
  });
  const edges: EdgeIndexed[] = [];
  for (const e of indexedEdges(g))
    if (map[e.src] >= 0 && map[e.dst] >= 0) edges.push({ ...e, src: map[e.src], dst: map[e.dst] });
  return graphFromEdges(nodes, edges, g.layers);
}

/** Keeps, for each target, its `k` heaviest incoming edges with weight > minWeight. */
export function topKIncoming(g: GeneGraph, k: number, minWeight = -Infinity): GeneGraph {
  const edges: EdgeIndexed[] = [];
  for (let v = 0; v < g.nodes.length; v++) {
    let kept = 0;
    for (let e = g.indptr[v]; e < g.indptr[v + 1] && kept < k; e++) {
      if (!(g.weight[e] > minWeight)) continue;
      edges.push({ src: g.src[e], dst: v, weight: g.weight[e], provenance: g.provenance[e] });
      kept++;
    }
  }
  return graphFromEdges(g.nodes, edges, g.layers);
}
