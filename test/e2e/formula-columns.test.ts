// Formula columns in a real browser: Ana adds one from the Customers sheet ("+ ƒ Column"),
// the dialog refuses a formula that does not read and says where, the column fills with
// values, and Bruno's browser gets the column live; Bruno renames it, then deletes it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { computeCustomerMetrics, type WorkbookData } from '../../core/index.js';
import { ARTIFACTS, AS_OF, cell, openSheet, reveal, search, snapshotOf, twoEditorsOnDemo, type Harness } from './browser.js';

vi.setConfig({ testTimeout: 120_000 });
let h: Harness;
let ctxA: BrowserContext, ctxB: BrowserContext;
let a: Page, b: Page;

beforeAll(async () => {
  ({ h, ctxA, ctxB, a, b } = await twoEditorsOnDemo('formulas', 40));
  void ctxA;
  void ctxB;
});
afterAll(async () => {
  await h?.close();
});

const header = (p: Page, colId: string) => p.locator(`[data-testid="grid-customers"] .ag-header-cell[col-id="${colId}"]`);
/** Whether the grid has the column (asked from the grid: off-screen headers are not rendered). */
const hasColumn = (p: Page, colId: string) =>
  p.evaluate((c) => (window as unknown as { __pulso: { grid: { getColumn(c: string): unknown } } }).__pulso.grid.getColumn(c) !== null, colId);

describe('formula columns', () => {
  it('Ana adds a column; a formula that does not read is refused with its position', async () => {
    await openSheet(a, 'customers');
    await openSheet(b, 'customers');
    await a.getByTestId('add-formula-column').click();
    const dialog = a.getByTestId('formula-dialog');
    await dialog.waitFor();
    await a.getByTestId('formula-name').fill('Size');
    // The workbook locale is pt-BR: arguments are separated by ";", so "," is refused at character 15.
    await a.getByTestId('formula-text').fill('SE(mrr >= 2000, "Large"; "Small")');
    await expect.poll(() => a.getByTestId('formula-problem').textContent()).toContain('At character 15');
    expect(await a.locator('.formula-where mark').textContent()).toBe(',');
    expect(await a.getByTestId('formula-save').isDisabled()).toBe(true);
    await a.getByTestId('formula-text').fill('SE(mrr >= 2000; "Large"; "Small")');
    await a.getByTestId('formula-ok').waitFor();
    await a.getByTestId('formula-preview').waitFor();
    await a.screenshot({ path: join(ARTIFACTS, 'formula-dialog.png') });
    await a.getByTestId('formula-save').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => a.evaluate(() => (window as unknown as { __pulso: { workbook: { settings(): { customColumns: unknown[] } } } }).__pulso.workbook.settings().customColumns))
      .toEqual([{ id: 'size', label: 'Size', formula: 'SE(mrr >= 2000; "Large"; "Small")' }]);
  });

  it('the cells show each customer its value, on Ana\'s and on Bruno\'s screen', async () => {
    const snap = await snapshotOf(a);
    const metrics = computeCustomerMetrics(snap as unknown as WorkbookData, AS_OF);
    // Worked by the rule of the formula: MRR ≥ 2000 → "Large", else "Small".
    const big = snap.customers.find((c) => metrics.get(c.id)!.mrr >= 2000)!;
    const small = snap.customers.find((c) => metrics.get(c.id)!.mrr < 2000)!;
    expect(big && small).toBeTruthy();
    for (const p of [a, b]) {
      await expect.poll(() => hasColumn(p, 'f.size'), { timeout: 15_000 }).toBe(true);
      for (const [c, want] of [[big, 'Large'], [small, 'Small']] as const) {
        await search(p, c.name);
        await reveal(p, 'f.size');
        await expect.poll(() => cell(p, 'customers', c.id, 'f.size').textContent(), { timeout: 15_000 }).toBe(want);
      }
    }
    expect(await header(b, 'f.size').textContent()).toContain('ƒ');
  });

  it('the dashboard filter selects customers by a formula column', async () => {
    const snap = await snapshotOf(a);
    const metrics = computeCustomerMetrics(snap as unknown as WorkbookData, AS_OF);
    // Worked by the rule of the formula: the customers with MRR ≥ 2000 are the "Large" ones.
    const large = snap.customers.filter((c) => metrics.get(c.id)!.mrr >= 2000).length;
    expect(large).toBeGreaterThan(0);
    await a.getByTestId('sheet-dashboard').click();
    const select = a.getByTestId('filter-f-size');
    await select.locator('summary').click();
    await select.locator('[data-testid="filter-f-size-option"][value="Large"]').check();
    await a.locator(`[data-testid="dashboard"][data-key='${JSON.stringify([AS_OF, { custom: { size: ['Large'] } }])}']`).waitFor({ timeout: 20_000 });
    expect(Number(await a.getByTestId('metric-customers').getAttribute('data-value'))).toBe(large);
    expect(new URL(a.url()).searchParams.getAll('f.size')).toEqual(['Large']);
    await a.screenshot({ path: join(ARTIFACTS, 'formula-dashboard-filter.png') });
    await select.locator('[data-testid="filter-f-size-option"][value="Large"]').uncheck();
    await openSheet(a, 'customers');
  });

  it('an error shows its code, explained on hover', async () => {
    await a.getByTestId('add-formula-column').click();
    await a.getByTestId('formula-name').fill('Per license');
    await a.getByTestId('formula-text').fill('mrr / (licenses - licenses)');
    await a.getByTestId('formula-ok').waitFor();
    await a.getByTestId('formula-save').click();
    const c = (await snapshotOf(a)).customers[0];
    await search(a, c.name);
    await reveal(a, 'f.per_license');
    const target = cell(a, 'customers', c.id, 'f.per_license');
    await expect.poll(() => target.textContent(), { timeout: 15_000 }).toBe('#DIV/0!');
    await target.hover();
    await expect.poll(() => a.locator('.ag-tooltip').first().textContent(), { timeout: 10_000 }).toContain('division by zero');
    await a.screenshot({ path: join(ARTIFACTS, 'formula-columns.png') });
  });

  it('Bruno renames a column from its header; Ana sees the new name; then he deletes it', async () => {
    await search(b, '');
    await reveal(b, 'f.size');
    await b.getByTestId('formula-menu-size').click();
    await b.getByTestId('formula-dialog').waitFor();
    expect(await b.getByTestId('formula-text').inputValue()).toBe('SE(mrr >= 2000; "Large"; "Small")');
    await b.getByTestId('formula-name').fill('Account size');
    await b.getByTestId('formula-save').click();
    await reveal(a, 'f.size');
    await expect.poll(() => header(a, 'f.size').textContent(), { timeout: 15_000 }).toContain('Account size');

    await reveal(b, 'f.size');
    await b.getByTestId('formula-menu-size').click();
    b.once('dialog', (d) => void d.accept());
    await b.getByTestId('formula-delete').click();
    for (const p of [a, b]) await expect.poll(() => hasColumn(p, 'f.size'), { timeout: 15_000 }).toBe(false);
    expect(await hasColumn(a, 'f.per_license')).toBe(true);
  });
});
