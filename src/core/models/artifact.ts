import { InputError } from '../errors';
import { createModel } from './registry';
import type { ModelState, SavedArray } from './state';
import type { PerturbationModel } from './types';

/** A trained model with what it was trained on: what the browser stores and the user downloads. */
export interface ModelArtifact {
  model: string;
  label: string;
  /** The measured genes, in the order of the model's predictions. */
  genes: string[];
  dataset: string;
  split: string;
  seed: number;
  backend: string;
  trainedOn: string;
  created: string;
  state: ModelState;
}

/**
 * File layout: magic 'PSMODEL1', a little-endian uint32 header length, the JSON header (the
 * artifact with every array replaced by its dtype, shape and byte offset), then the arrays, each
 * 8-byte aligned.
 */
const MAGIC = 'PSMODEL1';
const BYTES: Record<SavedArray['dtype'], number> = { float32: 4, int32: 4, float64: 8 };
const align8 = (n: number) => Math.ceil(n / 8) * 8;

interface ArrayRef {
  dtype: SavedArray['dtype'];
  shape: number[];
  offset: number;
  length: number;
}

export function encodeArtifact(a: ModelArtifact): Uint8Array {
  const refs: Record<string, ArrayRef> = {};
  let at = 0;
  for (const [k, arr] of Object.entries(a.state.arrays)) {
    refs[k] = { dtype: arr.dtype, shape: arr.shape, offset: at, length: arr.data.length };
    at = align8(at + arr.data.length * BYTES[arr.dtype]);
  }
  const header = new TextEncoder().encode(JSON.stringify({ ...a, state: { config: a.state.config, arrays: refs } }));
  const start = align8(12 + header.length);
  const out = new Uint8Array(start + at);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  for (const [k, arr] of Object.entries(a.state.arrays))
    out.set(new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength), start + refs[k].offset);
  return out;
}

function bad(what: string, name: string): InputError {
  return new InputError(
    'bad-model-file',
    `${name} is not a usable Perturbscope model: ${what}.`,
    'Choose a .psmodel file saved by Perturbscope (Models → Save to file, or the CLI), not renamed or cut short.',
  );
}

export function decodeArtifact(bytes: Uint8Array, name = 'the file'): ModelArtifact {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    throw bad('it does not start with the model file signature', name);
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + headerLen > bytes.length)
    throw bad(`the header claims ${headerLen} bytes but the file has ${bytes.length}`, name);
  let head: Omit<ModelArtifact, 'state'> & {
    state: { config: Record<string, unknown>; arrays: Record<string, ArrayRef> };
  };
  try {
    head = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLen)));
  } catch {
    throw bad('its header is not valid JSON', name);
  }
  if (typeof head.model !== 'string' || !Array.isArray(head.genes) || !head.state?.arrays)
    throw bad('its header lacks the model id, genes or weights', name);
  const start = align8(12 + headerLen);
  const arrays: Record<string, SavedArray> = {};
  for (const [k, r] of Object.entries(head.state.arrays)) {
    const size = BYTES[r.dtype];
    if (!size) throw bad(`array '${k}' has an unknown type ${r.dtype}`, name);
    const from = start + r.offset,
      to = from + r.length * size;
    if (to > bytes.length)
      throw bad(
        `array '${k}' runs past the end of the file (${to} > ${bytes.length} bytes): the file is truncated`,
        name,
      );
    // A copy of its own: `slice` on a Node Buffer is a view, whose `.buffer` is the whole pool.
    const buf = new Uint8Array(bytes.subarray(from, to)).buffer;
    const data =
      r.dtype === 'float64' ? new Float64Array(buf) : r.dtype === 'int32' ? new Int32Array(buf) : new Float32Array(buf);
    arrays[k] = { dtype: r.dtype, shape: r.shape, data };
  }
  return { ...head, state: { config: head.state.config, arrays } };
}

/** A model rebuilt from an artifact, predicting over `genes` (which must be the artifact's). */
export function restoreModel(a: ModelArtifact, genes: readonly string[]): PerturbationModel {
  if (a.genes.length !== genes.length || a.genes.some((g, i) => g !== genes[i])) {
    const missing = a.genes.filter((g) => !genes.includes(g)).length;
    throw new InputError(
      'model-mismatch',
      `The model ${a.label} was trained on ${a.dataset} with ${a.genes.length.toLocaleString('en-US')} genes; the open dataset has ${genes.length.toLocaleString('en-US')}${missing ? `, and ${missing.toLocaleString('en-US')} of the model's genes are not among them` : ' in a different order or selection'}.`,
      'Open the dataset the model was trained on (with the same gene selection), or train the model on this one.',
    );
  }
  let m: PerturbationModel;
  try {
    m = createModel(a.model);
  } catch {
    throw new InputError(
      'bad-model-file',
      `The model file names a model '${a.model}' this version does not know.`,
      'Use a model file from this version of Perturbscope.',
    );
  }
  try {
    m.restore(a.state);
  } catch (e) {
    throw new InputError(
      'bad-model-file',
      `The ${a.label} model file is damaged: ${(e as Error).message}.`,
      'Save the model again, or retrain it.',
    );
  }
  return m;
}
