import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

const MODULE = /h5wasm\/dist\/esm\/hdf5_util\.js$/;
const EMBEDDED = "function findWasmBinary(){return binaryDecode('";
const INSTANTIATE =
  'async function instantiateAsync(binary,binaryFile,imports){return instantiateArrayBuffer(binaryFile,imports)}';

/**
 * h5wasm ships HDF5's WebAssembly embedded in its JavaScript as a 3.5 MB string, which the worker
 * must parse and decode on every visit and which the browser can neither stream-compile nor cache
 * compiled. In the build, this moves it into its own hashed .wasm asset, loaded with
 * `WebAssembly.instantiateStreaming` (compiled while it downloads, and cached compiled). The build
 * fails, rather than ship a broken reader, if h5wasm's code no longer has the expected shape.
 */
export function h5wasmWasmFile(): Plugin {
  return {
    name: 'perturbscope-h5wasm-wasm-file',
    apply: 'build',
    transform(code, id) {
      if (!MODULE.test(id.replace(/\\/g, '/'))) return null;
      const start = code.indexOf(EMBEDDED);
      const end = start < 0 ? -1 : code.indexOf("')}", start + EMBEDDED.length);
      if (start < 0 || end < 0 || !code.includes(INSTANTIATE)) {
        this.error(
          'h5wasm no longer embeds its WebAssembly the way build/h5wasmWasmFile.ts expects: update the plugin for this h5wasm version.',
        );
      }
      // The literal is a JavaScript string of byte values (emscripten's binaryDecode reads it back).
      const literal = code.slice(start + EMBEDDED.length - 1, end + 1);
      const text = (0, eval)(literal) as string;
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        bytes[i] = (~c >> 8) & c; // emscripten's binaryDecode, exactly
      }
      if (!WebAssembly.validate(bytes)) this.error('the WebAssembly extracted from h5wasm does not validate.');
      const fileName = `assets/hdf5-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.wasm`;
      this.emitFile({ type: 'asset', fileName, source: bytes });
      const base = fileName.slice('assets/'.length);
      return {
        code:
          code.slice(0, start) +
          `var h5wasmFile=${JSON.stringify(base)};function findWasmBinary(){return new URL(h5wasmFile,import.meta.url).href}` +
          code
            .slice(end + 3)
            .replace(
              INSTANTIATE,
              'async function instantiateAsync(binary,binaryFile,imports){return WebAssembly.instantiateStreaming(fetch(binaryFile,{credentials:"same-origin"}),imports)}',
            ),
        map: null,
      };
    },
  };
}
