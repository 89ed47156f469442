import { describe, expect, it } from 'vitest';
import { FUZZ_FIXTURES } from '../../fuzz/fixtures';
import { failed, runFuzz } from '../../fuzz/runFuzz';

/**
 * 100 damaged copies of each fixture kind (seeded: the same files on every run) are read as
 * `perturbscope inspect` reads them, each in a child process that is watched from outside. Every
 * one must be read, refused with one line, or given up on by the reader's watchdog with one line:
 * never another error, a death (an HDF5 abort that escaped), a hang, or HDF5 diagnostics on stderr.
 * bench/fuzz runs more seeds (1,000 per fixture by default).
 */
describe('the reader on damaged files', () => {
  it('reads or refuses every one of 600 mutants in one line, and never dies or hangs', async () => {
    // Little patience: these files are small, and any read of them takes milliseconds.
    const { cases, results } = await runFuzz({ fixtures: FUZZ_FIXTURES, perFixture: 100, patienceMs: 2000 });
    expect(results.size).toBe(cases.length);
    const failures = cases
      .filter((c) => failed(results.get(c.i)!))
      .map((c) => `${c.name} ${c.kind} seed ${c.seed}: ${results.get(c.i)!.outcome} ${results.get(c.i)!.message}`);
    expect(failures).toEqual([]);
    // The mutants reach the parser: most are refused, and every kind of outcome a user meets occurs.
    const count = (o: string) => [...results.values()].filter((r) => r.outcome === o).length;
    expect(count('refused')).toBeGreaterThan(cases.length / 2);
    expect(count('read')).toBeGreaterThan(0);
    expect(count('gave-up')).toBeGreaterThan(0);
    // Every refusal is a sentence about the file, not a stack trace.
    for (const r of results.values())
      if (r.outcome === 'refused') {
        expect(r.message).toMatch(/^InputError: \S/);
        expect(r.message).not.toMatch(/Cannot read properties|is not a function|undefined|\bnull\b/);
      }
  }, 600_000);
});
