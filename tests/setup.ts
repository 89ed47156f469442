// Only tfjs-core is imported by the code; the plain-JS backend is the default wherever a test does not pick WASM.
import '@tensorflow/tfjs-backend-cpu';
import '../src/core/tensor/gradients';
