/**
 * The host APIs the core may use: the ones browsers, Web Workers and Node (≥ 20) all provide. The
 * core is type-checked against these and the ES library only (tsconfig.core.json), so a use of the
 * DOM (document, window, indexedDB, fetch) or of Node (fs, process) in src/core fails `npm run
 * typecheck`. Minimal on purpose: add an API here only if every host has it.
 */
declare const performance: { now(): number };
declare function setTimeout(handler: (value?: unknown) => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare function structuredClone<T>(value: T): T;
declare function atob(data: string): string;
declare function btoa(data: string): string;

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}

interface AbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(): void;
}

interface ReadableStream {
  pipeThrough(transform: CompressionStream | DecompressionStream): ReadableStream;
}
declare class Blob {
  constructor(parts: ArrayBufferView<ArrayBuffer>[]);
  stream(): ReadableStream;
}
declare class Response {
  constructor(body: ReadableStream);
  arrayBuffer(): Promise<ArrayBuffer>;
}
declare class CompressionStream {
  constructor(format: 'gzip');
}
declare class DecompressionStream {
  constructor(format: 'gzip');
}
