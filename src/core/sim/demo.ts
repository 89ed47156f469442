import { Rng } from '../util/random';
import { jaccard, type GoAnnotations } from '../go/annotations';
import type { NormanPerturbation } from './normanDesign';
import { gearsName } from '../dataset/labels';

/**
 * The semi-synthetic, Norman-2019-shaped demo dataset: the screen's real targets, pairs, programme
 * clusters and genetic-interaction coefficients, with expression simulated from a hidden regulatory
 * network. Nothing here is measured data; every output says so.
 */
export interface DemoOptions {
  seed: number;
  nGenes: number;
  cellsPerCondition: number;
  nControl: number;
  nBatches: number;
  /** Median UMIs per cell over the simulated genes. */
  medianLibrary: number;
  /** Size of the response every perturbation shares (the screen's systematic variation). */
  sharedResponse: number;
  /** Factor on each target's own effect (its network spread and programme), against the shared one. */
  specificScale: number;
  /** SD of each GEM group's gene-wise log shift: a real batch effect. */
  batchEffect: number;
  /** Share of control cells in each GEM group (perturbed cells spread evenly): matching matters. */
  controlBatchShares: number[];
}

export const DEFAULT_DEMO_OPTIONS: DemoOptions = {
  seed: 2019,
  nGenes: 1000,
  cellsPerCondition: 76,
  nControl: 2000,
  nBatches: 4,
  medianLibrary: 2000,
  sharedResponse: 0.65,
  specificScale: 2.1,
  batchEffect: 0.4,
  controlBatchShares: [0.6, 0.25, 0.1, 0.05],
};

/**
 * Discrete cell states that some programmes push a fraction of cells into, after the published
 * phenotype clusters of Norman et al.: erythroid (KLF1), granulocyte (CEBPA/B/E, SPI1), G1 arrest
 * (CDKN1A/B/C). A perturbation moves each cell into its state with probability `fraction`.
 */
const STATES = [
  { name: 'erythroid', cluster: 0 },
  { name: 'granulocyte', cluster: 6 },
  { name: 'G1 arrest', cluster: 3 },
];

export interface NetworkEdge {
  source: string;
  target: string;
  weight: number;
  /** Whether the target is among the source's GO-similar genes (Jaccard > 0.1, top 20). */
  goSupported: boolean;
}

export interface DemoCondition {
  name: string;
  genes: string[];
  kind: 'single' | 'double';
  programCluster: number;
  giClass: string | null;
  /** True log fold change of expected normalised expression against control, per gene (natural log). */
  trueLfc: Float32Array;
  /** Fraction of its cells in each discrete state (by `DemoDataset.states`), 0 for most. */
  stateFractions: number[];
}

export interface DemoDataset {
  options: DemoOptions;
  genes: string[];
  conditions: DemoCondition[];
  network: NetworkEdge[];
  cells: { label: string; batch: string; state: string }[];
  states: string[];
  counts: { indptr: Int32Array; indices: Int32Array; data: Int32Array };
}

const CONTROL_LABEL = 'ctrl';
const GO_NEIGHBOURS = 20;
const GO_MIN_JACCARD = 0.1;
const HOP_DECAY = 0.5;

export function generateDemo(
  design: NormanPerturbation[],
  go: GoAnnotations,
  opts: DemoOptions = DEFAULT_DEMO_OPTIONS,
): DemoDataset {
  const rng = new Rng(opts.seed);
  const targets = [...new Set(design.flatMap((p) => (p.geneB ? [p.geneA, p.geneB] : [p.geneA])))].sort();
  const genes = chooseGenes(targets, go, opts.nGenes, rng);
  const N = genes.length;
  const index = new Map(genes.map((g, i) => [g, i]));
  const goNeighbours = goNeighbourLists(genes, go);

  // Hidden regulatory network: mostly GO-similar edges, plus edges GO does not know.
  const network: NetworkEdge[] = [];
  const out: { j: number; w: number }[][] = genes.map(() => []);
  for (let i = 0; i < N; i++) {
    const degree = 3 + rng.int(4);
    const seen = new Set<number>([i]);
    for (let e = 0; e < degree; e++) {
      const fromGo = goNeighbours[i].length > 0 && rng.uniform() < 0.7;
      const j = fromGo ? goNeighbours[i][rng.int(goNeighbours[i].length)] : rng.int(N);
      if (seen.has(j)) continue;
      seen.add(j);
      const w = (rng.uniform() < 0.6 ? 1 : -1) * (0.3 + 0.7 * rng.uniform());
      out[i].push({ j, w });
      network.push({
        source: genes[i],
        target: genes[j],
        weight: round(w, 4),
        goSupported: goNeighbours[i].includes(j),
      });
    }
  }

  // Programmes shared by perturbations of one published phenotype cluster.
  const clusters = [...new Set(design.map((p) => p.programCluster).filter((c) => c >= 0))].sort((a, b) => a - b);
  const programs = new Map<number, Float64Array>();
  for (const c of clusters) {
    const p = new Float64Array(N);
    for (let k = 0; k < 40; k++) p[rng.int(N)] = 0.8 * rng.normal();
    programs.set(c, p);
  }

  const spread = (d0: Float64Array): Float64Array => {
    const total = Float64Array.from(d0);
    let cur = d0;
    for (let hop = 0; hop < 2; hop++) {
      const next = new Float64Array(N);
      for (let i = 0; i < N; i++) if (cur[i] !== 0) for (const { j, w } of out[i]) next[j] += HOP_DECAY * w * cur[i];
      for (let j = 0; j < N; j++) total[j] += next[j];
      cur = next;
    }
    return total;
  };

  // A response every perturbation shares (in the real screen, the mean change of all perturbations
  // correlates ~0.6 with each one's): a third of the genes, each moved a little.
  const shared = new Float64Array(N);
  for (let j = 0; j < N; j++) if (rng.uniform() < 0.35) shared[j] = opts.sharedResponse * 0.6 * rng.normal();

  // Single-gene effects on the log expression rate.
  const singleEffect = new Map<string, Float64Array>();
  for (const t of targets) {
    const d0 = new Float64Array(N);
    d0[index.get(t)!] = 2 + 1.5 * rng.uniform(); // CRISPRa raises the target itself
    const d = spread(d0);
    for (let k = 0; k < 5; k++) d[rng.int(N)] += 0.3 * rng.normal();
    const a = 0.7 + 0.6 * rng.uniform();
    for (let j = 0; j < N; j++) d[j] = opts.specificScale * d[j] + a * shared[j];
    singleEffect.set(t, d);
  }

  // Discrete states: ~40 genes each, strongly up or down; singles of the state's cluster move a
  // fraction of their cells there, doubles the fraction of either single.
  const stateEffect = STATES.map(() => {
    const e = new Float64Array(N);
    for (let k = 0; k < 40; k++) e[rng.int(N)] = (rng.uniform() < 0.7 ? 1 : -1) * (1 + rng.uniform());
    return e;
  });
  const stateOfCluster = new Map(STATES.map((s, k) => [s.cluster, k]));
  const singleFraction = new Map<string, number[]>();
  for (const p of design) {
    if (p.kind !== 'single') continue;
    const f = STATES.map(() => 0);
    const k = stateOfCluster.get(p.programCluster);
    if (k !== undefined) f[k] = 0.3 + 0.4 * rng.uniform();
    singleFraction.set(p.geneA, f);
  }
  const fractionsOf = (p: NormanPerturbation): number[] => {
    const a = singleFraction.get(p.geneA) ?? STATES.map(() => 0);
    if (!p.geneB) return a;
    const b = singleFraction.get(p.geneB) ?? STATES.map(() => 0);
    return a.map((x, k) => Math.min(1, 1 - (1 - x) * (1 - b[k])));
  };
  for (const p of design) {
    if (p.kind !== 'single' || p.programCluster < 0) continue;
    const prog = programs.get(p.programCluster)!;
    const s = 0.7 + 0.6 * rng.uniform();
    const d = singleEffect.get(p.geneA)!;
    for (let j = 0; j < N; j++) d[j] += s * prog[j];
  }

  const baseFrac = new Float64Array(N);
  for (let j = 0; j < N; j++) baseFrac[j] = Math.exp(-7 + 1.5 * rng.normal());
  // Guides are chosen against genes the cell expresses at least a little: keep targets detectable.
  for (const t of targets) baseFrac[index.get(t)!] = Math.max(baseFrac[index.get(t)!], Math.exp(-9));
  const dispersion = Float64Array.from(genes, () => Math.exp(Math.log(0.2) + 0.5 * rng.normal()));
  const logRateControl = Float64Array.from(baseFrac, Math.log);

  const conditions: DemoCondition[] = [];
  const effects: Float64Array[] = [];
  for (const p of design) {
    let d: Float64Array;
    if (p.kind === 'single') d = singleEffect.get(p.geneA)!;
    else d = doubleEffect(p, singleEffect, index, out, N, rng);
    effects.push(d);
    const fractions = fractionsOf(p);
    conditions.push({
      name: p.kind === 'single' ? gearsName([p.geneA]) : `${p.geneA}+${p.geneB}`,
      genes: p.geneB ? [p.geneA, p.geneB] : [p.geneA],
      kind: p.kind,
      programCluster: p.programCluster,
      giClass: p.giClass,
      trueLfc: trueLfc(logRateControl, mixedEffect(d, fractions, stateEffect)),
      stateFractions: fractions,
    });
  }

  // Batches: a gene-wise shift and library scale per GEM group; control cells are spread unevenly
  // over the groups, so pooled controls mix batches differently from perturbed cells.
  const batchShift = Array.from({ length: opts.nBatches }, () =>
    Float64Array.from(genes, () => opts.batchEffect * rng.normal()),
  );
  const batchScale = Array.from({ length: opts.nBatches }, () => Math.exp(0.1 * rng.normal()));

  const cellsOf: { cond: number; batch: number; state: number }[] = [];
  for (let k = 0; k < opts.nControl; k++)
    cellsOf.push({ cond: -1, batch: pick(opts.controlBatchShares, rng), state: -1 });
  conditions.forEach((c, ci) => {
    const n = Math.round(opts.cellsPerCondition * (0.8 + 0.4 * rng.uniform()));
    for (let k = 0; k < n; k++)
      cellsOf.push({
        cond: ci,
        batch: rng.int(opts.nBatches),
        state: pick([...c.stateFractions, 1 - c.stateFractions.reduce((a, b) => a + b, 0)], rng),
      });
  });
  rng.shuffle(cellsOf);

  const modules = cellStateModules(genes, go, rng);
  const cellEffects = cellsOf.map((c) =>
    c.cond < 0
      ? null
      : c.state >= 0 && c.state < STATES.length
        ? addTo(effects[c.cond], stateEffect[c.state])
        : effects[c.cond],
  );
  const counts = sampleCounts(cellsOf, cellEffects, baseFrac, dispersion, batchShift, batchScale, modules, opts, rng);
  return {
    options: opts,
    genes,
    conditions,
    network,
    cells: cellsOf.map((c) => ({
      label: c.cond < 0 ? CONTROL_LABEL : conditions[c.cond].name,
      batch: String(c.batch + 1),
      state: c.state >= 0 && c.state < STATES.length ? STATES[c.state].name : 'basal',
    })),
    states: STATES.map((s) => s.name),
    counts,
  };
}

/** Targets, a few GO neighbours of each (so GO carries signal), then other annotated genes. */
function chooseGenes(targets: string[], go: GoAnnotations, n: number, rng: Rng): string[] {
  const chosen = new Set(targets);
  const termGenes = invertedIndex(go);
  for (const t of targets) {
    const tt = go.termsOf(t);
    if (!tt.length) continue;
    const cand = new Set<number>();
    for (const term of tt) for (const g of termGenes[term]) cand.add(g);
    const scored = [...cand]
      .map((g) => ({ g, s: jaccard(tt, go.termsOf(go.genes[g])) }))
      .filter((x) => x.s > GO_MIN_JACCARD && go.genes[x.g] !== t);
    scored.sort((a, b) => b.s - a.s || a.g - b.g);
    for (const { g } of scored.slice(0, 4)) chosen.add(go.genes[g]);
  }
  const pool = go.genes.filter((g) => !chosen.has(g) && !/^(MT-|RPL|RPS)/.test(g));
  rng.shuffle(pool);
  for (const g of pool) {
    if (chosen.size >= n) break;
    chosen.add(g);
  }
  return [...chosen].sort();
}

function invertedIndex(go: GoAnnotations): number[][] {
  const byTerm: number[][] = go.terms.map(() => []);
  for (let g = 0; g < go.genes.length; g++)
    for (let k = go.indptr[g]; k < go.indptr[g + 1]; k++) byTerm[go.indices[k]].push(g);
  return byTerm;
}

/** For each gene, its top GO-similar genes within `genes` (GEARS' rule: Jaccard > 0.1, top 20). */
function goNeighbourLists(genes: string[], go: GoAnnotations): number[][] {
  const terms = genes.map((g) => go.termsOf(g));
  const byTerm = new Map<number, number[]>();
  terms.forEach((tt, i) => tt.forEach((t) => (byTerm.get(t) ?? byTerm.set(t, []).get(t)!).push(i)));
  return terms.map((tt, i) => {
    const cand = new Set<number>();
    for (const t of tt) for (const j of byTerm.get(t)!) if (j !== i) cand.add(j);
    const scored = [...cand].map((j) => ({ j, s: jaccard(tt, terms[j]) })).filter((x) => x.s > GO_MIN_JACCARD);
    scored.sort((a, b) => b.s - a.s || a.j - b.j);
    return scored.slice(0, GO_NEIGHBOURS).map((x) => x.j);
  });
}

/**
 * A double follows its published fit c1·δA + c2·δB, plus a non-additive part on the network
 * neighbourhood of both targets that grows as the published fit worsens (1 − corr_fit); neomorphic
 * pairs also move genes that neither single moves.
 */
function doubleEffect(
  p: NormanPerturbation,
  single: Map<string, Float64Array>,
  index: Map<string, number>,
  out: { j: number; w: number }[][],
  N: number,
  rng: Rng,
): Float64Array {
  const dA = single.get(p.geneA)!;
  const dB = single.get(p.geneB!)!;
  const c1 = p.coefFirst ?? 1;
  const c2 = p.coefSecond ?? 1;
  const d = new Float64Array(N);
  for (let j = 0; j < N; j++) d[j] = c1 * dA[j] + c2 * dB[j];
  const a = index.get(p.geneA)!;
  const b = index.get(p.geneB!)!;
  d[a] = dA[a]; // both targets are raised as in their singles
  d[b] = dB[b];
  const hood = new Set<number>();
  for (const s of [a, b])
    for (const { j } of out[s]) {
      hood.add(j);
      for (const { j: k } of out[j]) hood.add(k);
    }
  hood.delete(a);
  hood.delete(b);
  const norm = Math.sqrt(d.reduce((s, v) => s + v * v, 0));
  const misfit = 1 - (p.corrFit ?? 0.85);
  const extra = new Float64Array(N);
  const hoodList = [...hood].sort((x, y) => x - y);
  for (let k = 0; k < Math.min(20, hoodList.length); k++) extra[hoodList[rng.int(hoodList.length)]] += rng.normal();
  if (p.giClass === 'NEOMORPHIC') {
    const untouched = [];
    for (let j = 0; j < N; j++)
      if (Math.abs(dA[j]) < 0.01 && Math.abs(dB[j]) < 0.01 && j !== a && j !== b) untouched.push(j);
    for (let k = 0; k < 15 && untouched.length; k++) extra[untouched[rng.int(untouched.length)]] += 1.5 * rng.normal();
  }
  const en = Math.sqrt(extra.reduce((s, v) => s + v * v, 0)) || 1;
  const scale = (1.5 * misfit * norm + (p.giClass === 'NEOMORPHIC' ? 0.3 * norm : 0)) / en;
  for (let j = 0; j < N; j++) d[j] += scale * extra[j];
  return d;
}

/** Index drawn with the given probabilities (which sum to 1, or less: the rest is the last index). */
function pick(p: readonly number[], rng: Rng): number {
  let u = rng.uniform();
  for (let k = 0; k < p.length - 1; k++) {
    if (u < p[k]) return k;
    u -= p[k];
  }
  return p.length - 1;
}

function addTo(a: Float64Array, b: Float64Array): Float64Array {
  return Float64Array.from(a, (v, j) => v + b[j]);
}

/** The log of the expected rate over a condition's cells: basal and state cells mixed. */
function mixedEffect(d: Float64Array, fractions: readonly number[], states: readonly Float64Array[]): Float64Array {
  const inState = fractions.reduce((a, b) => a + b, 0);
  if (inState === 0) return d;
  return Float64Array.from(
    d,
    (v, j) => v + Math.log(1 - inState + fractions.reduce((s, f, k) => s + f * Math.exp(states[k][j]), 0)),
  );
}

/** log(p_cond / p_ctrl) of expected proportions: the change normalisation to a fixed total sees. */
function trueLfc(logRateControl: Float64Array, d: Float64Array): Float32Array {
  let zc = 0,
    zp = 0;
  for (let j = 0; j < d.length; j++) {
    zc += Math.exp(logRateControl[j]);
    zp += Math.exp(logRateControl[j] + d[j]);
  }
  const shift = Math.log(zp / zc);
  return Float32Array.from(d, (v) => round(v - shift, 4));
}

interface Module {
  genes: Int32Array;
  loadings: Float64Array;
}

/**
 * Cell-state programmes that vary from cell to cell whatever the perturbation (think cell cycle or
 * stress): each is the genes of one GO term, moved together by a per-cell score. They give the data
 * gene–gene co-expression, partly in line with GO, as real single-cell data have.
 */
function cellStateModules(genes: string[], go: GoAnnotations, rng: Rng): Module[] {
  const members = new Map<number, number[]>();
  genes.forEach((g, j) => go.termsOf(g).forEach((t) => (members.get(t) ?? members.set(t, []).get(t)!).push(j)));
  const sized = [...members.entries()]
    .filter(([, m]) => m.length >= 15 && m.length <= 60)
    .sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const chosen: Module[] = [];
  const used = new Set<number>();
  for (const [, m] of sized) {
    if (chosen.length === 5) break;
    const fresh = m.filter((j) => !used.has(j));
    if (fresh.length < 12) continue;
    fresh.forEach((j) => used.add(j));
    chosen.push({
      genes: Int32Array.from(fresh),
      loadings: Float64Array.from(fresh, () => (rng.uniform() < 0.85 ? 1 : -1) * (0.6 + 0.6 * rng.uniform())),
    });
  }
  return chosen;
}

function sampleCounts(
  cells: { cond: number; batch: number }[],
  effects: (Float64Array | null)[],
  baseFrac: Float64Array,
  alpha: Float64Array,
  batchShift: Float64Array[],
  batchScale: number[],
  modules: Module[],
  opts: DemoOptions,
  rng: Rng,
): DemoDataset['counts'] {
  const N = baseFrac.length;
  const indptr = new Int32Array(cells.length + 1);
  let indices = new Int32Array(1 << 20);
  let data = new Int32Array(1 << 20);
  let nnz = 0;
  const rate = new Float64Array(N);
  const zero = new Float64Array(N);
  cells.forEach((c, r) => {
    const d = effects[r] ?? zero;
    const shift = batchShift[c.batch];
    const state = new Float64Array(N);
    for (const m of modules) {
      const score = rng.normal();
      m.genes.forEach((j, i) => (state[j] += m.loadings[i] * score));
    }
    let z = 0;
    for (let j = 0; j < N; j++) z += rate[j] = baseFrac[j] * Math.exp(d[j] + shift[j] + state[j]);
    const lib = opts.medianLibrary * batchScale[c.batch] * Math.exp(0.35 * rng.normal());
    for (let j = 0; j < N; j++) {
      const k = rng.negBinomial((lib * rate[j]) / z, alpha[j]);
      if (k === 0) continue;
      if (nnz === indices.length) {
        indices = grow(indices);
        data = grow(data);
      }
      indices[nnz] = j;
      data[nnz++] = k;
    }
    indptr[r + 1] = nnz;
  });
  return { indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz) };
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
