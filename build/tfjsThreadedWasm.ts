import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const BACKEND = /@tensorflow\/tfjs-backend-wasm\/dist\/backend_wasm\.js$/;
const GLUE = /@tensorflow\/tfjs-backend-wasm\/wasm-out\/tfjs-backend-wasm-threaded-simd\.js$/;
const FACTORY_TEXT = /`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)/;
const CORES = 'return navigator["hardwareConcurrency"]}';

/**
 * Two things stop tfjs's threaded WASM build from computing on more than one thread in a bundled page.
 *
 * - Each thread starts from the text of the Emscripten factory (`factory.toString()`); once bundled and
 *   minified, that function refers to names of the bundle around it and every thread dies on start
 *   ("e is not defined"). The threads get the factory's own file instead, untouched.
 * - The native code caps its thread pool at half of `navigator.hardwareConcurrency`, taking every
 *   logical core for a hyper-thread: one thread on a 2-core laptop, whatever `setThreadsCount` asks.
 *   The glue reports twice the cores, so the cap is the machine's logical cores and the count the
 *   page asks for (`wasmThreads`) is the one used.
 *
 * The build fails, rather than ship threads that cannot start, if tfjs's code no longer has this shape.
 */
export function tfjsThreadedWasm(): Plugin {
  const glueFile = createRequire(import.meta.url).resolve(
    '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
  );
  const patchCores = (code: string) => {
    if (!code.includes(CORES)) throw new Error(`${CHANGED}: the core count is no longer read as expected.`);
    return code.replace(CORES, 'return 2*navigator["hardwareConcurrency"]}');
  };
  return {
    name: 'perturbscope-tfjs-threaded-wasm',
    apply: 'build',
    transform(code, id) {
      const file = id.replace(/\\/g, '/');
      if (GLUE.test(file)) return { code: patchCores(code), map: null };
      if (!BACKEND.test(file)) return null;
      if (!FACTORY_TEXT.test(code)) this.error(`${CHANGED}: its threads no longer start from the factory's text.`);
      const glue = patchCores(readFileSync(glueFile, 'utf8'));
      return { code: code.replace(FACTORY_TEXT, () => JSON.stringify(glue)), map: null };
    },
  };
}

const CHANGED = 'tfjs-backend-wasm changed in a way build/tfjsThreadedWasm.ts does not know (update the plugin)';
