import { GoAnnotations } from '../../../../src/core/go/annotations';
import { Rng } from '../../../../src/core/util/random';
import type { TrainingView } from '../../../../src/core/models/types';

/** GO annotations from a gene → term-id table (a stand-in for the shipped asset). */
export function fakeGo(geneTerms: Record<string, string[]>): GoAnnotations {
  const genes = Object.keys(geneTerms).sort();
  const terms = [...new Set(Object.values(geneTerms).flat())].sort();
  const t = new Map(terms.map((x, i) => [x, i]));
  const indptr = [0],
    indices: number[] = [];
  for (const g of genes) {
    indices.push(...geneTerms[g].map((x) => t.get(x)!).sort((a, b) => a - b));
    indptr.push(indices.length);
  }
  return new GoAnnotations({
    format: 'perturbscope-go/1',
    source: { package: 'test', version: '0', evidence_excluded: [], n_rows: 0, n_pairs: indices.length },
    genes,
    terms,
    term_ontology: 'B'.repeat(terms.length),
    term_names: terms,
    gene_terms: { indptr, indices },
    ensembl_protein: {},
    aliases: {},
  });
}

/**
 * Two cell states, A and B, that differ in 6 of 30 genes. Perturbing a gene of the "push" family
 * (GO terms P1–P4) sends 80% of cells to B; a gene of the "stay" family (S1–S4) leaves 10% in B, as
 * in control. Families are known only through GO, so unseen genes must be placed by their terms.
 * With `counts`, cells are negative-binomial counts (the 30 genes are ~1% of a library of
 * 2,000–6,000) and their values log1p(count / library × 10⁴), as the streaming pass computes them.
 */
export function twoStateSimulation(seed: number, counts = false) {
  const rng = new Rng(seed);
  const G = 30;
  const genes = Array.from({ length: G }, (_, j) => `G${j}`);
  const push = Array.from({ length: 8 }, (_, i) => `PUSH${i}`);
  const stay = Array.from({ length: 8 }, (_, i) => `STAY${i}`);
  const terms = (fam: string) =>
    Array.from({ length: 4 }, (_, k) => `${fam}${k + 1}`).filter(() => rng.uniform() < 0.8);
  const go = fakeGo(
    Object.fromEntries([
      ...push.map((g) => [g, ['P1', ...terms('P')]]),
      ...stay.map((g) => [g, ['S1', ...terms('S')]]),
    ]),
  );
  const base = Float64Array.from(genes, () => 1 + rng.uniform());
  const stateB = Float64Array.from(base, (x, j) => (j < 6 ? x + 2 : x));
  const rawOf = new Map<Float32Array, { counts: Float32Array; library: number }>();
  const cell = (pB: number) => {
    const mu = rng.uniform() < pB ? stateB : base;
    if (!counts) return Float32Array.from(mu, (m) => m + 0.3 * rng.normal());
    // Rates per 10⁴ counts: e^(value) − 1, so state centres sit where the Gaussian version's do.
    const library = 2000 + 4000 * rng.uniform();
    const x = Float32Array.from(mu, (m) => rng.negBinomial((Math.expm1(m) * library) / 1e4, 0.2));
    const values = Float32Array.from(x, (k) => Math.log1p((k * 1e4) / library));
    rawOf.set(values, { counts: x, library });
    return values;
  };
  const truthB = (g: string) => (g.startsWith('PUSH') ? 0.8 : 0.1);
  const cellsOf = (g: string | null, n: number) => Array.from({ length: n }, () => cell(g ? truthB(g) : 0.1));
  const control = cellsOf(null, 300);
  const controlMean = new Float64Array(G);
  control.forEach((c) => c.forEach((x, j) => (controlMean[j] += x / control.length)));
  const trainGenes = [...push.slice(0, 5), ...stay.slice(0, 5)];
  const testGenes = [...push.slice(5), ...stay.slice(5)];
  const delta = (cells: Float32Array[]) =>
    Float64Array.from(controlMean, (m, j) => cells.reduce((s, c) => s + c[j], 0) / cells.length - m);
  const variance = (cells: Float32Array[]) =>
    Float64Array.from({ length: G }, (_, j) => {
      const m = cells.reduce((s, c) => s + c[j], 0) / cells.length;
      return cells.reduce((s, c) => s + (c[j] - m) ** 2, 0) / (cells.length - 1);
    });
  const trainCells = trainGenes.map((g) => ({ g, cells: cellsOf(g, 100) }));
  const view: TrainingView = {
    genes,
    controlMean,
    controlVariance: variance(control),
    train: trainCells.slice(1).map(({ g, cells }) => ({
      name: `${g}+ctrl`,
      genes: [g],
      delta: delta(cells),
      reference: controlMean,
      nCells: cells.length,
      variance: variance(cells),
    })),
    validation: trainCells.slice(0, 1).map(({ g, cells }) => ({
      name: `${g}+ctrl`,
      genes: [g],
      delta: delta(cells),
      reference: controlMean,
      nCells: cells.length,
      variance: variance(cells),
    })),
    perturbableGenes: [...push, ...stay],
    graphs: new Map(),
    cells: trainCells
      .slice(1)
      .flatMap(({ g, cells }) =>
        cells.map((c) => ({ genes: [g], delta: Float32Array.from(c, (x, j) => x - controlMean[j]) })),
      ),
    controlCells: control.map((c) => Float32Array.from(c, (x, j) => x - controlMean[j])),
  };
  if (counts) {
    const rows = [...control, ...trainCells.slice(1).flatMap((t) => t.cells)].map((c) => rawOf.get(c)!);
    view.cellCounts = { counts: rows.map((r) => r.counts), library: Float64Array.from(rows, (r) => r.library) };
  }
  /** Fraction of cells nearer state B than state A. */
  const fractionB = (cells: readonly Float32Array[]) =>
    cells.filter((c) => {
      let dA = 0,
        dB = 0;
      c.forEach((x, j) => ((dA += (x - base[j]) ** 2), (dB += (x - stateB[j]) ** 2)));
      return dB < dA;
    }).length / cells.length;
  const trainingSampleB = fractionB(trainCells.slice(1).flatMap((t) => t.cells));
  return { go, view, testGenes, truthB, fractionB, trainingSampleB };
}
