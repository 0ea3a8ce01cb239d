// The sheets on a phone (390×844, touch): the top bar fits the screen, the pinned name
// column leaves room for the data (the pinned part takes at most 40% of the width), and a
// row opens as a card with all its fields — editable ones editable (in the workbook
// locale's notation), derived ones read-only. Screenshots in test/artifacts/phone-*.png.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { fieldsOf } from '../../core/index.js';
import { ARTIFACTS, loadDemo, openSheet, openWorkbook, search, snapshotOf, startHarness, waitConfirmed, waitSynced, type Harness } from './browser.js';

vi.setConfig({ testTimeout: 120_000 });
let h: Harness;
let ctx: BrowserContext;
let p: Page;
const WB = 'phone';
const WIDTH = 390;

beforeAll(async () => {
  h = await startHarness();
  ctx = await h.browser.newContext({
    locale: 'pt-BR',
    viewport: { width: WIDTH, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    timezoneId: 'America/Sao_Paulo',
  });
  ctx.setDefaultTimeout(20_000);
  p = await openWorkbook(h, ctx, WB, 'editor', 'Ana Souza', '&demo=30');
  await waitSynced(p);
  await loadDemo(p);
  await waitConfirmed(p);
});
afterAll(async () => {
  await h?.close();
});

/** Widest content of the page and of the top bar, against the screen. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const bar = document.querySelector('.topbar') as HTMLElement;
    return { page: document.documentElement.scrollWidth, bar: bar.scrollWidth, barRight: Math.max(...[...bar.children].map((c) => c.getBoundingClientRect().right)) };
  });

describe('phone 390×844', () => {
  it('the top bar fits without horizontal scrolling', async () => {
    await openSheet(p, 'customers');
    const o = await overflow(p);
    expect(o.page).toBeLessThanOrEqual(WIDTH);
    expect(o.bar).toBeLessThanOrEqual(WIDTH);
    expect(o.barRight).toBeLessThanOrEqual(WIDTH);
    await p.screenshot({ path: join(ARTIFACTS, 'phone-customers.png') });
  });

  it('the pinned name column takes at most 40% of the width, the checkboxes scroll with the row', async () => {
    await openSheet(p, 'customers');
    const name = p.locator('.ag-header-cell[col-id="name"]');
    const nameBox = (await name.boundingBox())!;
    expect(nameBox.width).toBeLessThanOrEqual(WIDTH * 0.4);
    // Everything pinned ("#" and the name) takes at most 40% of the screen's width.
    const first = (await p.locator('[data-testid="grid-customers"] .ag-header-cell[col-id="row-card"]').boundingBox())!;
    expect(nameBox.x + nameBox.width - first.x).toBeLessThanOrEqual(WIDTH * 0.4);
    // The checkboxes are not pinned: they scroll with the row, after the name.
    const check = (await p.locator('[data-testid="grid-customers"] .ag-header-cell[col-id="ag-Grid-SelectionColumn"]').boundingBox())!;
    expect(check.x).toBeGreaterThanOrEqual(nameBox.x + nameBox.width - 1);
    // The name is still readable: at least a hundred pixels.
    expect(nameBox.width).toBeGreaterThanOrEqual(100);
  });

  it('a tap on the row number opens the customer as a card: every field editable, derived figures read-only', async () => {
    const snap = await snapshotOf(p);
    const target = snap.customers[2];
    await openSheet(p, 'customers');
    await search(p, target.name);
    await p.locator(`[data-testid="grid-customers"] [row-id="${target.id}"] [data-testid="open-row-card"]`).tap();
    const card = p.getByTestId('row-card');
    await card.waitFor();
    // The dialog is named by its title (aria-labelledby → its heading): the row's name.
    expect(await p.locator(`[id="${await card.getAttribute('aria-labelledby')}"]`).textContent()).toContain(target.name);
    // Every field of the customer, by its Portuguese label, with its value.
    for (const [field, def] of Object.entries(fieldsOf('customers'))) {
      const label = card.locator(`label[for="card-${field}"]`);
      expect((await label.textContent())!.replace(/ \*$/, '')).toBe(def.label['pt-BR']);
      expect(await card.getByTestId(`card-field-${field}`).isEditable()).toBe(true);
    }
    expect(await card.getByTestId('card-field-name').inputValue()).toBe(target.name);
    expect(await card.getByTestId('card-field-externalId').inputValue()).toBe(target.externalId);
    // Derived figures, grouped as on the sheet, not editable.
    for (const group of ['Receita', 'Saúde', 'Relacionamento', 'Suporte e financeiro']) await card.locator('h3', { hasText: group }).waitFor();
    const mrr = card.getByTestId('card-value-m.mrr');
    await expect.poll(() => mrr.locator('dd').textContent()).toMatch(/^R\$\s[\d.]+(,\d+)?$/);
    expect(await mrr.locator('input').count()).toBe(0);
    await p.screenshot({ path: join(ARTIFACTS, 'phone-card.png') });
    await card.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await p.screenshot({ path: join(ARTIFACTS, 'phone-card-derived.png') });
    await card.evaluate((el) => el.scrollTo(0, 0));

    // An edit in the card is an edit of the row.
    const plan = card.getByTestId('card-field-plan');
    await plan.fill('Plano Ouro');
    await plan.press('Enter');
    await expect.poll(async () => (await snapshotOf(p)).customers.find((c) => c.id === target.id)!.plan).toBe('Plano Ouro');
    await card.getByTestId('dialog-close').tap();
    await card.waitFor({ state: 'detached' });
    await search(p, '');
  });

  it('a contract opened as a card takes money with the decimal comma and says what is wrong', async () => {
    const snap = await snapshotOf(p);
    const contract = snap.contracts[0];
    const customer = snap.customers.find((c) => c.id === contract.customerId)!;
    await openSheet(p, 'contracts');
    await search(p, customer.name);
    await p.locator(`[data-testid="grid-contracts"] [row-id="${contract.id}"] [data-testid="open-row-card"]`).tap();
    const card = p.getByTestId('row-card');
    await card.waitFor();
    expect(await p.locator(`[id="${await card.getAttribute('aria-labelledby')}"]`).textContent()).toContain(`Contratos — ${customer.name}`);
    const value = card.getByTestId('card-field-value');
    await value.fill('2.345,67');
    await value.press('Enter');
    await expect.poll(async () => (await snapshotOf(p)).contracts.find((c) => c.id === contract.id)!.value).toBe(2345.67);
    await expect.poll(() => value.inputValue()).toBe('2345,67');
    await value.fill('abc');
    await value.press('Enter');
    await expect.poll(() => card.getByTestId('card-error').textContent()).toBe('Não salvo — "abc" não é um número como escrito aqui: escreva como 1.234,56');
    await p.screenshot({ path: join(ARTIFACTS, 'phone-card-contract-error.png') });
    expect((await snapshotOf(p)).contracts.find((c) => c.id === contract.id)!.value).toBe(2345.67);
    // Fixed: the message goes.
    await value.fill('2.000');
    await value.press('Enter');
    await card.getByTestId('card-error').waitFor({ state: 'detached' });
    expect((await snapshotOf(p)).contracts.find((c) => c.id === contract.id)!.value).toBe(2000);
    await card.getByTestId('dialog-close').tap();
    await search(p, '');
  });

  it('the other sheets fit too', async () => {
    for (const sheet of ['activities', 'contacts']) {
      await openSheet(p, sheet);
      const o = await overflow(p);
      expect(o.page, sheet).toBeLessThanOrEqual(WIDTH);
      await p.screenshot({ path: join(ARTIFACTS, `phone-${sheet}.png`) });
    }
  });
});
