// The layering the README promises, enforced: core is pure (compiles with no DOM and no Node
// types, imports nothing outside core), and client/ and sync-server/ reach core only through
// core/index.ts and never import each other. A scan of import specifiers (static, dynamic
// and side-effect imports) is enough for a repo of this size and needs no extra dependency.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

const SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;

/** Relative import targets of a file, as repo paths (extension stripped). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(SPEC)) {
    const spec = m[2];
    if (!spec.startsWith('.')) continue;
    out.push(relative(root, resolve(root, dirname(file), spec)).replace(/\.(js|ts|tsx)$/, ''));
  }
  return out;
}

const layer = (path: string) => path.split('/')[0];

describe('layering', () => {
  it('core compiles with no DOM and no Node types (core/tsconfig.json)', () => {
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    expect(() => execFileSync(tsc, ['--noEmit', '-p', join(root, 'core', 'tsconfig.json')], { stdio: 'pipe' })).not.toThrow();
  }, 180_000);

  it('core imports nothing outside core', () => {
    const bad = sources('core').flatMap((f) => importsOf(f).filter((t) => layer(t) !== 'core').map((t) => `${f} → ${t}`));
    expect(bad).toEqual([]);
  });

  it('client and sync-server reach core only through core/index.ts, and never import each other', () => {
    const bad: string[] = [];
    for (const side of ['client', 'sync-server'] as const) {
      const other = side === 'client' ? 'sync-server' : 'client';
      for (const f of sources(side)) {
        for (const t of importsOf(f)) {
          if (layer(t) === other || (layer(t) === 'core' && t !== 'core/index')) bad.push(`${f} → ${t}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the scan sees imports (a guard against a regex that silently matches nothing)', () => {
    expect(importsOf('client/derive/worker.ts')).toContain('core/index');
    expect(importsOf('core/index.ts')).toContain('core/catalog/index');
  });
});
