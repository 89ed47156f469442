import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { h5wasmWasmFile } from './build/h5wasmWasmFile.ts';

/**
 * Nothing leaves the machine: the built page may fetch, run and show only what its own origin
 * serves. WebAssembly needs 'wasm-unsafe-eval'; Plotly and React set inline styles. Only the build
 * carries it (the dev server injects inline scripts for hot reload).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Shipped data files (.h5ad) are compressed inside already (HDF5's gzip filter): served gzipped
 * again, the 12 MB demo costs the preview server ~0.4 s of compression per visit for a few percent.
 */
function noDoubleCompression(): Plugin {
  return {
    name: 'perturbscope-no-double-compression',
    configurePreviewServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url && /\.h5ad(\?|$)/.test(req.url)) delete req.headers['accept-encoding'];
        next();
      });
    },
  };
}

function contentSecurityPolicy(): Plugin {
  return {
    name: 'perturbscope-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// base './': the built site works from any static host and any sub-path, with no server logic.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    contentSecurityPolicy(),
    noDoubleCompression(),
    // Offline after one visit, from any sub-path: Workbox precaches the shell, the WASM files and the
    // shipped data (the demo included); a new deployment waits for the user's reload (registerType
    // 'prompt', see src/ui/UpdatePrompt.tsx).
    VitePWA({
      registerType: 'prompt',
      injectRegister: null,
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Perturbscope',
        short_name: 'Perturbscope',
        description:
          'Train and explore genetic-perturbation models in the browser; your data never leave your machine.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#f5f6f8',
        theme_color: '#1d2330',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,webmanifest}', 'data/*'],
        maximumFileSizeToCacheInBytes: 20 * 2 ** 20,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // Computed data kept in the browser (the demo's summary) belongs to the build that computed it.
  define: { __BUILD_ID__: JSON.stringify(new Date().toISOString()) },
  // h5wasm lives in the worker, whose bundle has its own plugins.
  worker: { format: 'es', plugins: () => [h5wasmWasmFile()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  optimizeDeps: { exclude: ['h5wasm'] },
  server: { port: 5173 },
  preview: { port: 4173 },
});
