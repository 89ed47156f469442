import { checkKnownFlags, parseArgs, UsageError } from './args';
import { DESIGN_FLAGS, designOptions } from './designFlags';
import { openH5adPath } from '../src/node/openH5ad';
import { loadPerturbDataset } from '../src/core/dataset/build';
import { inspectSummary } from '../src/core/dataset/summary';
import { guideAgreement } from '../src/core/dataset/guides';
import { DEMO_PATH } from './paths';

const FLAGS = [...DESIGN_FLAGS, 'json'];

export async function inspectCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ['json']);
  checkKnownFlags(a, FLAGS);
  if (a.positional.length !== 1) throw new UsageError('inspect needs exactly one FILE.h5ad (or "demo")');
  const path = a.positional[0] === 'demo' ? DEMO_PATH : a.positional[0];
  const reader = await openH5adPath(path);
  try {
    const ds = loadPerturbDataset(reader, await designOptions(a));
    const s = inspectSummary(ds);
    const guides = guideAgreement(reader, ds);
    if (a.flags.has('json')) {
      process.stdout.write(
        JSON.stringify({ ...s, guide_column: guides?.column ?? null, guides: guides?.genes ?? [] }) + '\n',
      );
      return 0;
    }
    const ref = s.control_reference;
    const lines = [
      `${ds.fileName}${ds.syntheticNote ? `  [${ds.syntheticNote}]` : ''}`,
      `cells × genes      ${s.n_obs.toLocaleString('en-US')} × ${s.n_vars.toLocaleString('en-US')} (${s.x_encoding}${ds.xCompression ? `, ${ds.xCompression}` : ''})`,
      `values             ${s.values} (${ds.valuesEvidence})`,
      `perturbation key   ${s.perturbation_key}; control '${s.control_label}' (${s.n_control_cells.toLocaleString('en-US')} cells)`,
      `control reference  ${ref.kind === 'matched' ? `matched on ${ref.covariates.join(' × ')} (${s.strata.length} strata)` : 'pooled control cells'}` +
        `${s.covariate_candidates.length ? `; candidate covariates: ${s.covariate_candidates.join(', ')}` : ''}`,
      `conditions         ${s.conditions.length} (${s.n_singles} singles, ${s.n_doubles} doubles)`,
      `targets            ${s.n_targets}, of which ${s.unmeasured_targets.length} not measured${s.unmeasured_targets.length ? ` (${s.unmeasured_targets.slice(0, 12).join(', ')}${s.unmeasured_targets.length > 12 ? ', ...' : ''}): models reach them through graphs or GO` : ''}`,
      ...(guides
        ? [
            `guides             '${guides.column}': ${guides.genes.map((g) => `${g.gene} ${g.cells.join('/')} cells, r = ${g.agreement === null ? 'n/a' : g.agreement.toFixed(2)}`).join('; ')}`,
          ]
        : []),
      ...ds.warnings.map((w) => `warning: ${w}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    reader.close();
  }
}
