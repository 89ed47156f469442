import { readFileSync } from 'node:fs';
import { checkKnownFlags, parseArgs, stringFlag, UsageError } from './args';
import { loadGoAsset } from '../src/node/goAsset';
import { loadShippedGoGraph } from '../src/node/graphAssets';
import { buildGoGraph, GO_DEFAULT_K, GO_DEFAULT_MIN_WEIGHT } from '../src/core/graph/goGraph';
import { importEdgeTable } from '../src/core/graph/importEdges';
import {
  edgeList,
  graphFromEdges,
  indexedEdges,
  inducedSubgraph,
  topKIncoming,
  type EdgeIndexed,
  type GeneGraph,
} from '../src/core/graph/geneGraph';
import type { Ontology } from '../src/core/go/annotations';
import { InputError } from '../src/core/errors';

const FLAGS = ['source', 'genes', 'genes-file', 'top-k', 'min-weight', 'universe', 'json'];
const GO_SOURCES: Record<string, Ontology[]> = {
  go: ['BP', 'MF', 'CC'],
  'go-bp': ['BP'],
  'go-mf': ['MF'],
  'go-cc': ['CC'],
};

function numberFlag(a: ReturnType<typeof parseArgs>, key: string, integer: boolean): number | undefined {
  const v = stringFlag(a, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (integer && (!Number.isInteger(n) || n < 0)))
    throw new UsageError(`--${key} needs ${integer ? 'a whole number ≥ 0' : 'a number'}, got '${v}'`);
  return n;
}

function readGenes(a: ReturnType<typeof parseArgs>): string[] {
  const inline = stringFlag(a, 'genes');
  const file = stringFlag(a, 'genes-file');
  if (!inline === !file) throw new UsageError('give the genes with either --genes A,B,C or --genes-file PATH');
  let text: string;
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new InputError(
        'read-failed',
        `Cannot read the genes file ${file}.`,
        'Check the path; the file holds one gene symbol per line.',
      );
    }
  } else text = inline!.replace(/,/g, '\n');
  const genes = [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((g) => g.trim())
        .filter((g) => g && !g.startsWith('#')),
    ),
  ];
  if (!genes.length) throw new UsageError('no genes given');
  return genes;
}

/** Edges into the given genes (each keeps its top k), over a graph of the whole genome. */
function neighbourhood(g: GeneGraph, genes: string[], k: number, minWeight: number): GeneGraph {
  const want = new Set(genes);
  const edges: EdgeIndexed[] = [];
  const keep = new Set<number>();
  g.nodes.forEach((n, i) => want.has(n) && keep.add(i));
  for (const e of indexedEdges(topKIncoming(g, k, minWeight))) {
    if (!want.has(g.nodes[e.dst])) continue;
    edges.push(e);
    keep.add(e.src);
  }
  const order = [...keep].sort((x, y) => x - y);
  const map = new Map(order.map((old, i) => [old, i]));
  const nodes = [...order.map((i) => g.nodes[i]), ...genes.filter((x) => !g.nodes.includes(x))];
  return graphFromEdges(
    nodes,
    edges.map((e) => ({ ...e, src: map.get(e.src)!, dst: map.get(e.dst)! })),
    g.layers,
  );
}

export async function graphCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ['json']);
  checkKnownFlags(a, FLAGS);
  if (a.positional.length) throw new UsageError(`unexpected argument '${a.positional[0]}'`);
  const source = stringFlag(a, 'source') ?? 'go';
  const genes = readGenes(a);
  const universe = stringFlag(a, 'universe') ?? 'genes';
  if (universe !== 'genes' && universe !== 'genome')
    throw new UsageError(`--universe must be genes or genome, got '${universe}'`);
  const k = numberFlag(a, 'top-k', true) ?? GO_DEFAULT_K;
  const isGo = source in GO_SOURCES;
  const minWeight = numberFlag(a, 'min-weight', false) ?? (isGo ? GO_DEFAULT_MIN_WEIGHT : -Infinity);
  const go = await loadGoAsset();
  let g: GeneGraph;
  if (isGo) {
    const ontologies = GO_SOURCES[source];
    const missing = genes.filter((x) => !go.has(x));
    if (missing.length)
      process.stderr.write(
        `perturbscope: ${missing.length} gene(s) have no GO annotation and stay unconnected: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}\n`,
      );
    if (universe === 'genes') g = buildGoGraph(go, { universe: genes, k, minWeight, ontologies });
    else {
      const shipped = source === 'go' && minWeight === GO_DEFAULT_MIN_WEIGHT && k <= GO_DEFAULT_K;
      g = neighbourhood(
        shipped ? await loadShippedGoGraph() : buildGoGraph(go, { universe: 'genome', k, minWeight, ontologies }),
        genes,
        k,
        minWeight,
      );
    }
  } else if (source.startsWith('file:')) {
    const path = source.slice(5);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new InputError('read-failed', `Cannot read the edge table ${path}.`, 'Check the path after file:.');
    }
    const report = importEdgeTable(text, { name: path.split('/').pop()!, origin: path, go });
    if (report.unknownIds)
      process.stderr.write(
        `perturbscope: ${report.unknownIds} identifier(s) in ${path} match no gene (${report.edgesDropped} edge(s) dropped), e.g. ${report.unknownExamples.join(', ')}\n`,
      );
    g =
      universe === 'genes'
        ? topKIncoming(inducedSubgraph(withNodes(report.graph, genes), new Set(genes)), k, minWeight)
        : neighbourhood(report.graph, genes, k, minWeight);
  } else {
    throw new UsageError(`--source must be go, go-bp, go-mf, go-cc or file:PATH, got '${source}'`);
  }
  const edges = edgeList(g).map((e) => ({ ...e, weight: Number(e.weight.toPrecision(7)) }));
  if (a.flags.has('json')) {
    process.stdout.write(JSON.stringify({ nodes: g.nodes, edges }) + '\n');
    return 0;
  }
  const lines = [
    `${g.nodes.length} nodes, ${edges.length} edges (${g.layers.join(', ')}); source → target, weight`,
    ...edges.map((e) => `${e.source}\t${e.target}\t${e.weight}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** Adds the given genes as (isolated) nodes so that every requested gene is in the output. */
function withNodes(g: GeneGraph, genes: string[]): GeneGraph {
  const extra = genes.filter((x) => !g.nodes.includes(x));
  if (!extra.length) return g;
  const edges = Array.from(indexedEdges(g));
  return graphFromEdges([...g.nodes, ...extra], edges, g.layers);
}
