/**
 * Reads damaged files one by one as `perturbscope inspect` does and reports each outcome on stdout
 * ("start i", then "end i OUTCOME message"). Run by tests/fuzz/runFuzz.ts, which notices a death or
 * a hang from a "start" with no "end". Usage: child.ts CASES.json PATIENCE_MS
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropWasmGlueLines, openH5adPath } from '../../src/node/openH5ad';
import { startReaderWatchdog } from '../../src/node/readerWatchdog';
import { loadPerturbDataset } from '../../src/core/dataset/build';
import { inspectSummary } from '../../src/core/dataset/summary';
import { guideAgreement } from '../../src/core/dataset/guides';
import { InputError } from '../../src/core/errors';
import { mutate, type MutationKind } from './mutate';

interface Case {
  i: number;
  file: string;
  kind: MutationKind;
  seed: number;
}
// As the CLI does, with less patience: these files are small, any read of them takes milliseconds.
dropWasmGlueLines();
startReaderWatchdog(Number(process.argv[3]));
const cases: Case[] = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
const originals = new Map<string, Uint8Array>();
for (const c of cases) {
  if (!originals.has(c.file)) originals.set(c.file, new Uint8Array(readFileSync(c.file)));
  const m = mutate(originals.get(c.file)!, c.kind, c.seed);
  const path = join(dir, `case${c.i}.h5ad`);
  writeFileSync(path, m.bytes);
  process.stdout.write(`start ${c.i}\n`);
  let outcome = 'read';
  let message = '';
  try {
    const r = await openH5adPath(path);
    try {
      const ds = loadPerturbDataset(r, {});
      inspectSummary(ds);
      guideAgreement(r, ds);
    } finally {
      r.close();
    }
  } catch (e) {
    outcome = e instanceof InputError ? 'refused' : 'error';
    message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  process.stdout.write(`end ${c.i} ${outcome} ${message.replace(/\n/g, ' ').slice(0, 300)}\n`);
}
