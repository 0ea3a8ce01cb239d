// What must not happen: a viewer changing the workbook, and invalid input being written.
// Also the screenshot of the Customers sheet with demo data (test/artifacts/).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, cell, reveal, loadDemo, newPerson, openSheet, openWorkbook, search, snapshotOf, startHarness, typeInto, waitConfirmed, waitSynced, type Harness } from './browser.js';


// A real browser on a shared 2-core machine: allow more than the unit-test default.
vi.setConfig({ testTimeout: 90_000 });
let h: Harness;
let ctxA: BrowserContext, ctxV: BrowserContext;
let a: Page, v: Page;
const WB = 'guards';

beforeAll(async () => {
  h = await startHarness();
  ctxA = await newPerson(h);
  ctxV = await newPerson(h);
  a = await openWorkbook(h, ctxA, WB, 'editor', 'Ana Souza', '&demo=50');
  await waitSynced(a);
  await loadDemo(a);
  await waitConfirmed(a);
  v = await openWorkbook(h, ctxV, WB, 'viewer', 'Vera Viewer');
  await waitSynced(v);
});
afterAll(async () => {
  await h?.close();
});

describe('viewer link', () => {
  it('cells are not editable and nothing reaches the server', async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[2];
    await v.getByTestId('readonly-banner').waitFor();
    expect(await v.getByTestId('load-demo').count()).toBe(0);
    await openSheet(v, 'customers');
    await search(v, target.name);
    const nameCell = cell(v, 'customers', target.id, 'name');
    await expect.poll(() => nameCell.textContent()).toBe(target.name);
    // A double-click opens no editor, typing changes nothing.
    await nameCell.dblclick();
    expect(await nameCell.locator('input').count()).toBe(0);
    await v.keyboard.type('Hacked');
    await v.keyboard.press('Enter');
    expect(await nameCell.textContent()).toBe(target.name);
    expect(await v.getByTestId('add-row').count()).toBe(0);

    // Even a write forced through the page's own workbook is dropped by the server:
    // the editor never receives it, and a fresh load from the server does not have it.
    await v.evaluate((id) => {
      (window as unknown as { __pulso: { workbook: { update(t: string, id: string, p: object): unknown } } }).__pulso.workbook.update('customers', id, { name: 'Forced by viewer' });
    }, target.id);
    await v.waitForTimeout(1500);
    const fromA = await snapshotOf(a);
    expect(fromA.customers.find((c) => c.id === target.id)!.name).toBe(target.name);
    const ctxC = await newPerson(h);
    const c = await openWorkbook(h, ctxC, WB, 'editor', 'Carla Check');
    await waitSynced(c);
    await expect.poll(async () => (await snapshotOf(c)).customers.length).toBe(50);
    const fromServer = await snapshotOf(c);
    expect(fromServer.customers.find((x) => x.id === target.id)!.name).toBe(target.name);
    await ctxC.close();
  });
});

describe('refused link', () => {
  it('an expired token is shown as such and the local copy stays usable', async () => {
    const ctxX = await newPerson(h);
    const token = await h.server.token(WB, 'editor', 'Xavier Late', '1s');
    await new Promise((r) => setTimeout(r, 2100));
    const x = await ctxX.newPage();
    await x.goto(`${h.server.httpUrl}/w/${WB}#token=${token}`);
    const banner = x.getByTestId('token-refused');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('the link has expired');
    expect(await x.getByTestId('sync-status').getAttribute('data-state')).toBe('offline');
    // The token left the address bar.
    expect(new URL(x.url()).hash).toBe('');
    await ctxX.close();
  });
});

describe('invalid input', () => {
  it('shows a message at the cell and leaves the value unchanged', async () => {
    const snap = await snapshotOf(a);
    const contract = snap.contracts[0];
    const customer = snap.customers.find((c) => c.id === contract.customerId)!;
    await openSheet(a, 'contracts');
    await search(a, customer.name);
    const valueCell = cell(a, 'contracts', contract.id, 'value');
    const shown = await valueCell.textContent();
    await typeInto(a, 'contracts', contract.id, 'value', 'abc');
    const msg = a.getByTestId('cell-error');
    await msg.waitFor();
    expect(await msg.textContent()).toContain('"abc" is not a number');
    expect(await valueCell.textContent()).toBe(shown);
    const after = await snapshotOf(a);
    expect(after.contracts.find((c) => c.id === contract.id)!.value).toBe(contract.value);

    // A negative value parses but breaks the field's rule (value ≥ 0).
    await typeInto(a, 'contracts', contract.id, 'value', '-5');
    await expect.poll(() => msg.textContent()).toContain('-5');
    expect(await valueCell.textContent()).toBe(shown);
  });
});

describe('paste', () => {
  it('pastes a tab-separated block as one undoable change; invalid lines are reported, not written', async () => {
    const snap = await snapshotOf(a);
    const customer = snap.customers[4];
    const mine = snap.contracts.filter((c) => c.customerId === customer.id).map((c) => c.id).sort();
    expect(mine.length).toBeGreaterThanOrEqual(2);
    await openSheet(a, 'contracts');
    await search(a, customer.name);
    // The rows below the focused cell, in display order.
    const order: string[] = await a.evaluate(() => {
      const g = (window as unknown as { __pulso: { grid: { getDisplayedRowAtIndex(i: number): { data: { id: string } } | undefined } } }).__pulso.grid;
      const ids: string[] = [];
      for (let i = 0; g.getDisplayedRowAtIndex(i); i++) ids.push(g.getDisplayedRowAtIndex(i)!.data.id);
      return ids;
    });
    const [first, second] = order;
    await reveal(a, 'value');
    await cell(a, 'contracts', first, 'value').click();
    // Two lines of value + billing period (the column right of value). Line 1 is fine;
    // line 2 has an invalid billing period, so the whole line is refused.
    await a.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, '1500.5\t1\n777\tnope\n');
    const report = a.getByTestId('paste-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('Pasted 1 row(s).');
    expect(await report.textContent()).toContain('row 2:');
    expect(await report.textContent()).toContain('nope');
    let now = await snapshotOf(a);
    const byId = (s: typeof now, id: string) => s.contracts.find((c) => c.id === id)!;
    expect(byId(now, first).value).toBe(1500.5);
    expect(byId(now, first).billingPeriodMonths).toBe(1);
    expect(byId(now, second).value).toBe(byId(snap, second).value);
    // One Ctrl+Z takes the whole paste back.
    await cell(a, 'contracts', first, 'value').click();
    await a.keyboard.press('Control+z');
    await expect.poll(async () => byId(await snapshotOf(a), first).value).toBe(byId(snap, first).value);
    now = await snapshotOf(a);
    expect(byId(now, first).billingPeriodMonths ?? 1).toBe(byId(snap, first).billingPeriodMonths ?? 1);
  });
});

describe('rows', () => {
  it('adds a row, picks its customer by typing part of the name, deletes it (confirmed) and undoes the delete', async () => {
    await openSheet(a, 'contracts');
    await search(a, '');
    const count = async () => Number((await a.getByTestId('row-count').textContent())!.replace(/\D/g, ''));
    // The count follows the cleared search (and a sheet still filling) a moment later.
    const before = (await snapshotOf(a)).contracts.length;
    await expect.poll(count).toBe(before);
    await a.getByTestId('add-row').click();
    await expect.poll(count).toBe(before + 1);
    // The new row's first cell (Customer) has the focus: Enter opens the picker. On a loaded
    // machine the focus lands a moment after the row count changes.
    await expect.poll(() => a.evaluate(() => !!(window as unknown as { __pulso: { grid: { getFocusedCell(): unknown } } }).__pulso.grid.getFocusedCell())).toBe(true);
    const id: string = await a.evaluate(() => {
      const g = (window as unknown as { __pulso: { grid: { getFocusedCell(): { rowIndex: number }; getDisplayedRowAtIndex(i: number): { data: { id: string } } } } }).__pulso.grid;
      return g.getDisplayedRowAtIndex(g.getFocusedCell().rowIndex).data.id;
    });
    const snap = await snapshotOf(a);
    const target = snap.customers[6];
    await a.keyboard.press('Enter');
    await a.getByTestId('ref-editor-input').fill(target.name.slice(0, 8).toLowerCase());
    await expect.poll(() => a.locator('.ref-editor li').allTextContents()).toContain(target.name);
    await a.locator('.ref-editor li', { hasText: target.name }).first().dispatchEvent('mousedown');
    await expect.poll(async () => (await snapshotOf(a)).contracts.find((c) => c.id === id)?.customerId).toBe(target.id);

    a.once('dialog', (d) => void d.accept());
    // Headless Chromium's overlay scrollbar covers the last row's checkbox: select through the grid.
    await a.evaluate((rowId) => (window as unknown as { __pulso: { grid: { getRowNode(id: string): { setSelected(v: boolean): void } } } }).__pulso.grid.getRowNode(rowId).setSelected(true), id);
    await a.getByTestId('delete-rows').click();
    await expect.poll(count).toBe(before);
    await a.keyboard.press('Control+z');
    await expect.poll(count).toBe(before + 1);
    expect((await snapshotOf(a)).contracts.find((c) => c.id === id)?.customerId).toBe(target.id);
  });
});

describe('sheet preferences', () => {
  it('sort and quick search are remembered for this person after a reload', async () => {
    await openSheet(a, 'customers');
    await search(a, 'Ltda');
    await a.evaluate(() => (window as unknown as { __pulso: { grid: { applyColumnState(s: object): void } } }).__pulso.grid.applyColumnState({ state: [{ colId: 'm.mrr', sort: 'desc' }] }));
    await a.waitForTimeout(300);
    await a.reload();
    await openSheet(a, 'customers');
    await expect.poll(() => a.getByTestId('quick-search').inputValue()).toBe('Ltda');
    const sort = await a.evaluate(() =>
      (window as unknown as { __pulso: { grid: { getColumnState(): { colId: string; sort?: string | null }[] } } }).__pulso.grid.getColumnState().filter((c) => c.sort).map((c) => [c.colId, c.sort]),
    );
    expect(sort).toEqual([['m.mrr', 'desc']]);
    await search(a, '');
  });
});

describe('language', () => {
  it('switches every label to Portuguese and back, numbers staying in the workbook locale', async () => {
    await openSheet(a, 'customers');
    const snap = await snapshotOf(a);
    const c = snap.customers[0];
    await search(a, c.name);
    // The derived columns follow the customer's fields: scroll to MRR.
    await reveal(a, 'm.mrr');
    const mrrEn = await cell(a, 'customers', c.id, 'm.mrr').textContent();
    // Numbers follow the workbook's locale (Settings, pt-BR by default), not the interface language.
    expect(mrrEn).toMatch(/^R\$\u00a0[\d.]+,\d\d$/);
    await a.getByTestId('lang').selectOption('pt-BR');
    expect(await a.getByTestId('sheet-customers').textContent()).toBe('Clientes');
    expect(await a.getByTestId('sheet-settings').textContent()).toBe('Configurações');
    await a.getByTestId('grid-customers').waitFor();
    await search(a, c.name);
    await reveal(a, 'm.mrr');
    // Same amount, same format: the language changes words only.
    try {
      await expect.poll(() => cell(a, 'customers', c.id, 'm.mrr').textContent(), { timeout: 5000 }).toBe(mrrEn);
      expect(await a.getByTestId('sync-status').textContent()).toContain('Sincronizado');
    } finally {
      await a.getByTestId('lang').selectOption('en');
    }
    expect(await a.getByTestId('sheet-customers').textContent()).toBe('Customers');
  });
});

describe('screenshot', () => {
  it('Customers sheet with demo data', async () => {
    await openSheet(a, 'customers');
    await search(a, '');
    await reveal(a, 'm.healthScore');
    await expect.poll(() => a.locator('.health-badge').count()).toBeGreaterThan(5);
    const file = join(ARTIFACTS, 'customers.png');
    await a.screenshot({ path: file });
    const snap = await snapshotOf(a);
    const first = snap.customers[0];
    await search(a, first.name);
    await reveal(a, 'm.healthScore');
    await cell(a, 'customers', first.id, 'm.healthScore').locator('.health-badge').click();
    await a.getByTestId('health-breakdown').waitFor();
    await a.screenshot({ path: join(ARTIFACTS, 'customers-breakdown.png') });
    expect(await a.getByTestId('health-breakdown').textContent()).toContain('Engagement');
  });
});
