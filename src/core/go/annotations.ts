import { maybeGunzip } from '../util/gzip';
import type { GeneLexicon } from '../dataset/labels';

/** The compact GO annotation asset built by scripts/build_go_asset.py (format perturbscope-go/1). */
export interface GoAssetJson {
  format: string;
  source: {
    package: string;
    version: string;
    term_names_package?: string;
    term_names_version?: string;
    go_source_date?: string;
    evidence_excluded: string[];
    n_rows: number;
    n_pairs: number;
  };
  genes: string[];
  terms: string[];
  term_ontology: string;
  term_names: string[];
  gene_terms: { indptr: number[]; indices: number[] };
  ensembl_protein: Record<string, string>;
  aliases: Record<string, string[]>;
}

export type Ontology = 'BP' | 'MF' | 'CC';
/** Index of each ontology in `GoAnnotations.termOntology`. */
export const ONTOLOGY_CODE: Record<Ontology, number> = { BP: 0, MF: 1, CC: 2 };

/** Gene → GO term sets, indexed for fast lookups. */
export class GoAnnotations {
  readonly genes: string[];
  readonly terms: string[];
  readonly termOntology: Uint8Array;
  readonly termNames: string[];
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly source: GoAssetJson['source'];
  readonly ensemblProtein: Record<string, string>;
  readonly aliases: Record<string, string[]>;
  private readonly geneIndex: Map<string, number>;
  private cachedLexicon: GeneLexicon | null = null;

  constructor(json: GoAssetJson) {
    if (json.format !== 'perturbscope-go/1') throw new Error(`unknown GO asset format '${json.format}'`);
    this.genes = json.genes;
    this.terms = json.terms;
    const code: Record<string, number> = { B: 0, M: 1, C: 2 };
    this.termOntology = Uint8Array.from(json.term_ontology, (c) => code[c]);
    this.termNames = json.term_names;
    this.indptr = Int32Array.from(json.gene_terms.indptr);
    this.indices = Int32Array.from(json.gene_terms.indices);
    this.source = json.source;
    this.ensemblProtein = json.ensembl_protein;
    this.aliases = json.aliases;
    this.geneIndex = new Map(json.genes.map((g, i) => [g, i]));
  }

  has(gene: string): boolean {
    return this.geneIndex.has(gene);
  }

  /**
   * Gene symbols and unambiguous aliases, for reading perturbation labels: a target need not be
   * measured to be a gene (an alias shared by several symbols names none of them).
   */
  lexicon(): GeneLexicon {
    if (!this.cachedLexicon) {
      const aliases = new Map<string, string>();
      for (const [alias, symbols] of Object.entries(this.aliases))
        if (symbols.length === 1 && !this.geneIndex.has(alias)) aliases.set(alias, symbols[0]);
      this.cachedLexicon = { known: new Set(this.genes), aliases };
    }
    return this.cachedLexicon;
  }

  /** Term indices of a gene (sorted), empty when the gene has no annotation. */
  termsOf(gene: string): Int32Array {
    const i = this.geneIndex.get(gene);
    return i === undefined ? new Int32Array(0) : this.indices.subarray(this.indptr[i], this.indptr[i + 1]);
  }
}

/** Jaccard index of two sorted term-index arrays. */
export function jaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0,
    j = 0,
    inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  const union = a.length + b.length - inter;
  return union ? inter / union : 0;
}

/** Parses the asset's bytes, gzip-compressed or not (some static hosts decompress on the fly). */
export async function parseGoAsset(bytes: Uint8Array): Promise<GoAnnotations> {
  const raw = await maybeGunzip(bytes);
  return new GoAnnotations(JSON.parse(new TextDecoder().decode(raw)) as GoAssetJson);
}
