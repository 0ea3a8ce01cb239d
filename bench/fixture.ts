// The demo workbook as an encoded Yjs update, built once per size and kept in
// bench/.cache, so that fresh-process probes measure loading it, not generating it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { openWorkbook, tableLoadOrder } from '../core/index.js';
import type { WorkbookData } from '../core/index.js';
import { generateWorkbook } from '../core/demo/index.js';

export const TODAY = '2026-11-22';
export const SEED = 20261122;
const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = join(here, '.cache');

/** A digest of core's sources: the generator and the document layout decide the bytes, so a change to either rebuilds the fixture. */
function coreDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) hash.update(p.slice(here.length)).update(readFileSync(p));
    }
  };
  walk(join(here, '..', 'core'));
  return hash.digest('hex').slice(0, 12);
}

/** Loads the workbook the way an import does: openWorkbook(doc).insertMany per table, referenced tables first. */
export function buildDoc(data: WorkbookData, doc = new Y.Doc(), sliceRows?: number): Y.Doc {
  const wb = openWorkbook(doc);
  for (const t of tableLoadOrder) {
    const rows = data[t] as never[];
    // Usage in slices so that one insert is not one giant transaction.
    const step = sliceRows ?? (t === 'usage' ? 100_000 : rows.length || 1);
    for (let i = 0; i < rows.length; i += step) {
      const r = wb.insertMany(t, rows.slice(i, i + step));
      if (!r.ok) throw new Error(`bench: insertMany(${t}) refused demo rows: ${r.errors.slice(0, 3).map((e) => e.message).join('; ')}`);
    }
  }
  return doc;
}

/** Path of the encoded demo doc of `customers` customers, built (in this process) when missing. */
export function fixtureFile(customers: number): string {
  const file = join(cacheDir, `demo-${customers}-${coreDigest()}.ydoc`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  const doc = buildDoc(generateWorkbook({ seed: SEED, customers, today: TODAY }));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  renameSync(tmp, file);
  return file;
}

export const readFixture = (file: string): Uint8Array => new Uint8Array(readFileSync(file));

/**
 * The same workbook as a list of updates, each at most about `maxBytes` (consecutive
 * transactions merged), as y-indexeddb keeps a workbook loaded slice by slice: Chromium refuses
 * an IndexedDB value over 128 MB, so a 100k workbook cannot be stored as one update.
 * File layout: [u32 length, bytes]*.
 */
export function fixturePartsFile(customers: number, maxBytes = 64 * 1048576): string {
  const file = join(cacheDir, `demo-${customers}-${coreDigest()}.parts`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  const doc = new Y.Doc();
  const parts: Uint8Array[] = [];
  const group = { updates: [] as Uint8Array[], bytes: 0 };
  const close = () => {
    if (group.updates.length) parts.push(Y.mergeUpdates(group.updates));
    group.updates = [];
    group.bytes = 0;
  };
  doc.on('update', (u: Uint8Array) => {
    if (group.bytes + u.length > maxBytes) close();
    group.updates.push(u);
    group.bytes += u.length;
  });
  buildDoc(generateWorkbook({ seed: SEED, customers, today: TODAY }), doc, 50_000);
  close();
  doc.destroy();
  const tmp = `${file}.${process.pid}.tmp`;
  const out: Uint8Array[] = [];
  for (const p of parts) {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, p.length);
    out.push(len, p);
  }
  writeFileSync(tmp, Buffer.concat(out));
  renameSync(tmp, file);
  return file;
}

/** The parts written by fixturePartsFile. */
export function readFixtureParts(file: string): Uint8Array[] {
  const buf = readFileSync(file);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < buf.length; ) {
    const n = buf.readUInt32BE(at);
    parts.push(new Uint8Array(buf.buffer, buf.byteOffset + at + 4, n));
    at += 4 + n;
  }
  return parts;
}
