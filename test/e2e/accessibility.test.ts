// axe-core on every screen and dialog, in English and in Portuguese: zero serious or critical
// violations. One owner (Share and Versions are the owner's) on a small demo workbook; each
// screen is brought up the way a person would (tab, button, key) and scanned as it is shown.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { tableNames } from '../../core/index.js';
import { ARTIFACTS, AS_OF, loadDemo, newPerson, openSheet, snapshotOf, startHarness, waitConfirmed, waitSynced, type Harness } from './browser.js';
import { describeFindings, seriousViolations } from './axe.js';

vi.setConfig({ testTimeout: 90_000 });
let h: Harness;
let ctx: BrowserContext;
let page: Page;
const WB = 'a11y';
const CSV = 'Nome,CNPJ,Segmento,Plano\nPadaria Nova,11.222.333/0001-81,Varejo,Pro\nClínica Sol,22.333.444/0001-05,Saúde,Basic\n';

async function expectClean(where: string, within?: string) {
  expectNone(where, describeFindings(await seriousViolations(page, within)));
}
const expectNone = (where: string, found: string[]) => expect(found, `${where}:\n${found.join('\n')}`).toEqual([]);

/** A dialog is scanned alone (the page behind has its own test), then closed with Esc before any assertion, so a finding never leaves it open over the next test. */
async function scanDialog(testid: string): Promise<string[]> {
  await page.getByTestId(testid).waitFor();
  const found = describeFindings(await seriousViolations(page, `[data-testid="${testid}"]`));
  await page.keyboard.press('Escape');
  await page.getByTestId(testid).waitFor({ state: 'detached' });
  return found;
}

async function dashboardReady() {
  await page.getByTestId('sheet-dashboard').click();
  await page.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
  // The charts' canvases and their data tables are drawn once echarts has the option.
  await page.locator('[data-testid="chart-mrr"][data-ready="true"]').waitFor();
}

beforeAll(async () => {
  h = await startHarness();
  ctx = await newPerson(h);
  page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const token = await h.server.token(WB, 'owner', 'Olga Dono');
  await page.goto(`${h.server.httpUrl}/w/${WB}?asOf=${AS_OF}&demo=30#token=${token}`);
  await waitSynced(page);
  await loadDemo(page);
  await waitConfirmed(page);
});
afterAll(async () => {
  await h?.close();
});

describe.each(['en', 'pt-BR'] as const)('axe: zero serious or critical violations (%s)', (lang) => {
  it('switches the interface language', async () => {
    await page.getByTestId('lang').selectOption(lang);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
  });

  it('dashboard', async () => {
    await dashboardReady();
    await expectClean('dashboard');
    await page.screenshot({ path: join(ARTIFACTS, `a11y-dashboard-${lang}.png`) });
  });

  it('has one h1 and a tablist whose tabs control the view panel', async () => {
    const shape = await page.evaluate(() => {
      const tabs = [...document.querySelectorAll('[role="tablist"] [role="tab"]')];
      const selected = tabs.filter((t) => t.getAttribute('aria-selected') === 'true');
      const panel = document.getElementById(tabs[0]?.getAttribute('aria-controls') ?? '');
      return {
        h1: document.querySelectorAll('h1').length,
        tabs: tabs.length,
        selected: selected.map((t) => t.id),
        stops: tabs.filter((t) => t.getAttribute('tabindex') === '0').map((t) => t.id),
        sameControls: new Set(tabs.map((t) => t.getAttribute('aria-controls'))).size,
        panelRole: panel?.getAttribute('role'),
        panelLabel: panel?.getAttribute('aria-labelledby'),
      };
    });
    expect(shape).toEqual({ h1: 1, tabs: 10, selected: ['tab-dashboard'], stops: ['tab-dashboard'], sameControls: 1, panelRole: 'tabpanel', panelLabel: 'tab-dashboard' });
  });

  it('the glossary dialog of a dashboard card', async () => {
    await page.locator('[data-testid="metric-mrr"] .dash-info').click();
    expectNone('glossary dialog', await scanDialog('glossary-dialog'));
  });

  for (const table of tableNames) {
    it(`the ${table} sheet`, async () => {
      await openSheet(page, table);
      await page.locator(`[data-testid="grid-${table}"] .ag-row`).first().waitFor();
      await expectClean(`${table} sheet`);
    });
  }

  it('the formula column dialog', async () => {
    await openSheet(page, 'customers');
    await page.getByTestId('add-formula-column').click();
    await page.getByTestId('formula-dialog').waitFor();
    await page.getByTestId('formula-text').fill('[MRR] * 2');
    expectNone('formula column dialog', await scanDialog('formula-dialog'));
  });

  it('settings', async () => {
    await page.getByTestId('sheet-settings').click();
    await page.getByTestId('settings').waitFor();
    await expectClean('settings');
  });

  it('the import wizard, before and after reading a file', async () => {
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-wizard').waitFor();
    const atPick = describeFindings(await seriousViolations(page, '[data-testid="import-wizard"]'));
    await page.getByTestId('import-file').setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByTestId('import-summary').waitFor();
    const atPreview = await scanDialog('import-wizard');
    expectNone('import wizard (pick)', atPick);
    expectNone('import wizard (preview)', atPreview);
  });

  it('the share, versions and activity dialogs', async () => {
    const found: string[] = [];
    for (const [button, dialog, loaded] of [['open-share', 'share-dialog', 'share-name'], ['open-versions', 'versions-dialog', 'version-save'], ['open-activity', 'activity-feed', 'activity-person']]) {
      await page.getByTestId(button).click();
      await page.getByTestId(loaded).first().waitFor();
      found.push(...(await scanDialog(dialog)).map((f) => `${dialog}: ${f}`));
    }
    expectNone('workspace dialogs', found);
  });

  it("a row's history (row menu)", async () => {
    await openSheet(page, 'contracts');
    await page.locator('[data-testid="grid-contracts"] [row-id] [role="gridcell"]').nth(1).click({ button: 'right' });
    await page.getByTestId('row-menu-history').click();
    await page.getByTestId('row-history').getByTestId('history-list').waitFor();
    expectNone('row history', await scanDialog('row-history'));
  });

  it('the keyboard help dialog', async () => {
    await page.getByTestId('help-open').click();
    await page.getByTestId('help-dialog').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, `a11y-help-${lang}.png`) });
    expectNone('help dialog', await scanDialog('help-dialog'));
  });

  it('the quick switcher', async () => {
    await page.keyboard.press('Control+k');
    await page.getByTestId('switcher').waitFor();
    await page.getByTestId('switcher-input').fill('a');
    expectNone('switcher', await scanDialog('switcher'));
  });

  it('the Customer 360 page', async () => {
    const snap = await snapshotOf(page);
    const id = snap.customers[0].id;
    await page.evaluate((c) => (window as unknown as { __pulso: { ctx: { openCustomer(id: string): void } } }).__pulso.ctx.openCustomer(c), id);
    await page.locator(`[data-testid="customer-360"][data-customer="${id}"][data-state="ready"]`).waitFor();
    await page.locator('[data-testid="c360-health-chart"][data-ready="true"]').waitFor();
    const found = describeFindings(await seriousViolations(page));
    // One h1 on the customer's page too: the customer's name (the shell's own steps aside).
    expect(await page.locator('h1').allTextContents()).toEqual([expect.stringContaining(snap.customers[0].name)]);
    await page.screenshot({ path: join(ARTIFACTS, `a11y-c360-${lang}.png`) });
    await page.getByTestId('c360-back').click();
    await page.getByTestId('customer-360').waitFor({ state: 'detached' });
    expectNone('customer 360', found);
  });

  it('the workspace home', async () => {
    await page.goto(`${h.server.httpUrl}/`);
    await page.getByTestId(`workbook-${WB}`).waitFor();
    await expectClean('workspace home');
    await page.goto(`${h.server.httpUrl}/w/${WB}?asOf=${AS_OF}`);
    await waitSynced(page);
  });
});
