import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneGraph } from '../src/core/graph/geneGraph';

export const FIXTURES = join(import.meta.dirname, 'fixtures', 'generated');
export const fixture = (name: string) => join(FIXTURES, `${name}.h5ad`);

export interface ExpectedCondition {
  genes: string[];
  n_cells: number;
  mean: number[];
  var: number[];
  reference: number[];
  delta: number[];
  t: number[];
  de_rank: number[];
}
export interface Expected {
  n_obs: number;
  n_vars: number;
  genes: string[];
  x_encoding: string;
  values: string;
  perturbation_key: string;
  control_label: string;
  covariates: string[];
  n_control_cells: number;
  control_mean: number[];
  control_var: number[];
  top_expressed: number[];
  conditions: Record<string, ExpectedCondition>;
}
export const expected = (name: string): Expected =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8'));

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Each node's incoming neighbours with weights, in the graph's order: the shape of the Python expectations. */
export type NeighbourLists = Record<string, [string, number][]>;
export function neighbourLists(g: GeneGraph): NeighbourLists {
  const out: NeighbourLists = {};
  g.nodes.forEach((n, v) => {
    out[n] = [];
    for (let e = g.indptr[v]; e < g.indptr[v + 1]; e++) out[n].push([g.nodes[g.src[e]], g.weight[e]]);
  });
  return out;
}
