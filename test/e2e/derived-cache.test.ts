// Re-opening paints from the derivation's last output kept in IndexedDB, shown as current
// only when it was derived from exactly the open document, as of the same date, by the same
// build; any other cache (changed document, other date, other workbook, damaged) is never
// shown as current, and the worker's answer replaces it. The output is two records (the
// dashboards' head, read first, and every customer's metrics, read after the first paint):
// metrics not written with the head shown are never shown.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { AS_OF, loadDemo, newPerson, openWorkbook, startHarness, waitConfirmed, waitSynced, type Harness } from './browser.js';

vi.setConfig({ testTimeout: 90_000 });
let h: Harness;
let ctx: BrowserContext;
let page: Page;
const WB = 'cached';
// At 10,000 customers the worker's first derivation takes seconds, far longer than reading
// the cache; with this test's 200 it can win the race on a loaded machine. The recorder below
// delivers the worker's messages a second late, as a large workbook's worker would answer, so
// the cached output is seen (and verified) before the worker's answer replaces it.

type Seen = { state: string; size: number; metrics: string | null };

/** The states seen, each once per run of equal states. */
const statesOf = (seen: Seen[]) => seen.map((s) => s.state).filter((s, i, all) => i === 0 || all[i - 1] !== s);
/** What was shown from a cache (before the worker's answer) with metrics in it. */
const cachedMetricsShown = (seen: Seen[]) => seen.slice(0, seen.findIndex((s) => s.state === 'live')).filter((s) => s.size > 0);

// Records every change of the derivation's freshness from the first script on, and the
// metrics shown at each step.
const RECORDER = `
globalThis.__name = (f) => f;
(function slowWorkers() {
  const Native = window.Worker;
  window.Worker = class extends Native {
    set onmessage(fn) { super.onmessage = fn && ((ev) => setTimeout(() => fn.call(this, ev), 1000)); }
    get onmessage() { return super.onmessage; }
  };
})();
window.__fresh = [];
// When the page's document last changed (0: not since the page opened).
window.__lastUpdate = 0;
(function watch() {
  if (window.__pulso) window.__pulso.doc.on('update', () => { window.__lastUpdate = Date.now(); });
  else setTimeout(watch, 2);
})();
(function tick() {
  const d = window.__pulso && window.__pulso.derivation;
  if (d) {
    // The MRR card as painted while the stored workbook is not yet in the document.
    const mrr = document.querySelector('[data-testid="metric-mrr"]');
    if (window.__earlyMrr === undefined && mrr && mrr.getAttribute('data-value') && window.__pulso.workbook.count('customers') === 0) window.__earlyMrr = mrr.getAttribute('data-value');
    const s = d.freshness();
    const last = window.__fresh[window.__fresh.length - 1];
    // A new entry when the state changes, or when the cached metrics arrive after the dashboards.
    if (!last || last.state !== s || last.size !== d.metrics().size) window.__fresh.push({ state: s, size: d.metrics().size, metrics: JSON.stringify([...d.metrics()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) });
  }
  if (!window.__fresh.some((e) => e.state === 'live')) setTimeout(tick, 2);
})();
`;

async function transitions(p: Page): Promise<Seen[]> {
  await p.waitForFunction(() => (window as unknown as { __fresh: Seen[] }).__fresh.some((e) => e.state === 'live'), undefined, { timeout: 60_000 });
  return p.evaluate(() => (window as unknown as { __fresh: Seen[] }).__fresh);
}

const liveMetrics = (p: Page) =>
  p.evaluate(() => {
    const d = (window as unknown as { __pulso: { derivation: { metrics(): Map<string, unknown> } } }).__pulso.derivation;
    return JSON.stringify([...d.metrics()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  });

/** Reads, rewrites or copies the cached output (head and metrics records) in the page's IndexedDB. */
function cacheOp(p: Page, op: 'saved' | 'forge-key' | 'forge-metrics-key' | 'garbage' | 'garbage-metrics' | 'copy-to-other') {
  return p.evaluate(
    ({ op, wb }) =>
      new Promise<unknown>((resolve, reject) => {
        // At whatever version the app made it.
        const req = indexedDB.open('pulso:derived');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('output')) { db.close(); return resolve(null); }
          const tx = db.transaction(['output', 'metrics'], 'readwrite');
          const heads = tx.objectStore('output');
          const metrics = tx.objectStore('metrics');
          const head = heads.get(wb);
          // 200 customers: one metrics part (client/derive/cache.ts partKey).
          const part = `${wb}#0000`;
          const m = metrics.get(part);
          tx.oncomplete = () => db.close();
          m.onsuccess = () => {
            const h = head.result as { key: string; savedAt: number } | undefined;
            const v = m.result as { key: string } | undefined;
            if (op === 'saved') return resolve(h ? h.savedAt : null);
            if (!h || !v) return reject(new Error(`no cached output to ${op}: head ${!!h}, metrics part ${!!v}`));
            // The whole output as derived from another state of the document.
            if (op === 'forge-key') { heads.put({ ...h, key: 'another document' }, wb); metrics.put({ ...v, key: 'another document' }, part); }
            // A current head, with metrics of another write.
            else if (op === 'forge-metrics-key') metrics.put({ ...v, key: 'another document' }, part);
            else if (op === 'garbage') heads.put({ format: 1, metrics: 'not a list', key: 7 }, wb);
            else if (op === 'garbage-metrics') metrics.put({ ...v, metrics: 'not a list' }, part);
            else { heads.put({ ...h }, 'other'); metrics.put({ ...v }, 'other#0000'); }
            resolve(true);
          };
        };
      }),
    { op, wb: WB },
  );
}

async function waitCacheWrittenAfter(p: Page, after: number) {
  await expect.poll(() => cacheOp(p, 'saved') as Promise<number | null>, { timeout: 30_000 }).toBeGreaterThan(after);
}

/**
 * Waits until this page's worker has written the cache and stopped writing (no write for
 * longer than its 1.5 s quiet time): a write still due would replace a record a test forges.
 */
async function waitCacheSettled(p: Page) {
  const opened = await p.evaluate(() => performance.timeOrigin);
  await waitCacheWrittenAfter(p, opened);
  for (let last = (await cacheOp(p, 'saved')) as number; ; ) {
    await p.waitForTimeout(2500);
    const now = (await cacheOp(p, 'saved')) as number;
    if (now === last) return;
    last = now;
  }
}

/**
 * Forges the stored cache (`ops` in turn), then reloads. A write the worker still had due
 * would replace the forged record first (on a loaded CI machine a dashboard answered late
 * schedules one after `waitCacheSettled` has seen none for 2.5 s): when one lands within
 * its quiet time after the forge, the forge is done again.
 */
async function forgeAndReload(p: Page, ...ops: Parameters<typeof cacheOp>[1][]) {
  for (let tries = 0; tries < 5; tries++) {
    const before = (await cacheOp(p, 'saved')) as number;
    for (const op of ops) await cacheOp(p, op);
    await p.waitForTimeout(2000);
    const after = await cacheOp(p, 'saved');
    if (!(typeof after === 'number' && after > before)) break;
  }
  await p.reload();
}

/** Waits until the cache holds the output of the page's document as it is now (written after its last change). */
async function waitCacheCurrent(p: Page) {
  await expect
    .poll(async () => ((await cacheOp(p, 'saved')) as number | null ?? 0) > (await p.evaluate(() => (window as unknown as { __lastUpdate: number }).__lastUpdate)), { timeout: 30_000 })
    .toBe(true);
}

beforeAll(async () => {
  h = await startHarness();
  ctx = await newPerson(h);
  await ctx.addInitScript(RECORDER);
  page = await openWorkbook(h, ctx, WB, 'editor', 'Ana Souza', '&demo=200');
  await waitSynced(page);
  await loadDemo(page);
  await waitConfirmed(page);
  await transitions(page);
});
afterAll(async () => {
  await h?.close();
});

describe('derived cache', () => {
  it('a re-open shows the cached output as current before the worker answers, equal to what the worker then computes', async () => {
    await waitCacheCurrent(page);
    await page.reload();
    const seen = await transitions(page);
    // Shown at once, checked against the opened document, then confirmed by the worker.
    expect(statesOf(seen).filter((s) => s !== 'none' && s !== 'unverified')).toEqual(['cache', 'live']);
    // The cached metrics (read after the dashboards) were shown, and are the worker's.
    const shown = cachedMetricsShown(seen);
    expect(shown.length).toBeGreaterThan(0);
    for (const s of shown) expect(s.metrics).toBe(await liveMetrics(page));
  });

  it('the dashboard paints from the cache before the stored workbook is loaded, with the figure the worker then confirms', async () => {
    await page.evaluate(() => (window as unknown as { __pulso: { ctx: { openSheet(s: string): void } } }).__pulso.ctx.openSheet('dashboard'));
    await page.getByTestId('dashboard').and(page.locator('[data-state="ready"]')).waitFor();
    // The dashboard just answered is kept with the next write.
    await waitCacheWrittenAfter(page, await page.evaluate(() => Date.now()));
    await waitCacheCurrent(page);
    await page.reload();
    await transitions(page);
    const early = await page.evaluate(() => (window as unknown as { __earlyMrr?: string }).__earlyMrr ?? null);
    expect(early).not.toBeNull();
    await page.getByTestId('dashboard').and(page.locator('[data-state="ready"]')).waitFor();
    expect(Number(early)).toBe(Number(await page.getByTestId('metric-mrr').getAttribute('data-value')));
    expect(await page.evaluate(() => (window as unknown as { __pulso: { workbook: { count(t: string): number } } }).__pulso.workbook.count('customers'))).toBeGreaterThan(0);
  });

  it('after work on a sheet, a re-open on the dashboard still paints from the cache (the person\'s dashboard is always kept)', async () => {
    const url = page.url().replace(/&sheet=[a-z]+/, '');
    await page.goto(`${url}&sheet=customers`);
    await transitions(page);
    // An edit on the sheet: every dashboard answered before it is dropped, none is asked after.
    const id = await page.evaluate(() => {
      const p = (window as unknown as { __pulso: { workbook: { list(t: string): { id: string }[]; update(t: string, id: string, patch: object): unknown } } }).__pulso;
      const c = p.workbook.list('customers')[3];
      p.workbook.update('customers', c.id, { segment: 'Serviços' });
      return c.id;
    });
    expect(id).toBeTruthy();
    await waitCacheCurrent(page);
    await waitCacheSettled(page);
    await page.goto(`${url}&sheet=dashboard`);
    await transitions(page);
    const early = await page.evaluate(() => (window as unknown as { __earlyMrr?: string }).__earlyMrr ?? null);
    expect(early).not.toBeNull();
    await page.getByTestId('dashboard').and(page.locator('[data-state="ready"]')).waitFor();
    expect(Number(early)).toBe(Number(await page.getByTestId('metric-mrr').getAttribute('data-value')));
  });

  it('metrics not written with the cached dashboards, or damaged, are never shown; the dashboards still are', async () => {
    for (const op of ['forge-metrics-key', 'garbage-metrics'] as const) {
      await waitCacheCurrent(page);
      await waitCacheSettled(page);
      await forgeAndReload(page, op);
      const seen = await transitions(page);
      expect(cachedMetricsShown(seen)).toEqual([]);
      // The dashboards' record is current: shown and verified.
      expect(statesOf(seen).filter((s) => s !== 'none' && s !== 'unverified')).toEqual(['cache', 'live']);
      // Written again by the worker once it has answered.
      await waitCacheWrittenAfter(page, await page.evaluate(() => Date.now()));
    }
  });

  it('a cache derived from another state of the document is shown only as refreshing, then replaced', async () => {
    await waitCacheSettled(page);
    await forgeAndReload(page, 'forge-key');
    const seen = await transitions(page);
    expect(seen.map((s) => s.state)).not.toContain('cache');
    expect(seen.map((s) => s.state)).toContain('stale');
    expect(await page.getByTestId('metrics-freshness').count()).toBe(0);
  });

  it('a cache of another as-of date is not shown at all', async () => {
    const saved = (await cacheOp(page, 'saved')) as number;
    await waitCacheWrittenAfter(page, saved - 1);
    await page.goto(page.url().replace(`asOf=${AS_OF}`, 'asOf=2026-03-01'));
    const seen = await transitions(page);
    expect(seen.map((s) => s.state).filter((s) => s !== 'none' && s !== 'live')).toEqual([]);
  });

  it('a damaged cache, or another workbook\'s, is ignored and the app still derives', async () => {
    await page.goto(page.url().replace('asOf=2026-03-01', `asOf=${AS_OF}`));
    await transitions(page);
    await waitCacheSettled(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await forgeAndReload(page, 'copy-to-other', 'garbage');
    const seen = await transitions(page);
    // Never the damaged cache; the server's snapshot of this workbook may be shown instead
    // (no usable local cache), and then only verified against the synced document.
    expect(['', 'unverified,cache']).toContain(seen.map((s) => s.state).filter((s) => s !== 'none' && s !== 'live').join(','));
    const fromServer = seen.find((s) => s.state === 'cache');
    if (fromServer) expect(fromServer.metrics).toBe(await liveMetrics(page));
    expect(errors).toEqual([]);

    const other = await openWorkbook(h, ctx, 'other', 'editor', 'Ana Souza');
    const otherSeen = await transitions(other);
    expect(otherSeen.map((s) => s.state).filter((s) => s !== 'none' && s !== 'live')).toEqual([]);
    await other.close();
  });

  it('a first open on a new device paints the dashboard from the server\'s snapshot before the document arrives, then confirms it', async () => {
    const person = 'Carla Dias';
    // The server computes snapshots once the workbook is quiet, for today and for the dates
    // and people that asked: ask as this person until theirs (with their "My tasks") is there.
    const token = await h.server.token(WB, 'viewer', person);
    await expect.poll(async () => {
      const r = await fetch(`${h.server.httpUrl}/w/${WB}/derived?asOf=${AS_OF}`, { headers: { authorization: `Bearer ${token}` } });
      if (r.status !== 200) return false;
      const body = (await r.json()) as { dashboards: [string, unknown][] };
      return body.dashboards.some(([k]) => k === JSON.stringify([{}, person]));
    }, { timeout: 60_000, interval: 250 }).toBe(true);

    const device = await newPerson(h);
    await device.addInitScript(RECORDER);
    const p = await openWorkbook(h, device, WB, 'viewer', person);
    const seen = await transitions(p);
    const early = await p.evaluate(() => (window as unknown as { __earlyMrr?: string }).__earlyMrr ?? null);
    // Painted while the document had no customer yet: only the server's snapshot could give it.
    expect(early).not.toBeNull();
    // Shown at once, verified against the synced document (the worker hashes it before its
    // first derivation), then replaced by the worker's answer with the same figures.
    expect(seen.map((x) => x.state).filter((x) => x !== 'none')).toEqual(['unverified', 'cache', 'live']);
    await p.getByTestId('dashboard').and(p.locator('[data-state="ready"]')).waitFor();
    expect(Number(early)).toBe(Number(await p.getByTestId('metric-mrr').getAttribute('data-value')));
    const cached = seen.find((x) => x.state === 'cache');
    if (cached) expect(cached.metrics).toBe(await liveMetrics(p));
    await device.close();
  });

  it('a browser that refuses storage works from the server and says offline is unavailable', async () => {
    const privateWindow = await newPerson(h);
    // As a private window or disabled storage does: every IndexedDB open fails.
    await privateWindow.addInitScript(`
      IDBFactory.prototype.open = function () {
        const req = { result: undefined, error: new DOMException('The user denied permission to access the database.', 'InvalidStateError') };
        setTimeout(() => req.onerror && req.onerror({ target: req }));
        return req;
      };
    `);
    const errors: string[] = [];
    const p = await openWorkbook(h, privateWindow, WB, 'editor', 'Bruno Lima');
    p.on('pageerror', (e) => errors.push(e.message));
    await waitSynced(p);
    await p.getByTestId('offline-unavailable').waitFor();
    expect(await p.getByTestId('offline-unavailable').textContent()).toContain('not available offline');
    const expected = await page.evaluate(() => (window as unknown as { __pulso: { workbook: { count(t: string): number } } }).__pulso.workbook.count('customers'));
    await expect.poll(() => p.evaluate(() => (window as unknown as { __pulso: { workbook: { count(t: string): number } } }).__pulso.workbook.count('customers'))).toBe(expected);
    // The worker got the workbook from the page instead of IndexedDB and derived it.
    // The first derivation may run on the part of the workbook received so far; the metrics catch up.
    await expect.poll(() => p.evaluate(() => (window as unknown as { __pulso: { derivation: { metrics(): Map<string, unknown> } } }).__pulso.derivation.metrics().size), { timeout: 30_000 }).toBe(expected);
    expect(errors).toEqual([]);
    await privateWindow.close();
  });
});
