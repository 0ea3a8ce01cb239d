// `npm start` builds the app when dist/client is missing or older than its sources, with
// Vite's JS API and the root vite.config.ts (the same build as `npm run build`).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from './log.js';

/** Newest modification time (ms) of any file under `dir` (0 when absent). */
export function newestMtime(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export function isBuildStale(repoRoot: string, staticDir: string): boolean {
  let built: number;
  try {
    built = statSync(join(staticDir, 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  const sources = Math.max(
    newestMtime(join(repoRoot, 'client')),
    newestMtime(join(repoRoot, 'core')),
    statSync(join(repoRoot, 'vite.config.ts'), { throwIfNoEntry: false })?.mtimeMs ?? 0,
  );
  return sources > built;
}

/** Builds when stale; returns whether an app is there to serve. Never throws. */
export async function ensureClientBuilt(repoRoot: string, staticDir: string, log: Log): Promise<boolean> {
  if (!isBuildStale(repoRoot, staticDir)) return true;
  log('info', `building the app into ${staticDir} (missing or older than client/ or core/)…`);
  const t = Date.now();
  // Vite picks the 'development' export conditions (Solid's dev build, with its graph and
  // warnings: slower rendering) whenever NODE_ENV is set to anything but 'production' —
  // vitest sets 'test', and tests and benches then shared that bundle. Always build what
  // `npm run build` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const { build } = await import('vite');
    await build({
      configFile: join(repoRoot, 'vite.config.ts'),
      root: join(repoRoot, 'client'),
      build: { outDir: staticDir, emptyOutDir: true },
      logLevel: 'warn',
    });
    log('info', `app built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return true;
  } catch (e) {
    log('error', `the app did not build; serving the sync endpoint anyway:\n${(e as Error).message.split('\n').slice(0, 20).join('\n')}`);
    return newestMtime(staticDir) > 0;
  } finally {
    if (nodeEnv !== undefined) process.env.NODE_ENV = nodeEnv; // unset: as Vite leaves it ('production'), as before
  }
}
