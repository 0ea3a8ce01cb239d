// The dashboard as a person sees it on a 1024–1920 px screen, in pt-BR and English, on the
// default 300-customer demo: no figure is cut off (large ones switch to compact notation
// with the exact value on hover and for screen readers), the health-band donut labels its
// slices, every chart opens its data as a table from the keyboard, and Settings' locale and
// currency change money and dates on the dashboard and in a sheet at once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { computeCustomerMetrics, computeDashboard, ISO_4217_CODES, type WorkbookData } from '../../core/index.js';
import { ARTIFACTS, AS_OF, cell, loadDemo, newPerson, openSheet, openWorkbook, snapshotOf, startHarness, typeInto, waitConfirmed, waitSynced, type Harness } from './browser.js';

vi.setConfig({ testTimeout: 120_000 });
const WB = 'dashboard-layout';
const USER = 'Ana Souza';
const WIDTHS = [1024, 1440, 1920] as const;
const LANGS = ['pt-BR', 'en'] as const;
let h: Harness;
let ctx: BrowserContext;
let page: Page;
let data: WorkbookData;

/** Money as Intl writes it, independently of the app's formatter module. */
const money = (locale: string, currency: string, v: number) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(v);
const norm = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

async function setLang(l: string) {
  await page.getByTestId('lang').selectOption(l);
  await page.waitForFunction((x) => document.documentElement.lang === x, l);
}

/** A write through the page's workbook, like a colleague's or a script's. */
async function writeRow(table: string, id: string, patch: object) {
  const r = await page.evaluate(({ table, id, patch }) => (window as unknown as { __pulso: { workbook: { update(t: string, id: string, p: object): { ok: boolean } } } }).__pulso.workbook.update(table, id, patch), { table, id, patch });
  expect(r.ok).toBe(true);
}

async function setWorkbookSettings(patch: object) {
  const r = await page.evaluate((p) => (window as unknown as { __pulso: { workbook: { updateSettings(p: object): { ok: boolean } } } }).__pulso.workbook.updateSettings(p), patch);
  expect(r.ok).toBe(true);
}

async function showDashboard() {
  await page.getByTestId('sheet-dashboard').click();
  await page.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
  for (const id of ['chart-mrr', 'chart-health', 'chart-band', 'chart-situation']) await page.locator(`[data-testid="${id}"][data-ready="true"] canvas`).first().waitFor();
}

/** Every figure value on the dashboard: its text, title and whether its box cuts it. */
async function figureValues() {
  return page.locator('.dash-card-value').evaluateAll((els) =>
    els.map((e) => {
      const el = e as HTMLElement;
      const card = el.closest('[data-testid^="metric-"]')!;
      return {
        field: card.getAttribute('data-testid')!.slice('metric-'.length),
        unit: card.getAttribute('data-unit'),
        value: card.getAttribute('data-value'),
        text: (el.querySelector('[aria-hidden="true"]') ?? el).textContent ?? '',
        title: el.getAttribute('title') ?? '',
        sr: el.querySelector('.dash-sr')?.textContent ?? null,
        cut: el.scrollWidth > el.clientWidth,
        width: el.clientWidth,
      };
    }),
  );
}

beforeAll(async () => {
  h = await startHarness();
  ctx = await newPerson(h);
  page = await openWorkbook(h, ctx, WB, 'editor', USER);
  await waitSynced(page);
  await loadDemo(page);
  await waitConfirmed(page);
  await showDashboard();
  data = (await snapshotOf(page)) as WorkbookData;
});
afterAll(async () => {
  await h?.close();
});

describe('dashboard layout from 1024 to 1920 px', () => {
  it('no figure value is cut off, in either language, at any width; screenshots of each', async () => {
    const problems: string[] = [];
    let compacted = 0;
    for (const lang of LANGS) {
      await setLang(lang);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await showDashboard();
        // Cards re-measure after the resize (ResizeObserver): wait until none reports a cut.
        await page.waitForFunction(() => [...document.querySelectorAll('.dash-card-value')].every((e) => e.scrollWidth <= e.clientWidth), null, { timeout: 5000 }).catch(() => {});
        const values = await figureValues();
        expect(values.length).toBeGreaterThan(30);
        for (const v of values) {
          if (v.cut) problems.push(`${lang} ${width}px ${v.field}: "${v.text}" cut (${v.width}px)`);
          if (v.text.trim().endsWith('…')) problems.push(`${lang} ${width}px ${v.field}: "${v.text}" ends with …`);
          if (v.sr !== null) compacted++;
        }
        // Within one box, money reads one way: all with cents, all whole or all compact.
        const boxes = new Map<string, Set<boolean>>();
        for (const v of values) if (v.unit === 'money' && v.field.includes('.')) (boxes.get(v.field.split('.')[0]) ?? boxes.set(v.field.split('.')[0], new Set()).get(v.field.split('.')[0])!).add(v.sr !== null);
        for (const [box, forms] of boxes) if (forms.size > 1) problems.push(`${lang} ${width}px box ${box}: mixed forms`);
        // The MRR movements box (opening and closing were the ones cut before).
        for (const f of ['mrrMovements.opening', 'mrrMovements.closing']) expect(values.some((v) => v.field === f), f).toBe(true);
        const height = await page.evaluate(() => {
          const el = document.querySelector('[data-testid="dashboard"]')!;
          return Math.ceil(el.getBoundingClientRect().top + el.scrollHeight + 16);
        });
        await page.setViewportSize({ width, height: Math.min(height, 4000) });
        await page.waitForTimeout(600); // charts resize
        await page.screenshot({ path: join(ARTIFACTS, `dashboard-${lang}-${width}.png`) });
        // Close-ups at full resolution: the figure cards of revenue and the satisfaction charts.
        await page.getByTestId('group-revenue').locator('.dash-cards').screenshot({ path: join(ARTIFACTS, `dashboard-${lang}-${width}-revenue.png`) });
        await page.getByTestId('group-satisfaction').locator('.dash-charts').screenshot({ path: join(ARTIFACTS, `dashboard-${lang}-${width}-charts.png`) });
      }
    }
    expect(problems).toEqual([]);
    // The 300-customer ARR (≈ R$ 14,7 mi with cents) does not fit a card at every width.
    expect(compacted).toBeGreaterThan(0);
    await setLang('en');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('a figure too wide for its card: whole units, then compact (R$ 11,9 bi), exact on hover and for screen readers', async () => {
    await setLang('pt-BR');
    await page.setViewportSize({ width: 1024, height: 900 });
    await showDashboard();
    // A large account: a monthly contract of ~R$ 988 million pushes ARR past ten billion.
    const k = data.contracts.find((c) => c.model === 'recurring' && c.billingPeriodMonths === 1 && !c.canceledAt && (!c.endDate || c.endDate >= AS_OF) && c.startDate! <= AS_OF)!;
    await writeRow('contracts', k.id, { value: 987_654_321.55 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-arr"]')?.getAttribute('data-value')) > 1e10);
    const values = await figureValues();
    const arr = values.find((v) => v.field === 'arr')!;
    // Exact on hover: the workbook's default locale and currency (pt-BR, BRL), cents included.
    expect(norm(arr.title)).toBe(norm(money('pt-BR', 'BRL', Number(arr.value))));
    expect(norm(arr.text)).toMatch(/^R\$ \d+,\d bi$/);
    expect(arr.sr).toBe(arr.title);
    expect(arr.cut).toBe(false);
    // Every figure shown shorter than exactly says so to screen readers and on hover.
    for (const v of values.filter((x) => x.sr !== null)) {
      expect(v.sr, v.field).toBe(v.title);
      expect(norm(v.text), v.field).toMatch(/^-?R\$ [\d.]+(,\d+)?( (mil|mi|bi|tri))?$/);
    }
    await page.getByTestId('value-arr').hover();
    await page.getByTestId('value-arr').screenshot({ path: join(ARTIFACTS, 'dashboard-compact-arr.png') });
    // en-US workbook: compact the English way.
    await setWorkbookSettings({ locale: 'en-US' });
    await page.waitForFunction(() => /B$/.test(document.querySelector('[data-testid="value-arr"] [aria-hidden="true"]')?.textContent ?? ''));
    const en = (await figureValues()).find((v) => v.field === 'arr')!;
    expect(en.text).toMatch(/^R\$\d+(\.\d)?B$/);
    expect(en.title).toBe(money('en-US', 'BRL', Number(en.value)));
    await setWorkbookSettings({ locale: 'pt-BR' });
    await writeRow('contracts', k.id, { value: k.value });
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});

// The donut's labels are drawn on a canvas: their text is checked on the SVG rendering
// (test/client/dashboard-charts.test.ts) and looked at in dashboard-*-charts.png.
describe('charts', () => {
  it('every chart opens a table of its data from the keyboard: Tab to "Show data table", Enter', async () => {
    await setLang('pt-BR');
    await showDashboard();
    const metrics = computeCustomerMetrics(data, AS_OF);
    const series = computeDashboard(data, { asOf: AS_OF, user: USER }).series;
    const one = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    for (const id of ['chart-mrr', 'chart-churnRate', 'chart-upsell', 'chart-health', 'chart-nps', 'chart-band', 'chart-situation']) {
      await page.getByTestId(`${id}-png`).focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), id).toBe(`${id}-table-toggle`);
      expect(await page.getByTestId(`${id}-table-toggle`).textContent()).toBe('Mostrar tabela de dados');
      await page.keyboard.press('Enter');
      const table = page.getByTestId(`${id}-table`);
      await table.waitFor();
      expect(await table.isVisible(), id).toBe(true);
      expect(await page.getByTestId(`${id}-table-toggle`).getAttribute('aria-expanded')).toBe('true');
      // The table itself is reached next (it may scroll), and it is named after its chart.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.querySelector('table')?.getAttribute('data-testid') ?? null), id).toBe(`${id}-table`);
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').replace(/\s/g, ' '))));
      if (id === 'chart-band') {
        const count = (b: string | null) => [...metrics.values()].filter((m) => (b === null ? m.status === 'active' && m.healthBand === null : m.healthBand === b)).length;
        expect(rows.map((r) => [r[0], r[1]])).toEqual([['Vermelho', `${count('red')}`], ['Amarelo', `${count('yellow')}`], ['Verde', `${count('green')}`], ['Sem nota', `${count(null)}`]]);
      } else if (id === 'chart-situation') {
        const count = (x: string) => [...metrics.values()].filter((m) => m.situation === x).length;
        expect(rows.map((r) => [r[0], r[1]])).toEqual([['Risco', `${count('risk')}`], ['Oportunidade', `${count('opportunity')}`], ['Neutro', `${count('neutral')}`]]);
      } else {
        expect(rows, id).toHaveLength(12);
      }
      if (id === 'chart-health') expect(rows.map((r) => r[1])).toEqual(series.map((p) => (p.health === null ? '—' : one.format(p.health))));
      await page.getByTestId(`${id}-table-toggle`).focus();
      await page.keyboard.press('Enter');
      await table.waitFor({ state: 'detached' });
    }
    await page.getByTestId('chart-health-table-toggle').click();
    await page.getByTestId('group-satisfaction').locator('.dash-charts').screenshot({ path: join(ARTIFACTS, 'dashboard-chart-table.png') });
    await page.getByTestId('chart-health-table-toggle').click();
    await setLang('en');
  });
});

describe('settings locale and currency', () => {
  it('the locale changes money and dates on the dashboard and in a sheet at once; cents are kept', async () => {
    await setLang('pt-BR');
    // An invoice with cents, written by the app and typed by a person.
    await openSheet(page, 'invoices');
    const id = (await page.locator('[data-testid="grid-invoices"] [row-id]').first().getAttribute('row-id'))!;
    await writeRow('invoices', id, { amount: 1850.14 });
    await expect.poll(() => cell(page, 'invoices', id, 'amount').textContent().then(norm)).toBe('R$ 1.850,14');
    await typeInto(page, 'invoices', id, 'amount', '1.850,99');
    await expect.poll(() => cell(page, 'invoices', id, 'amount').textContent().then(norm)).toBe('R$ 1.850,99');
    const issued = (await snapshotOf(page)).invoices.find((r) => r.id === id)!.issueDate as string;
    expect(await cell(page, 'invoices', id, 'issueDate').textContent()).toBe(`${issued.slice(8, 10)}/${issued.slice(5, 7)}/${issued.slice(0, 4)}`);

    // Settings → locale en-US: the same cells, the dashboard's figures and list dates follow.
    await page.getByTestId('sheet-settings').click();
    await page.getByTestId('settings-locale').selectOption('en-US');
    await expect.poll(() => page.getByTestId('settings-status').getAttribute('class')).toBe('ok');
    await openSheet(page, 'invoices');
    await expect.poll(() => cell(page, 'invoices', id, 'amount').textContent()).toBe('R$1,850.99');
    expect(await cell(page, 'invoices', id, 'issueDate').textContent()).toBe(`${issued.slice(5, 7)}/${issued.slice(8, 10)}/${issued.slice(0, 4)}`);
    await showDashboard();
    const mrr = page.getByTestId('value-mrr');
    const mrrValue = Number(await page.getByTestId('metric-mrr').getAttribute('data-value'));
    await expect.poll(() => mrr.getAttribute('title')).toBe(money('en-US', 'BRL', mrrValue));
    const renewal = page.getByTestId('list-renewals-row').first();
    const renewalDate = computeCustomerMetrics(data, AS_OF).get((await renewal.getAttribute('data-id'))!)!.renewalDate!;
    expect(await renewal.locator('.dash-date').textContent()).toBe(`${renewalDate.slice(5, 7)}/${renewalDate.slice(8, 10)}/${renewalDate.slice(0, 4)}`);
    await page.waitForTimeout(1000); // the remounted charts' first animation, for the picture only
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-locale-en-US.png') });

    // Settings → currency USD, chosen from the ISO 4217 list by name.
    await page.getByTestId('sheet-settings').click();
    const options = await page.getByTestId('settings-currency').locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']));
    expect(options.length).toBeGreaterThan(100);
    expect(options.filter(([v]) => !ISO_4217_CODES.includes(v))).toEqual([]);
    expect(options).toContainEqual(['BRL', 'BRL — Real brasileiro']);
    expect(options).toContainEqual(['USD', 'USD — Dólar americano']);
    expect(await page.getByTestId('settings-currency').inputValue()).toBe('BRL');
    await page.getByTestId('settings').screenshot({ path: join(ARTIFACTS, 'settings-pt-BR.png') });
    await page.getByTestId('settings-currency').selectOption('USD');
    await expect.poll(() => page.getByTestId('settings-status').getAttribute('class')).toBe('ok');
    await showDashboard();
    await expect.poll(() => mrr.getAttribute('title')).toBe(money('en-US', 'USD', mrrValue));
    // A write of a code outside ISO 4217 (an old peer, a script) is refused by core, in words.
    const refused = await page.evaluate(() => (window as unknown as { __pulso: { workbook: { updateSettings(p: object): { ok: boolean; errors?: { text?: Record<string, string> }[] } } } }).__pulso.workbook.updateSettings({ currency: 'ZZZ' }));
    expect(refused.ok).toBe(false);
    expect(refused.errors![0].text!['pt-BR']).toBe('"ZZZ" não é um código de moeda ISO 4217 (como BRL, USD ou EUR)');
    await expect.poll(() => mrr.getAttribute('title')).toBe(money('en-US', 'USD', mrrValue));

    await setWorkbookSettings({ locale: 'pt-BR', currency: 'BRL' });
    await expect.poll(() => mrr.getAttribute('title').then(norm)).toBe(norm(money('pt-BR', 'BRL', mrrValue)));
    await setLang('en');
  });
});

describe('my tasks', () => {
  it("lists the tasks of the demo's CS owner the link belongs to", async () => {
    await showDashboard();
    expect(Number(await page.getByTestId('list-tasks').getAttribute('data-count'))).toBeGreaterThan(0);
  });
});
