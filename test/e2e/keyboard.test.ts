// A keyboard-only walk through the main flows: after the workbook is set up, every step is a
// key press (page.keyboard: Tab, Shift+Tab, arrows, Enter, Esc, "?", typing) and the page is
// only read, never clicked. Dashboard → a sheet by the tabs → edit a cell → the customer's
// page and back → the help dialog (focus comes back) → add a row → the import dialog → a
// drill-down from a dashboard figure.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, loadDemo, newPerson, openWorkbook, snapshotOf, startHarness, waitConfirmed, waitSynced, type Harness } from './browser.js';

vi.setConfig({ testTimeout: 90_000 });
let h: Harness;
let ctx: BrowserContext;
let page: Page;
const WB = 'keys';

/** What has the focus: its test id, role, column and row (in a grid), and the dialog it is in. */
function focused(p: Page) {
  return p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      testid: el?.getAttribute('data-testid') ?? null,
      role: el?.getAttribute('role') ?? null,
      tag: el?.tagName.toLowerCase() ?? null,
      colId: el?.closest('[col-id]')?.getAttribute('col-id') ?? null,
      rowId: el?.closest('[row-id]')?.getAttribute('row-id') ?? null,
      inGrid: !!el?.closest('.ag-root-wrapper'),
      dialog: el?.closest('[role="dialog"]')?.getAttribute('data-testid') ?? null,
      classes: el?.className ?? '',
      metric: el?.closest('[data-testid^="metric-"]')?.getAttribute('data-testid') ?? null,
    };
  });
}
type Focus = Awaited<ReturnType<typeof focused>>;

/** Presses `key` until the focus matches (at most `max` presses); fails if it never does. */
async function pressUntil(p: Page, key: string, want: (f: Focus) => boolean, max = 120): Promise<Focus> {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press(key);
    const f = await focused(p);
    if (want(f)) return f;
  }
  throw new Error(`focus never reached the target with ${key}: ${JSON.stringify(await focused(p))}`);
}

beforeAll(async () => {
  h = await startHarness();
  ctx = await newPerson(h);
  page = await openWorkbook(h, ctx, WB, 'editor', 'Ana Souza', '&demo=20');
  await waitSynced(page);
  await loadDemo(page);
  await waitConfirmed(page);
  await page.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
});
afterAll(async () => {
  await h?.close();
});

describe('keyboard only', () => {
  it('reaches the tabs with Tab, moves along them with the arrows and opens the Customers sheet with Enter', async () => {
    // The tablist is one tab stop: the selected tab (Dashboard) takes the focus. (Backwards: the
    // "Load demo data" button that had the focus was in the view, below the tabs.)
    const f = await pressUntil(page, 'Shift+Tab', (x) => x.role === 'tab');
    expect(f.testid).toBe('sheet-dashboard');
    await page.keyboard.press('ArrowRight');
    expect((await focused(page)).testid).toBe('sheet-customers');
    // Arrowing does not open: the dashboard is still the selected tab.
    expect(await page.getByTestId('sheet-dashboard').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect((await focused(page)).testid).toBe('sheet-settings'); // wraps around
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.screenshot({ path: join(ARTIFACTS, 'keyboard-tab-focus.png'), clip: { x: 0, y: 0, width: 1440, height: 140 } });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="grid-customers"] .ag-row').first().waitFor();
    expect(await page.getByTestId('sheet-customers').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('sheet-customers').getAttribute('tabindex')).toBe('0');
    expect(await page.getByTestId('sheet-dashboard').getAttribute('tabindex')).toBe('-1');
  });

  it("edits a customer's name: Tab into the grid, arrows to the cell, Enter, type, Enter", async () => {
    await pressUntil(page, 'Tab', (x) => x.inGrid);
    const cellOf = await pressUntil(page, 'ArrowDown', (x) => x.rowId !== null, 3);
    const rowId = cellOf.rowId!;
    await pressUntil(page, 'ArrowRight', (x) => x.colId === 'name', 3);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="grid-customers"] .ag-cell-inline-editing input').waitFor();
    // A name that keeps the row's place in the default order (by name), so it stays under the focus.
    const renamed = `${(await snapshotOf(page)).customers.find((c) => c.id === rowId)!.name} Teclado`;
    await page.keyboard.press('Control+a');
    await page.keyboard.type(renamed);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await snapshotOf(page)).customers.find((c) => c.id === rowId)?.name).toBe(renamed);
    // Enter moved down a row; back up to the edited cell.
    await page.keyboard.press('ArrowUp');
    const f = await focused(page);
    expect([f.rowId, f.colId]).toEqual([rowId, 'name']);
  });

  it("opens the customer's page with Ctrl+Enter and comes back with Esc, the focus on the same cell", async () => {
    const before = await focused(page);
    await page.keyboard.press('Control+Enter');
    await page.locator(`[data-testid="customer-360"][data-customer="${before.rowId}"]`).waitFor();
    await expect.poll(async () => (await focused(page)).testid).toBe('c360-back'); // moved there right after the first paint
    expect(await page.getByTestId('c360-field-name').textContent()).toContain('Teclado');
    await page.keyboard.press('Escape');
    await page.getByTestId('customer-360').waitFor({ state: 'detached' });
    await expect.poll(async () => { const f = await focused(page); return [f.rowId, f.colId]; }).toEqual([before.rowId, 'name']);
  });

  it("opens the row's menu with Shift+F10, its history with Enter, and Esc twice brings the focus back to the cell", async () => {
    const before = await focused(page);
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('row-menu').waitFor();
    expect((await focused(page)).testid).toBe('row-menu-history');
    await page.keyboard.press('Escape');
    await page.getByTestId('row-menu').waitFor({ state: 'detached' });
    expect([(await focused(page)).rowId, (await focused(page)).colId]).toEqual([before.rowId, before.colId]);
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('row-menu-history').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('row-history').waitFor();
    expect((await focused(page)).dialog).toBe('row-history');
    await page.keyboard.press('Escape');
    await page.getByTestId('row-history').waitFor({ state: 'detached' });
    await expect.poll(async () => { const f = await focused(page); return [f.rowId, f.colId]; }).toEqual([before.rowId, before.colId]);
  });

  it('opens the help with "?" outside the grid and closes it with Esc, the focus back where it was', async () => {
    // Out of the grid backwards, to the sheet's toolbar.
    const outside = await pressUntil(page, 'Shift+Tab', (x) => !x.inGrid && x.tag === 'button');
    await page.keyboard.press('?');
    await page.getByTestId('help-dialog').waitFor();
    expect((await focused(page)).dialog).toBe('help-dialog');
    // Tab stays inside the dialog.
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      expect((await focused(page)).dialog).toBe('help-dialog');
    }
    expect(await page.getByTestId('help-dialog').getAttribute('aria-modal')).toBe('true');
    await page.screenshot({ path: join(ARTIFACTS, 'keyboard-help-en.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('help-dialog').waitFor({ state: 'detached' });
    const back = await focused(page);
    expect([back.testid, back.classes]).toEqual([outside.testid, outside.classes]);
  });

  it('adds a row with the "+ Add row" button; Tab then leaves the grid in one press', async () => {
    const before = (await snapshotOf(page)).customers.length;
    await pressUntil(page, 'Shift+Tab', (x) => x.testid === 'add-row', 10);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await snapshotOf(page)).customers.length).toBe(before + 1);
    // The new row has the focus, in the grid.
    await expect.poll(async () => (await focused(page)).inGrid).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).inGrid).toBe(false);
  });

  it('opens the import dialog from the top bar and closes it with Esc', async () => {
    await pressUntil(page, 'Shift+Tab', (x) => x.testid === 'import-open');
    await page.keyboard.press('Enter');
    await page.getByTestId('import-wizard').waitFor();
    expect((await focused(page)).dialog).toBe('import-wizard');
    await page.keyboard.press('Escape');
    await page.getByTestId('import-wizard').waitFor({ state: 'detached' });
    expect((await focused(page)).testid).toBe('import-open');
  });

  it('goes back to the dashboard and drills down from a figure with Enter', async () => {
    await pressUntil(page, 'Tab', (x) => x.role === 'tab');
    expect((await focused(page)).testid).toBe('sheet-customers'); // the selected tab is the tablist's one stop
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    const f = await pressUntil(page, 'Tab', (x) => x.metric === 'metric-activeCustomers' && x.tag === 'button');
    expect(f.metric).toBe('metric-activeCustomers');
    await page.keyboard.press('Enter');
    await page.getByTestId('filter-chip').waitFor();
    expect(await page.getByTestId('sheet-customers').getAttribute('aria-selected')).toBe('true');
  });
});
