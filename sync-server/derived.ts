// Derived snapshots: per open workbook, core's derivation output (every customer's metrics,
// the unfiltered dashboard) for today and for the as-of dates people recently asked for,
// with the document's content key, so a browser opening the workbook on a new device can
// paint its dashboard before it has the document (GET /w/<id>/derived, client/derive/client.ts).
//
// All the work is in one worker thread (derived-worker.ts), which keeps a replica of each
// open workbook fed with the room's stored bytes and each later update: this event loop only
// copies bytes to it and holds the latest gzip'd answer per date. Computed once a workbook has
// been quiet for `quietMs`, at most once per `minIntervalMs`; never on request. Dropped when
// the room leaves memory.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as Y from 'yjs';
import { isIsoDate } from '../core/index.js';
import type { FromDerivedWorker, ToDerivedWorker } from './derived-protocol.js';
import { todayIso } from './api/session.js';
import type { Log } from './log.js';

export interface DerivedOptions {
  /** Quiet time after the last change before a snapshot is computed. */
  quietMs: number;
  /** Least time between two computations for one workbook (start to start). */
  minIntervalMs: number;
  log: Log;
  /** Names of the people holding links to the workbook: each gets its own dashboard ("My tasks"). */
  linkNames(workbookId: string): Promise<string[]>;
}

export const DEFAULT_DERIVED: Pick<DerivedOptions, 'quietMs' | 'minIntervalMs'> = { quietMs: 2_000, minIntervalMs: 10_000 };

/** One computed answer: the gzip'd JSON body of GET /w/<id>/derived for one as-of date. */
export interface DerivedEntry { gz: Buffer; key: string; computedAt: number; jsonBytes: number; ms: number }

/** Dates other than today kept computed per workbook, and for how long after the last ask. */
const MAX_OTHER_DATES = 2;
const WANTED_MS = 60 * 60_000;
/** Dashboards per person are small but not free: at most this many names per workbook. */
const MAX_USERS = 20;

/**
 * The server runs TypeScript under tsx (npm start, vitest, spawned test servers). On Node 20
 * a worker does not get the parent's loader hooks, and `--import tsx` in its execArgv is not
 * applied to its entry: this bootstrap registers tsx's ESM hooks, then imports the worker.
 */
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((e) => { console.error(e); process.exit(1); });`;
/** tsx's ESM API (its package export "./esm/api", import condition), as a file URL. */
const tsxApi = () => pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;

interface State {
  timer?: NodeJS.Timeout;
  busy: boolean;
  dirty: boolean;
  lastRun: number;
  /** As-of dates (other than today) and person names asked for, with the time of the last ask. */
  dates: Map<string, number>;
  users: Map<string, number>;
  snaps: Map<string, DerivedEntry>;
  off: () => void;
}

export class DerivedSnapshots {
  private worker: Worker | null = null;
  private states = new Map<string, State>();
  private closed = false;

  constructor(private o: DerivedOptions) {}

  /** A room opened with these stored rows: its replica starts in the worker; every later doc update follows. */
  attach(id: string, doc: Y.Doc, stored: Uint8Array[]) {
    if (this.closed) return;
    this.detach(id);
    const onUpdate = (update: Uint8Array) => {
      this.send({ type: 'update', id, update });
      const s = this.states.get(id);
      if (!s) return;
      if (s.busy) s.dirty = true;
      else this.schedule(id, s);
    };
    doc.on('update', onUpdate);
    const onDestroy = () => this.detach(id);
    doc.once('destroy', onDestroy);
    const s: State = {
      busy: false, dirty: false, lastRun: 0, dates: new Map(), users: new Map(), snaps: new Map(),
      off: () => { doc.off('update', onUpdate); doc.off('destroy', onDestroy); },
    };
    this.states.set(id, s);
    this.send({ type: 'open', id, updates: stored });
    this.schedule(id, s);
  }

  /**
   * The latest snapshot of `id` for `asOf`, or null. An ask for a date (or by a person) not
   * computed yet is remembered: the next computation includes it. Never computes here.
   */
  get(id: string, asOf: string, user: string | null): DerivedEntry | null {
    const s = this.states.get(id);
    if (!s || !isIsoDate(asOf)) return null;
    const now = Date.now();
    let wants = false;
    if (asOf !== todayIso()) {
      wants = !s.dates.has(asOf) && !s.snaps.has(asOf);
      s.dates.set(asOf, now);
      // The oldest asks go first beyond the bound.
      while (s.dates.size > MAX_OTHER_DATES) s.dates.delete(s.dates.keys().next().value!);
    }
    if (user) {
      wants ||= !s.users.has(user);
      s.users.delete(user);
      s.users.set(user, now);
      while (s.users.size > MAX_USERS) s.users.delete(s.users.keys().next().value!);
    }
    if (wants && !s.busy) this.schedule(id, s);
    else if (wants) s.dirty = true;
    return s.snaps.get(asOf) ?? null;
  }

  /** Figures for tests and logs: the latest computation of each open workbook. */
  entries(id: string): ReadonlyMap<string, DerivedEntry> {
    return this.states.get(id)?.snaps ?? new Map();
  }

  async close() {
    this.closed = true;
    for (const id of [...this.states.keys()]) this.detach(id);
    await this.worker?.terminate();
    this.worker = null;
  }

  private detach(id: string) {
    const s = this.states.get(id);
    if (!s) return;
    clearTimeout(s.timer);
    s.off();
    this.states.delete(id);
    this.send({ type: 'close', id });
  }

  private schedule(id: string, s: State) {
    clearTimeout(s.timer);
    const wait = Math.max(this.o.quietMs, s.lastRun + this.o.minIntervalMs - Date.now());
    s.timer = setTimeout(() => void this.run(id, s), wait);
    s.timer.unref();
  }

  private async run(id: string, s: State) {
    if (this.states.get(id) !== s || s.busy) return;
    s.busy = true;
    s.dirty = false;
    s.lastRun = Date.now();
    const now = Date.now();
    for (const [d, at] of s.dates) if (now - at > WANTED_MS) s.dates.delete(d);
    for (const [u, at] of s.users) if (now - at > WANTED_MS) s.users.delete(u);
    let names: string[] = [];
    try {
      names = await this.o.linkNames(id);
    } catch (e) {
      this.o.log('warn', `derived snapshot of ${id}: link names: ${(e as Error).message}`);
    }
    if (this.states.get(id) !== s) return;
    const users = [...new Set([...s.users.keys(), ...names])].slice(0, MAX_USERS);
    const today = todayIso();
    this.send({ type: 'snapshot', id, asOfs: [today, ...[...s.dates.keys()].filter((d) => d !== today)], users });
  }

  private done(id: string, m: FromDerivedWorker) {
    const s = this.states.get(id);
    if (!s) return;
    s.busy = false;
    if (m.type === 'snapshot') {
      const snaps = new Map<string, DerivedEntry>();
      for (const r of m.results) {
        snaps.set(r.asOf, { gz: Buffer.from(r.gz.buffer, r.gz.byteOffset, r.gz.byteLength), key: m.key, computedAt: Date.now(), jsonBytes: r.jsonBytes, ms: r.ms });
      }
      s.snaps = snaps;
      const sizes = m.results.map((r) => `${r.asOf} ${Math.round(r.gz.byteLength / 1024)} KiB gzip`).join(', ');
      this.o.log('info', `workbook ${id}: derived snapshot in ${Math.round(m.ms)} ms (${sizes})`);
    } else {
      this.o.log('error', `workbook ${id}: derived snapshot failed: ${m.message.split('\n')[0]}`);
    }
    if (s.dirty) this.schedule(id, s);
  }

  private send(m: ToDerivedWorker) {
    if (this.closed || (!this.worker && m.type !== 'open')) return;
    this.spawn().postMessage(m);
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(BOOT, { eval: true, workerData: { entry: new URL('./derived-worker.ts', import.meta.url).href, tsx: tsxApi() } });
    w.unref();
    w.on('message', (m: FromDerivedWorker) => this.done(m.id, m));
    w.on('error', (e) => this.o.log('error', `derived-snapshot worker: ${e.stack ?? e.message}`));
    w.on('exit', (code) => {
      if (this.worker !== w) return;
      this.worker = null;
      if (this.closed) return;
      // Its replicas are gone: workbooks open now get snapshots again when their room reopens.
      this.o.log('error', `derived-snapshot worker exited (${code}); snapshots of the workbooks open now stop until they reopen`);
      for (const id of [...this.states.keys()]) this.detach(id);
    });
    this.worker = w;
    return w;
  }
}
