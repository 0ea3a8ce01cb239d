// Main-thread side of the derivation worker: forwards every doc update, keeps the latest
// metrics per customer, and tells the grid and the dashboard what changed.
import * as Y from 'yjs';
import { createSignal } from 'solid-js';
import { Emitter, type Customer360, type CustomerMetrics, type Dashboard, type DashboardDetail, type DashboardFilter, type HealthHistory } from '../../core/index.js';
import type { DerivationClient, Freshness } from '../app-context.js';
import type { Ask, FromWorker, ToWorker, WorkerAnswer, WorkerRequest } from './protocol.js';
import { MetricsAssembler } from './metrics-chunks.js';
import { DERIVATION_BUILD, contentKey, dashboardKey, fetchServerSnapshot, readCacheHead, readCacheMetrics, type CacheHead } from './cache.js';

export interface WorkerDerivation extends DerivationClient {
  setAsOf(asOf: string): void;
  /**
   * Settles once the cached output was read: true when it is shown (its dashboards at once;
   * metrics() holds its metrics once they are read too, after `metricsAfter`).
   */
  cacheShown: Promise<boolean>;
  /**
   * While on, the worker queues the updates it gets and derives nothing; off derives them in
   * one pass. An import applied in hundreds of slices would otherwise have the worker
   * recompute after each burst, competing with the page's thread for the same cores.
   */
  hold(on: boolean): void;
  /** The person using the page: the cached output always holds their unfiltered dashboard. */
  setViewer(user: string): void;
  /** Duration of the worker's last full recomputation (ms), for the status bar. */
  destroy(): void;
}

export interface DerivationOptions {
  /** The y-indexeddb database the worker loads the stored workbook from (null: none, e.g. storage refused). */
  idbName: string | null | Promise<string | null>;
  /** Updates the worker gets by itself (the IndexedDB load) are not forwarded. */
  skipOrigin?: (origin: unknown) => boolean;
  /** Start forwarding once the local copy is loaded (nothing else changes the doc before). */
  forwardAfter?: Promise<void>;
  /** Paint from the derivation's last output kept for this workbook (client/derive/cache.ts). */
  cacheFor?: string;
  /**
   * Without a cached output, paint from the server's derived snapshot of `cacheFor`
   * (GET /w/<id>/derived with this token), verified once the first server sync is in.
   */
  server?: { token: string; synced: Promise<void> };
  /**
   * The cached metrics (megabytes at 10,000 customers) are read once this settles: the
   * dashboard's first paint needs only the cached dashboards, and reading the metrics on this
   * thread before it would delay it.
   */
  metricsAfter?: Promise<unknown>;
}

/** A server snapshot shown while the first sync never comes (offline after the fetch) stops holding the worker after this long. */
const SERVER_HOLD_MS = 60_000;


export function startDerivation(doc: Y.Doc, asOf: string, opts: DerivationOptions = { idbName: null }): WorkerDerivation {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const send = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  const metrics = new Map<string, CustomerMetrics>();
  const changes = new Emitter<{ customers: string[]; all: boolean }>();
  const [ready, setReady] = createSignal(false);
  const [freshness, setFreshness] = createSignal<Freshness>('none');
  /** The cached output being shown until the worker's first answer (null once live or dropped), and where it came from. */
  const shown = { cache: null as CacheHead | null, asOf, fromServer: false };
  // The worker waits before deriving while a server snapshot may be shown (see worker.ts `held`).
  const hold = !!(opts.cacheFor && opts.server);
  let released = !hold;
  const release = (verify: boolean) => {
    if (released) return;
    released = true;
    // After the init message (sent once the IndexedDB probe answered), which sets the hold.
    void initSent.then(() => send({ type: 'release', verify }));
  };
  const emit = (e: { customers: string[]; all: boolean }) => changes.emit(e);
  /** Requests in flight, of every kind, by reqId. */
  const requests = { next: 1, waiting: new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>() };
  function ask<T>(m: Ask): Promise<T> {
    const reqId = requests.next++;
    return new Promise<T>((resolve, reject) => {
      requests.waiting.set(reqId, { resolve: resolve as (v: never) => void, reject });
      send({ ...m, reqId } as WorkerRequest);
    });
  }
  function answer(m: WorkerAnswer) {
    const p = requests.waiting.get(m.reqId);
    requests.waiting.delete(m.reqId);
    if (!p) return;
    if (m.error !== undefined) return p.reject(new Error(m.error));
    const value = m.type === 'drill' ? m.ids : m.result;
    // Only a customer (or its health) may be absent: it was removed.
    if (value === undefined && m.type !== 'customer' && m.type !== 'health') return p.reject(new Error(`${m.type} failed`));
    p.resolve((value ?? null) as never);
  }

  const sendState = () => {
    const state = Y.encodeStateAsUpdate(doc);
    send({ type: 'update', update: state }, [state.buffer]);
  };
  // The worker queues updates until its init, so forwarding may start before this resolves.
  const initSent = Promise.resolve(opts.idbName).then((idbName) => {
    send({ type: 'init', idbName, asOf: shown.asOf, cache: opts.cacheFor ? { workbookId: opts.cacheFor, build: DERIVATION_BUILD } : null, hold });
    // Without IndexedDB the worker needs the current state; then every update follows.
    if (!idbName) sendState();
  });
  const cacheShown = opts.cacheFor ? showCache(opts.cacheFor) : Promise.resolve(false);

  async function showCache(workbookId: string): Promise<boolean> {
    // Asked at once, beside the local read (opening IndexedDB in a new browser profile takes a
    // while), but its body is read only when there is no local cache for this date: decoding it
    // on this thread (~300 ms at 10,000 customers) came before the cached paint.
    const abort = new AbortController();
    const localHead = readCacheHead(workbookId, DERIVATION_BUILD, shown.asOf);
    const fetched = opts.server ? fetchServerSnapshot(workbookId, shown.asOf, opts.server.token, abort.signal, 10_000, localHead.then((h) => h === null)) : Promise.resolve(null);
    const local = await localHead;
    if (local) {
      abort.abort();
      release(false);
      if (ready()) return false;
      show(local, false);
      void showCachedMetrics(local);
      void verifyCache(local);
      return true;
    }
    // A first open on this device: the server's snapshot, if it has one for this date. Its
    // build may differ from ours (DERIVATION_BUILD is not checked): it is only ever shown as
    // refreshing until its key matches the synced document, and the worker's answer replaces it.
    const remote = await fetched;
    if (!remote || ready() || remote.asOf !== shown.asOf || shown.cache) {
      release(false);
      return false;
    }
    show(remote, true);
    void verifyServer(remote);
    return true;
  }

  /** Shows a cached output: the dashboards at once, and the metrics when given (a local cache's come after, showCachedMetrics). */
  function show(c: CacheHead & { metrics?: [string, CustomerMetrics][] }, fromServer: boolean) {
    shown.cache = c;
    shown.fromServer = fromServer;
    for (const [id, m] of c.metrics ?? []) metrics.set(id, m);
    setFreshness('unverified');
    emit({ customers: [], all: true });
  }

  async function showCachedMetrics(head: CacheHead) {
    await opts.metricsAfter;
    if (shown.cache !== head) return;
    // Paired with this head (same write), else nothing: metrics of another state are never shown.
    const list = await readCacheMetrics(head);
    // Only while that same output is still shown (not replaced by the worker's answer, not dropped by a date change).
    if (!list || shown.cache !== head) return;
    for (const [id, m] of list) metrics.set(id, m);
    emit({ customers: [], all: true });
  }

  async function verifyServer(c: CacheHead) {
    // Current only if the document, once the server's state is in, is exactly the snapshot's.
    const timeout = new Promise<void>((r) => setTimeout(r, SERVER_HOLD_MS));
    await Promise.race([opts.server!.synced, timeout]);
    if (shown.cache !== c) return release(false);
    const changed = { since: false };
    const onChange = () => { changed.since = true; doc.off('update', onChange); if (shown.cache === c) setFreshness('stale'); };
    doc.on('update', onChange);
    pendingSyncedKey = (key) => {
      doc.off('update', onChange);
      if (shown.cache === c && !changed.since) setFreshness(key === c.key ? 'cache' : 'stale');
      // Later changes make the shown values stale until the worker answers.
      if (shown.cache === c && key === c.key) doc.on('update', onChange);
    };
    release(true);
  }
  let pendingSyncedKey: ((key: string) => void) | null = null;

  async function verifyCache(c: CacheHead) {
    // Current only if the open document is exactly the one the output was derived from.
    await opts.forwardAfter;
    if (shown.cache !== c) return;
    const changed = { since: false };
    const off = () => doc.off('update', onChange);
    const onChange = () => { changed.since = true; off(); if (shown.cache === c) setFreshness('stale'); };
    doc.on('update', onChange);
    const key = await contentKey(doc);
    // The worker may have judged the stored workbook already; the open document has the last word.
    if (shown.cache === c && !changed.since) setFreshness(key === c.key ? 'cache' : 'stale');
  }

  function dropCache() {
    if (!shown.cache) return;
    shown.cache = null;
    release(false);
    metrics.clear();
    setFreshness('none');
    emit({ customers: [], all: true });
  }
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (opts.skipOrigin?.(origin)) return;
    send({ type: 'update', update });
  };
  if (opts.forwardAfter) void opts.forwardAfter.then(() => doc.on('update', onUpdate));
  else doc.on('update', onUpdate);

  const parts = new MetricsAssembler();
  worker.onmessage = (ev: MessageEvent<FromWorker>) => {
    let m = ev.data;
    if ('reqId' in m) return answer(m);
    if (m.type === 'metrics') {
      const whole = parts.take(m);
      if (!whole) return;
      m = whole;
      if (m.all) {
        metrics.clear();
        shown.cache = null;
        setFreshness('live');
      }
      for (const [id, v] of m.entries) metrics.set(id, v);
      for (const id of m.removed) metrics.delete(id);
      if (m.all) setReady(true);
      emit({ customers: m.all ? [] : [...m.entries.map((x) => x[0]), ...m.removed], all: m.all });
    } else if (m.type === 'stored-key') {
      const c = shown.cache;
      // A server snapshot is judged by the synced document: a local copy that differs may just be older.
      if (c && freshness() === 'unverified' && (!shown.fromServer || m.key === c.key)) setFreshness(m.key === c.key ? 'cache' : 'stale');
    } else if (m.type === 'synced-key') {
      const f = pendingSyncedKey;
      pendingSyncedKey = null;
      f?.(m.key);
    } else if (m.type === 'need-state') {
      sendState();
    } else if (m.type === 'error') {
      console.error('derivation worker:', m.message);
    }
  };
  worker.onerror = (e) => console.error('derivation worker crashed:', e.message);

  return {
    metrics: () => metrics,
    ready,
    freshness,
    cacheShown,
    onChange: (cb) => changes.on(cb),
    dashboard(opts: { filter?: DashboardFilter; user?: string }) {
      const cached = shown.cache?.dashboards.find(([k]) => k === dashboardKey(opts.filter, opts.user));
      if (cached) return Promise.resolve(cached[1]);
      return ask<Dashboard>({ type: 'dashboard', filter: opts.filter, user: opts.user });
    },
    customer(id: string) {
      return ask<Customer360 | null>({ type: 'customer', id });
    },
    health(id: string) {
      return ask<HealthHistory | null>({ type: 'health', id });
    },
    drill(key: string, opts: { filter?: DashboardFilter; user?: string }) {
      return ask<string[]>({ type: 'drill', key, filter: opts.filter, user: opts.user });
    },
    detail(opts: { filter?: DashboardFilter; user?: string }) {
      const cached = shown.cache?.details.find(([k]) => k === dashboardKey(opts.filter, opts.user));
      if (cached) return Promise.resolve(cached[1]);
      return ask<DashboardDetail>({ type: 'detail', filter: opts.filter, user: opts.user });
    },
    hold(on: boolean) {
      send({ type: 'hold', on });
    },
    setViewer(user: string) {
      send({ type: 'viewer', user });
    },
    setAsOf(d: string) {
      shown.asOf = d;
      if (shown.cache && shown.cache.asOf !== d) dropCache();
      send({ type: 'asOf', asOf: d });
    },
    destroy() {
      doc.off('update', onUpdate);
      worker.terminate();
    },
  };
}
