// A sheet left for another view is kept as it was (client/grid/sheet-deck.ts): back on it,
// the search, the selection and the scroll are where the person left them, and what
// colleagues changed meanwhile is there. Only the sheet on screen is in the page: nothing
// of a kept sheet can be found, read aloud or focused. A sheet opened from a drill-down and
// every sheet of the last language are not kept. Screenshots in test/artifacts/.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, cell, openSheet, search, snapshotOf, twoEditorsOnDemo, waitConfirmed, type Harness } from './browser.js';

vi.setConfig({ testTimeout: 120_000 });
let h: Harness;
let ctxA: BrowserContext, ctxB: BrowserContext;
let a: Page, b: Page;
const WB = 'kept-sheets';

type Api = {
  grid: {
    getGridOption(k: string): unknown;
    ensureIndexVisible(i: number, pos?: string): void;
    getFirstDisplayedRowIndex(): number;
  };
  workbook: { update(t: string, id: string, patch: object): { ok: boolean } };
};
const api = (p: Page) => p.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.grid.getGridOption('rowModelType'));
/** How many elements of a test id the page holds (a kept sheet must hold none). */
const inPage = (p: Page, testId: string) => p.evaluate((id) => document.querySelectorAll(`[data-testid="${id}"]`).length, testId);
/** The lowest row index drawn in the sheet's grid, by what is in the page. */
const firstDrawnIndex = (p: Page, sheet: string) =>
  p.evaluate((s) => Math.min(...[...document.querySelectorAll(`[data-testid="grid-${s}"] .ag-row[row-id]`)].map((r) => Number(r.getAttribute('row-index')))), sheet);

beforeAll(async () => {
  // 120 customers: Usage (12,000 rows) is paged, Customers is not.
  ({ h, ctxA, ctxB, a, b } = await twoEditorsOnDemo(WB, 120, { bruno: 'pt-BR' }));
});
afterAll(async () => {
  await h?.close();
});

describe('sheets built ahead while the page is idle', () => {
  it('are built before they are opened, and opened show the rows added meanwhile', async () => {
    // Bruno's page has been idle on the dashboard: the other sheets are built, none opened.
    await b.getByTestId('sheet-dashboard').click();
    // Built ahead: a paged sheet (10,000 rows or more: it reads them when shown), or one of
    // fewer than 2,000 rows; not one whose grid would take thousands of rows in one task.
    const counts = Object.entries(await snapshotOf(b)).map(([t, rows]) => [t, rows.length] as const);
    const ahead = counts.filter(([t, n]) => (t !== 'customers' && n >= 10_000) || n < 2_000).map(([t]) => `${t}||pt-BR`).sort();
    expect(ahead).toContain('usage||pt-BR');
    expect(ahead).toContain('contracts||pt-BR');
    expect(ahead.length).toBeLessThan(counts.length);
    const built = () => b.evaluate(() => (window as unknown as { __pulso: { sheets(): string[] } }).__pulso.sheets().sort());
    await expect.poll(built, { timeout: 30_000 }).toEqual(ahead);
    expect(await inPage(b, 'quick-search')).toBe(0);

    // Ana adds a contract (Contracts: 480 rows, in memory) and a day of usage (Usage: paged).
    const snap = await snapshotOf(a);
    const customer = snap.customers[5];
    type Ins = { __pulso: { workbook: { insert(t: string, r: object): { ok: boolean; value: string } } } };
    const added = await a.evaluate((cid) => {
      const wb = (window as unknown as Ins).__pulso.workbook;
      const contract = wb.insert('contracts', { customerId: cid, model: 'recurring', value: 4321, startDate: '2026-06-01' });
      const usage = wb.insert('usage', { customerId: cid, date: '2026-06-14', userId: 'nova@cliente.com.br', actions: 7 });
      return { contract: contract.ok ? contract.value : null, usage: usage.ok ? usage.value : null };
    }, customer.id);
    expect(added.contract).not.toBeNull();
    expect(added.usage).not.toBeNull();
    await waitConfirmed(a);
    await expect.poll(async () => (await snapshotOf(b)).usage.length).toBe(snap.usage.length + 1);

    await openSheet(b, 'usage');
    await expect.poll(async () => Number(((await b.getByTestId('row-count').textContent()) ?? '').replace(/\D/g, ''))).toBe(snap.usage.length + 1);
    await search(b, 'nova@cliente');
    await b.locator(`[data-testid="grid-usage"] .ag-row[row-id="${added.usage}"]`).first().waitFor();
    await search(b, '');
    await openSheet(b, 'contracts');
    await search(b, customer.name);
    await b.locator(`[data-testid="grid-contracts"] .ag-row[row-id="${added.contract}"]`).first().waitFor();
    await b.screenshot({ path: join(ARTIFACTS, 'kept-sheets-built-ahead-pt-BR.png') });
    await search(b, '');
  });
});

describe('a sheet left and opened again', () => {
  it('keeps its search and selection, shows a colleague’s edit made meanwhile, and only the sheet on screen is in the page', async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[3];
    await openSheet(a, 'customers');
    await search(a, target.name);
    const row = a.locator(`[data-testid="grid-customers"] .ag-row[row-id="${target.id}"]`).first();
    await row.waitFor();
    await row.locator('.ag-selection-checkbox input').first().check();
    await expect.poll(() => a.getByTestId('delete-rows').textContent()).toMatch(/\b1\b/);

    await openSheet(a, 'contracts');
    // Nothing of the Customers sheet is left in the page: one search box, one grid.
    expect(await inPage(a, 'grid-customers')).toBe(0);
    expect(await inPage(a, 'quick-search')).toBe(1);
    expect(await a.getByTestId('quick-search').inputValue()).toBe('');
    expect(await a.locator('[data-testid="grid-contracts"] .ag-row[row-id]').count()).toBeGreaterThan(0);

    // Bruno renames the customer while Ana is on Contracts.
    const renamed = `${target.name} Renomeada`;
    await b.evaluate(({ id, name }) => (window as unknown as { __pulso: Api }).__pulso.workbook.update('customers', id, { name }), { id: target.id, name: renamed });
    await waitConfirmed(b);
    await expect.poll(async () => (await snapshotOf(a)).customers.find((c) => c.id === target.id)?.name).toBe(renamed);

    await openSheet(a, 'customers');
    expect(await a.getByTestId('quick-search').inputValue()).toBe(target.name);
    await expect.poll(() => cell(a, 'customers', target.id, 'name').textContent()).toContain(renamed);
    expect(await row.locator('.ag-selection-checkbox input').first().isChecked()).toBe(true);
    await expect.poll(() => a.getByTestId('delete-rows').textContent()).toMatch(/\b1\b/);
    expect(await inPage(a, 'grid-contracts')).toBe(0);
    // The console handle follows the sheet on screen (Customers: the in-memory row model).
    expect(await api(a)).toBe('clientSide');
    await a.screenshot({ path: join(ARTIFACTS, 'kept-sheets-customers-back.png') });
    await search(a, '');
  });

  it('a paged sheet keeps its scroll over a visit to the dashboard, with rows drawn', async () => {
    await openSheet(a, 'usage');
    await a.locator('[data-testid="grid-usage"] .ag-row[row-id]').first().waitFor();
    expect(await api(a)).toBe('infinite');
    await a.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.grid.ensureIndexVisible(5_000, 'top'));
    await expect.poll(() => firstDrawnIndex(a, 'usage')).toBeGreaterThanOrEqual(4_990);
    const before = await firstDrawnIndex(a, 'usage');

    await a.getByTestId('sheet-dashboard').click();
    await a.getByTestId('grid-usage').waitFor({ state: 'detached' });
    await openSheet(a, 'usage');
    await expect.poll(() => a.locator('[data-testid="grid-usage"] .ag-row[row-id]').count()).toBeGreaterThan(5);
    // Within a row or two of where it was: the grid measured its viewport again.
    expect(Math.abs((await firstDrawnIndex(a, 'usage')) - before)).toBeLessThanOrEqual(2);
    await a.screenshot({ path: join(ARTIFACTS, 'kept-sheets-usage-back.png') });
  });

  it('a language change builds the sheets again in the new language', async () => {
    await openSheet(a, 'customers');
    const header = () => a.locator('[data-testid="grid-customers"] .ag-header-cell[col-id="name"]').first().textContent();
    expect(await header()).toContain('Name');
    await a.getByTestId('lang').selectOption('pt-BR');
    await expect.poll(header).toContain('Nome');
    await openSheet(a, 'contracts');
    await expect.poll(() => a.locator('[data-testid="grid-contracts"] .ag-header-cell[col-id="value"]').first().textContent()).toContain('Valor');
    await a.getByTestId('lang').selectOption('en');
    await expect.poll(() => a.locator('[data-testid="grid-contracts"] .ag-header-cell[col-id="value"]').first().textContent()).toContain('Value');
    await openSheet(a, 'customers');
    await expect.poll(header).toContain('Name');
  });
});
