/**
 * Perturbation labels as the common Perturb-seq conventions write them, turned into gene sets:
 * GEARS (`ctrl`, `A+ctrl`, `A+B`), scPerturb (`control`, `A`, `A_B`), CROP-seq/guide style
 * (`non-targeting`, `NT`, `NegCtrl0_NegCtrl0__...`, `ZAP70_1`), and lists (`A,B`, `A;B`, `A|B`).
 */

/** A whole token that names "no perturbation". */
const CONTROL_TOKEN =
  /^(ctrl|control|controls|non[-_ ]?targeting|nt|ntc|negctrl\d*|neg[-_]?ctrl\d*|negative[-_ ]?controls?|safe[-_ ]?targeting|scrambled?|unperturbed|no[-_ ]?guide|none|intergenic)$/i;
/** A fragment that marks a token as a control even with a suffix (`NegCtrl3`, `non-targeting_12`). */
const CONTROL_FRAGMENT = /(negctrl|non[-_]?targeting|nontargeting|safe[-_]?targeting)/i;
/** Guide numbers and similar suffixes left over when `ZAP70_1` is split on `_`. */
const GUIDE_SUFFIX = /^(\d+|g\d+|sg\d+|guide\d+|[ab])$/i;

export type Separator = '+' | ',' | ';' | '|' | '_';

export function isControlToken(token: string): boolean {
  const t = token.trim();
  return t === '' || CONTROL_TOKEN.test(t) || CONTROL_FRAGMENT.test(t);
}

/**
 * The separator a column uses between genes. `+` wins when any label has it (GEARS), then list
 * punctuation, then `_` (scPerturb `A_B`, guide ids `ZAP70_1`). Gene symbols with `-` or `.` are
 * never split.
 */
export function chooseSeparator(labels: readonly string[]): Separator {
  for (const sep of ['+', ',', ';', '|'] as const) if (labels.some((l) => l.includes(sep))) return sep;
  return '_';
}

/** The genes a label perturbs, in label order, without duplicates; [] means a control label. */
export function parseLabel(label: string, sep: Separator): string[] {
  const whole = label.trim();
  // Only an exact control word counts for the whole label: 'KLF1_NegCtrl0' still perturbs KLF1.
  if (whole === '' || CONTROL_TOKEN.test(whole)) return [];
  const tokens = sep === '_' ? whole.split(/_+/) : whole.split(sep);
  const genes: string[] = [];
  for (const raw of tokens) {
    const t = raw.trim();
    if (isControlToken(t)) continue;
    if (sep === '_' && GUIDE_SUFFIX.test(t)) continue;
    if (!genes.includes(t)) genes.push(t);
  }
  return genes;
}

/**
 * What counts as a gene in a label: the measured genes, plus (where the caller has them) the GO
 * asset's symbols and its aliases. Real screens target genes that are often not among the measured
 * or highly variable genes, so the measured genes alone are too few.
 */
export interface GeneLexicon {
  known: ReadonlySet<string>;
  /** Alias → its one official symbol (aliases shared by several symbols are left out). */
  aliases?: ReadonlyMap<string, string>;
}

/** Guide decorations around a gene symbol: `sgZAP70`, `ZAP70-2`, `ZAP70.g1`. */
const GUIDE_PREFIX = /^(sgrna|sg|grna)[-_.]?/i;
const GUIDE_TAIL = /[-_.](\d+|[a-d]|g\d+|sg\d+|guide\d+)$/i;

/**
 * The gene a label token names, or null. Official symbols come first, with or without a guide
 * prefix or suffix, then aliases: `LAT-2` is an alias of SLC7A6 but, in a screen, LAT's guide 2.
 */
export function resolveGeneToken(token: string, lex: GeneLexicon): string | null {
  const bare = token.replace(GUIDE_TAIL, '');
  const forms = [token, bare, bare.replace(GUIDE_PREFIX, ''), token.replace(GUIDE_PREFIX, '')].filter(
    (t) => t.length > 0,
  );
  for (const t of forms) if (lex.known.has(t)) return t;
  for (const t of forms) {
    const g = lex.aliases?.get(t);
    if (g) return g;
  }
  return null;
}

/** The genes of a label with every token resolved through the lexicon (unknown tokens kept as written). */
export function labelGenes(label: string, sep: Separator, lex: GeneLexicon): { genes: string[]; unknown: number } {
  const genes: string[] = [];
  let unknown = 0;
  for (const t of parseLabel(label, sep)) {
    const g = resolveGeneToken(t, lex);
    if (!g) unknown++;
    const name = g ?? t;
    if (!genes.includes(name)) genes.push(name);
  }
  return { genes, unknown };
}

/** Canonical key of a gene set, independent of order: `A+B` and `B+A` are one condition. */
export function perturbationKey(genes: readonly string[]): string {
  return [...genes].sort().join('+');
}

/** GEARS-style display name: `A+ctrl` for a single, `A+B` for a pair, `ctrl` for control. */
export function gearsName(genes: readonly string[]): string {
  if (genes.length === 0) return 'ctrl';
  if (genes.length === 1) return `${genes[0]}+ctrl`;
  return genes.join('+');
}
