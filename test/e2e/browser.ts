// Shared harness of the browser tests: Debian's Chromium driven by playwright-core, the
// real sync server serving the built app, and helpers that act like a person would
// (click the tab, double-click the cell, type, Enter).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAppBuilt, startTestServer, type InProcessTestServer, type TestServerOptions } from '../support/server.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ARTIFACTS = join(process.cwd(), 'test', 'artifacts');
/** A fixed evaluation date, so the demo data and every metric are the same on every run. */
export const AS_OF = '2026-06-15';

export interface Harness {
  server: InProcessTestServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startHarness(serverOptions: TestServerOptions = {}): Promise<Harness> {
  const staticDir = await ensureAppBuilt();
  const server = await startTestServer({ ...serverOptions, staticDir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

/** A person's browser (its own storage), in the language of `locale`. */
export async function newPerson(h: Harness, locale = 'en-US'): Promise<BrowserContext> {
  const ctx = await h.browser.newContext({ locale, viewport: { width: 1440, height: 900 }, timezoneId: 'America/Sao_Paulo' });
  ctx.setDefaultTimeout(20_000);
  return ctx;
}

/** Opens the workbook link as a person with the given role; waits for the app to render. */
export async function openWorkbook(
  h: Harness,
  ctx: BrowserContext,
  workbookId: string,
  role: 'editor' | 'viewer',
  name: string,
  query = '',
): Promise<Page> {
  const token = await h.server.token(workbookId, role, name);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] page error:`, e.message));
  page.on('console', (m) => { if ((m.type() === 'warning' || m.type() === 'error') && !m.text().startsWith('WebSocket connection')) console.error(`[${name}] console:`, m.text()); });
  await page.goto(`${h.server.httpUrl}/w/${workbookId}?asOf=${AS_OF}${query}#token=${token}`);
  await page.getByTestId('sync-status').waitFor();
  return page;
}

export async function waitSynced(page: Page): Promise<void> {
  await page.locator('[data-testid="sync-status"][data-state="synced"]').waitFor();
}

/** Waits until the server confirmed every local operation. */
export async function waitConfirmed(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-unconfirmed') === '0');
}

export async function openSheet(page: Page, sheet: string): Promise<void> {
  await page.getByTestId(`sheet-${sheet}`).click();
  await page.getByTestId(`grid-${sheet}`).waitFor();
}

/** Scrolls the visible sheet so the column is rendered (columns are virtualised). */
export async function reveal(page: Page, colId: string): Promise<void> {
  await page.evaluate((c) => {
    (window as unknown as { __pulso: { grid: { ensureColumnVisible(c: string): void } } }).__pulso.grid.ensureColumnVisible(c);
  }, colId);
  await page.waitForTimeout(50);
}

/** The rendered cell of a row and column (the row must be in view: use the quick search; the column: reveal). */
export function cell(page: Page, sheet: string, rowId: string, colId: string) {
  return page.locator(`[data-testid="grid-${sheet}"] [row-id="${rowId}"] [col-id="${colId}"]`).first();
}

export async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('quick-search').fill(text);
}

/** Edits a cell like a person: double-click, select all, type, Enter. */
export async function typeInto(page: Page, sheet: string, rowId: string, colId: string, text: string): Promise<void> {
  await reveal(page, colId);
  const c = cell(page, sheet, rowId, colId);
  await c.dblclick();
  const input = c.locator('input').first();
  await input.waitFor();
  await input.fill(text);
  await input.press('Enter');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = { id: string; [field: string]: any };
export type Snap = Record<'customers' | 'contracts' | 'activities' | 'surveys' | 'invoices' | 'tickets' | 'usage' | 'contacts', Row[]>;

/** The workbook's plain snapshot, read in the page. */
export async function snapshotOf(page: Page): Promise<Snap> {
  return page.evaluate(() => (window as unknown as { __pulso: { workbook: { snapshot(): Snap } } }).__pulso.workbook.snapshot());
}

export async function loadDemo(page: Page): Promise<void> {
  await page.getByTestId('load-demo').click();
  await page.getByTestId('load-demo').waitFor({ state: 'detached' });
}

/** Ana loads a demo workbook of `demo` customers and waits for the server to confirm it; Bruno then opens it too (each in the language of their browser's locale). */
export async function twoEditorsOnDemo(workbookId: string, demo: number, locales: { ana?: string; bruno?: string } = {}) {
  const h = await startHarness();
  const ctxA = await newPerson(h, locales.ana);
  const ctxB = await newPerson(h, locales.bruno);
  const a = await openWorkbook(h, ctxA, workbookId, 'editor', 'Ana Souza', `&demo=${demo}`);
  await waitSynced(a);
  await loadDemo(a);
  await waitConfirmed(a);
  const b = await openWorkbook(h, ctxB, workbookId, 'editor', 'Bruno Lima');
  await waitSynced(b);
  return { h, ctxA, ctxB, a, b };
}
