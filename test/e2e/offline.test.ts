// Local-first: an edit made offline survives a reload (the app shell comes from the
// service worker, the data from IndexedDB) and reaches a colleague once back online.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { cell, loadDemo, newPerson, openSheet, openWorkbook, search, snapshotOf, twoEditorsOnDemo, typeInto, waitConfirmed, waitSynced, type Harness } from './browser.js';


// A real browser on a shared 2-core machine: allow more than the unit-test default.
vi.setConfig({ testTimeout: 90_000 });
let h: Harness;
let ctxA: BrowserContext, ctxB: BrowserContext;
let a: Page, b: Page;
const WB = 'offline';

beforeAll(async () => {
  ({ h, ctxA, ctxB, a, b } = await twoEditorsOnDemo(WB, 40));
});
afterAll(async () => {
  await h?.close();
});

describe('offline', () => {
  it('an offline edit survives a reload and reaches B when back online', async () => {
    // The offline shell is in place once the service worker cached the page and its assets.
    await expect
      .poll(
        () =>
          a.evaluate(async () => {
            const urls: string[] = [];
            for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
            return urls.some((u) => u.startsWith('/assets/')) && urls.some((u) => u.startsWith('/w/'));
          }),
        { timeout: 15_000 },
      )
      .toBe(true);

    const snap = await snapshotOf(a);
    const target = snap.customers[5];
    await openSheet(a, 'customers');
    await search(a, target.name);

    await ctxA.setOffline(true);
    await a.locator('[data-testid="sync-status"][data-state="offline"]').waitFor();
    await typeInto(a, 'customers', target.id, 'name', 'Renamed while offline');
    // The quick search was the old name: search the new one.
    await search(a, 'Renamed while offline');
    await expect.poll(() => cell(a, 'customers', target.id, 'name').textContent()).toBe('Renamed while offline');
    // Waiting for the server: the status shows how many operations are pending.
    await expect.poll(async () => Number(await a.getByTestId('sync-status').getAttribute('data-unconfirmed'))).toBeGreaterThan(0);

    await a.reload();
    await a.getByTestId('sync-status').waitFor();
    expect(await a.getByTestId('sync-status').getAttribute('data-state')).toBe('offline');
    await openSheet(a, 'customers');
    await search(a, 'Renamed while offline');
    await expect.poll(() => cell(a, 'customers', target.id, 'name').textContent()).toBe('Renamed while offline');

    // B has not seen it yet.
    await openSheet(b, 'customers');
    await search(b, target.name);
    await expect.poll(() => cell(b, 'customers', target.id, 'name').textContent()).toBe(target.name);

    await ctxA.setOffline(false);
    await waitSynced(a);
    await waitConfirmed(a);
    await search(b, 'Renamed while offline');
    await expect.poll(() => cell(b, 'customers', target.id, 'name').textContent(), { timeout: 15_000 }).toBe('Renamed while offline');
  }, 120_000);

  it('two tabs of one workbook, offline, see each other\'s edits (and a tab opened later gets them)', async () => {
    await ctxA.setOffline(true);
    try {
      await a.locator('[data-testid="sync-status"][data-state="offline"]').waitFor();
      const snap = await snapshotOf(a);
      const [one, two] = [snap.customers[1], snap.customers[2]];
      const a2 = await ctxA.newPage();
      await a2.goto(a.url());
      await expect.poll(async () => (await snapshotOf(a2)).customers.length, { timeout: 15_000 }).toBe(snap.customers.length);
      // An edit in either tab reaches the other through the browser, not the server.
      await openSheet(a, 'customers');
      await search(a, one.name);
      await typeInto(a, 'customers', one.id, 'name', 'Edited in tab one');
      await expect.poll(async () => (await snapshotOf(a2)).customers.find((c) => c.id === one.id)?.name).toBe('Edited in tab one');
      await openSheet(a2, 'customers');
      await search(a2, two.name);
      await typeInto(a2, 'customers', two.id, 'name', 'Edited in tab two');
      await expect.poll(async () => (await snapshotOf(a)).customers.find((c) => c.id === two.id)?.name).toBe('Edited in tab two');
      // A third tab opened now has both.
      const a3 = await ctxA.newPage();
      await a3.goto(a.url());
      await expect
        .poll(async () => (await snapshotOf(a3)).customers.filter((c) => c.id === one.id || c.id === two.id).map((c) => c.name).sort(), { timeout: 15_000 })
        .toEqual(['Edited in tab one', 'Edited in tab two']);
      await a2.close();
      await a3.close();
    } finally {
      await ctxA.setOffline(false);
    }
    await waitSynced(a);
  });

  // The app's own IndexedDB databases (the storage probe, the derived cache) once had names a
  // workbook's database could take (`pulso-<id>`): a workbook called "probe" never loaded its
  // local copy (a minute's wait, then the server alone).
  it.each(['probe', 'derived'])('a workbook called "%s" keeps its local copy across an offline reload', async (id) => {
    const ctx = await newPerson(h);
    try {
      const page = await openWorkbook(h, ctx, id, 'editor', 'Carla Dias', '&demo=5');
      await waitSynced(page);
      await loadDemo(page);
      await waitConfirmed(page);
      const before = (await snapshotOf(page)).customers.length;
      expect(before).toBe(5);
      await ctx.setOffline(true);
      await page.reload();
      await page.getByTestId('sync-status').waitFor();
      await expect.poll(async () => (await snapshotOf(page)).customers.length, { timeout: 15_000 }).toBe(before);
      expect(await page.getByTestId('sync-status').getAttribute('data-state')).toBe('offline');
    } finally {
      await ctx.close();
    }
  });
});
