import { ONTOLOGY_CODE, type GoAnnotations, type Ontology } from '../go/annotations';
import { graphFromEdges, type EdgeIndexed, type GeneGraph } from './geneGraph';

export interface GoGraphOptions {
  /** Genes to connect; 'genome' means every annotated gene. Unannotated genes become isolated nodes. */
  universe: readonly string[] | 'genome';
  k?: number;
  /** Edges need a Jaccard index strictly above this. */
  minWeight?: number;
  ontologies?: readonly Ontology[];
  onProgress?: (fraction: number) => void;
}

export const GO_DEFAULT_K = 20;
export const GO_DEFAULT_MIN_WEIGHT = 0.1;
const ALL: readonly Ontology[] = ['BP', 'MF', 'CC'];

export function goLayerName(ontologies: readonly Ontology[]): string {
  return ontologies.length === 3 ? 'GO' : `GO-${[...ontologies].sort().join('+')}`;
}

/**
 * The GEARS GO graph: the Jaccard index of two genes' GO term sets; each gene keeps its top-k
 * neighbours with weight > minWeight (ties by symbol), as edges neighbour → gene.
 *
 * Porting note: GEARS keeps the top k+1 per gene including the gene itself (Jaccard 1); we store
 * no self-loops and keep k true neighbours — models add self-loops where their update needs them.
 *
 * Cost: an inverted index from term to genes finds candidate pairs without comparing every pair.
 */
export function buildGoGraph(go: GoAnnotations, opts: GoGraphOptions): GeneGraph {
  const k = opts.k ?? GO_DEFAULT_K;
  const minWeight = opts.minWeight ?? GO_DEFAULT_MIN_WEIGHT;
  const onts = opts.ontologies?.length ? opts.ontologies : ALL;
  const allowed = new Uint8Array(3);
  for (const o of onts) allowed[ONTOLOGY_CODE[o]] = 1;
  // Sorted by code point (as Python's sorted), so node index order is the symbol tie-break order.
  const nodes = [...new Set(opts.universe === 'genome' ? go.genes : opts.universe)].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const n = nodes.length;

  const termsOf: Int32Array[] = nodes.map((g) => {
    const all = go.termsOf(g);
    return allowed[0] && allowed[1] && allowed[2] ? all : all.filter((t) => allowed[go.termOntology[t]] === 1);
  });
  const termCount = new Int32Array(go.terms.length);
  for (const ts of termsOf) for (const t of ts) termCount[t]++;
  const termStart = new Int32Array(go.terms.length + 1);
  for (let t = 0; t < go.terms.length; t++) termStart[t + 1] = termStart[t] + termCount[t];
  const termGenes = new Int32Array(termStart[go.terms.length]);
  const fill = termStart.slice(0, go.terms.length);
  termsOf.forEach((ts, i) => ts.forEach((t) => (termGenes[fill[t]++] = i)));

  // Each pair is counted once (j > i) and offered to both genes' bounded top-k lists. Term gene
  // lists are in ascending gene order, so the partners j > i of a term start after i's position.
  const inter = new Int32Array(n);
  const touched = new Int32Array(n);
  const best = Array.from({ length: n }, () => new TopK(k));
  for (let i = 0; i < n; i++) {
    const ti = termsOf[i];
    let nTouched = 0;
    for (const t of ti) {
      let lo = termStart[t],
        hi = termStart[t + 1];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (termGenes[mid] <= i) lo = mid + 1;
        else hi = mid;
      }
      for (let p = lo; p < termStart[t + 1]; p++) {
        const j = termGenes[p];
        if (inter[j]++ === 0) touched[nTouched++] = j;
      }
    }
    for (let q = 0; q < nTouched; q++) {
      const j = touched[q];
      const c = inter[j];
      inter[j] = 0;
      const w = c / (ti.length + termsOf[j].length - c);
      if (w > minWeight) {
        best[i].offer(w, j);
        best[j].offer(w, i);
      }
    }
    if (opts.onProgress && (i & 1023) === 0) opts.onProgress(i / n);
  }
  const edges: EdgeIndexed[] = [];
  best.forEach((b, i) => b.forEach((w, j) => edges.push({ src: j, dst: i, weight: w, provenance: 1 })));
  opts.onProgress?.(1);
  return graphFromEdges(nodes, edges, [goLayerName(onts)]);
}

/** The k best (weight desc, index asc) offers, as a min-heap whose root is the worst kept. */
class TopK {
  private readonly w: number[] = [];
  private readonly j: number[] = [];
  constructor(private readonly k: number) {}

  /** a is worse than b */
  private worse(wa: number, ja: number, wb: number, jb: number): boolean {
    return wa < wb || (wa === wb && ja > jb);
  }

  offer(w: number, j: number): void {
    const { k } = this;
    if (k <= 0) return;
    if (this.w.length < k) {
      this.w.push(w);
      this.j.push(j);
      let c = this.w.length - 1;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.worse(this.w[c], this.j[c], this.w[p], this.j[p])) break;
        this.swap(c, p);
        c = p;
      }
      return;
    }
    if (!this.worse(this.w[0], this.j[0], w, j)) return;
    this.w[0] = w;
    this.j[0] = j;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1,
        r = l + 1;
      let m = c;
      if (l < k && this.worse(this.w[l], this.j[l], this.w[m], this.j[m])) m = l;
      if (r < k && this.worse(this.w[r], this.j[r], this.w[m], this.j[m])) m = r;
      if (m === c) break;
      this.swap(c, m);
      c = m;
    }
  }

  forEach(f: (w: number, j: number) => void): void {
    for (let x = 0; x < this.w.length; x++) f(this.w[x], this.j[x]);
  }

  private swap(a: number, b: number): void {
    [this.w[a], this.w[b]] = [this.w[b], this.w[a]];
    [this.j[a], this.j[b]] = [this.j[b], this.j[a]];
  }
}

/** GO terms two genes share, with names, for explaining a GO edge. */
export function sharedTerms(
  go: GoAnnotations,
  a: string,
  b: string,
): { id: string; name: string; ontology: Ontology }[] {
  const ta = go.termsOf(a),
    tb = go.termsOf(b);
  const names: Ontology[] = ['BP', 'MF', 'CC'];
  const out: { id: string; name: string; ontology: Ontology }[] = [];
  let i = 0,
    j = 0;
  while (i < ta.length && j < tb.length) {
    if (ta[i] === tb[j]) {
      out.push({ id: go.terms[ta[i]], name: go.termNames[ta[i]], ontology: names[go.termOntology[ta[i]]] });
      i++;
      j++;
    } else if (ta[i] < tb[j]) i++;
    else j++;
  }
  return out;
}
