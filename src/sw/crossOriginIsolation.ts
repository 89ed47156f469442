/**
 * The headers that make a page cross-origin isolated, so WebAssembly may share memory between threads
 * (tfjs's threaded build). Nothing is loaded from another origin, so 'require-corp' costs nothing.
 * Served by the dev and preview servers (vite.config.ts) and by the service worker.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
