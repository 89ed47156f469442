import * as tf from '@tensorflow/tfjs-core';

/** One array of a model's saved state. */
export interface SavedArray {
  dtype: 'float32' | 'int32' | 'float64';
  shape: number[];
  data: Float32Array | Int32Array | Float64Array;
}

/** Everything a fitted model needs to predict again: JSON settings plus named arrays. */
export interface ModelState {
  config: Record<string, unknown>;
  arrays: Record<string, SavedArray>;
}

export function f64(data: Float64Array): SavedArray {
  return { dtype: 'float64', shape: [data.length], data };
}

export function i32(data: Int32Array | number[]): SavedArray {
  const d = data instanceof Int32Array ? data : Int32Array.from(data);
  return { dtype: 'int32', shape: [d.length], data: d };
}

/** Reads a saved array back, checking its type, so that a corrupt file fails with a reason. */
export function array<T extends SavedArray['dtype']>(
  s: ModelState,
  name: string,
  dtype: T,
): T extends 'float64' ? Float64Array : T extends 'int32' ? Int32Array : Float32Array {
  const a = s.arrays[name];
  if (!a) throw new Error(`saved model has no array '${name}'`);
  if (a.dtype !== dtype) throw new Error(`saved array '${name}' is ${a.dtype}, expected ${dtype}`);
  return a.data as never;
}

export function config<T>(s: ModelState, name: string, check: (v: unknown) => v is T): T {
  const v = s.config[name];
  if (!check(v)) throw new Error(`saved model setting '${name}' is missing or malformed`);
  return v;
}

/**
 * A model's options as a model file states them, checked against its defaults: only known settings,
 * each of its default's type; a count stays a whole number; no number beyond 100 times its default
 * (or 10,000), so a damaged or hostile file cannot ask for a billion hidden units or generated cells.
 * Returns the defaults with the file's settings applied.
 */
export function restoredOptions<T extends object>(defaults: T, saved: unknown, path = 'options'): T {
  if (saved === undefined) return structuredClone(defaults);
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved))
    throw new Error(`saved model setting '${path}' is not a group of settings`);
  const out = structuredClone(defaults) as Record<string, unknown>;
  for (const [k, v] of Object.entries(saved)) {
    const d = (defaults as Record<string, unknown>)[k];
    const where = `${path}.${k}`;
    if (!(k in defaults)) throw new Error(`saved model setting '${where}' is not one this version knows`);
    if (Array.isArray(d)) {
      if (!Array.isArray(v) || v.length > 100 || !v.every((x) => typeof x === (d.length ? typeof d[0] : 'string')))
        throw new Error(`saved model setting '${where}' is not a list like ${JSON.stringify(d)}`);
      out[k] = [...v];
    } else if (typeof d === 'object' && d !== null) out[k] = restoredOptions(d, v, where);
    else if (typeof d === 'number') {
      const bound = Math.max(1e4, 100 * Math.abs(d));
      if (!isNumber(v) || Math.abs(v) > bound || (Number.isInteger(d) && !(Number.isInteger(v) && v >= 0)))
        throw new Error(
          `saved model setting '${where}' is ${JSON.stringify(v)}, not ${Number.isInteger(d) ? 'a whole number' : 'a number'} up to ${bound}`,
        );
      out[k] = v;
    } else if (typeof v !== typeof d) throw new Error(`saved model setting '${where}' is ${JSON.stringify(v)}`);
    else out[k] = v;
  }
  return out as T;
}

export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Saves tf variables (and other tensors) by name. */
export async function saveTensors(ts: Record<string, tf.Tensor>, prefix: string): Promise<Record<string, SavedArray>> {
  const out: Record<string, SavedArray> = {};
  for (const [k, t] of Object.entries(ts)) {
    const data = await t.data();
    out[prefix + k] = {
      dtype: t.dtype === 'int32' ? 'int32' : 'float32',
      shape: [...t.shape],
      data: data as Float32Array | Int32Array,
    };
  }
  return out;
}

/** Rebuilds the tensors saved under `prefix` (as variables when `trainable`). */
export function restoreTensors(s: ModelState, prefix: string): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [k, a] of Object.entries(s.arrays)) {
    if (!k.startsWith(prefix)) continue;
    if (a.dtype === 'float64') throw new Error(`saved tensor '${k}' is float64`);
    const size = a.shape.reduce((p, x) => p * x, 1);
    if (size !== a.data.length)
      throw new Error(`saved tensor '${k}' has ${a.data.length} values for shape [${a.shape.join(', ')}]`);
    out[k.slice(prefix.length)] = tf.tensor(a.data, a.shape, a.dtype);
  }
  return out;
}

export function restoreVariables(s: ModelState, prefix: string): Record<string, tf.Variable> {
  const ts = restoreTensors(s, prefix);
  const out: Record<string, tf.Variable> = {};
  for (const [k, t] of Object.entries(ts)) {
    out[k] = tf.variable(t, true);
    t.dispose();
  }
  return out;
}

/** Loads the tensors saved under `prefix` into existing variables, checking each one's size. */
export function assignVariables(vars: Record<string, tf.Variable>, s: ModelState, prefix: string, what: string): void {
  const saved = restoreTensors(s, prefix);
  try {
    for (const [k, v] of Object.entries(vars)) {
      const t = saved[k];
      if (!t || t.size !== v.size) throw new Error(`${what} lacks '${prefix}${k}' or has the wrong shape`);
      v.assign(tf.reshape(t, v.shape));
    }
  } finally {
    Object.values(saved).forEach((t) => t.dispose());
  }
}
