// The derivation's last output kept outside the document (derived values are never stored
// in it): customer metrics and the dashboards last asked for, in IndexedDB, keyed by what
// they are a function of — the document's exact content (state vector + delete set, so the
// settings too), the as-of date and the app build that computed them. A re-open paints from
// it at once; it is current only while the open document's key is the cached key.
//
// Records per workbook, written in one transaction: the head (dashboards and their lists, a
// few hundred kB) that the first screen needs, and the metrics of every customer (megabytes at
// 10,000 customers) in parts of METRICS_PER_PART customers. One record of both had the
// dashboard wait for reading and deserializing all the metrics on the page's thread (~80 ms at
// 10k, plus its GC) before its first paint; now the head is read and painted first and the
// metrics are read after. Parts, because Chromium refuses a value over 128 MB: the metrics of
// 100,000 customers in one record were never stored, so a re-open at that size never painted
// from the cache.
import * as Y from 'yjs';
import { contentBytes, hexOf, isDerivedSnapshot, isKeyedList, type CustomerMetrics, type DerivedOutput } from '../../core/index.js';
export { dashboardKey } from '../../core/index.js';

/** Bumped when the shape below changes; the build id covers changes to the metrics code. */
const FORMAT = 4;

declare const __DERIVATION_BUILD__: string | undefined;
/** Digest of core/ and client/derive/ at build time (vite.config.ts): another build's output is ignored. */
export const DERIVATION_BUILD = typeof __DERIVATION_BUILD__ === 'string' ? __DERIVATION_BUILD__ : 'unbuilt';
/** Not `pulso-<id>`: that is a workbook's own database (session/sync.ts), and `derived` is a valid workbook id. */
export const CACHE_DB = 'pulso:derived';
/** Version 2: the metrics moved to a store of their own; 3: in parts (partKey). */
export const CACHE_DB_VERSION = 3;
/** The heads (everything but the metrics), by workbook id. */
export const HEAD_STORE = 'output';
/** The metrics records, by `partKey(workbook id, part)`. */
export const METRICS_STORE = 'metrics';
/**
 * Customers per metrics record: ~3 MB, far below Chromium's 128 MB per value, and small
 * enough that copying one (each put copies its value on the writer's thread) is a short task.
 */
export const METRICS_PER_PART = 2_500;
/** A metrics part's key: zero-padded so the parts of a workbook sort in order. */
export const partKey = (workbookId: string, part: number) => `${workbookId}#${String(part).padStart(4, '0')}`;
/** Every metrics part of a workbook (ids are [A-Za-z0-9_-]: nothing else starts with `<id>#`). */
const partsOf = (workbookId: string) => IDBKeyRange.bound(`${workbookId}#`, `${workbookId}#\uffff`);

/** What identifies one cached output: both records of one write carry it. */
interface CacheStamp {
  format: number;
  /** DERIVATION_BUILD of the code that computed it. */
  build: string;
  workbookId: string;
  /** Content key of the document it was derived from. */
  key: string;
  asOf: string;
  /** When it was written; also pairs a metrics record with its head (written together). */
  savedAt: number;
}

/** The small record: the dashboards and their lists, and how many metrics parts go with them. */
export interface CacheHead extends CacheStamp, Omit<DerivedOutput, 'metrics'> { parts: number }
/** One part of the metrics: the customers' metrics from `part × METRICS_PER_PART` on. */
export interface CacheMetrics extends CacheStamp { part: number; metrics: [string, CustomerMetrics][] }
/** A whole output as the worker writes it (and as the server's snapshot arrives). */
export interface DerivedCache extends CacheHead { metrics: [string, CustomerMetrics][] }

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
    const req = indexedDB.open(CACHE_DB, CACHE_DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      // Records of an older version are never read again (another format): dropped.
      if (!db.objectStoreNames.contains(HEAD_STORE)) db.createObjectStore(HEAD_STORE);
      else req.transaction?.objectStore(HEAD_STORE).clear();
      if (!db.objectStoreNames.contains(METRICS_STORE)) db.createObjectStore(METRICS_STORE);
      else req.transaction?.objectStore(METRICS_STORE).clear();
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB.open failed'));
    req.onblocked = () => reject(new Error('indexedDB.open blocked'));
  });
}

function isStamp(v: unknown, workbookId: string, build: string): v is CacheStamp {
  const c = v as Partial<CacheStamp> | null;
  return !!c && typeof c === 'object' && c.format === FORMAT && c.build === build && c.workbookId === workbookId &&
    typeof c.key === 'string' && typeof c.asOf === 'string' && typeof c.savedAt === 'number';
}

/** A head of this workbook, build and as-of date, whole (anything else — another version, build, workbook or date, damaged — is not). */
export function isCacheHead(v: unknown, workbookId: string, build: string, asOf: string): v is CacheHead {
  if (!isStamp(v, workbookId, build)) return false;
  const c = v as Partial<CacheHead>;
  return c.asOf === asOf && isKeyedList(c.dashboards) && isKeyedList(c.details) && Number.isInteger(c.parts) && c.parts! >= 1;
}

/**
 * The metrics of `head`'s output from its parts (in key order), or null: a part missing, of
 * another write (another key, date, build, workbook or time: the head was replaced meanwhile,
 * or only some records survived) or damaged, and the metrics are never paired with it.
 */
export function metricsOf(head: CacheHead, parts: readonly unknown[]): [string, CustomerMetrics][] | null {
  if (parts.length !== head.parts) return null;
  const out: [string, CustomerMetrics][] = [];
  for (let i = 0; i < parts.length; i++) {
    const v = parts[i];
    if (!isStamp(v, head.workbookId, head.build)) return null;
    const m = v as Partial<CacheMetrics>;
    if (m.part !== i || m.key !== head.key || m.asOf !== head.asOf || m.savedAt !== head.savedAt || !isKeyedList(m.metrics)) return null;
    for (const e of m.metrics as [string, CustomerMetrics][]) out.push(e);
  }
  return out;
}

async function get(store: string, query: IDBValidKey | IDBKeyRange, all = false): Promise<unknown> {
  const db = await open();
  try {
    return await new Promise<unknown>((resolve, reject) => {
      const s = db.transaction(store, 'readonly').objectStore(store);
      const req = all ? s.getAll(query) : s.get(query);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

/** The cached head for this workbook, build and date, or null (none, another build's or date's, damaged, or no storage). */
export async function readCacheHead(workbookId: string, build: string, asOf: string): Promise<CacheHead | null> {
  try {
    const v = await get(HEAD_STORE, workbookId);
    return isCacheHead(v, workbookId, build, asOf) ? v : null;
  } catch {
    return null;
  }
}

/** The metrics written with `head`, or null (none, of another write, damaged, or no storage). */
export async function readCacheMetrics(head: CacheHead): Promise<[string, CustomerMetrics][] | null> {
  try {
    return metricsOf(head, (await get(METRICS_STORE, partsOf(head.workbookId), true)) as unknown[]);
  } catch {
    return null;
  }
}

/** How a write ended: stored, abandoned because the output went out of date, or refused by the browser. */
export type CacheWrite = 'written' | 'abandoned' | 'refused';

/**
 * Replaces the workbook's cached output: the head and every metrics part, in one transaction
 * (all or nothing). The parts are put one per task, each from the last one's success, so the
 * writer's thread can handle a message between them (each put copies its value on that
 * thread: ~10 ms a part); when `current()` turns false the transaction is aborted and the
 * output written before stays whole.
 */
export async function writeDerivedCache(cache: Omit<DerivedCache, 'format' | 'savedAt' | 'parts'>, current: () => boolean = () => true): Promise<CacheWrite> {
  try {
    const db = await open();
    try {
      const stamp: CacheStamp = { format: FORMAT, build: cache.build, workbookId: cache.workbookId, key: cache.key, asOf: cache.asOf, savedAt: Date.now() };
      const parts = Math.max(1, Math.ceil(cache.metrics.length / METRICS_PER_PART));
      const head: CacheHead = { ...stamp, dashboards: cache.dashboards, details: cache.details, parts };
      return await new Promise<CacheWrite>((resolve, reject) => {
        const tx = db.transaction([HEAD_STORE, METRICS_STORE], 'readwrite');
        const state = { abandoned: false };
        tx.objectStore(HEAD_STORE).put(head, cache.workbookId);
        const metrics = tx.objectStore(METRICS_STORE);
        metrics.delete(partsOf(cache.workbookId)); // a smaller workbook leaves no part of the last write behind
        const put = (part: number) => {
          if (part === parts) return;
          if (!current()) {
            state.abandoned = true;
            return tx.abort();
          }
          const slice = cache.metrics.slice(part * METRICS_PER_PART, (part + 1) * METRICS_PER_PART);
          const req = metrics.put({ ...stamp, part, metrics: slice } satisfies CacheMetrics, partKey(cache.workbookId, part));
          req.onsuccess = () => put(part + 1);
        };
        put(0);
        tx.oncomplete = () => resolve('written');
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => (state.abandoned ? resolve('abandoned') : reject(tx.error));
      });
    } finally {
      db.close();
    }
  } catch {
    return 'refused';
  }
}

/**
 * The server's derived snapshot of the workbook for `asOf` (GET /w/<id>/derived, computed by
 * the same core engine), in the cache's shape, or null: none yet (404), refused, offline, or
 * not a snapshot of this workbook and date. Never throws. With `readBody`, the body is read
 * only once it resolves true (false drops it unread): its 13 MB of JSON at 10,000 customers are
 * decoded on the page's thread (~300 ms), which must not happen when a local cache is shown.
 */
export async function fetchServerSnapshot(workbookId: string, asOf: string, token: string, cancel?: AbortSignal, timeoutMs = 10_000, readBody?: Promise<boolean>): Promise<DerivedCache | null> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  cancel?.addEventListener('abort', () => abort.abort());
  try {
    const res = await fetch(`/w/${encodeURIComponent(workbookId)}/derived?asOf=${encodeURIComponent(asOf)}`, {
      headers: { authorization: `Bearer ${token}` }, cache: 'no-store', signal: abort.signal,
    });
    if (!res.ok) return null;
    if (readBody && !(await readBody)) {
      abort.abort();
      return null;
    }
    const s: unknown = await res.json();
    if (!isDerivedSnapshot(s, workbookId, asOf)) return null;
    return { format: FORMAT, build: 'server', workbookId, key: s.key, asOf, metrics: s.metrics, dashboards: s.dashboards, details: s.details, savedAt: s.computedAt, parts: 1 };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
