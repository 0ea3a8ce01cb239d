/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// One config for the client build (root: client/) and for vitest (tests under test/).
export default defineConfig({
  root: 'client',
  // client/public holds the offline shell's service worker (must be served at /sw.js).
  publicDir: 'public',
  plugins: [solid()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Browser and server tests start real processes; keep the 2-core machine from thrashing.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
