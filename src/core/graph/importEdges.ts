import { InputError } from '../errors';
import type { GoAnnotations } from '../go/annotations';
import { graphFromEdges, type EdgeIndexed, type GeneGraph } from './geneGraph';

export type EdgeTableFormat = 'edge-list' | 'string' | 'tf-target';

export interface ImportOptions {
  /** Name of the layer the edges belong to. */
  name: string;
  /** Where the text came from, for messages (a file name). */
  origin?: string;
  /** Symbols that count as genes (the dataset's); the GO asset's symbols also count. */
  knownGenes?: Iterable<string>;
  /** Maps Ensembl protein ids (STRING) and aliases to symbols. */
  go?: GoAnnotations;
  /** Keep STRING edges with combined_score at least this (0–1000). */
  minStringScore?: number;
}

export interface ImportReport {
  graph: GeneGraph;
  format: EdgeTableFormat;
  directed: boolean;
  linesRead: number;
  edgesKept: number;
  /** Distinct identifiers that match no gene, and a few of them to show. */
  unknownIds: number;
  unknownExamples: string[];
  /** Edges dropped because an end is unknown. */
  edgesDropped: number;
  /** Identifiers mapped through an alias or an Ensembl protein id. */
  mapped: number;
}

const HEADER_WORDS =
  /^(gene|genes|gene_?[ab12]|source|target|from|to|tf|regulator|protein_?[12]|node_?[12]|symbol_?[ab12]?|weight|score|combined_score|mor|interaction|id_?[ab12])$/i;
const STRING_ID = /^\d+\.ENS[A-Z]*P\d+$/;

/**
 * Reads an edge table: a plain edge list (two gene columns and an optional weight; CSV, TSV or
 * spaces; header detected), a STRING `protein.links` file (`9606.ENSP…` ids mapped through the GO
 * asset, `combined_score` as weight), or a signed TF–target table (`source`, `target`, `weight` or
 * `mor`). Plain lists and STRING are undirected; TF–target tables are directed. Unknown genes are
 * counted and reported; a malformed line stops the import with its line number.
 */
export function importEdgeTable(text: string, opts: ImportOptions): ImportReport {
  const origin = opts.origin ?? 'the edge table';
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  if (first < 0)
    throw new InputError(
      'bad-edge-table',
      `${origin} holds no edges.`,
      'Give one edge per line: gene, gene and an optional weight.',
    );
  const delim = lines[first].includes('\t') ? '\t' : lines[first].includes(',') ? ',' : ' ';
  const split = (l: string) =>
    delim === ' ' ? l.trim().split(/\s+/) : l.split(delim).map((x) => x.trim().replace(/^"(.*)"$/, '$1'));
  const head = split(lines[first]);
  const hasHeader =
    head.every((h) => !isNumber(h)) &&
    (head.some((h) => HEADER_WORDS.test(h)) || (head.length >= 3 && !isNumber(head[2])));
  const cols = hasHeader ? head.map((h) => h.toLowerCase()) : [];
  const format: EdgeTableFormat =
    (hasHeader && cols.includes('combined_score')) ||
    STRING_ID.test(hasHeader ? (split(lines[first + 1] ?? '')[0] ?? '') : head[0])
      ? 'string'
      : hasHeader &&
          (cols.includes('mor') || (cols.includes('source') && cols.includes('target') && cols.includes('weight')))
        ? 'tf-target'
        : 'edge-list';
  const srcCol = hasHeader && cols.includes('source') ? cols.indexOf('source') : 0;
  const dstCol = hasHeader && cols.includes('target') ? cols.indexOf('target') : 1;
  const wCol = !hasHeader
    ? head.length >= 3
      ? 2
      : -1
    : (['combined_score', 'weight', 'mor', 'score', 'importance'].map((c) => cols.indexOf(c)).find((i) => i >= 0) ??
      (cols.length >= 3 ? 2 : -1));
  const directed = format === 'tf-target';
  const expected =
    format === 'string'
      ? 'protein1 protein2 combined_score'
      : format === 'tf-target'
        ? 'source, target and weight (or mor)'
        : 'gene, gene and an optional weight';

  const known = new Set<string>(opts.knownGenes ?? []);
  if (opts.go) for (const g of opts.go.genes) known.add(g);
  const resolveId = makeResolver(known, opts.go);
  const nodeIndex = new Map<string, number>();
  const nodes: string[] = [];
  const idOf = (g: string) => {
    let i = nodeIndex.get(g);
    if (i === undefined) {
      i = nodes.length;
      nodes.push(g);
      nodeIndex.set(g, i);
    }
    return i;
  };
  const unknown = new Set<string>();
  const edgeAt = new Map<string, number>();
  const edges: EdgeIndexed[] = [];
  let linesRead = 0,
    dropped = 0,
    mapped = 0;
  const mappedIds = new Set<string>();
  const minScore = opts.minStringScore ?? 0;

  for (let li = first + (hasHeader ? 1 : 0); li < lines.length; li++) {
    const line = lines[li];
    if (line.trim() === '' || line.startsWith('#')) continue;
    const f = split(line);
    const lineNo = li + 1;
    const need = Math.max(srcCol, dstCol, wCol) + 1;
    if (f.length < Math.max(2, need) || f.length > Math.max(need, head.length)) {
      throw new InputError(
        'bad-edge-table',
        `${origin}, line ${lineNo}: expected ${expected}${delim === '\t' ? ' separated by tabs' : delim === ',' ? ' separated by commas' : ''}, found ${f.length} field(s): "${line.slice(0, 80)}".`,
        'Fix or remove that line and import the file again.',
      );
    }
    let weight = 1;
    if (wCol >= 0 && f[wCol] !== undefined && f[wCol] !== '') {
      weight = Number(f[wCol]);
      if (!Number.isFinite(weight)) {
        throw new InputError(
          'bad-edge-table',
          `${origin}, line ${lineNo}: the weight "${f[wCol]}" is not a number.`,
          `Column ${wCol + 1} must hold numbers.`,
        );
      }
    }
    linesRead++;
    if (format === 'string') {
      if (weight < minScore) continue;
      weight /= 1000;
    }
    const a = resolveId(f[srcCol]);
    const b = resolveId(f[dstCol]);
    for (const [raw, res] of [
      [f[srcCol], a],
      [f[dstCol], b],
    ] as const) {
      if (!res) unknown.add(raw);
      else if (res !== raw && !mappedIds.has(raw)) {
        mappedIds.add(raw);
        mapped++;
      }
    }
    if (!a || !b) {
      dropped++;
      continue;
    }
    if (a === b) continue;
    const ia = idOf(a),
      ib = idOf(b);
    const add = (s: number, d: number) => {
      const key = `${s} ${d}`;
      const at = edgeAt.get(key);
      if (at === undefined) {
        edgeAt.set(key, edges.length);
        edges.push({ src: s, dst: d, weight, provenance: 1 });
      } else if (Math.abs(weight) > Math.abs(edges[at].weight)) edges[at].weight = weight;
    };
    add(ia, ib);
    if (!directed) add(ib, ia);
  }
  if (linesRead === 0)
    throw new InputError(
      'bad-edge-table',
      `${origin} has a header but no edges.`,
      'Add one edge per line below the header.',
    );
  return {
    graph: { ...graphFromEdges(nodes, edges, [opts.name]), directed },
    format,
    directed,
    linesRead,
    edgesKept: edges.length,
    unknownIds: unknown.size,
    unknownExamples: [...unknown].slice(0, 5),
    edgesDropped: dropped,
    mapped,
  };
}

function isNumber(s: string): boolean {
  return s !== '' && Number.isFinite(Number(s));
}

/** Symbol as is; else a STRING/Ensembl protein id; else an unambiguous alias; else null. */
function makeResolver(known: ReadonlySet<string>, go?: GoAnnotations): (id: string) => string | null {
  return (id) => {
    if (known.has(id)) return id;
    if (go) {
      const ensp = STRING_ID.test(id) ? id.slice(id.indexOf('.') + 1) : id;
      const viaProt = go.ensemblProtein[ensp];
      if (viaProt) return viaProt;
      const viaAlias = go.aliases[id];
      if (viaAlias && viaAlias.length === 1) return viaAlias[0];
    }
    return null;
  };
}
