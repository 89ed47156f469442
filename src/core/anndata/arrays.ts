/** Typed-array conversions for what h5wasm returns (int64 datasets come back as BigInt64Array). */
export type IndexArray = Int32Array | Uint32Array | Float64Array;
export type ValueArray =
  Float32Array | Float64Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

export function toFloat64(a: ArrayLike<number | bigint>): Float64Array {
  if (a instanceof Float64Array) return a;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Number(a[i]);
  return out;
}

/** Column/row indices: 32-bit arrays pass through, 64-bit ones become Float64Array (exact to 2^53). */
export function toIndexArray(a: unknown): IndexArray {
  if (a instanceof Int32Array || a instanceof Uint32Array || a instanceof Float64Array) return a;
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) return toFloat64(a);
  if (ArrayBuffer.isView(a) || Array.isArray(a)) return Int32Array.from(a as ArrayLike<number>);
  throw new Error(`expected an index array, got ${typeof a}`);
}

export function toValueArray(a: unknown): ValueArray {
  if (
    a instanceof Float32Array ||
    a instanceof Float64Array ||
    a instanceof Int32Array ||
    a instanceof Uint32Array ||
    a instanceof Int16Array ||
    a instanceof Uint16Array ||
    a instanceof Int8Array ||
    a instanceof Uint8Array
  )
    return a;
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) return toFloat64(a);
  if (Array.isArray(a)) return Float64Array.from(a as number[]);
  throw new Error(`expected a numeric array, got ${typeof a}`);
}
