import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../helpers';
import { MUTATION_KINDS, type MutationKind } from './mutate';

export type Outcome = 'read' | 'refused' | 'gave-up' | 'error' | 'died' | 'hang';
export interface FuzzCase {
  i: number;
  name: string;
  file: string;
  kind: MutationKind;
  seed: number;
}
export interface FuzzResult {
  outcome: Outcome;
  message: string;
  /** Lines on standard error other than the reader's own one-line message (HDF5 diagnostics, say). */
  noise: number;
}

/** The watchdog's one line when it gives up on a file (src/node/readerWatchdog.ts). */
const GAVE_UP = /^perturbscope: HDF5 stopped responding/;
const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Reads `perFixture` damaged copies of each fixture (flip, zero, truncate and splice in turn, seeds
 * from `firstSeed`) the way `perturbscope inspect` does, in child processes that are restarted
 * after a death. Each file is read, refused (an InputError), or given up on by the reader's watchdog
 * after `patienceMs`; anything else (another error, a death, no answer at all) is a failure.
 */
export async function runFuzz(opts: {
  fixtures: readonly string[];
  perFixture: number;
  firstSeed?: number;
  patienceMs?: number;
  children?: number;
}): Promise<{ cases: FuzzCase[]; results: Map<number, FuzzResult>; seconds: number }> {
  const { perFixture, firstSeed = 0, patienceMs = 5000, children = 2 } = opts;
  const cases: FuzzCase[] = opts.fixtures.flatMap((name, f) =>
    Array.from({ length: perFixture }, (_, k) => ({
      i: f * perFixture + k,
      name,
      file: fixture(name),
      kind: MUTATION_KINDS[k % MUTATION_KINDS.length],
      seed: firstSeed + k,
    })),
  );
  const results = new Map<number, FuzzResult>();
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-run-'));

  const runChild = (todo: FuzzCase[]) =>
    new Promise<void>((resolve) => {
      const list = join(dir, `cases-${todo[0].i}.json`);
      writeFileSync(list, JSON.stringify(todo));
      const child = spawn(
        process.execPath,
        ['--import', './cli/register-ts.mjs', 'tests/fuzz/child.ts', list, String(patienceMs)],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let current: number | null = null;
      let noise = 0;
      let gaveUp = '';
      let timer: NodeJS.Timeout | null = null;
      let out = '';
      let err = '';
      const lines = (buf: string, chunk: string, each: (line: string) => void) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          each(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
        return buf;
      };
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out = lines(out, chunk, (line) => {
          const start = /^start (\d+)$/.exec(line);
          const end = /^end (\d+) (\S+) ?(.*)$/.exec(line);
          if (start) {
            current = Number(start[1]);
            noise = 0;
            if (timer) clearTimeout(timer);
            // Far beyond the watchdog's patience: the reader neither answered nor gave up.
            timer = setTimeout(() => {
              if (current !== null)
                results.set(current, { outcome: 'hang', message: 'no answer, and no watchdog', noise });
              child.kill('SIGKILL');
            }, patienceMs + 30_000);
          } else if (end) {
            results.set(Number(end[1]), { outcome: end[2] as Outcome, message: end[3], noise });
            current = null;
          }
        });
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        err = lines(err, chunk, (line) => {
          if (GAVE_UP.test(line)) gaveUp = line;
          else noise++;
        });
      });
      child.on('exit', (code, signal) => {
        if (timer) clearTimeout(timer);
        if (current !== null && !results.has(current))
          results.set(
            current,
            code === 2 && gaveUp
              ? { outcome: 'gave-up', message: gaveUp, noise }
              : { outcome: 'died', message: `exit ${code ?? signal}`, noise },
          );
        resolve();
      });
    });

  const t0 = performance.now();
  const shares = Array.from({ length: children }, (_, c) => cases.filter((_, k) => k % children === c));
  await Promise.all(
    shares.map(async (share) => {
      for (;;) {
        const todo = share.filter((c) => !results.has(c.i));
        if (!todo.length) return;
        await runChild(todo);
      }
    }),
  );
  return { cases, results, seconds: (performance.now() - t0) / 1000 };
}

/** A failure: anything but reading or refusing the file in one line (or giving up on it in one). */
export const failed = (r: FuzzResult) => !['read', 'refused', 'gave-up'].includes(r.outcome) || r.noise > 0;
