// Every screen as a Brazilian CS analyst meets it: the demo workbook opened by a browser whose
// language is Portuguese (locale pt-BR, so the app picks pt-BR as a person's browser would),
// each screen visited — dashboard, every sheet, a grid filter menu, a refused cell edit,
// Settings, Customer 360, the dialogs (import, formula column, share, versions, activity,
// glossary, quick switcher), the workspace home and a refused link — and its visible text,
// ARIA labels, titles and placeholders scanned for English (test/e2e/language-scan.ts).
// A full-page screenshot of every screen in both languages goes to
// test/artifacts/screens/<lang>-<screen>.png.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tableNames } from '../../core/index.js';
import { ARTIFACTS, AS_OF, loadDemo, startHarness, typeInto, waitConfirmed, waitSynced, type Harness } from './browser.js';
import { englishIn, screenText, type Finding } from './language-scan.js';

vi.setConfig({ testTimeout: 300_000 });
const WB = 'lingua';
const SCREENS = join(ARTIFACTS, 'screens');
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  mkdirSync(SCREENS, { recursive: true });
  // The demo is loaded once, by an owner; each language then opens it in its own browser.
  const ctx = await person('pt-BR');
  const page = await openAs(ctx, 'Ana Souza', '&demo=60');
  await waitSynced(page);
  await loadDemo(page);
  await waitConfirmed(page);
  await ctx.close();
});
afterAll(async () => h?.close());

async function person(lang: 'pt-BR' | 'en'): Promise<BrowserContext> {
  const ctx = await h.browser.newContext({ locale: lang === 'pt-BR' ? 'pt-BR' : 'en-US', viewport: { width: 1440, height: 900 }, timezoneId: 'America/Sao_Paulo' });
  ctx.setDefaultTimeout(30_000);
  return ctx;
}

async function openAs(ctx: BrowserContext, name: string, query = ''): Promise<Page> {
  const token = await h.server.token(WB, 'owner', name);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] page error:`, e.message));
  await page.goto(`${h.server.httpUrl}/w/${WB}?asOf=${AS_OF}${query}#token=${token}`);
  await page.getByTestId('sync-status').waitFor();
  return page;
}

/** Every screen of the app, in order; each leaves the page where the next one expects it. */
function screens(page: Page): [string, () => Promise<void>][] {
  const esc = async () => {
    await page.keyboard.press('Escape');
  };
  const sheet = async (s: string) => {
    await page.getByTestId(`sheet-${s}`).click();
    await page.locator(`[data-testid="grid-${s}"] [row-id]`).first().waitFor();
  };
  return [
    ['dashboard', async () => {
      await page.getByTestId('sheet-dashboard').click();
      await page.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    }],
    ['glossary', async () => {
      await page.locator('[data-testid="metric-nrr"] a.dash-info').click();
      await page.getByTestId('glossary-dialog').waitFor();
    }],
    ...tableNames.map((t): [string, () => Promise<void>] => [`sheet-${t}`, async () => {
      if (await page.getByTestId('glossary-dialog').isVisible()) await page.getByTestId('dialog-close').click();
      await sheet(t);
    }]),
    ['grid-filter-menu', async () => {
      await sheet('contracts');
      const header = page.locator('[data-testid="grid-contracts"] .ag-header-cell[col-id="value"]');
      await header.hover();
      const filterButton = header.locator('.ag-header-cell-filter-button, .ag-header-cell-menu-button').first();
      await filterButton.click();
      await page.locator('.ag-popup .ag-filter, .ag-popup .ag-menu').first().waitFor();
    }],
    ['cell-error', async () => {
      await esc();
      const id = await page.locator('[data-testid="grid-contracts"] [row-id]').first().getAttribute('row-id');
      await typeInto(page, 'contracts', id!, 'value', 'abc');
      await page.getByTestId('cell-error').waitFor();
    }],
    ['formula-dialog', async () => {
      await sheet('customers');
      await page.getByTestId('add-formula-column').click();
      await page.getByTestId('formula-dialog').waitFor();
      await page.getByTestId('formula-text').fill('mrr *');
      await page.getByTestId('formula-problem').waitFor();
    }],
    ['settings', async () => {
      await page.getByTestId('formula-cancel').click();
      await page.getByTestId('sheet-settings').click();
      await page.locator('.settings, [data-testid="settings"]').first().waitFor();
    }],
    ['import-wizard', async () => {
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-wizard').waitFor();
    }],
    ['share-dialog', async () => {
      await page.getByTestId('import-cancel').click();
      await page.getByTestId('open-share').click();
      await page.getByTestId('share-dialog').waitFor();
    }],
    ['versions-dialog', async () => {
      await page.getByTestId('dialog-close').click();
      await page.getByTestId('open-versions').click();
      await page.getByTestId('versions-dialog').waitFor();
    }],
    ['activity-feed', async () => {
      await page.getByTestId('dialog-close').click();
      await page.getByTestId('open-activity').click();
      await page.getByTestId('activity-feed').waitFor();
    }],
    ['switcher', async () => {
      await page.getByTestId('dialog-close').click();
      await page.keyboard.press('Control+k');
      await page.getByTestId('switcher-input').fill('a');
    }],
    ['customer-360', async () => {
      await esc();
      await sheet('customers');
      const id = await page.locator('[data-testid="grid-customers"] [row-id]').first().getAttribute('row-id');
      await page.goto(`${h.server.httpUrl}/w/${WB}/c/${encodeURIComponent(id!)}?asOf=${AS_OF}`);
      await page.getByTestId('c360-status').waitFor();
      await page.getByTestId('c360-health-chart').waitFor();
    }],
    ['home', async () => {
      await page.goto(`${h.server.httpUrl}/`);
      await page.getByTestId('workbook-list').waitFor();
    }],
    ['refused-link', async () => {
      await page.goto(`${h.server.httpUrl}/w/${WB}?asOf=${AS_OF}#token=not.a.token`);
      await page.getByTestId('token-refused').waitFor();
    }],
  ];
}

/** Visits every screen, screenshots it, and returns what English each one shows. */
async function walk(lang: 'pt-BR' | 'en'): Promise<Record<string, Finding[]>> {
  const ctx = await person(lang);
  const page = await openAs(ctx, lang === 'pt-BR' ? 'Bruno Lima' : 'Carla Dias');
  await waitSynced(page);
  const found: Record<string, Finding[]> = {};
  for (const [name, go] of screens(page)) {
    await go();
    await page.waitForTimeout(300); // let charts and the grid settle for the screenshot
    await page.screenshot({ path: join(SCREENS, `${lang}-${name}.png`), fullPage: true });
    const english = englishIn(await screenText(page));
    if (english.length) found[name] = english;
  }
  await ctx.close();
  return found;
}

describe('language', () => {
  it('pt-BR: no English on any screen (visible text, ARIA labels, titles, placeholders)', async () => {
    const found = await walk('pt-BR');
    const report = Object.entries(found).map(([s, f]) => `${s}:\n${[...new Map(f.map((x) => [x.context, x])).values()].slice(0, 15).map((x) => `  ${x.word} — …${x.context}…`).join('\n')}`).join('\n');
    expect(report, report).toBe('');
  });

  it('en: every screen renders (screenshots for comparison), and the detector sees English there', async () => {
    const found = await walk('en');
    // The detector is not blind: the English interface is full of the words it looks for.
    for (const s of ['dashboard', 'sheet-customers', 'settings', 'customer-360', 'grid-filter-menu', 'cell-error']) expect(found[s]?.length ?? 0, s).toBeGreaterThan(0);
  });
});
