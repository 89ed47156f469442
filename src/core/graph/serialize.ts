import type { GeneGraph } from './geneGraph';

/**
 * A compact binary form of a GeneGraph for shipped assets: magic 'PSGG', version, header length,
 * a JSON header (nodes, layers, meta), then indptr (int32), sources (uint16 when the graph has
 * fewer than 65,536 nodes, else int32), weights (float32) and provenance (uint32), 4-byte aligned.
 */
const MAGIC = 0x47475350; // 'PSGG' little-endian
const VERSION = 1;

export interface SerializedMeta {
  [key: string]: unknown;
}

export function encodeGraph(g: GeneGraph, meta: SerializedMeta = {}): Uint8Array {
  const narrow = g.nodes.length < 65536;
  const header = new TextEncoder().encode(JSON.stringify({ nodes: g.nodes, layers: g.layers, narrow, meta }));
  const headerLen = Math.ceil(header.length / 4) * 4;
  const E = g.src.length;
  const srcBytes = Math.ceil((E * (narrow ? 2 : 4)) / 4) * 4;
  const total = 12 + headerLen + 4 * (g.nodes.length + 1) + srcBytes + 4 * E + 4 * E;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, VERSION, true);
  dv.setUint32(8, header.length, true);
  out.set(header, 12);
  let at = 12 + headerLen;
  out.set(new Uint8Array(Int32Array.from(g.indptr).buffer), at);
  at += 4 * (g.nodes.length + 1);
  out.set(new Uint8Array((narrow ? Uint16Array.from(g.src) : Int32Array.from(g.src)).buffer), at);
  at += srcBytes;
  out.set(new Uint8Array(Float32Array.from(g.weight).buffer), at);
  at += 4 * E;
  out.set(new Uint8Array(Uint32Array.from(g.provenance).buffer), at);
  return out;
}

export function decodeGraph(bytes: Uint8Array): { graph: GeneGraph; meta: SerializedMeta } {
  const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < 12 || dv.getUint32(0, true) !== MAGIC)
    throw new Error('not a Perturbscope graph file (bad magic)');
  if (dv.getUint32(4, true) !== VERSION) throw new Error(`unsupported graph file version ${dv.getUint32(4, true)}`);
  const headerLen = dv.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(12, 12 + headerLen))) as {
    nodes: string[];
    layers: string[];
    narrow: boolean;
    meta: SerializedMeta;
  };
  const n = header.nodes.length;
  let at = buf.byteOffset + 12 + Math.ceil(headerLen / 4) * 4;
  const indptr = new Int32Array(buf.buffer.slice(at, at + 4 * (n + 1)));
  at += 4 * (n + 1);
  const E = indptr[n];
  const src = header.narrow
    ? Int32Array.from(new Uint16Array(buf.buffer.slice(at, at + 2 * E)))
    : new Int32Array(buf.buffer.slice(at, at + 4 * E));
  at += Math.ceil((E * (header.narrow ? 2 : 4)) / 4) * 4;
  const weight = new Float32Array(buf.buffer.slice(at, at + 4 * E));
  at += 4 * E;
  const provenance = new Uint32Array(buf.buffer.slice(at, at + 4 * E));
  return { graph: { nodes: header.nodes, indptr, src, weight, provenance, layers: header.layers }, meta: header.meta };
}
