// A module of this repository bundled into one script for a bare browser page (no app), as
// `window[name]`: the browser tests and benches that exercise a module in Chromium's real
// IndexedDB or heap without the app around it.
import { build } from 'vite';

const built = new Map<string, Promise<string>>();

/** `entry` (a path from the repository root, or absolute) as an IIFE exposing its exports as `window[name]`; built once per process. */
export function pageBundle(entry: string, name: string, define: Record<string, string> = {}): Promise<string> {
  const key = `${entry}|${name}|${JSON.stringify(define)}`;
  let hit = built.get(key);
  if (!hit) built.set(key, (hit = bundle(entry, name, define)));
  return hit;
}

async function bundle(entry: string, name: string, define: Record<string, string>): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    define,
    build: { write: false, minify: false, lib: { entry, formats: ['iife'], name } },
  });
  const first = Array.isArray(out) ? out[0] : out;
  if (!('output' in first) || first.output[0].type !== 'chunk') throw new Error(`pageBundle: no script built for ${entry}`);
  return first.output[0].code;
}
