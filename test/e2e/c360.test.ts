// Customer 360 in a real browser against the real server: opened from a sheet, a dashboard
// list and the quick switcher; every metric equal to core; the timeline of a hand-built
// customer; edits in the page seen by a colleague's grid and back; the back button; a
// customer removed by a colleague; offline.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { computeCustomerMetrics, tableLoadOrder, type CustomerMetrics, type WorkbookData } from '../../core/index.js';
import { ARTIFACTS, AS_OF, cell, openSheet, reveal, search, snapshotOf, twoEditorsOnDemo, typeInto, waitConfirmed, waitSynced, type Harness } from './browser.js';
import { TL_CUSTOMER, TL_EXPECTED, timelineRows } from '../support/timeline-customer.js';

vi.setConfig({ testTimeout: 90_000 });
let h: Harness;
let ctxA: BrowserContext, ctxB: BrowserContext;
let a: Page, b: Page;
const WB = 'c360';

type W = { __pulso: { workbook: { insertMany(t: string, rows: unknown[]): { ok: boolean }; remove(t: string, id: string): unknown; update(t: string, id: string, p: object): unknown } } };

/** Waits until the page shows this customer with its worker data for the as-of date. */
async function pageReady(p: Page, id: string) {
  await p.locator(`[data-testid="customer-360"][data-customer="${id}"][data-state="ready"]`).waitFor({ timeout: 20_000 });
}

/** Every c360-metric-* tile's data-value. */
async function shownMetrics(p: Page): Promise<Record<string, string>> {
  return p.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of document.querySelectorAll('[data-testid^="c360-metric-"]')) out[el.getAttribute('data-testid')!.slice('c360-metric-'.length)] = el.getAttribute('data-value') ?? '';
    return out;
  });
}

function expectMetricsEqual(shown: Record<string, string>, m: CustomerMetrics) {
  expect(Object.keys(shown).length).toBeGreaterThanOrEqual(20);
  for (const [field, got] of Object.entries(shown)) {
    expect(field in m, field).toBe(true);
    const raw = field === 'sponsor' ? (m.sponsor?.name ?? null) : (m[field as keyof CustomerMetrics] as unknown);
    if (raw === null) expect(got, field).toBe('');
    else if (typeof raw === 'number') expect(Number(got), field).toBeCloseTo(raw, 9);
    else expect(got, field).toBe(String(raw));
  }
}

beforeAll(async () => {
  ({ h, ctxA, ctxB, a, b } = await twoEditorsOnDemo(WB, 60));
});
afterAll(async () => {
  await h?.close();
});

describe('Customer 360', () => {
  it('opens from the name in the Customers sheet; every c360-metric-* equals computeCustomerMetrics', async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[2];
    await openSheet(a, 'customers');
    await search(a, target.name);
    await cell(a, 'customers', target.id, 'name').hover();
    await cell(a, 'customers', target.id, 'name').locator('[data-testid="open-customer"]').click();
    await pageReady(a, target.id);
    expect(new URL(a.url()).pathname).toBe(`/w/${WB}/c/${target.id}`);
    expect(new URL(a.url()).searchParams.get('asOf')).toBe(AS_OF);
    const expected = computeCustomerMetrics(snap as unknown as WorkbookData, AS_OF).get(target.id)!;
    expectMetricsEqual(await shownMetrics(a), expected);
    expect(await a.getByTestId('c360-field-name').textContent()).toContain(target.name);
    // The catalog's formula sentence is on hover.
    await expect.poll(() => a.getByTestId('c360-metric-mrr').getAttribute('title')).toMatch(/Monthly value of the recurring contracts active/);
    // The health chart draws the engine's series.
    await a.locator('[data-testid="c360-health-chart"][data-ready="true"] canvas').first().waitFor();
    // Then the engine's long series: one point per day in every range, 365 included.
    await a.locator('[data-testid="c360-health-points"][data-source="daily"]').waitFor({ state: 'attached' });
    for (const r of [30, 90, 180, 365]) {
      await a.locator(`[data-testid="c360-health-range"] [data-range="${r}"]`).click();
      await expect.poll(() => a.getByTestId('c360-health-points').getAttribute('data-count')).toBe(String(r));
    }
    await a.getByTestId('c360-back').click();
    await a.getByTestId('customer-360').waitFor({ state: 'detached' });
    expect(new URL(a.url()).pathname).toBe(`/w/${WB}`);
  });

  it('Ctrl+Enter on the customer cell of another sheet opens its page; back returns to the sheet with its search and scroll', async () => {
    await openSheet(a, 'activities');
    await search(a, '');
    // Scroll the activities grid down so there is a scroll position to keep.
    type G = { __pulso: { grid: { ensureIndexVisible(i: number, p: string): void; getVerticalPixelRange(): { top: number }; getDisplayedRowAtIndex(i: number): { data: { id: string } } } } };
    await a.evaluate(() => (window as unknown as G).__pulso.grid.ensureIndexVisible(60, 'top'));
    await a.waitForTimeout(300);
    const scrollTop = () => a.evaluate(() => (window as unknown as G).__pulso.grid.getVerticalPixelRange().top);
    const before = await scrollTop();
    expect(before).toBeGreaterThan(0);
    const rowId = await a.evaluate(() => (window as unknown as G).__pulso.grid.getDisplayedRowAtIndex(62).data.id);
    const snap = await snapshotOf(a);
    const customerId = snap.activities.find((x) => x.id === rowId)!.customerId as string;
    await reveal(a, 'customerId');
    await cell(a, 'activities', rowId, 'customerId').click();
    await a.keyboard.press('Control+Enter');
    await pageReady(a, customerId);
    // The sheet under the page is out of reach: not rendered, not focusable, not announced.
    const gridCell = cell(a, 'activities', rowId, 'customerId');
    expect(await gridCell.evaluate((el) => el.checkVisibility())).toBe(false);
    for (let i = 0; i < 40; i++) {
      await a.keyboard.press('Tab');
      expect(await a.evaluate(() => !!document.activeElement?.closest('[role="tabpanel"]'))).toBe(false);
    }
    await a.goBack();
    await a.getByTestId('customer-360').waitFor({ state: 'detached' });
    await a.getByTestId('grid-activities').waitFor();
    expect(await gridCell.evaluate((el) => el.checkVisibility())).toBe(true);
    expect(await scrollTop()).toBe(before);
    expect(new URL(a.url()).pathname).toBe(`/w/${WB}`);
    // Forward opens the page again.
    await a.goForward();
    await pageReady(a, customerId);
    await a.goBack();
    await a.getByTestId('customer-360').waitFor({ state: 'detached' });
  });

  it('opens from a dashboard list; back returns to the dashboard, scrolled where it was, filter kept', async () => {
    const snap = await snapshotOf(a);
    const segment = snap.customers[0].segment as string;
    const url = new URL(a.url());
    url.searchParams.append('segment', segment);
    await a.goto(url.toString());
    await a.getByTestId('sheet-dashboard').click();
    await a.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    const row = a.locator('[data-testid="list-churnRisk-row"], [data-testid="list-renewals-row"], [data-testid="list-upsell-row"]').first();
    await row.scrollIntoViewIfNeeded();
    const scroll = await a.locator('.content[role="tabpanel"]').evaluate((el) => el.scrollTop);
    expect(scroll).toBeGreaterThan(0);
    const id = (await row.getAttribute('data-id'))!;
    await row.click();
    await pageReady(a, id);
    await a.goBack();
    await a.getByTestId('customer-360').waitFor({ state: 'detached' });
    expect(await a.locator('.content[role="tabpanel"]').evaluate((el) => el.scrollTop)).toBe(scroll);
    expect(new URL(a.url()).searchParams.getAll('segment')).toEqual([segment]);
    await a.getByTestId('filter-clear').click();
  });

  it('every dashboard list kind: a row is a link to its page (Ctrl+click: a new tab); back returns to the dashboard', async () => {
    await a.getByTestId('sheet-dashboard').click();
    await a.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    for (const list of ['list-churnRisk', 'list-upsell', 'list-tasks', 'list-renewals']) {
      const row = a.getByTestId(`${list}-row`).first();
      await row.waitFor({ timeout: 10_000 }); // each list has rows in this demo portfolio
      const id = (await row.getAttribute('data-id'))!;
      const link = row.getByTestId('open-customer');
      const href = new URL((await link.getAttribute('href'))!, a.url());
      expect(href.pathname, list).toBe(`/w/${WB}/c/${encodeURIComponent(id)}`);
      expect(href.searchParams.get('asOf'), list).toBe(AS_OF);
      await link.click();
      await pageReady(a, id);
      expect(new URL(a.url()).pathname, list).toBe(`/w/${WB}/c/${encodeURIComponent(id)}`);
      await a.goBack();
      await a.getByTestId('customer-360').waitFor({ state: 'detached' });
      await a.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    }
    // Ctrl+click: the browser opens the page's address in a new tab; this one stays on the dashboard.
    const link = a.getByTestId('list-renewals-row').first().getByTestId('open-customer');
    const id = (await a.getByTestId('list-renewals-row').first().getAttribute('data-id'))!;
    const [tab] = await Promise.all([ctxA.waitForEvent('page'), link.click({ modifiers: ['Control'] })]);
    await tab.waitForLoadState('domcontentloaded');
    expect(new URL(tab.url()).pathname).toBe(`/w/${WB}/c/${encodeURIComponent(id)}`);
    await tab.close();
    expect(await a.getByTestId('customer-360').count()).toBe(0);
  });

  it("a card's drill-down: one customer opens its page; several open the filtered sheet, where a name opens the page and back returns to that sheet, still filtered", async () => {
    const snap = await snapshotOf(a);
    const metrics = computeCustomerMetrics(snap as unknown as WorkbookData, AS_OF);
    const active = snap.customers.filter((c) => metrics.get(c.id)!.status === 'active');
    // Several: the active customers (card) → the Customers sheet filtered to them.
    await a.getByTestId('sheet-dashboard').click();
    await a.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    await a.getByTestId('metric-activeCustomers').click();
    await a.getByTestId('grid-customers').waitFor();
    await search(a, ''); // the sheet keeps its quick search from the first test
    await expect.poll(() => a.getByTestId('row-count').textContent()).toBe(`${active.length} rows`);
    const chip = (await a.getByTestId('filter-chip').textContent())!;
    const first = (await a.locator('[data-testid="grid-customers"] [row-id]').first().getAttribute('row-id'))!;
    expect(active.map((c) => c.id)).toContain(first);
    await cell(a, 'customers', first, 'name').hover();
    await cell(a, 'customers', first, 'name').locator('[data-testid="open-customer"]').click();
    await pageReady(a, first);
    await a.goBack();
    await a.getByTestId('customer-360').waitFor({ state: 'detached' });
    await a.getByTestId('grid-customers').waitFor();
    expect(await a.getByTestId('filter-chip').textContent()).toBe(chip);
    await expect.poll(() => a.getByTestId('row-count').textContent()).toBe(`${active.length} rows`);
    await a.getByTestId('filter-chip-clear').click();
    // One: the dashboard filtered by one active customer's CNPJ (unique); its active-customers card → its page.
    const one = active.find((c) => typeof c.externalId === 'string' && c.externalId.length > 0)!;
    const url = new URL(a.url());
    url.searchParams.set('q', one.externalId as string);
    await a.goto(url.toString());
    await a.getByTestId('sheet-dashboard').click();
    await a.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    await expect.poll(() => a.getByTestId('metric-activeCustomers').getAttribute('data-value')).toBe('1');
    await a.getByTestId('metric-activeCustomers').click();
    await pageReady(a, one.id);
    expect(new URL(a.url()).pathname).toBe(`/w/${WB}/c/${encodeURIComponent(one.id)}`);
    await a.goBack();
    await a.getByTestId('customer-360').waitFor({ state: 'detached' });
    await a.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    expect(new URL(a.url()).searchParams.get('q')).toBe(one.externalId);
    await a.getByTestId('filter-clear').click();
  });

  it('the quick switcher (Ctrl+K) finds a customer by CNPJ without punctuation and by name without accents', async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers.find((c) => typeof c.externalId === 'string' && /\D/.test(c.externalId))!;
    await a.keyboard.press('Control+k');
    await a.getByTestId('switcher-input').fill((target.externalId as string).replace(/\D/g, ''));
    await expect.poll(() => a.getByTestId('switcher-customer').first().getAttribute('data-id')).toBe(target.id);
    await a.getByTestId('switcher-input').press('Enter');
    await pageReady(a, target.id);
    const accented = snap.customers.find((c) => /[áéíóúãõç]/i.test(c.name as string))!;
    await a.keyboard.press('Control+k');
    await a.getByTestId('switcher-input').fill((accented.name as string).normalize('NFD').replace(/\p{M}/gu, '').toUpperCase());
    await expect.poll(() => a.getByTestId('switcher-customer').first().getAttribute('data-id')).toBe(accented.id);
    await a.getByTestId('switcher-customer').first().click();
    await pageReady(a, accented.id);
    // …and to a sheet.
    await a.keyboard.press('Control+k');
    await a.getByTestId('switcher-input').fill('contra');
    await a.getByTestId('switcher-input').press('Enter');
    await a.getByTestId('grid-contracts').waitFor();
    await a.getByTestId('customer-360').waitFor({ state: 'detached' });
  });

  it('the timeline of a hand-built customer, with its marks and filters', async () => {
    const rows = timelineRows();
    const ok = await a.evaluate(({ rows, order }) => {
      const wb = (window as unknown as W).__pulso.workbook;
      return order.every((t) => wb.insertMany(t, (rows as Record<string, unknown[]>)[t]).ok);
    }, { rows, order: tableLoadOrder });
    expect(ok).toBe(true);
    await a.evaluate((id) => (window as unknown as { __pulso: { ctx: { openCustomer(id: string): void } } }).__pulso.ctx.openCustomer(id), TL_CUSTOMER);
    await pageReady(a, TL_CUSTOMER);
    const items = () =>
      a.locator('[data-testid="timeline-item"]').evaluateAll((els) =>
        els.map((e) => ({ kind: e.getAttribute('data-kind')!, date: e.getAttribute('data-date')!, key: e.getAttribute('data-key')!, marks: (e.getAttribute('data-marks') ?? '').split(' ').filter(Boolean) })),
      );
    expect(await items()).toEqual(TL_EXPECTED);
    // What a person reads: the survey comment, the weekly usage, the marks.
    const tl = a.getByTestId('c360-timeline');
    expect(await tl.textContent()).toContain('Ótimo suporte');
    expect(await tl.locator('[data-key="week:2026-06-08"]').textContent()).toContain('2 active users, 8 actions');
    expect(await tl.locator('[data-key="tlI1"]').textContent()).toContain('overdue');
    // Filters: invoices only, then a date range.
    for (const k of ['activity', 'ticket', 'survey', 'contract', 'usage-summary']) await a.getByTestId(`tl-kind-${k}`).uncheck();
    expect((await items()).map((i) => i.key)).toEqual(['tlI1', 'tlI2']);
    for (const k of ['activity', 'ticket', 'survey', 'contract', 'usage-summary']) await a.getByTestId(`tl-kind-${k}`).check();
    await a.getByTestId('tl-marked').check();
    expect((await items()).map((i) => i.key)).toEqual(['tlA4', 'tlA2', 'tlT1', 'tlI1']);
    await a.getByTestId('tl-marked').uncheck();
    // Header: sponsor with links; metrics worked out by hand: 2 late activities, 1 overdue invoice, 1 ticket above SLA.
    expect(await a.getByTestId('c360-sponsor').locator('a[href="mailto:carla@example.com"]').count()).toBe(1);
    expect(await a.getByTestId('c360-metric-lateActivities').getAttribute('data-value')).toBe('2');
    expect(await a.getByTestId('c360-metric-overdueInvoices').getAttribute('data-value')).toBe('1');
    expect(await a.getByTestId('c360-metric-ticketsAboveSla').getAttribute('data-value')).toBe('1');
    expect(await a.getByTestId('c360-metric-mrr').getAttribute('data-value')).toBe('1000');
    // Tasks: late first; completing one sets doneAt and it leaves the list, the metric follows.
    expect(await a.getByTestId('c360-task').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(['tlA2', 'tlA4', 'tlA3']);
    await a.locator('[data-testid="c360-task"][data-id="tlA2"] [data-testid="c360-task-complete"]').click();
    await expect.poll(() => a.getByTestId('c360-task').count()).toBe(2);
    expect((await snapshotOf(a)).activities.find((x) => x.id === 'tlA2')!.doneAt).toBe(AS_OF);
    await expect.poll(() => a.getByTestId('c360-metric-lateActivities').getAttribute('data-value')).toBe('1');
    // Reassign in place.
    await a.locator('[data-testid="c360-task"][data-id="tlA3"] [data-testid="c360-task-owner"] .c360-value').click();
    await a.locator('[data-testid="c360-task"][data-id="tlA3"] [data-testid="c360-task-owner"] input').fill('Bruno Lima');
    await a.keyboard.press('Enter');
    await expect.poll(async () => (await snapshotOf(a)).activities.find((x) => x.id === 'tlA3')!.owner).toBe('Bruno Lima');
    // Add a task and a contact.
    await a.getByTestId('c360-task-new').fill('Enviar proposta');
    await a.getByTestId('c360-task-add').click();
    await expect.poll(() => a.getByTestId('c360-task').filter({ hasText: 'Enviar proposta' }).count()).toBe(1);
    await a.getByTestId('c360-contact-new').fill('Diego Alves');
    await a.getByTestId('c360-contact-add').click();
    await expect.poll(() => a.getByTestId('c360-contact').count()).toBe(2);
    expect(await a.locator('[data-testid="c360-contact"].sponsor').getAttribute('data-id')).toBe('tlC1');
  });

  it("an edit in the page reaches a colleague's grid; a colleague's grid edit reaches the page; invalid input is refused; Ctrl+Z undoes", async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[5];
    await a.evaluate((id) => (window as unknown as { __pulso: { ctx: { openCustomer(id: string): void } } }).__pulso.ctx.openCustomer(id), target.id);
    await pageReady(a, target.id);
    await openSheet(b, 'customers');
    await search(b, target.name);
    // A edits the segment in the page.
    await a.locator('[data-testid="c360-field-segment"] .c360-value').click();
    await a.locator('[data-testid="c360-field-segment"] input').fill('Segmento da Ana');
    await a.keyboard.press('Enter');
    await reveal(b, 'segment');
    await expect.poll(() => cell(b, 'customers', target.id, 'segment').textContent(), { timeout: 10_000 }).toBe('Segmento da Ana');
    // B edits the plan in the grid; A's page follows.
    await typeInto(b, 'customers', target.id, 'plan', 'Plano do Bruno');
    await expect.poll(() => a.locator('[data-testid="c360-field-plan"] .c360-value').textContent(), { timeout: 10_000 }).toBe('Plano do Bruno');
    // Presence: B's selected cell shows in A's page.
    await expect.poll(() => a.locator('[data-testid="c360-field-plan"] [data-testid="c360-presence"]').textContent(), { timeout: 10_000 }).toBe('Bruno Lima');
    // An invalid date is refused with a message; nothing changes.
    await a.locator('[data-testid="c360-field-registeredAt"] .c360-value').click();
    const before = (await snapshotOf(a)).customers.find((c) => c.id === target.id)!.registeredAt;
    await a.locator('[data-testid="c360-field-registeredAt"] input').evaluate((el: HTMLInputElement) => {
      el.type = 'text';
      el.value = '31/02/2024';
    });
    await a.locator('[data-testid="c360-field-registeredAt"] input').press('Enter');
    expect(await a.getByTestId('c360-field-error').textContent()).toMatch(/Not saved — [^:]+: "31\/02\/2024" is not a date/);
    expect((await snapshotOf(a)).customers.find((c) => c.id === target.id)!.registeredAt).toBe(before);
    await a.locator('[data-testid="c360-field-registeredAt"] input').press('Escape');
    // Ctrl+Z undoes A's own edit (the segment), not B's plan.
    await a.getByTestId('c360-header').click({ position: { x: 5, y: 5 } });
    await a.keyboard.press('Control+z');
    await expect.poll(() => a.locator('[data-testid="c360-field-segment"] .c360-value').textContent()).toBe(target.segment ?? '—');
    expect(await a.locator('[data-testid="c360-field-plan"] .c360-value').textContent()).toBe('Plano do Bruno');
  });

  it('a customer removed by a colleague: the page says so instead of breaking', async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[8];
    await a.evaluate((id) => (window as unknown as { __pulso: { ctx: { openCustomer(id: string): void } } }).__pulso.ctx.openCustomer(id), target.id);
    await pageReady(a, target.id);
    await b.evaluate((id) => (window as unknown as W).__pulso.workbook.remove('customers', id), target.id);
    await a.locator('[data-testid="customer-360"][data-state="removed"]').waitFor({ timeout: 10_000 });
    expect(await a.getByTestId('c360-removed').textContent()).toContain('was removed');
    // A link to a customer that never existed says so too.
    const url = new URL(a.url());
    url.pathname = `/w/${WB}/c/nobody-here`;
    await a.goto(url.toString());
    await a.locator('[data-testid="customer-360"][data-state="missing"]').waitFor();
    expect(await a.getByTestId('c360-removed').textContent()).toContain('nobody-here');
  });

  it('offline: the page opens by its address from the local copy, an edit in it reaches B once back online', async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[11];
    await waitConfirmed(a);
    await ctxA.setOffline(true);
    const url = new URL(a.url());
    url.pathname = `/w/${WB}/c/${target.id}`;
    await a.goto(url.toString());
    await pageReady(a, target.id);
    expect(await a.getByTestId('sync-status').getAttribute('data-state')).toBe('offline');
    await a.locator('[data-testid="c360-field-phase"] .c360-value').click();
    await a.locator('[data-testid="c360-field-phase"] input').fill('Fase offline');
    await a.keyboard.press('Enter');
    await expect.poll(() => a.locator('[data-testid="c360-field-phase"] .c360-value').textContent()).toBe('Fase offline');
    await ctxA.setOffline(false);
    await waitSynced(a);
    await waitConfirmed(a);
    await openSheet(b, 'customers');
    await search(b, target.name);
    await reveal(b, 'phase');
    await expect.poll(() => cell(b, 'customers', target.id, 'phase').textContent(), { timeout: 15_000 }).toBe('Fase offline');
  }, 120_000);

  it('screenshot of the page (test/artifacts; docs/screenshots with UPDATE_SCREENSHOTS=1)', async () => {
    await a.evaluate((id) => (window as unknown as { __pulso: { ctx: { openCustomer(id: string): void } } }).__pulso.ctx.openCustomer(id), TL_CUSTOMER);
    const snap = await snapshotOf(a);
    const m = computeCustomerMetrics(snap as unknown as WorkbookData, AS_OF);
    // A demo customer with a long history reads better than the hand-built one.
    const rich = snap.customers.slice(15).find((c) => (m.get(c.id)?.lifetimeMonths ?? 0) > 12 && m.get(c.id)?.healthScore !== null)!;
    await a.evaluate((id) => (window as unknown as { __pulso: { ctx: { openCustomer(id: string): void } } }).__pulso.ctx.openCustomer(id), rich.id);
    await pageReady(a, rich.id);
    await a.setViewportSize({ width: 1440, height: 1500 });
    await a.waitForTimeout(800);
    const file = join(ARTIFACTS, 'customer-360.png');
    await a.screenshot({ path: file });
    expect(statSync(file).size).toBeGreaterThan(0);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(process.cwd(), 'docs', 'screenshots'), { recursive: true });
      copyFileSync(file, join(process.cwd(), 'docs', 'screenshots', 'customer-360.png'));
    }
    await a.setViewportSize({ width: 1440, height: 900 });
  });
});
