// Two people on one workbook: the same rows on both sides, derived cells that follow a
// colleague's edit, and concurrent edits of two fields of one customer that both survive.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { computeCustomerMetrics, type WorkbookData } from '../../core/index.js';
import { AS_OF, cell, reveal, openSheet, search, snapshotOf, twoEditorsOnDemo, typeInto, type Harness } from './browser.js';


// A real browser on a shared 2-core machine: allow more than the unit-test default.
vi.setConfig({ testTimeout: 90_000 });
let h: Harness;
let ctxA: BrowserContext, ctxB: BrowserContext;
let a: Page, b: Page;
const WB = 'collab';
// The workbook's default locale and currency (pt-BR, BRL) format money, with cents, whatever the interface language.
const brl = (v: number) => new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(v);

beforeAll(async () => {
  ({ h, ctxA, ctxB, a, b } = await twoEditorsOnDemo(WB, 60));
});
afterAll(async () => {
  await h?.close();
});

describe('two browser contexts on one workbook', () => {
  it('B sees the same customer rows A loaded', async () => {
    await openSheet(a, 'customers');
    await openSheet(b, 'customers');
    const snapA = await snapshotOf(a);
    expect(snapA.customers.length).toBe(60);
    await expect.poll(async () => (await snapshotOf(b)).customers.length).toBe(60);
    await search(b, '');
    await expect.poll(() => b.getByTestId('row-count').textContent()).toBe('60 rows');
    // Same rows: every customer id and name of A is in B's replica.
    const snapB = await snapshotOf(b);
    expect(snapB.customers.map((c) => [c.id, c.name]).sort()).toEqual(snapA.customers.map((c) => [c.id, c.name]).sort());
    const first = snapA.customers[0];
    await search(b, first.name);
    await expect.poll(() => cell(b, 'customers', first.id, 'name').textContent()).toBe(first.name);
  });

  it("B's MRR cell follows A's contract edit and equals computeCustomerMetrics", async () => {
    const snap = await snapshotOf(a);
    // A monthly recurring contract active on the as-of date, without cancellation or end.
    const c = snap.contracts.find(
      (k) => k.model === 'recurring' && (k.billingPeriodMonths ?? 1) === 1 && k.startDate <= AS_OF && !k.canceledAt && (!k.endDate || k.endDate >= AS_OF),
    )!;
    expect(c).toBeDefined();
    const customer = snap.customers.find((x) => x.id === c.customerId)!;
    const before = computeCustomerMetrics(snap as unknown as WorkbookData, AS_OF).get(customer.id)!.mrr;

    await openSheet(a, 'contracts');
    await search(a, customer.name);
    await typeInto(a, 'contracts', c.id, 'value', String(c.value + 1234));

    // Worked out by hand: a monthly contract adds its value to the MRR, so +1234.
    const expectedMrr = before + 1234;
    // ag-grid delivers the edit request after the Enter key event: wait for the write to land in A's doc.
    await expect.poll(async () => (await snapshotOf(a)).contracts.find((k) => k.id === c.id)?.value, { timeout: 10_000 }).toBe(c.value + 1234);
    const after = await snapshotOf(a);
    expect(computeCustomerMetrics(after as unknown as WorkbookData, AS_OF).get(customer.id)!.mrr).toBe(expectedMrr);

    await search(b, customer.name);
    await reveal(b, 'm.mrr');
    await expect.poll(() => cell(b, 'customers', customer.id, 'm.mrr').textContent(), { timeout: 15_000 }).toBe(brl(expectedMrr));
  });

  it('A and B edit two fields of one customer at the same moment: both survive on both sides', async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[3];
    await openSheet(a, 'customers');
    await search(a, target.name);
    await search(b, target.name);
    await reveal(a, 'segment');
    await reveal(b, 'plan');
    // Open both editors first, then commit both at once.
    const segA = cell(a, 'customers', target.id, 'segment');
    const planB = cell(b, 'customers', target.id, 'plan');
    await segA.dblclick();
    await planB.dblclick();
    await segA.locator('input').fill('Segment from Ana');
    await planB.locator('input').fill('Plan from Bruno');
    await Promise.all([segA.locator('input').press('Enter'), planB.locator('input').press('Enter')]);

    for (const p of [a, b]) {
      await reveal(p, 'segment');
      await expect.poll(() => cell(p, 'customers', target.id, 'segment').textContent()).toBe('Segment from Ana');
      await reveal(p, 'plan');
      await expect.poll(() => cell(p, 'customers', target.id, 'plan').textContent()).toBe('Plan from Bruno');
    }
  });

  it('shows the colleague in the presence avatars and outlines the cell they selected', async () => {
    await expect.poll(() => a.getByTestId('avatar').count()).toBeGreaterThanOrEqual(1);
    const snap = await snapshotOf(b);
    const target = snap.customers[3];
    await reveal(b, 'csm');
    await reveal(a, 'csm');
    await cell(b, 'customers', target.id, 'csm').click();
    await expect.poll(() => a.getByTestId('presence-outline').filter({ hasText: 'Bruno Lima' }).count(), { timeout: 10_000 }).toBe(1);
  });

  it("Ctrl+Z undoes A's own last edit, never B's", async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[7];
    await openSheet(a, 'customers');
    await search(a, target.name);
    await search(b, target.name);
    await typeInto(a, 'customers', target.id, 'phase', 'Phase by Ana');
    await typeInto(b, 'customers', target.id, 'csm', 'CSM by Bruno');
    await reveal(a, 'csm');
    await expect.poll(() => cell(a, 'customers', target.id, 'csm').textContent(), { timeout: 10_000 }).toBe('CSM by Bruno');
    // Focus is on the grid (not in an editor): Ctrl+Z is the workbook's undo.
    await cell(a, 'customers', target.id, 'csm').click();
    await a.keyboard.press('Control+z');
    for (const p of [a, b]) {
      await reveal(p, 'phase');
      await expect.poll(() => cell(p, 'customers', target.id, 'phase').textContent(), { timeout: 10_000 }).toBe(target.phase ?? '');
      await reveal(p, 'csm');
      await expect.poll(() => cell(p, 'customers', target.id, 'csm').textContent()).toBe('CSM by Bruno');
    }
    await a.keyboard.press('Control+Shift+z');
    await reveal(b, 'phase');
    await expect.poll(() => cell(b, 'customers', target.id, 'phase').textContent(), { timeout: 10_000 }).toBe('Phase by Ana');
  });

  it("a colleague's edit of the same row keeps B's open editor, scroll and what B typed", async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[9];
    await openSheet(a, 'customers');
    await openSheet(b, 'customers');
    await search(a, target.name);
    await search(b, target.name);
    await reveal(b, 'segment');
    const seg = cell(b, 'customers', target.id, 'segment');
    await seg.dblclick();
    const input = seg.locator('input');
    await input.fill('Typed by Bruno');
    const scrollBefore = await b.evaluate(() => document.querySelector('[data-testid="grid-customers"] .ag-body-horizontal-scroll-viewport')?.scrollLeft ?? 0);
    // A changes another field of the same customer while B's editor is open.
    await typeInto(a, 'customers', target.id, 'salesOwner', 'Sales by Ana');
    await expect.poll(async () => (await snapshotOf(b)).customers.find((c) => c.id === target.id)!.salesOwner, { timeout: 10_000 }).toBe('Sales by Ana');
    expect(await input.count()).toBe(1);
    expect(await input.inputValue()).toBe('Typed by Bruno');
    expect(await b.evaluate(() => document.querySelector('[data-testid="grid-customers"] .ag-body-horizontal-scroll-viewport')?.scrollLeft ?? 0)).toBe(scrollBefore);
    await input.press('Enter');
    await expect.poll(async () => (await snapshotOf(a)).customers.find((c) => c.id === target.id)!.segment, { timeout: 10_000 }).toBe('Typed by Bruno');
  });

  it('colleagues see the name on a person\'s link, whatever name they type for themselves', async () => {
    await b.getByTestId('user-name').click();
    const input = b.getByTestId('user-name-input');
    await input.fill('Bruno L.');
    await input.press('Enter');
    expect(await b.getByTestId('user-name').textContent()).toBe('Bruno L.');
    // The server takes the name from the token (nobody can pose as someone else).
    await a.waitForTimeout(1000);
    expect(await a.locator('[data-testid="avatar"][title="Bruno L."]').count()).toBe(0);
    expect(await a.locator('[data-testid="avatar"][title="Bruno Lima"]').count()).toBe(1);
  });
});
