/**
 * The CPU backends as the workers use them: tfjs's gradients, plain JS, and WASM with its binaries
 * served by the site. The session worker adds WebGPU (backends.ts); the fit helper needs only these.
 */
// tfjs-core alone registers no gradients; training needs them (the tfjs union used to bring them).
import '../core/tensor/gradients';
import '@tensorflow/tfjs-backend-cpu';
import '../core/tensor/wasmBackend';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

// The WASM binaries ship with the site (hashed assets), so the backend works offline and from any sub-path.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
