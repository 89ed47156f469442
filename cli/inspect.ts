import { checkKnownFlags, intFlag, parseArgs, stringFlag, UsageError } from './args';
import { openH5adPath } from '../src/node/openH5ad';
import { loadPerturbDataset, type LoadOptions } from '../src/core/dataset/build';
import { inspectSummary } from '../src/core/dataset/summary';
import { DEMO_PATH } from './paths';

const FLAGS = ['perturbation-key', 'control', 'batch-key', 'values', 'hvg', 'json'];

export function loadOptionsFromFlags(a: ReturnType<typeof parseArgs>): LoadOptions {
  const values = stringFlag(a, 'values');
  if (values && !['auto', 'counts', 'log-normalized'].includes(values)) throw new UsageError(`--values must be auto, counts or log-normalized, got '${values}'`);
  const batch = stringFlag(a, 'batch-key');
  return {
    perturbationKey: stringFlag(a, 'perturbation-key'),
    controlLabel: stringFlag(a, 'control'),
    batchKey: batch === undefined ? undefined : batch === 'none' ? null : batch,
    values: values as LoadOptions['values'],
    hvg: intFlag(a, 'hvg'),
  };
}

export async function inspectCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ['json']);
  checkKnownFlags(a, FLAGS);
  if (a.positional.length !== 1) throw new UsageError('inspect needs exactly one FILE.h5ad (or "demo")');
  const path = a.positional[0] === 'demo' ? DEMO_PATH : a.positional[0];
  const reader = await openH5adPath(path);
  try {
    const ds = loadPerturbDataset(reader, loadOptionsFromFlags(a));
    const s = inspectSummary(ds);
    if (a.flags.has('json')) {
      process.stdout.write(JSON.stringify(s) + '\n');
      return 0;
    }
    const lines = [
      `${ds.fileName}${ds.syntheticNote ? `  [${ds.syntheticNote}]` : ''}`,
      `cells × genes      ${s.n_obs.toLocaleString('en-US')} × ${s.n_vars.toLocaleString('en-US')} (${s.x_encoding}${ds.xCompression ? `, ${ds.xCompression}` : ''})`,
      `values             ${s.values} (${ds.valuesEvidence})`,
      `perturbation key   ${s.perturbation_key}; control '${s.control_label}' (${s.n_control_cells.toLocaleString('en-US')} cells)`,
      `batch key          ${s.batch_key ?? 'none'}`,
      `conditions         ${s.conditions.length} (${s.n_singles} singles, ${s.n_doubles} doubles)`,
      ...ds.warnings.map((w) => `warning: ${w}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    reader.close();
  }
}
