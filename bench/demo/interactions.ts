/**
 * How the demo's observed genetic-interaction classes compare with the classes the GEARS paper
 * published for the same pairs (gi_class in ../shared/data/norman2019/perturbations.tsv, read here
 * at run time and never copied). Prints the agreement and the confusion table.
 *
 * Usage: npm run bench:demo-interactions
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openH5adPath } from '../../src/node/openH5ad';
import { loadPerturbDataset } from '../../src/core/dataset/build';
import { parseNormanDesign } from '../../src/core/sim/normanDesign';
import { fitInteraction } from '../../src/core/eval/interactions';
import { interactionGenes } from '../../src/core/eval/runner';
import { perturbationKey } from '../../src/core/dataset/labels';

/** The published classes in our vocabulary (potentiation is a one-sided synergy). */
const PUBLISHED: Record<string, string> = {
  ADDITIVE: 'additive',
  EPISTASIS: 'epistatic',
  NEOMORPHIC: 'neomorphic',
  POTENTIATION: 'synergistic',
  REDUNDANT: 'redundant',
  SUPPRESSOR: 'suppressive',
  SYNERGY_SIMILAR_PHENO: 'synergistic',
  SYNERGY_DISSIMILAR_PHENO: 'synergistic',
};

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const design = parseNormanDesign(
  readFileSync(join(root, '..', 'shared', 'data', 'norman2019', 'perturbations.tsv'), 'utf8'),
);
const reader = await openH5adPath(join(root, 'public', 'data', 'demo.h5ad'));
const ds = loadPerturbDataset(reader);
reader.close();
const byKey = new Map(ds.conditions.map((c) => [perturbationKey(c.genes), c]));
const rows: { published: string; observed: string }[] = [];
for (const p of design) {
  if (p.kind !== 'double' || !p.giClass) continue;
  const [a, b, ab] = [[p.geneA], [p.geneB!], [p.geneA, p.geneB!]].map((g) => byKey.get(perturbationKey(g))!);
  rows.push({
    published: PUBLISHED[p.giClass],
    observed: fitInteraction(a.delta, b.delta, ab.delta, interactionGenes(a, b, ab)).class,
  });
}
const agree = rows.filter((r) => r.published === r.observed).length;
const classes = [...new Set(rows.flatMap((r) => [r.published, r.observed]))].sort();
console.log(
  `demo (${ds.controlReference.kind} controls): observed class = published gi_class for ${agree} of ${rows.length} doubles (${((100 * agree) / rows.length).toFixed(0)}%)`,
);
console.log(`published \\ observed`.padEnd(22) + classes.map((c) => c.slice(0, 11).padStart(12)).join(''));
for (const pub of classes) {
  const sub = rows.filter((r) => r.published === pub);
  if (sub.length)
    console.log(
      pub.padEnd(22) + classes.map((c) => String(sub.filter((r) => r.observed === c).length).padStart(12)).join(''),
    );
}
