// A large sheet (here Usage, 12,000 rows of a 120-customer demo) is paged: the grid holds
// the pages on screen and the sheet's view searches, filters and orders the rows in slices
// (issue 14). What a person sees must be the same as on a small sheet: every row counted,
// newest first, the search and the column sort over all rows, edits in place, a new row
// focused, the export of what is shown. Screenshots in test/artifacts/.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, cell, openSheet, search, snapshotOf, twoEditorsOnDemo, typeInto, waitConfirmed, type Harness, type Row } from './browser.js';

vi.setConfig({ testTimeout: 120_000 });
let h: Harness;
let ctxA: BrowserContext, ctxB: BrowserContext;
let a: Page, b: Page;
const WB = 'paged';

type Grid = {
  grid: {
    getGridOption(k: string): unknown;
    ensureIndexVisible(i: number, pos?: string): void;
    getDisplayedRowAtIndex(i: number): { data?: Row } | undefined;
    setFilterModel(m: object | null): void;
  };
};
/** The row model of the sheet on screen ('infinite' when paged). */
const rowModel = (p: Page) => p.evaluate(() => (window as unknown as { __pulso: Grid }).__pulso.grid.getGridOption('rowModelType'));
const rowCount = async (p: Page) => Number(((await p.getByTestId('row-count').textContent()) ?? '').replace(/\D/g, ''));
/** The ids of the rows rendered on screen, top to bottom (not the loading placeholders). */
const renderedIds = (p: Page, sheet: string) =>
  p.evaluate((s) => {
    // A row is drawn once per column part (pinned and scrolling): one id per row index.
    const byIndex = new Map<number, string>();
    for (const r of document.querySelectorAll(`[data-testid="grid-${s}"] .ag-row[row-id]`)) byIndex.set(Number(r.getAttribute('row-index')), r.getAttribute('row-id')!);
    return [...byIndex.entries()].sort((x, y) => x[0] - y[0]).map((e) => e[1]);
  }, sheet);
const settled = (p: Page) => p.getByTestId('rows-working').waitFor({ state: 'detached' });
/** The same accent and case folding a person expects, written here independently of the app. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

beforeAll(async () => {
  // Ana works in English, Bruno in Portuguese.
  ({ h, ctxA, ctxB, a, b } = await twoEditorsOnDemo(WB, 120, { bruno: 'pt-BR' }));
});
afterAll(async () => {
  await h?.close();
});

describe('a large sheet, paged', () => {
  it('opens with every row counted, newest first, and the last row reachable by scrolling', async () => {
    const snap = await snapshotOf(a);
    expect(snap.usage.length).toBeGreaterThanOrEqual(10_000);
    await openSheet(a, 'usage');
    await a.locator('[data-testid="grid-usage"] .ag-row[row-id]').first().waitFor();
    await settled(a);
    expect(await rowModel(a)).toBe('infinite');
    expect(await rowCount(a)).toBe(snap.usage.length);
    const dates = snap.usage.map((u) => u.date as string).sort();
    const newest = dates[dates.length - 1], oldest = dates[0];
    const first = (await renderedIds(a, 'usage'))[0];
    expect(snap.usage.find((u) => u.id === first)!.date).toBe(newest);
    await a.screenshot({ path: join(ARTIFACTS, 'paged-usage-en.png') });

    await a.evaluate((n) => (window as unknown as { __pulso: Grid }).__pulso.grid.ensureIndexVisible(n - 1, 'bottom'), snap.usage.length);
    await expect.poll(async () => {
      const last = (await renderedIds(a, 'usage')).at(-1);
      return snap.usage.find((u) => u.id === last)?.date;
    }).toBe(oldest);
    await a.evaluate(() => (window as unknown as { __pulso: Grid }).__pulso.grid.ensureIndexVisible(0, 'top'));
  });

  it('the search finds a customer’s rows among all of them, accents and case ignored', async () => {
    const snap = await snapshotOf(a);
    const customer = snap.customers.find((c) => /[À-ú]/.test(c.name as string)) ?? snap.customers[0];
    const typed = fold(customer.name as string).toUpperCase();
    // A name can occur inside another's (Lima, Lima Filho): count the rows whose customer's name holds the typed words.
    const words = fold(typed).split(/\s+/);
    const names = new Map(snap.customers.map((c) => [c.id, fold(c.name as string)]));
    const expected = snap.usage.filter((u) => words.every((w) => names.get(u.customerId)!.includes(w) || fold(String(u.userId)).includes(w) || String(u.date).includes(w)));
    await search(a, typed);
    await expect.poll(() => rowCount(a)).toBe(expected.length);
    await settled(a);
    const shown = await renderedIds(a, 'usage');
    expect(shown.length).toBeGreaterThan(0);
    for (const id of shown) expect(expected.some((u) => u.id === id)).toBe(true);
    await a.screenshot({ path: join(ARTIFACTS, 'paged-usage-search.png') });
  });

  it('a header click sorts every found row by the column; a column filter counts what it keeps', async () => {
    const snap = await snapshotOf(a);
    const found = new Set(await a.evaluate(() => {
      const api = (window as unknown as { __pulso: Grid }).__pulso.grid;
      const ids: string[] = [];
      for (let i = 0; ; i++) {
        const r = api.getDisplayedRowAtIndex(i);
        if (!r?.data) break;
        ids.push(r.data.id);
      }
      return ids;
    }));
    const foundRows = snap.usage.filter((u) => found.has(u.id));
    const most = Math.max(...foundRows.map((u) => u.actions as number));
    const header = a.locator('[data-testid="grid-usage"] .ag-header-cell[col-id="actions"] .ag-header-cell-label');
    await header.click(); // ascending
    await header.click(); // descending
    await settled(a);
    await expect.poll(async () => {
      const top = (await renderedIds(a, 'usage'))[0];
      return snap.usage.find((u) => u.id === top)?.actions;
    }).toBe(most);

    await search(a, '');
    await a.evaluate(() => (window as unknown as { __pulso: Grid }).__pulso.grid.setFilterModel({ actions: { filterType: 'number', type: 'greaterThan', filter: 20 } }));
    await expect.poll(() => rowCount(a)).toBe(snap.usage.filter((u) => (u.actions as number) > 20).length);
    await a.evaluate(() => (window as unknown as { __pulso: Grid }).__pulso.grid.setFilterModel(null));
    await expect.poll(() => rowCount(a)).toBe(snap.usage.length);
    await header.click(); // back to the default order
    await settled(a);
  });

  it('an edit stays where it is and reaches the colleague; a new row is counted and focused', async () => {
    const snap = await snapshotOf(a);
    const target = (await renderedIds(a, 'usage'))[2];
    await typeInto(a, 'usage', target, 'actions', '4321');
    await expect.poll(async () => (await snapshotOf(a)).usage.find((u) => u.id === target)?.actions).toBe(4321);
    await expect.poll(async () => (await cell(a, 'usage', target, 'actions').textContent())?.replace(/\D/g, '')).toBe('4321');
    expect((await renderedIds(a, 'usage'))[2]).toBe(target);
    await expect.poll(async () => (await snapshotOf(b)).usage.find((u) => u.id === target)?.actions).toBe(4321);

    await a.getByTestId('add-row').click();
    await expect.poll(() => rowCount(a)).toBe(snap.usage.length + 1);
    const added = (await snapshotOf(a)).usage.find((u) => !snap.usage.some((o) => o.id === u.id))!;
    await expect.poll(() => a.locator(`[data-testid="grid-usage"] [row-id="${added.id}"] .ag-cell-focus`).count()).toBeGreaterThan(0);
    await waitConfirmed(a);
  });

  it('pt-BR: the colleague’s sheet counts the new row, and exports what it shows', async () => {
    const snap = await snapshotOf(b);
    await openSheet(b, 'usage');
    await b.locator('[data-testid="grid-usage"] .ag-row[row-id]').first().waitFor();
    await settled(b);
    await expect.poll(() => rowCount(b)).toBe(snap.usage.length);
    expect(await b.getByTestId('row-count').textContent()).toMatch(/linhas$/);
    const customer = snap.customers[3];
    await search(b, customer.name as string);
    const mine = snap.usage.filter((u) => u.customerId === customer.id || fold(snap.customers.find((c) => c.id === u.customerId)!.name as string).includes(fold(customer.name as string)));
    await expect.poll(() => rowCount(b)).toBe(mine.length);
    await settled(b);
    await b.screenshot({ path: join(ARTIFACTS, 'paged-usage-pt-BR.png') });
    const [dl] = await Promise.all([b.waitForEvent('download'), b.getByTestId('export-csv').click()]);
    const lines = readFileSync((await dl.path())!, 'utf8').replace(/^\ufeff/, '').trim().split(/\r\n/);
    expect(lines[0]).toContain('Cliente;Data;Usuário;Ações');
    expect(lines).toHaveLength(mine.length + 1);
    // Newest first, dates as a Brazilian reads them.
    const newest = mine.map((u) => u.date as string).sort().at(-1)!;
    expect(lines[1]).toContain(`${newest.slice(8, 10)}/${newest.slice(5, 7)}/${newest.slice(0, 4)}`);
  });

  it('a customer removed without its rows: the orphans are counted, listed with why, and cleaned up in one click', async () => {
    await search(a, '');
    await settled(a);
    const snap = await snapshotOf(a);
    const customer = snap.customers[7];
    const orphans = snap.usage.filter((u) => u.customerId === customer.id).map((u) => u.id).sort();
    expect(orphans.length).toBeGreaterThan(0);
    // As an older client or a direct API call would: the customer only, not its rows.
    await a.evaluate((id) => (window as unknown as { __pulso: { workbook: { remove(t: string, id: string): unknown } } }).__pulso.workbook.remove('customers', id), customer.id);
    await expect.poll(() => a.getByTestId('clean-orphans').getAttribute('data-count'), { timeout: 20_000 }).toBe(String(orphans.length));
    await expect.poll(() => a.getByTestId('invalid-count').textContent()).toBe(`${orphans.length} invalid cells`);
    // The invalid-cells view lists exactly them, each Customer cell marked.
    await a.getByTestId('invalid-count').click();
    await expect.poll(() => rowCount(a)).toBe(orphans.length);
    await settled(a);
    const listed = await renderedIds(a, 'usage');
    expect(listed.length).toBeGreaterThan(0);
    for (const id of listed) expect(orphans).toContain(id);
    await expect.poll(() => a.locator('[data-testid="grid-usage"] .ag-cell.cell-invalid[col-id="customerId"]').count()).toBe((await renderedIds(a, 'usage')).length);
    await a.screenshot({ path: join(ARTIFACTS, 'paged-usage-orphans.png') });
    a.once('dialog', (d) => void d.accept());
    await a.getByTestId('clean-orphans').click();
    await expect.poll(async () => (await snapshotOf(a)).usage.filter((u) => u.customerId === customer.id).length).toBe(0);
    await a.getByTestId('clean-orphans').waitFor({ state: 'detached' });
    await a.getByTestId('invalid-count').waitFor({ state: 'detached' });
    await expect.poll(() => rowCount(a)).toBe(snap.usage.length - orphans.length);
  });
});
