/**
 * Mutation fuzzing of the reader as `perturbscope inspect` uses it, longer than the test suite's
 * run (tests/core/anndata/fuzz.test.ts): damaged copies of the fixtures (written by the real anndata
 * package) are each read, refused with one line, or given up on by the reader's watchdog; anything
 * else (another error, a death, a hang, HDF5 diagnostics on stderr) is a failure. Prints the counts
 * and every failure; never a pass/fail.
 *
 * Usage: npm run bench:fuzz [-- CASES_PER_FIXTURE [FIRST_SEED]]   (default 1000, 10000)
 */
import { FUZZ_FIXTURES } from '../../tests/fuzz/fixtures';
import { failed, runFuzz, type Outcome } from '../../tests/fuzz/runFuzz';

const perFixture = Number(process.argv[2] ?? 1000);
// The test suite uses seeds from 0; the bench's default run starts beyond them.
const firstSeed = Number(process.argv[3] ?? 10_000);
const { cases, results, seconds } = await runFuzz({ fixtures: FUZZ_FIXTURES, perFixture, firstSeed });
const all = [...results.values()];
console.log(
  `${cases.length} damaged files (${perFixture} per fixture × ${FUZZ_FIXTURES.length} fixtures; seeds ${firstSeed}–${firstSeed + perFixture - 1}; flip, zero, truncate, splice in turn) in ${seconds.toFixed(0)} s`,
);
for (const o of ['read', 'refused', 'gave-up', 'error', 'died', 'hang'] satisfies Outcome[])
  console.log(`  ${o.padEnd(8)} ${String(all.filter((r) => r.outcome === o).length).padStart(5)}`);
console.log(`  with other lines on stderr: ${all.filter((r) => r.noise > 0).length}`);
const bad = cases.filter((c) => failed(results.get(c.i)!));
console.log(`  failures: ${bad.length} (${((100 * bad.length) / cases.length).toFixed(1)}%)`);
for (const c of bad) {
  const r = results.get(c.i)!;
  console.log(
    `    ${c.name} ${c.kind} seed ${c.seed}: ${r.outcome}${r.noise ? ` (+${r.noise} stderr lines)` : ''} ${r.message}`,
  );
}
