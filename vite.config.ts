import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// base './': the built site works from any static host and any sub-path, with no server logic.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  optimizeDeps: { exclude: ['h5wasm'] },
  server: { port: 5173 },
  preview: { port: 4173 },
});
