import type { GenotypeVae } from '../models/perturbnet/genotypeVae';
import { parseGoAsset, type GoAnnotations, type Ontology } from '../go/annotations';
import { decodeGraph } from '../graph/serialize';
import { maybeGunzip } from '../util/gzip';
import { buildGoGraph, sharedTerms } from '../graph/goGraph';
import { egoNetwork } from '../graph/ego';
import { importEdgeTable } from '../graph/importEdges';
import type { GeneGraph } from '../graph/geneGraph';
import type { PerturbDataset } from '../dataset/build';
import type { EgoRequest, EgoView, GoLayerSpec, ImportedGraphReport, LayerInfo } from './views';
import { LAYER } from '../catalog';
import { InputError } from '../errors';

/** The bytes of a shipped asset (the page fetches it from its own origin; Node reads a file). */
export type AssetSource = (name: string) => Promise<Uint8Array>;

/** The layer computed from the open dataset; it belongs to that dataset's session. */
export const DATASET_LAYER = LAYER.coexpression;

const BUILTIN: { name: string; description: string; ontologies?: Ontology[] }[] = [
  { name: LAYER.go, description: 'GO Jaccard, all ontologies, top 20 per gene (genome-wide, precomputed)' },
  { name: 'GO-BP', description: 'GO biological process Jaccard, top 20 per gene (genome-wide)', ontologies: ['BP'] },
  { name: 'GO-MF', description: 'GO molecular function Jaccard, top 20 per gene (genome-wide)', ontologies: ['MF'] },
  { name: 'GO-CC', description: 'GO cellular component Jaccard, top 20 per gene (genome-wide)', ontologies: ['CC'] },
  { name: LAYER.coexpression, description: '|Pearson r| over control and single-gene cells, top 20 per gene, > 0.4' },
];

/**
 * Graphs that outlive a dataset: the shipped and computed GO layers, imported tables, and the
 * assets they come from. A session adds its dataset's own layer (`DATASET_LAYER`) to each query.
 */
export class GraphStore {
  private go: Promise<GoAnnotations> | null = null;
  private genotypeVae: Promise<GenotypeVae> | null = null;
  private readonly layers = new Map<string, GeneGraph>();
  private readonly described = new Map<string, string>();

  constructor(private readonly source: AssetSource) {}

  private async fetchBytes(name: string): Promise<Uint8Array> {
    return maybeGunzip(await this.source(name));
  }

  annotations(): Promise<GoAnnotations> {
    this.go ??= this.fetchBytes('go_human.json.gz').then((b) => parseGoAsset(b));
    return this.go;
  }

  /** PerturbNet's shipped GenotypeVAE encoder, fetched once. */
  genotype(): Promise<GenotypeVae> {
    // The encoder's code is tfjs: it loads with the models, not with the page.
    this.genotypeVae ??= this.fetchBytes('genotype_vae.psmodel.gz').then(async (b) =>
      (await import('../models/perturbnet/genotypeAsset')).parseGenotypeVaeAsset(b, await this.annotations()),
    );
    return this.genotypeVae;
  }

  /** Whether a loaded layer has this gene as a node (the graph view can draw it). */
  holds(layer: string, gene: string): boolean {
    return this.layers.get(layer)?.nodes.includes(gene) ?? false;
  }

  /** The compute backend was lost: the encoder's tensors went with it, so the next use builds it again. */
  forgetTensors(): void {
    this.genotypeVae = null;
  }

  /** Every layer, with `datasetLayer` (the session's co-expression graph) when it is computed. */
  list(datasetLayer: GeneGraph | null = null): LayerInfo[] {
    const builtin = BUILTIN.map((b) =>
      this.info(b.name, b.description, b.name === DATASET_LAYER ? datasetLayer : this.layers.get(b.name)),
    );
    const imported = [...this.layers.keys()]
      .filter((n) => !BUILTIN.some((b) => b.name === n))
      .map((n) => this.info(n, this.described.get(n) ?? 'imported', this.layers.get(n)));
    return [...builtin, ...imported];
  }

  private info(name: string, description: string, g: GeneGraph | null | undefined): LayerInfo {
    const imported = !BUILTIN.some((b) => b.name === name);
    return { name, description, ready: !!g, imported, nodes: g?.nodes.length ?? 0, edges: g?.src.length ?? 0 };
  }

  /** An imported layer as the embedding baselines read it, or what to do when there is none by that name. */
  embeddingGraph(name: string): { name: string; graph: GeneGraph } {
    const graph = BUILTIN.some((b) => b.name === name) ? undefined : this.layers.get(name);
    if (!graph)
      throw new InputError(
        'unknown-graph',
        `No imported graph is called ${name}.`,
        'Import an edge table in the graph panel, or place genes by GO terms.',
      );
    return { name, graph };
  }

  /** Loads or computes a shipped layer (not the dataset's own one, which its session computes). */
  async ensure(name: string, onProgress?: (f: number) => void): Promise<void> {
    if (this.layers.has(name)) return;
    if (name === LAYER.go) {
      this.layers.set(name, decodeGraph(await this.fetchBytes('go_graph_top20.bin.gz')).graph);
      return;
    }
    const builtin = BUILTIN.find((b) => b.name === name);
    if (builtin?.ontologies) {
      this.layers.set(
        name,
        buildGoGraph(await this.annotations(), { universe: 'genome', ontologies: builtin.ontologies, onProgress }),
      );
      return;
    }
    throw new Error(`unknown graph layer '${name}'`);
  }

  /** A GO layer with custom settings, computed on demand (the shipped one covers the defaults). */
  async addGoLayer(spec: GoLayerSpec, ds: PerturbDataset | null, onProgress?: (f: number) => void): Promise<string> {
    const onts = [...spec.ontologies].sort() as Ontology[];
    if (!onts.length) throw new Error('choose at least one ontology');
    if (!(spec.k >= 1 && spec.k <= 200)) throw new Error('top k must be between 1 and 200');
    if (!(spec.minWeight >= 0 && spec.minWeight < 1)) throw new Error('the minimum weight must be within [0, 1)');
    const universeLabel = spec.universe === 'genome' ? 'genome' : 'dataset';
    const name = `GO ${onts.length === 3 ? 'all' : onts.join('+')} k=${spec.k} >${spec.minWeight} (${universeLabel})`;
    if (this.layers.has(name)) return name;
    let universe: string[] | 'genome' = 'genome';
    if (spec.universe === 'dataset') {
      if (!ds) throw new Error('load a dataset first');
      universe = [...new Set([...ds.genes, ...ds.conditions.flatMap((c) => c.genes)])];
    }
    const g = buildGoGraph(await this.annotations(), {
      universe,
      k: spec.k,
      minWeight: spec.minWeight,
      ontologies: onts,
      onProgress,
    });
    g.layers = [name];
    this.layers.set(name, g);
    this.described.set(
      name,
      `GO Jaccard (${onts.join(', ')}), top ${spec.k} per gene, weight > ${spec.minWeight}, universe: ${spec.universe === 'genome' ? 'whole genome' : "the dataset's genes and perturbed genes"}`,
    );
    return name;
  }

  async importTable(text: string, fileName: string, knownGenes: string[]): Promise<ImportedGraphReport> {
    const name = uniqueName(fileName.replace(/\.(tsv|csv|txt)(\.gz)?$/i, ''), this.layers);
    const report = importEdgeTable(text, { name, origin: fileName, knownGenes, go: await this.annotations() });
    this.layers.set(name, report.graph);
    this.described.set(name, `imported from ${fileName} (${report.format}${report.directed ? ', directed' : ''})`);
    const { graph: _graph, directed: _directed, ...summary } = report;
    return { name, ...summary };
  }

  /** `colour`: values by gene that replace the observed change (a prediction, attention). */
  ego(
    req: EgoRequest,
    ds: PerturbDataset | null,
    colour: { label: string; of: (gene: string) => number | null } | null,
    datasetLayer: GeneGraph | null = null,
  ): EgoView {
    const graphs = req.layers
      .map((l) => (l === DATASET_LAYER ? datasetLayer : this.layers.get(l)))
      .filter((g): g is GeneGraph => !!g);
    const cond = ds?.conditions.find((c) => c.name === req.condition);
    const seeds = req.seeds?.length ? req.seeds : cond ? cond.genes : [];
    const ego = egoNetwork(graphs, seeds, req.hops, req.maxNodes);
    const geneIndex = new Map((ds?.genes ?? []).map((g, i) => [g, i]));
    const observed = (gene: string) => {
      const j = geneIndex.get(gene);
      return cond && j !== undefined ? cond.delta[j] : null;
    };
    const valueOf = colour?.of ?? observed;
    const degree = new Map<string, number>();
    for (const g of graphs) {
      for (let v = 0; v < g.nodes.length; v++) {
        const inDeg = g.indptr[v + 1] - g.indptr[v];
        if (inDeg) degree.set(g.nodes[v], (degree.get(g.nodes[v]) ?? 0) + inDeg);
      }
      for (const s of g.src) degree.set(g.nodes[s], (degree.get(g.nodes[s]) ?? 0) + 1);
    }
    const nodes = ego.nodes.map((id, i) => {
      const j = geneIndex.get(id);
      const change = valueOf(id);
      return {
        id,
        change,
        measured: j !== undefined,
        perturbed: !!cond?.genes.includes(id),
        degree: degree.get(id) ?? 0,
        hop: ego.hops[i],
      };
    });
    // The colour scale spans the neighbours' changes: a perturbed gene's own change (often the
    // largest by far, its knock-down or activation) saturates instead of washing the others out.
    const scaleOf = (ns: typeof nodes) =>
      ns.reduce((m, n) => (n.change === null ? m : Math.max(m, Math.abs(n.change))), 0);
    const maxAbs = scaleOf(nodes.filter((n) => !n.perturbed)) || scaleOf(nodes);
    return {
      nodes,
      edges: ego.edges,
      truncated: ego.truncated,
      maxAbsChange: maxAbs,
      condition: cond?.name ?? null,
      colouredBy: colour?.label ?? 'observed',
    };
  }

  async sharedTerms(a: string, b: string): Promise<{ id: string; name: string; ontology: string }[]> {
    return sharedTerms(await this.annotations(), a, b);
  }
}

function uniqueName(base: string, taken: Map<string, unknown>): string {
  let name = base || 'imported';
  for (let i = 2; taken.has(name) || BUILTIN.some((b) => b.name === name); i++) name = `${base} (${i})`;
  return name;
}
