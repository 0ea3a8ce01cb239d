// The derivation's last output kept outside the document (derived values are never stored
// in it): customer metrics and the dashboards last asked for, in IndexedDB, keyed by what
// they are a function of — the document's exact content (state vector + delete set), the
// as-of date and the app build that computed them. A re-open paints from it at once; it is
// current only while the open document's key is the cached key.
import * as Y from 'yjs';
import { contentBytes, hexOf, isDerivedSnapshot, isKeyedList, type DerivedOutput } from '../../core/index.js';
export { dashboardKey } from '../../core/index.js';

/** Bumped when the shape below changes; the build id covers changes to the metrics code. */
const FORMAT = 2;

declare const __DERIVATION_BUILD__: string | undefined;
/** Digest of core/ and client/derive/ at build time (vite.config.ts): another build's output is ignored. */
export const DERIVATION_BUILD = typeof __DERIVATION_BUILD__ === 'string' ? __DERIVATION_BUILD__ : 'unbuilt';
/** Not `pulso-<id>`: that is a workbook's own database (session/sync.ts), and `derived` is a valid workbook id. */
const DB = 'pulso:derived';
const STORE = 'output';

export interface DerivedCache extends DerivedOutput {
  format: number;
  /** DERIVATION_BUILD of the code that computed it. */
  build: string;
  workbookId: string;
  savedAt: number;
}

/**
 * SHA-256 of the document's snapshot (core's contentBytes): equal for two replicas with the
 * same content, different after any change; the server hashes the same bytes (derived snapshots).
 */
export async function contentKey(doc: Y.Doc): Promise<string> {
  const bytes = contentBytes(doc);
  return hexOf(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))));
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB.open failed'));
    req.onblocked = () => reject(new Error('indexedDB.open blocked'));
  });
}

function isCache(v: unknown, workbookId: string, build: string): v is DerivedCache {
  const c = v as Partial<DerivedCache> | null;
  return !!c && typeof c === 'object' && c.format === FORMAT && c.build === build && c.workbookId === workbookId &&
    typeof c.key === 'string' && typeof c.asOf === 'string' && isKeyedList(c.metrics) && isKeyedList(c.dashboards) && isKeyedList(c.details);
}

/** The cached output for this workbook and build, or null (none, another build's, damaged, or no storage). */
export async function readDerivedCache(workbookId: string, build: string): Promise<DerivedCache | null> {
  try {
    const db = await open();
    try {
      const value = await new Promise<unknown>((resolve, reject) => {
        const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(workbookId);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      return isCache(value, workbookId, build) ? value : null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** Replaces the workbook's cached output; false when the browser refuses storage. */
export async function writeDerivedCache(cache: Omit<DerivedCache, 'format' | 'savedAt'>): Promise<boolean> {
  try {
    const db = await open();
    try {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put({ ...cache, format: FORMAT, savedAt: Date.now() }, cache.workbookId);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      return true;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * The server's derived snapshot of the workbook for `asOf` (GET /w/<id>/derived, computed by
 * the same core engine), in the cache's shape, or null: none yet (404), refused, offline, or
 * not a snapshot of this workbook and date. Never throws.
 */
export async function fetchServerSnapshot(workbookId: string, asOf: string, token: string, cancel?: AbortSignal, timeoutMs = 10_000): Promise<DerivedCache | null> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  cancel?.addEventListener('abort', () => abort.abort());
  try {
    const res = await fetch(`/w/${encodeURIComponent(workbookId)}/derived?asOf=${encodeURIComponent(asOf)}`, {
      headers: { authorization: `Bearer ${token}` }, cache: 'no-store', signal: abort.signal,
    });
    if (!res.ok) return null;
    const s: unknown = await res.json();
    if (!isDerivedSnapshot(s, workbookId, asOf)) return null;
    return { format: FORMAT, build: 'server', workbookId, key: s.key, asOf, metrics: s.metrics, dashboards: s.dashboards, details: s.details, savedAt: s.computedAt };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
