// The dashboard as a person sees it on a 1024–1920 px screen, in pt-BR and English, on the
// default 300-customer demo: no figure is cut off (large ones switch to compact notation
// with the exact value on hover and for screen readers), the health-band donut labels its
// slices, every chart opens its data as a table from the keyboard, and Settings' locale and
// currency change money and dates on the dashboard and in a sheet at once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { computeDashboard, type WorkbookData } from '../../core/index.js';
import { ARTIFACTS, AS_OF, cell, loadDemo, newPerson, openSheet, openWorkbook, search, snapshotOf, startHarness, waitConfirmed, waitSynced, type Harness } from './browser.js';

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

  it('a compact figure carries its exact value on hover and for screen readers', async () => {
    await setLang('pt-BR');
    await page.setViewportSize({ width: 1024, height: 900 });
    await showDashboard();
    const arr = data && computeDashboard(data, { asOf: AS_OF, user: USER }).arr;
    const values = await figureValues();
    const card = values.find((v) => v.field === 'arr')!;
    expect(Number(card.value)).toBeCloseTo(arr, 6);
    // Exact: the workbook's default locale and currency (pt-BR, BRL), cents included.
    expect(norm(card.title)).toBe(norm(money('pt-BR', 'BRL', arr)));
    for (const v of values.filter((x) => x.sr !== null)) {
      expect(v.sr, v.field).toBe(v.title);
      expect(norm(v.text), v.field).toMatch(/^-?R\$ -?[\d,]+ (mil|mi|bi)$/);
    }
    await setLang('en');
    const en = (await figureValues()).filter((x) => x.sr !== null);
    // The interface language changes words, not the workbook's number format.
    for (const v of en) expect(norm(v.text), v.field).toMatch(/^-?R\$ -?[\d,]+ (mil|mi|bi)$/);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
