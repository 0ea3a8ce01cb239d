// Dashboard benchmark section (`npx tsx bench/run.ts dashboard`). What a CS leader feels:
// - Node, through the incremental engine at 10,000 customers: an edit → the new dashboard,
//   a filter change → the new dashboard, an as-of change → the new dashboard;
// - headless Chromium against the real server: cold open → first dashboard painted with
//   numbers (from the network, then from IndexedDB), and a remote edit → the MRR card updated.
// Size: BENCH_DASHBOARD_CUSTOMERS (default 10,000). Target (issue 5): recompute ≤ 100 ms.
import os from 'node:os';
import * as Y from 'yjs';
import { chromium } from 'playwright-core';
import { createDerivation, openWorkbook, rowSlices, surveyScoreRange, type DashboardFilter, type TableName, type Workbook, type WorkbookData } from '../core/index.js';
import { CS_OWNERS, SEGMENTS, createRng, generateWorkbook, type Rng } from '../core/demo/index.js';
import { ensureAppBuilt, spawnTestServer } from '../test/support/server.js';
import { connect, synced, waitFor } from '../test/server/clients.js';
import { median, p99, round, type Row, type Section } from './stats.js';
import { startCpuProfile } from './cpu-profile.js';
import { reopenFloor } from './page-floor.js';

const N = Number(process.env.BENCH_DASHBOARD_CUSTOMERS ?? 10_000);
const TODAY = '2026-11-22';
const SEED = 5;
const EDITS = 60;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const dataset = `${N / 1000}k customers`;
const log = (m: string) => console.error(`bench dashboard: ${m}`);

/** Referenced tables first (surveys reference contacts), usage in slices. */
function buildDoc(data: WorkbookData): Y.Doc {
  const doc = new Y.Doc();
  const wb = openWorkbook(doc);
  const order: TableName[] = ['customers', 'contacts', 'contracts', 'activities', 'surveys', 'invoices', 'tickets', 'usage'];
  for (const t of order) {
    const rows = data[t] as never[];
    const step = t === 'usage' ? 100_000 : rows.length || 1;
    for (let i = 0; i < rows.length; i += step) {
      const r = wb.insertMany(t, rows.slice(i, i + step));
      if (!r.ok) throw new Error(`insertMany(${t}) refused demo rows: ${r.errors[0]?.message}`);
    }
  }
  return doc;
}

/** A valid one-cell edit of a random row, the kind a colleague makes in the grid. */
function randomEdit(rng: Rng, wb: Workbook, data: WorkbookData): { table: TableName; id: string; patch: Record<string, unknown> } {
  const table = rng.pick(['customers', 'contracts', 'activities', 'surveys', 'invoices', 'tickets', 'usage'] as const);
  const rows = data[table] as unknown as { id: string }[];
  const id = rows[rng.int(0, rows.length - 1)].id;
  const cur = (wb.get(table, id) ?? {}) as Record<string, unknown>;
  const toggle = (f: string) => ({ [f]: cur[f] ? null : TODAY });
  switch (table) {
    case 'customers': return { table, id, patch: { riskFlag: !cur.riskFlag } };
    case 'contracts': return { table, id, patch: { value: Math.round(Number(cur.value ?? 1000) * (0.8 + rng.next() * 0.4)) } };
    case 'activities': return { table, id, patch: toggle('doneAt') };
    case 'surveys': {
      const [lo, hi] = surveyScoreRange[(cur.kind as 'nps' | 'csat' | 'ces') ?? 'nps'];
      return { table, id, patch: { score: rng.int(lo, hi) } };
    }
    case 'invoices': return { table, id, patch: toggle('paidAt') };
    case 'tickets': return { table, id, patch: toggle('closedAt') };
    case 'usage': return { table, id, patch: { actions: rng.int(0, 120) } };
  }
}

/** Distinct filters, as a person clicking through the filter bar produces them. */
function filters(): DashboardFilter[] {
  const out: DashboardFilter[] = [];
  for (const s of SEGMENTS) out.push({ segment: [s] });
  for (const o of CS_OWNERS.slice(0, 6)) out.push({ csOwner: [o] });
  out.push({ situation: ['risk'] }, { situation: ['opportunity'] }, { status: ['active'] }, { tier: ['Tier 1'] }, { search: 'ltda' }, { search: 'tech' });
  for (const s of SEGMENTS) out.push({ segment: [s], status: ['active'], csOwner: [CS_OWNERS[0], CS_OWNERS[1]] });
  return out;
}

/** Init script: records the page's phase times on window (see phases() below). */
const PHASES = `(() => {
  const w = window;
  const obs = new MutationObserver(() => {
    const mrr = document.querySelector('[data-testid="metric-mrr"]');
    if (w.__paintAt === undefined && mrr && mrr.getAttribute('data-value')) {
      w.__paintAt = performance.now();
      w.__paintFreshness = w.__pulso ? w.__pulso.derivation.freshness() : 'none';
      obs.disconnect();
    }
  });
  obs.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] });
  (function tick() {
    const p = w.__pulso;
    if (w.__loadedAt === undefined && p && p.workbook.count('customers') > 0) w.__loadedAt = performance.now();
    if (w.__readyAt === undefined && p && p.derivation.ready()) w.__readyAt = performance.now();
    if (w.__loadedAt === undefined || w.__readyAt === undefined) setTimeout(tick, 10);
  })();
})();`;

type Add = (metric: string, values: number[], unit: Row['unit'], target?: { text: string; limit: number; on?: 'p50' | 'p99' }) => void;

async function nodePart(wb: Workbook, data: WorkbookData, add: Add, notes: string[]): Promise<void> {
  let t = performance.now();
  const derivation = createDerivation(wb, { asOf: TODAY });
  derivation.dashboard({});
  derivation.detail({});
  notes.push(`engine cold start + first dashboard (Node): ${round(performance.now() - t, 0)} ms`);

  const rng = createRng(SEED);
  const afterEdit: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const e = randomEdit(rng, wb, data);
    t = performance.now();
    wb.update(e.table, e.id, e.patch); // the engine recomputes the affected customers synchronously
    const t1 = performance.now();
    derivation.dashboard({});
    derivation.detail({});
    const t2 = performance.now();
    afterEdit.push(t2 - t1);
    total.push(t2 - t);
  }
  add('dashboard after an edit (engine: figures + lists, Node)', afterEdit, 'ms', { text: 'p99 ≤ 50 ms', limit: 50, on: 'p99' });
  add('edit → new dashboard (doc write + engine + dashboard, Node)', total, 'ms');

  const afterFilter: number[] = [];
  for (const f of filters()) {
    t = performance.now();
    derivation.dashboard({ filter: f, user: CS_OWNERS[0] });
    afterFilter.push(performance.now() - t);
  }
  add('dashboard recompute after a filter change (Node)', afterFilter, 'ms', { text: '≤ 100 ms', limit: 100 });

  const afterAsOf: number[] = [];
  for (const d of ['2026-10-31', TODAY]) {
    t = performance.now();
    derivation.setAsOf(d);
    derivation.dashboard({});
    afterAsOf.push(performance.now() - t);
  }
  add('as-of date change → dashboard (full re-derivation, Node)', afterAsOf, 'ms');
  derivation.dispose();

}

export async function run(): Promise<Section> {
  const rows: Row[] = [];
  const notes: string[] = [`load average (1/5/15 min) at start: ${os.loadavg().map((x) => round(x, 1)).join(' / ')}`];
  // `on`: which figure the target is judged on (p50 for recompute times, as bench/core does; p99 for "within a second").
  const add: Add = (metric, values, unit, target) => {
    const row: Row = { metric, dataset, p50: median(values), unit, samples: values.length };
    if (values.length > 1) row.p99 = p99(values);
    if (target) {
      row.target = target.text;
      row.met = (target.on === 'p99' ? (row.p99 ?? row.p50) : row.p50) <= target.limit;
    }
    rows.push(row);
  };

  // ---- Node, through the engine ------------------------------------------------------------
  log(`generating ${N} customers…`);
  const data = generateWorkbook({ seed: SEED, customers: N, today: TODAY });
  const doc = buildDoc(data);
  const wb = openWorkbook(doc);
  if (!process.env.BENCH_DASHBOARD_BROWSER_ONLY) await nodePart(wb, data, add, notes);


  // ---- Browser, against the real server ------------------------------------------------------
  try {
    log('building the app and starting the server…');
    // The server in its own process, as in production: its storing the workbook must not share our event loop.
    const server = await spawnTestServer({ staticDir: await ensureAppBuilt() });
    const id = `bench-dashboard-${Date.now()}`;
    try {
      const uploadStart = performance.now();
      // Written in slices of rows, one update each, as the app's import and demo do: the whole
      // workbook as one sync message would be above the server's 16 MiB frame cap.
      const upDoc = new Y.Doc();
      const upWb = openWorkbook(upDoc);
      const uploader = connect(server.wsUrl, id, await server.token(id, 'editor', 'bench'), { doc: upDoc });
      await synced(uploader, 600_000);
      for (const { table, rows } of rowSlices(data)) {
        upWb.transact(() => { upWb.insertMany(table, rows as never); });
        await new Promise((r) => setTimeout(r, 0)); // let the socket drain between slices
      }
      if (data.settings) upWb.updateSettings(data.settings);
      const mine = Y.encodeStateVector(upDoc);
      const stored = () => {
        const sv = uploader.acked();
        if (!sv) return false;
        for (const [client, clock] of Y.decodeStateVector(mine)) if ((sv.get(client) ?? 0) < clock) return false;
        return true;
      };
      await waitFor(stored, 'the server to store the workbook', 600_000);
      notes.push(`upload of the workbook to the server (Node client → stored): ${round((performance.now() - uploadStart) / 1000, 1)} s`);
      // The uploader stays connected (a colleague with the workbook open): the server keeps its
      // derived snapshot only while the workbook is in memory. Wait until it has one for this
      // date with the page's person's dashboard (the server computes it after a quiet moment,
      // in its worker thread; the first ask registers the date and the person).
      const token = await server.token(id, 'editor', CS_OWNERS[0]);
      const snapStart = performance.now();
      let snapBytes = 0;
      for (;;) {
        const r = await fetch(`${server.httpUrl}/w/${id}/derived?asOf=${TODAY}`, { headers: { authorization: `Bearer ${token}` } });
        if (r.status === 200) {
          const body = (await r.json()) as { dashboards: [string, unknown][] };
          if (body.dashboards.some(([k]) => k === JSON.stringify([{}, CS_OWNERS[0]]))) break;
        } else await r.body?.cancel();
        if (performance.now() - snapStart > 600_000) throw new Error('no derived snapshot from the server in 10 minutes');
        await new Promise((res) => setTimeout(res, 500));
      }
      {
        // Its size on the wire, as the browser gets it (gzip).
        const { request } = await import('node:http');
        snapBytes = await new Promise<number>((resolve, reject) => {
          request(`${server.httpUrl}/w/${id}/derived?asOf=${TODAY}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } }, (res) => {
            let n = 0;
            res.on('data', (c: Buffer) => (n += c.byteLength));
            res.on('end', () => resolve(n));
          }).on('error', reject).end();
        });
      }
      const computed = server.logs.filter((l) => /derived snapshot in/.test(l)).map((l) => l.replace(/^.*workbook /, ''));
      notes.push(`server's derived snapshot (worker thread): ready ${round((performance.now() - snapStart) / 1000, 1)} s after the upload was stored; ${round(snapBytes / 1048576, 2)} MB gzip on the wire; computations: ${computed.slice(-3).join(' | ')}`);
      log('workbook and its derived snapshot on the server; opening Chromium…');

      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      let failed: (() => Promise<string>) | null = null;
      try {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'pt-BR' });
        // Phase times of every page load, recorded from its first script on: the MRR card's first
        // value (a mutation observer: exact even when a long task follows the paint), the doc's
        // first customers and the worker's first metrics.
        await context.addInitScript(PHASES);
        const page = await context.newPage();
        const consoleErrors: string[] = [];
        page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text().slice(0, 200)); });
        page.on('pageerror', (e) => consoleErrors.push(e.message.slice(0, 200)));
        failed = async () => {
          const state = await page.evaluate(() => ({
            sync: document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-state'),
            dashboard: document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-state') ?? 'absent',
            text: document.body.innerText.slice(0, 200).replace(/\s+/g, ' '),
          })).catch(() => null);
          await page.screenshot({ path: 'test/artifacts/bench-dashboard-failure.png' }).catch(() => {});
          return `page state ${JSON.stringify(state)}; console: ${consoleErrors.slice(-3).join(' | ')}`;
        };
        const url = `${server.httpUrl}/w/${id}?asOf=${TODAY}`;
        /** ms from navigation start until the MRR card shows a number. */
        const firstPaint = async () => {
          await page.waitForFunction(() => document.querySelector('[data-testid="metric-mrr"]')?.getAttribute('data-value'), undefined, { timeout: 600_000, polling: 25 });
          return page.evaluate(() => performance.now());
        };
        /** Where a cold open spends its time: first dashboard, doc loaded, worker's first metrics. */
        const phases = async (label: string) => {
          type W = { __paintAt?: number; __paintFreshness?: string; __loadedAt?: number; __readyAt?: number };
          await page.waitForFunction(() => {
            const w = window as unknown as W;
            return w.__paintAt !== undefined && w.__loadedAt !== undefined && w.__readyAt !== undefined;
          }, undefined, { timeout: 600_000, polling: 100 });
          const t = await page.evaluate(() => {
            const w = window as unknown as W;
            return { __paintAt: w.__paintAt, __paintFreshness: w.__paintFreshness, __loadedAt: w.__loadedAt, __readyAt: w.__readyAt };
          });
          notes.push(`${label}: dashboard painted at ${round(t.__paintAt!, 0)} ms (metrics then '${t.__paintFreshness}'), customers in the doc at ${round(t.__loadedAt!, 0)} ms, worker's first metrics at ${round(t.__readyAt!, 0)} ms`);
          return t.__paintAt!;
        };
        await page.goto(`${url}#token=${token}`);
        add('cold open → first dashboard paint (from the server)', [await phases('cold open from the server')], 'ms', { text: '≤ 3000 ms', limit: 3000 });
        // Let y-indexeddb persist the doc, then open again: the local-first path.
        await page.waitForTimeout(3000);
        await page.goto(url);
        add('cold open → first dashboard paint (from IndexedDB)', [await phases('cold open from IndexedDB')], 'ms', { text: '≤ 3000 ms', limit: 3000 });

        // Re-open with the derivation's last output cached (client/derive/cache.ts, written after
        // 1.5 s of quiet): cards and derived columns paint from it, verified against the doc.
        // Both records (the dashboards' head and the metrics), at whatever version the app made the database.
        const cacheSaved = () => page.evaluate((wb) => new Promise<boolean>((resolve) => {
          const q = indexedDB.open('pulso:derived');
          q.onerror = () => resolve(false);
          q.onsuccess = () => {
            const db = q.result;
            if (!db.objectStoreNames.contains('output') || !db.objectStoreNames.contains('metrics')) { db.close(); return resolve(false); }
            const tx = db.transaction(['output', 'metrics']);
            const head = tx.objectStore('output').get(wb);
            const metrics = tx.objectStore('metrics').get(wb);
            tx.oncomplete = () => { resolve(!!head.result && !!metrics.result); db.close(); };
            tx.onerror = () => resolve(false);
          };
        }), id);
        for (let i = 0; i < 120 && !(await cacheSaved()); i++) await page.waitForTimeout(500);
        const reopen: number[] = [];
        const freshness: string[] = [];
        for (let i = 0; i < 3; i++) {
          await page.goto(url);
          reopen.push(await firstPaint());
          freshness.push(await page.evaluate(() => (window as unknown as { __pulso: { derivation: { freshness(): string } } }).__pulso.derivation.freshness()));
          await page.waitForFunction(() => (window as unknown as { __pulso?: { derivation: { ready(): boolean } } }).__pulso?.derivation.ready() === true, undefined, { timeout: 600_000 });
        }
        add('re-open from IndexedDB → dashboard cards painted (derived cache)', reopen, 'ms', { text: '≤ 1000 ms', limit: 1000 });
        // BENCH_DASHBOARD_TRACE=file.json: one more re-open (not counted above: tracing slows the
        // page) recorded as a Chromium trace with JS samples, from navigation to the worker's
        // first metrics: where the time before the cards' paint goes.
        const traceTo = process.env.BENCH_DASHBOARD_TRACE;
        const traced = async (to: string, address: string) => {
          await browser.startTracing(page, { path: to, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'v8.gc', 'IndexedDB', 'toplevel', 'blink', 'loading'] });
          await page.goto(address);
          await page.waitForFunction(() => (window as unknown as { __pulso?: { derivation: { ready(): boolean } } }).__pulso?.derivation.ready() === true, undefined, { timeout: 600_000 });
          await browser.stopTracing();
          const at = await page.evaluate(() => (window as unknown as { __paintAt?: number }).__paintAt);
          notes.push(`traced re-open (${to}): cards painted at ${at === undefined ? '—' : round(at, 0)} ms under tracing`);
        };
        if (traceTo) await traced(traceTo, url);
        notes.push(`re-open with the derived cache: metrics source when the cards painted: ${freshness.join(', ')} ('cache' = verified equal to the open document); cards painted at (ms, in order): ${reopen.map((x) => round(x, 0)).join(', ')}`);
        const floors: number[] = [];
        for (let i = 0; i < 3; i++) floors.push(await reopenFloor(context, server.httpUrl, id));
        if (floors.some(Number.isNaN)) notes.push('re-open floor: no derived cache head to read in the bare page (floor not measured)');
        else {
          add('floor: a bare page of the origin reads the cache head from IndexedDB and paints (navigation start → frame)', floors, 'ms');
          add('re-open → cards painted ÷ that floor', [median(reopen) / median(floors)], 'x');
        }
        const sheetOpen: number[] = [];
        for (let i = 0; i < 3; i++) {
          await page.goto(`${url}&sheet=customers`);
          await page.waitForFunction(() => {
            // The derived columns follow the customer's fields (columns are virtualised): scroll to Health.
            (window as unknown as { __pulso?: { grid?: { ensureColumnVisible(c: string): void } } }).__pulso?.grid?.ensureColumnVisible('m.healthScore');
            return document.querySelectorAll('[data-testid="grid-customers"] .health-badge[data-band]').length > 0;
          }, undefined, { timeout: 600_000, polling: 25 });
          sheetOpen.push(await page.evaluate(() => performance.now()));
          await page.waitForFunction(() => (window as unknown as { __pulso?: { derivation: { ready(): boolean } } }).__pulso?.derivation.ready() === true, undefined, { timeout: 600_000 });
        }
        add('re-open from IndexedDB → Customers derived columns painted (derived cache)', sheetOpen, 'ms', { text: '≤ 1000 ms', limit: 1000 });
        notes.push(`re-open on the Customers sheet: derived columns painted at (ms, in order): ${sheetOpen.map((x) => round(x, 0)).join(', ')}`);
        if (traceTo) await traced(traceTo.replace(/(\.json)?$/, '-customers.json'), `${url}&sheet=customers`);
        // The cards paint from the cache before the stored workbook is applied on this thread
        // (one long task at 10,000 customers): that opening task is reported on its own, and
        // the filter and edit figures start once the workbook and the worker are in.
        await page.addInitScript(() => {
          const w = window as unknown as { __openTasks: number[] };
          w.__openTasks = [];
          new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__openTasks.push(e.duration); }).observe({ type: 'longtask' });
        });
        await page.goto(url);
        await firstPaint();
        const paintedAt = await page.evaluate(() => performance.now());
        await page.waitForFunction(() => {
          const p = (window as unknown as { __pulso?: { workbook: { count(t: string): number }; derivation: { ready(): boolean } } }).__pulso;
          return !!p && p.workbook.count('customers') > 0 && p.derivation.ready();
        }, undefined, { timeout: 600_000, polling: 50 });
        const opening = await page.evaluate((t) => ({ tasks: (window as unknown as { __openTasks: number[] }).__openTasks, loadedAt: performance.now() - t }), paintedAt);
        add('re-open: longest main-thread task from page start to workbook and worker in (the stored workbook applied on the main thread)', [Math.max(0, ...opening.tasks)], 'ms');
        notes.push(`re-open: workbook and worker in ${round(opening.loadedAt, 0)} ms after the cards painted; main-thread tasks over 50 ms meanwhile: ${opening.tasks.filter((d) => d > 50).map((d) => round(d, 0)).join(', ')}`);

        // Long tasks on the main thread from here on: the dashboard must not block typing.
        // BENCH_DASHBOARD_PROFILE=file.cpuprofile: a CPU profile of the main thread over the
        // filter changes and edits, to see what a long task held (its start is in the notes).
        const profile = await startCpuProfile(context, page, process.env.BENCH_DASHBOARD_PROFILE, 500);
        await page.evaluate(() => {
          const w = window as unknown as { __longest: number; __longs: [number, number][] };
          w.__longest = 0;
          w.__longs = [];
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) {
              w.__longest = Math.max(w.__longest, e.duration);
              w.__longs.push([Math.round(e.startTime), Math.round(e.duration)]);
            }
          }).observe({ type: 'longtask' });
        });
        if (process.env.BENCH_DASHBOARD_PROFILE) notes.push(`profile started at page time ${round(await page.evaluate(() => performance.now()), 0)} ms`);

        // Filter changes through the filter bar → worker → dashboard shown for the new view.
        const filterClicks = [
          ['status', 'active'], ['situation', 'risk'], ['situation', 'risk'], ['status', 'active'],
          ['segment', SEGMENTS[0]], ['segment', SEGMENTS[1]], ['segment', SEGMENTS[0]], ['segment', SEGMENTS[1]],
        ];
        const filterTimes: number[] = [];
        for (const [key, value] of filterClicks) {
          filterTimes.push(await page.evaluate(async ({ key, value }) => {
            const root = document.querySelector('[data-testid="dashboard"]')!;
            const before = root.getAttribute('data-key');
            const t0 = performance.now();
            (document.querySelector(`[data-testid="filter-${key}"] input[value="${value}"]`) as HTMLInputElement).click();
            await new Promise<void>((resolve) => {
              const obs = new MutationObserver(() => {
                if (root.getAttribute('data-key') !== before) { obs.disconnect(); resolve(); }
              });
              obs.observe(root, { attributes: true });
            });
            await new Promise((r) => requestAnimationFrame(() => r(null)));
            return performance.now() - t0;
          }, { key, value }));
        }
        add('filter change → dashboard shown (browser, worker engine)', filterTimes, 'ms', { text: '≤ 100 ms', limit: 100 });

        // Remote-like edit in the page's doc → worker → dashboard → MRR card repainted.
        const ids = data.contracts.filter((k) => k.model === 'recurring' && !k.canceledAt && !k.endDate && (k.billingPeriodMonths ?? 1) === 1).slice(0, 15);
        const edits: number[] = [];
        for (const k of ids) {
          edits.push(await page.evaluate(async ({ id, value }) => {
            const card = document.querySelector('[data-testid="metric-mrr"]')!;
            const before = card.getAttribute('data-value');
            const t0 = performance.now();
            (window as unknown as { __pulso: { workbook: { update(t: string, id: string, p: object): unknown } } }).__pulso.workbook.update('contracts', id, { value });
            await new Promise<void>((resolve) => {
              const obs = new MutationObserver(() => {
                if (card.getAttribute('data-value') !== before) { obs.disconnect(); resolve(); }
              });
              obs.observe(card, { attributes: true });
            });
            return performance.now() - t0;
          }, { id: k.id, value: (k.value ?? 0) + 1000 }));
        }
        add('edit → MRR card updated (browser, worker engine)', edits, 'ms', { text: '≤ 1000 ms (p99)', limit: 1000, on: 'p99' });
        await profile.stop();
        const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
        add('longest main-thread task during filter changes and edits (browser)', [longest], 'ms', { text: '≤ 50 ms', limit: 50 });
        const longs = await page.evaluate(() => (window as unknown as { __longs: [number, number][] }).__longs);
        notes.push(`main-thread tasks over 50 ms during filter changes and edits (page time → ms): ${longs.map(([t, d]) => `${t}→${d}`).join(', ') || 'none'}`);
        const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
        if (heap) add('main-thread JS heap with the dashboard open', [heap / 1048576], 'MB');
      } catch (e) {
        // Say what the page showed before the browser goes away.
        const diag = failed ? await failed() : '';
        throw new Error(`${e instanceof Error ? e.message.split('\n')[0] : String(e)} — ${diag}`);
      } finally {
        await browser.close();
        uploader.provider.destroy();
      }
    } finally {
      await server.stop();
    }
  } catch (e) {
    notes.push(`browser part failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  doc.destroy();
  notes.push(`filters cycled: ${filters().length} distinct (segment, CS, situation, status, tier, search, combinations); edits across every table but contacts`);
  return { name: 'dashboard', rows, notes };
}

// `npx tsx bench/dashboard.ts` runs this section alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await run();
  console.log(JSON.stringify(s, null, 2));
  process.exit(0);
}
