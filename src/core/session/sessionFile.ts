import { InputError } from '../errors';
import { gzip, maybeGunzip } from '../util/gzip';
import type { ModelResult } from '../eval/runner';

/** A finished evaluation: the split, every result (scores and test predictions), every fitted model. */
export interface EvaluationSnapshot {
  split: 'simulation' | 'combo_seen2' | 'single';
  seed: number;
  results: ModelResult[];
  graphs: string[];
  models: { id: string; bytes: Uint8Array }[];
  /** The run's wall time and models at once (absent from files saved before they were kept). */
  run?: { seconds: number; atOnce: number };
}

/** A whole analysis to hand to a colleague: which dataset, the view, and the evaluation. */
export interface SessionFile {
  format: typeof FORMAT;
  created: string;
  /** The dataset it was made on; `key` also fixes how the file was read (design, values, genes). */
  dataset: { fileName: string; fileBytes: number; key: string };
  /** The view's URL query (condition, model, split, seed, graph colouring). */
  view: string;
  snapshot: EvaluationSnapshot;
}

const FORMAT = 'perturbscope-session/1';

// Typed arrays become tagged base64 strings inside the JSON: exact, and a third of the size of lists.
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const replacer = (_: string, v: unknown) => {
  if (v instanceof Float64Array) return { $f64: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  if (v instanceof Uint8Array) return { $u8: toBase64(v) };
  return v;
};

const reviver = (_: string, v: unknown) => {
  if (v && typeof v === 'object' && '$f64' in v)
    return new Float64Array(fromBase64((v as { $f64: string }).$f64).buffer);
  if (v && typeof v === 'object' && '$u8' in v) return fromBase64((v as { $u8: string }).$u8);
  return v;
};

/** The gzipped JSON bytes of a session. */
export async function encodeSession(s: Omit<SessionFile, 'format'>): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify({ format: FORMAT, ...s }, replacer));
  return gzip(json);
}

export async function decodeSession(bytes: Uint8Array, name: string): Promise<SessionFile> {
  const bad = (what: string) =>
    new InputError(
      'bad-session-file',
      `${name} is not a usable Perturbscope session: ${what}.`,
      'Choose a .pssession file saved by Perturbscope (Models → Save session), not renamed or cut short.',
    );
  let s: Partial<SessionFile>;
  try {
    s = JSON.parse(new TextDecoder().decode(await maybeGunzip(bytes)), reviver) as Partial<SessionFile>;
  } catch {
    throw bad('it is not gzipped JSON');
  }
  if (s?.format !== FORMAT) throw bad(`its format is '${String(s?.format)}', not ${FORMAT}`);
  const snap = s.snapshot;
  if (
    !s.dataset ||
    typeof s.dataset.key !== 'string' ||
    !snap ||
    !Array.isArray(snap.results) ||
    !Array.isArray(snap.models)
  )
    throw bad('parts of it are missing');
  const run = snap.run;
  if (
    run !== undefined &&
    !(Number.isFinite(run?.seconds) && run.seconds >= 0 && Number.isInteger(run.atOnce) && run.atOnce >= 1)
  )
    throw bad('its run time is not a number of seconds and of models');
  return s as SessionFile;
}
