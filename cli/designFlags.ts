import { intFlag, stringFlag, UsageError, type ParsedArgs } from './args';
import type { LoadOptions } from '../src/core/dataset/build';
import { loadGoAsset } from '../src/node/goAsset';

/** The design options every command that reads a dataset takes, parsed in one place. */
export const DESIGN_FLAGS = ['perturbation-key', 'control', 'covariates', 'batch-key', 'values', 'hvg'] as const;

export const DESIGN_USAGE = `[--perturbation-key KEY] [--control LABEL] [--covariates KEY[,KEY...]|none]
                       [--values auto|counts|log-normalized] [--hvg N]`;

/** `--covariates a,b` or `none`; `--batch-key KEY|none` is the same with one key. */
function covariates(a: ParsedArgs): string[] | undefined {
  const cov = stringFlag(a, 'covariates');
  const batch = stringFlag(a, 'batch-key');
  if (cov !== undefined && batch !== undefined)
    throw new UsageError('give --covariates or --batch-key, not both (--batch-key KEY is --covariates KEY)');
  const v = cov ?? batch;
  if (v === undefined) return undefined;
  if (v === 'none') return [];
  const keys = v
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (!keys.length) throw new UsageError(`--covariates needs column names separated by commas, or none; got '${v}'`);
  return keys;
}

/** Load options from the design flags, with the GO asset's symbols and aliases counted as genes. */
export async function designOptions(a: ParsedArgs): Promise<LoadOptions> {
  const values = stringFlag(a, 'values');
  if (values && !['auto', 'counts', 'log-normalized'].includes(values))
    throw new UsageError(`--values must be auto, counts or log-normalized, got '${values}'`);
  return {
    perturbationKey: stringFlag(a, 'perturbation-key'),
    controlLabel: stringFlag(a, 'control'),
    covariates: covariates(a),
    values: values as LoadOptions['values'],
    hvg: intFlag(a, 'hvg'),
    lexicon: (await loadGoAsset()).lexicon(),
  };
}
