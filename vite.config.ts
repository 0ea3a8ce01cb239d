/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Digest of the code that derives metrics (core/ and the worker): names the derived cache's producer. */
function derivationBuild(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) hash.update(p).update(readFileSync(p));
    }
  };
  walk('core');
  walk(join('client', 'derive'));
  return hash.digest('hex').slice(0, 16);
}

// One config for the client build (root: client/) and for vitest (tests under test/).
export default defineConfig({
  root: 'client',
  // client/public holds the offline shell's service worker (must be served at /sw.js).
  publicDir: 'public',
  plugins: [solid()],
  define: { __DERIVATION_BUILD__: JSON.stringify(derivationBuild()) },
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
