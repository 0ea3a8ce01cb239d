// The derivation engine off the main thread: a replica of the workbook's Y.Doc and core's
// incremental engine on top. The replica loads the stored workbook from IndexedDB by
// itself (so the main thread never re-encodes a large workbook for it), then applies every
// update the main doc forwards. Only the metrics of customers that changed travel back, so
// typing never waits for a recomputation.
import * as Y from 'yjs';
import { assembleCustomer360, chunkedTables, createDerivation, healthPoints, openWorkbook, type CustomerMetrics, type Dashboard, type DashboardDetail } from '../../core/index.js';
import type { FromWorker, ToWorker, WorkerAnswer } from './protocol.js';
import { contentKey, dashboardKey, writeDerivedCache, type CacheWrite } from './cache.js';
import { splitMetrics } from './metrics-chunks.js';

declare const self: DedicatedWorkerGlobalScope;

const doc = new Y.Doc();
// The chunked tables (usage, activities, invoices, tickets, surveys) are read whole once (the
// engine's load) and then per customer: decoded from the chunks each time instead of kept
// as objects (14.5M of them at 100,000 customers).
const workbook = openWorkbook(doc, { rowless: [...chunkedTables] });
let asOf = new Date().toISOString().slice(0, 10);
let derivation: ReturnType<typeof createDerivation> | null = null;
let loaded = false;
let queue: Uint8Array[] = [];
let scheduled = false;
const post = (m: FromWorker) => self.postMessage(m);

/** An edit applied slower than this is logged (a stall an edit waits behind shows in the log). */
const SLOW_APPLY_MS = 250;
/** The derivation's output goes to IndexedDB once the workbook has been quiet for a moment. */
const QUIET_MS = 1500;
/** The cache write works in slices of about this long: an edit waits at most that behind it. */
const SLICE_MS = 20;
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const cache = {
  target: null as { workbookId: string; build: string } | null,
  /** Dashboards answered since the doc last changed (each is current until the next change). */
  served: new Map<string, Dashboard>(),
  /** Lists and pie counts answered since the doc last changed, by the same key. */
  servedDetail: new Map<string, DashboardDetail>(),
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
  writing: false,
  /** The person using the page (null until told). */
  viewer: null as string | null,
  /** Counts the changes of what the output is a function of (doc updates, the as-of date). */
  version: 0,
};

/** An answer current until the doc changes goes into the next cache write. */
function keepForCache<T>(served: Map<string, T>, key: string, value: T) {
  if (served.has(key)) return;
  served.set(key, value);
  scheduleCacheWrite();
}

function scheduleCacheWrite() {
  if (!cache.target) return;
  clearTimeout(cache.timer);
  cache.timer = setTimeout(() => void writeCache(), QUIET_MS);
}

/**
 * Writes the derivation's output in slices, each a task of its own (at 100,000 customers the
 * write held the worker 2.6 s in one go, and an edit arriving then waited for it): the
 * person's dashboard and lists folded SLICE_MS at a time, then the records put one per task.
 * A change in between abandons it; the next quiet spell starts it again.
 */
async function writeCache() {
  const target = cache.target;
  const d = derivation;
  if (!target || !d || scheduled || queue.length || cache.writing) return scheduleCacheWrite();
  cache.writing = true;
  const version = cache.version;
  const current = () => cache.version === version && !scheduled && queue.length === 0;
  /** Hands the thread back for a task; false when the output went out of date meanwhile. */
  const pause = async () => { await nextTask(); return current(); };
  const work = { ms: 0, slices: 0, longest: 0, outcome: 'abandoned' as CacheWrite | 'failed' };
  const slice = <T,>(step: () => T): T => {
    const start = performance.now();
    try {
      return step();
    } finally {
      const ms = performance.now() - start;
      work.ms += ms;
      work.slices++;
      work.longest = Math.max(work.longest, ms);
    }
  };
  try {
    const t0 = performance.now();
    // The dashboard a re-open shows first (no filter, this person's lists) is always kept, even
    // when the page was on a sheet: a re-open on the dashboard then paints from the cache.
    if (cache.viewer !== null) {
      const home = { filter: {}, user: cache.viewer };
      while (!slice(() => { const until = performance.now() + SLICE_MS; return d.warm(home, () => performance.now() < until); })) {
        if (!(await pause())) return;
      }
      const key = dashboardKey(home.filter, home.user);
      if (!cache.served.has(key)) cache.served.set(key, slice(() => d.dashboard(home)));
      if (!(await pause())) return;
      if (!cache.servedDetail.has(key)) cache.servedDetail.set(key, slice(() => d.detail(home)));
      if (!(await pause())) return;
    }
    // Read in one task, so metrics, dashboards and key describe one document state.
    const { entry, snapshotKey } = slice(() => ({
      snapshotKey: contentKey(doc),
      entry: { ...target, asOf, metrics: [...d.metrics()], dashboards: [...cache.served], details: [...cache.servedDetail] },
    }));
    const key = await snapshotKey;
    if (!current()) return;
    const t1 = performance.now();
    work.outcome = await writeDerivedCache({ ...entry, key }, current);
    // Where a worker stall comes from: the slices run on the worker's thread, the commit does not.
    if (work.outcome === 'written') console.debug(`[derive] cached output written (${entry.metrics.length} customers) in ${Math.round(performance.now() - t0)} ms; ${work.slices} slices of work, ${Math.round(work.ms)} ms in all, longest ${Math.round(work.longest)} ms; records put and committed in ${Math.round(performance.now() - t1)} ms`);
    else if (work.outcome === 'refused') console.info('[derive] the browser refused to store the derived cache');
  } catch (e) {
    work.outcome = 'failed'; // a bug, not a change: not retried
    throw e;
  } finally {
    cache.writing = false;
    // Abandoned for a change: written again after the next quiet spell.
    if (work.outcome === 'abandoned') scheduleCacheWrite();
  }
}
const describe = (e: unknown) => (e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));

function sendAll() {
  if (!derivation) return;
  const t = performance.now();
  const entries = [...derivation.metrics()];
  for (const part of splitMetrics({ all: true, entries, removed: [], ms: performance.now() - t })) post(part);
}

function start() {
  const t0 = performance.now();
  // A ripple through the whole portfolio's percentiles is reported in the next task: the
  // edited customer's metrics are posted first.
  const d = createDerivation(workbook, { asOf, later: (settle) => void setTimeout(settle, 0) });
  console.info(`[derive] first full derivation in ${Math.round(performance.now() - t0)} ms`);
  derivation = d;
  doc.on('update', () => {
    cache.version++;
    cache.served.clear();
    cache.servedDetail.clear();
    scheduleCacheWrite();
  });
  scheduleCacheWrite();
  d.onChange(({ customers, all }) => {
    if (all) return sendAll();
    const entries: [string, CustomerMetrics][] = [];
    const removed: string[] = [];
    for (const id of customers) {
      const m = d.get(id);
      if (m) entries.push([id, m]);
      else removed.push(id);
    }
    for (const part of splitMetrics({ all: false, entries, removed, ms: 0 })) post(part);
  });
  sendAll();
}

// Updates arriving in one burst are applied in one transaction: one recomputation.
function flush() {
  scheduled = false;
  if (!loaded) return;
  applyQueue();
  if (!derivation && !hold.firstSync) {
    try {
      start();
    } catch (e) {
      post({ type: 'error', message: describe(e) });
    }
  }
}

function applyQueue() {
  const batch = queue;
  queue = [];
  if (batch.length) {
    const t0 = performance.now();
    try {
      doc.transact(() => {
        for (const u of batch) Y.applyUpdate(doc, u);
      });
      const ms = performance.now() - t0;
      if (ms > SLOW_APPLY_MS && derivation) console.debug(`[derive] ${batch.length} update(s) applied and derived in ${Math.round(ms)} ms`);
    } catch (e) {
      post({ type: 'error', message: describe(e) });
    }
  }
}
/**
 * firstSync: no derivation yet (updates are still applied): the page may show the server's
 * derived snapshot, and deriving the empty document it has before its first sync would replace
 * that with nothing; released by the page (after the first sync, or at once when nothing is
 * shown). import: an import is being applied on the main thread: its pieces queue, and the
 * engine derives once at the end.
 */
const hold = { firstSync: false, import: false };

const until = async (ok: () => boolean) => { while (!ok()) await new Promise((r) => setTimeout(r, 20)); };
/** Resolves once the local copy is loaded and the first-sync hold is released (an import's hold does not stop answers). */
const derivable = () => until(() => loaded && !hold.firstSync);
/** The engine, current with every update received, for answering a request. */
async function currentEngine() {
  await derivable();
  if (scheduled || queue.length || !derivation) flush();
  return derivation!;
}
const schedule = () => {
  if (!scheduled && !hold.import) {
    scheduled = true;
    setTimeout(flush, 0);
  }
};

/**
 * Every update y-indexeddb stored for the workbook, read in one read-only transaction (null:
 * refused or stalled). Not through y-indexeddb itself: its load is a read-write transaction
 * that stays open until its last request's callback runs, which on this thread came only after
 * the first derivation (3 s at 10,000 customers) — and the page's own load of the same
 * database waited behind it, so the Customers sheet had no rows until the worker was done.
 */
function readStoredUpdates(idbName: string): Promise<Uint8Array[] | null> {
  return new Promise((resolve) => {
    const stalled = setTimeout(() => resolve(null), 120_000);
    const done = (v: Uint8Array[] | null) => { clearTimeout(stalled); resolve(v); };
    const req = indexedDB.open(idbName);
    // A database that does not exist yet is created as y-indexeddb (lib0/indexeddb) creates it,
    // so the page's y-indexeddb finds its stores.
    req.onupgradeneeded = () => {
      req.result.createObjectStore('updates', { autoIncrement: true });
      req.result.createObjectStore('custom');
    };
    req.onerror = () => done(null);
    req.onblocked = () => done(null);
    req.onsuccess = () => {
      const db = req.result;
      // The page may upgrade or delete it (a reset): never hold it up.
      db.onversionchange = () => db.close();
      try {
        if (!db.objectStoreNames.contains('updates')) { db.close(); return done([]); }
        const get = db.transaction('updates', 'readonly').objectStore('updates').getAll();
        get.onsuccess = () => { db.close(); done(get.result as Uint8Array[]); };
        get.onerror = () => { db.close(); done(null); };
      } catch {
        db.close();
        done(null);
      }
    };
  });
}

async function load(idbName: string | null) {
  const t0 = performance.now();
  if (idbName) {
    try {
      const updates = await readStoredUpdates(idbName);
      // No 'update' listener yet: Yjs decodes the stored workbook once and encodes nothing.
      if (updates) doc.transact(() => { for (const u of updates) Y.applyUpdate(doc, u); });
      if (!updates) post({ type: 'need-state' });
      // Forwarded updates only queue until `loaded`, so this is the stored workbook's key.
      else if (cache.target) post({ type: 'stored-key', key: await contentKey(doc) });
    } catch (e) {
      post({ type: 'error', message: `IndexedDB in the worker: ${describe(e)}` });
      post({ type: 'need-state' });
    }
  }
  loaded = true;
  console.info(`[derive] local copy loaded in ${Math.round(performance.now() - t0)} ms`);
  schedule();
}

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    if (m.type === 'init') {
      asOf = m.asOf;
      cache.target = m.cache;
      hold.firstSync = m.hold;
      void load(m.idbName);
    } else if (m.type === 'release') {
      if (m.verify) {
        // The key of the document as synced, before the long first derivation: the page
        // compares it with the server snapshot's without hashing the workbook itself.
        await until(() => loaded);
        applyQueue();
        post({ type: 'synced-key', key: await contentKey(doc) });
      }
      hold.firstSync = false;
      schedule();
    } else if (m.type === 'update') {
      queue.push(m.update);
      schedule();
    } else if (m.type === 'viewer') {
      cache.viewer = m.user;
    } else if (m.type === 'hold') {
      hold.import = m.on;
      if (!hold.import && queue.length) schedule();
    } else if (m.type === 'asOf') {
      asOf = m.asOf;
      cache.version++;
      cache.served.clear();
      cache.servedDetail.clear();
      derivation?.setAsOf(m.asOf);
      scheduleCacheWrite();
    } else if (m.type === 'dashboard') {
      const d = await currentEngine();
      const result = d.dashboard({ filter: m.filter, user: m.user });
      post({ type: 'dashboard', reqId: m.reqId, result });
      keepForCache(cache.served, dashboardKey(m.filter, m.user), result);
    } else if (m.type === 'customer') {
      const d = await currentEngine();
      const src = d.customer(m.id);
      post({ type: 'customer', reqId: m.reqId, result: src ? assembleCustomer360(src, d.asOf) : null });
    } else if (m.type === 'health') {
      const d = await currentEngine();
      const s = d.longHealth(m.id);
      post({ type: 'health', reqId: m.reqId, result: s ? { id: m.id, asOf: d.asOf, points: healthPoints(s.days, s.health) } : null });
    } else if (m.type === 'drill') {
      const d = await currentEngine();
      post({ type: 'drill', reqId: m.reqId, ids: d.drill(m.key, { filter: m.filter, user: m.user }) });
    } else if (m.type === 'detail') {
      const d = await currentEngine();
      const result = d.detail({ filter: m.filter, user: m.user });
      post({ type: 'detail', reqId: m.reqId, result });
      keepForCache(cache.servedDetail, dashboardKey(m.filter, m.user), result);
    }
  } catch (e) {
    if ('reqId' in m) post({ type: m.type, reqId: m.reqId, error: describe(e) } as WorkerAnswer);
    else post({ type: 'error', message: describe(e) });
  }
};
