import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBuildStale, newestMtime } from '../../sync-server/build-client.js';

function repo() {
  const root = mkdtempSync(join(tmpdir(), 'pulso-build-'));
  for (const d of ['client/grid', 'core/metrics', 'dist/client']) mkdirSync(join(root, d), { recursive: true });
  const at = (file: string, secondsSinceEpoch: number) => {
    writeFileSync(join(root, file), 'x');
    utimesSync(join(root, file), secondsSinceEpoch, secondsSinceEpoch);
  };
  return { root, dist: join(root, 'dist/client'), at };
}

describe('npm start builds the app only when needed', () => {
  it('a missing build is stale', () => {
    const r = repo();
    r.at('client/main.tsx', 1000);
    expect(isBuildStale(r.root, r.dist)).toBe(true);
  });

  it('a build newer than every source is fresh', () => {
    const r = repo();
    r.at('client/grid/grid.ts', 1000);
    r.at('core/metrics/index.ts', 1500);
    r.at('vite.config.ts', 900);
    r.at('dist/client/index.html', 2000);
    expect(isBuildStale(r.root, r.dist)).toBe(false);
  });

  it('a source file in a nested folder of client/ or core/, or the Vite config, newer than the build makes it stale', () => {
    const r = repo();
    r.at('dist/client/index.html', 2000);
    r.at('client/grid/grid.ts', 2500);
    expect(isBuildStale(r.root, r.dist)).toBe(true);
    const c = repo();
    c.at('dist/client/index.html', 2000);
    c.at('core/metrics/index.ts', 2001);
    expect(isBuildStale(c.root, c.dist)).toBe(true);
    const v = repo();
    v.at('dist/client/index.html', 2000);
    v.at('vite.config.ts', 3000);
    expect(isBuildStale(v.root, v.dist)).toBe(true);
  });

  it('newestMtime walks subfolders and is 0 for a missing folder', () => {
    const r = repo();
    r.at('client/a.ts', 100);
    r.at('client/grid/b.ts', 300);
    expect(newestMtime(join(r.root, 'client'))).toBe(300_000);
    expect(newestMtime(join(r.root, 'nope'))).toBe(0);
  });
});
