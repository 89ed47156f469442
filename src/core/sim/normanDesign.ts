/** One row of ../shared/data/norman2019/perturbations.tsv: the published design of the screen. */
export interface NormanPerturbation {
  condition: string;
  geneA: string;
  geneB: string | null;
  kind: 'single' | 'double';
  programCluster: number;
  /** Theil–Sen coefficients of delta(A) and delta(B) in the double; null where no fit was published. */
  coefFirst: number | null;
  coefSecond: number | null;
  /** How well the linear fit explains the double (1 = perfectly). */
  corrFit: number | null;
  giClass: string | null;
}

const REQUIRED = [
  'condition',
  'gene_a',
  'gene_b',
  'kind',
  'program_cluster',
  'ts_coef_first',
  'ts_coef_second',
  'corr_fit',
  'gi_class',
];

export function parseNormanDesign(tsv: string): NormanPerturbation[] {
  const lines = tsv.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  for (const col of REQUIRED) if (!header.includes(col)) throw new Error(`perturbations.tsv lacks column '${col}'`);
  const at = (cells: string[], col: string) => cells[header.indexOf(col)] ?? '';
  const num = (s: string) => (s === '' ? null : Number(s));
  return lines.slice(1).map((line, i) => {
    const c = line.split('\t');
    const kind = at(c, 'kind');
    if (kind !== 'single' && kind !== 'double') throw new Error(`perturbations.tsv line ${i + 2}: kind '${kind}'`);
    return {
      condition: at(c, 'condition'),
      geneA: at(c, 'gene_a'),
      geneB: at(c, 'gene_b') || null,
      kind,
      programCluster: Number(at(c, 'program_cluster')),
      coefFirst: num(at(c, 'ts_coef_first')),
      coefSecond: num(at(c, 'ts_coef_second')),
      corrFit: num(at(c, 'corr_fit')),
      giClass: at(c, 'gi_class') || null,
    };
  });
}
