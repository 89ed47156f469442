import { graphFromEdges, indexedEdges, type EdgeIndexed, type GeneGraph } from './geneGraph';

/**
 * The union of several graphs over the union of their nodes. An edge present in several graphs
 * appears once, with every source graph in its provenance and the largest |weight| among them.
 */
export function unionGraphs(graphs: readonly GeneGraph[]): GeneGraph {
  const layers: string[] = [];
  const nodes: string[] = [];
  const nodeIndex = new Map<string, number>();
  const edges = new Map<string, EdgeIndexed>();
  for (const g of graphs) {
    const layerBit = new Uint32Array(g.layers.length);
    g.layers.forEach((name, i) => {
      let at = layers.indexOf(name);
      if (at < 0) {
        at = layers.length;
        layers.push(name);
      }
      layerBit[i] = 1 << at;
    });
    const map = g.nodes.map((n) => {
      let i = nodeIndex.get(n);
      if (i === undefined) {
        i = nodes.length;
        nodes.push(n);
        nodeIndex.set(n, i);
      }
      return i;
    });
    for (const e of indexedEdges(g)) {
      let prov = 0;
      layerBit.forEach((bit, i) => {
        if (e.provenance & (1 << i)) prov |= bit;
      });
      const key = `${map[e.src]} ${map[e.dst]}`;
      const prev = edges.get(key);
      if (!prev) edges.set(key, { src: map[e.src], dst: map[e.dst], weight: e.weight, provenance: prov });
      else {
        prev.provenance |= prov;
        if (Math.abs(e.weight) > Math.abs(prev.weight)) prev.weight = e.weight;
      }
    }
  }
  if (layers.length > 32) throw new Error(`a union holds at most 32 source graphs, got ${layers.length}`);
  return graphFromEdges(nodes, [...edges.values()], layers);
}
