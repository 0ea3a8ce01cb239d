// The last tab is remembered per workbook across reloads: a reload (or a later visit) opens
// the sheet or view the person left, each workbook its own; a `?sheet=` in the address wins.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { AS_OF, loadDemo, newPerson, openWorkbook, startHarness, waitConfirmed, waitSynced, type Harness } from './browser.js';

vi.setConfig({ testTimeout: 90_000 });
let h: Harness;
let ctx: BrowserContext;
let page: Page;

const selectedTab = (p: Page) => p.locator('[role="tab"][aria-selected="true"]').getAttribute('data-testid');

async function reload(p: Page) {
  await p.reload();
  await waitSynced(p);
}

beforeAll(async () => {
  h = await startHarness();
  ctx = await newPerson(h);
  page = await openWorkbook(h, ctx, 'memory-a', 'editor', 'Ana Souza', '&demo=10');
  await waitSynced(page);
  await loadDemo(page);
  await waitConfirmed(page);
});
afterAll(async () => {
  await h?.close();
});

describe('remembered tab and sheet', () => {
  it('a reload opens the sheet that was open', async () => {
    await page.getByTestId('sheet-contracts').click();
    await page.locator('[data-testid="grid-contracts"] .ag-row').first().waitFor();
    await reload(page);
    await page.locator('[data-testid="grid-contracts"] .ag-row').first().waitFor();
    expect(await selectedTab(page)).toBe('sheet-contracts');
  });

  it('and Settings, and the dashboard', async () => {
    await page.getByTestId('sheet-settings').click();
    await reload(page);
    await page.getByTestId('settings').waitFor();
    expect(await selectedTab(page)).toBe('sheet-settings');
    await page.getByTestId('sheet-dashboard').click();
    await reload(page);
    await page.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    expect(await selectedTab(page)).toBe('sheet-dashboard');
  });

  it('each workbook remembers its own', async () => {
    await page.getByTestId('sheet-tickets').click();
    await page.getByTestId('grid-tickets').waitFor();
    const other = await openWorkbook(h, ctx, 'memory-b', 'editor', 'Ana Souza');
    await waitSynced(other);
    expect(await selectedTab(other)).toBe('sheet-dashboard');
    await other.getByTestId('sheet-usage').click();
    await other.getByTestId('grid-usage').waitFor();
    await other.close();
    await reload(page);
    await page.getByTestId('grid-tickets').waitFor();
    expect(await selectedTab(page)).toBe('sheet-tickets');
  });

  it('a ?sheet= in the address wins, and follows later tab changes', async () => {
    await page.goto(`${h.server.httpUrl}/w/memory-a?asOf=${AS_OF}&sheet=invoices`);
    await waitSynced(page);
    await page.getByTestId('grid-invoices').waitFor();
    expect(await selectedTab(page)).toBe('sheet-invoices');
    await page.getByTestId('sheet-surveys').click();
    expect(new URL(page.url()).searchParams.get('sheet')).toBe('surveys');
    await reload(page);
    await page.getByTestId('grid-surveys').waitFor();
    expect(await selectedTab(page)).toBe('sheet-surveys');
  });
});
