import { isInputError } from '../src/core/errors';
import { UsageError } from './args';
import { inspectCommand } from './inspect';
import { graphCommand } from './graph';
import { trainCommand } from './train';
import { benchmarkCommand } from './benchmark';
import { modelCatalog } from '../src/core/models/registry';

const USAGE = `perturbscope — explore genetic-perturbation data and models

Usage:
  perturbscope inspect FILE.h5ad|demo DESIGN [--json]
  perturbscope graph --source go|go-bp|go-mf|go-cc|file:PATH (--genes A,B,C | --genes-file PATH)
                     [--top-k 20] [--min-weight 0.1] [--universe genes|genome] [--json]
  perturbscope train --data FILE.h5ad|demo --model ID[,ID...]|all --split simulation|combo_seen2|single
                     --seed N --out DIR DESIGN [--epochs E] [--graphs go,coexpr] [--backend cpu|wasm]
                     [--cells N]   (neural models train on up to N cells per condition, not the means)
                     [--at-once N] (models trained at once, one thread each; default: one per core, up to 4)
                     (models of single cells also write DIR/generated_cells.h5ad)
  perturbscope benchmark --data FILE.h5ad|demo DESIGN [--models all|ID,...] [--split SPLIT] [--seeds 0,1,2] [--out DIR]
                     [--epochs E] [--at-once N] [--degrade remove|add|rewire:0,0.25,0.5,0.75,1]   (graph models retrained
                     on graphs with that fraction of edges removed, added or rewired: DIR/robustness.json, .csv)

MODELS (the baselines always run beside the models asked for):
${modelCatalog()
  .map((m) => `  ${m.id.padEnd(14)}${m.kind === 'baseline' ? '[baseline] ' : ''}${m.description}`)
  .join('\n')}

DESIGN (how the file's cells are read; every choice is automatic unless given):
  --perturbation-key KEY        the obs column of perturbation labels
  --control LABEL               the control label of that column
  --covariates KEY[,KEY...]|none  match controls on these obs columns (batch, GEM group, stimulation,
                                ...): each condition is compared with control cells of its own strata;
                                none pools all control cells. --batch-key KEY is --covariates KEY.
  --values auto|counts|log-normalized
  --hvg N                       keep N highly variable genes (and every measured target)
`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'inspect':
        return await inspectCommand(rest);
      case 'graph':
        return await graphCommand(rest);
      case 'train':
        return await trainCommand(rest);
      case 'benchmark':
        return await benchmarkCommand(rest);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (e) {
    if (isInputError(e)) {
      process.stderr.write(`perturbscope: ${e.oneLine()}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`perturbscope: ${e.message}. Run 'perturbscope --help'.\n`);
      return 2;
    }
    process.stderr.write(`perturbscope: internal error: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}
