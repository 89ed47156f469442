/**
 * Ingest benchmark: Perturbscope's streaming pseudobulk (Node, h5wasm) against Python anndata + numpy
 * on the same large CSR file. Prints throughput, peak memory and their ratios; checks that both give
 * the same numbers. Usage: npm run bench:ingest [-- N_CELLS N_GENES DENSITY]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [nCells = '200000', nGenes = '5000', density = '0.08'] = process.argv.slice(2);
const here = import.meta.dirname;
const outDir = join(here, '..', 'out');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `ingest_${nCells}x${nGenes}_${density}.h5ad`);
if (!existsSync(file))
  execFileSync('/usr/bin/python3', [join(here, 'make_large.py'), file, nCells, nGenes, density], { stdio: 'inherit' });
const mb = statSync(file).size / 2 ** 20;

interface Result {
  seconds: number;
  peak_rss_mb: number;
  control_mean_head: number[];
  mean_sum: number;
  var_sum: number;
}
const ours: Result = JSON.parse(
  execFileSync(
    process.execPath,
    ['--import', join(here, '..', '..', 'cli', 'register-ts.mjs'), join(here, 'ts_pseudobulk.ts'), file],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .pop()!,
);
const py: Result = JSON.parse(
  execFileSync('/usr/bin/python3', [join(here, 'python_pseudobulk.py'), file], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!,
);

const rel = Math.abs(ours.mean_sum - py.mean_sum) / Math.abs(py.mean_sum);
const row = (name: string, r: Result) =>
  `${name.padEnd(28)} ${r.seconds.toFixed(1).padStart(8)} s ${(mb / r.seconds).toFixed(1).padStart(8)} MB/s ${r.peak_rss_mb.toFixed(0).padStart(8)} MB peak RSS`;
console.log(`file: ${file} (${mb.toFixed(0)} MB, ${nCells} cells × ${nGenes} genes, density ${density})`);
console.log(row('perturbscope (Node, stream)', ours));
console.log(row('python anndata + numpy', py));
console.log(`speed ratio (python time / perturbscope time): ${(py.seconds / ours.seconds).toFixed(2)}`);
console.log(`memory ratio (perturbscope peak / python peak): ${(ours.peak_rss_mb / py.peak_rss_mb).toFixed(2)}`);
console.log(
  `agreement: relative difference of the summed condition means ${rel.toExponential(2)}; control mean head ${ours.control_mean_head.map((v) => v.toFixed(5)).join(' ')} vs ${py.control_mean_head.map((v) => v.toFixed(5)).join(' ')}`,
);
