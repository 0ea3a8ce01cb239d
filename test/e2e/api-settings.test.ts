// Settings → Integrations in the real browser: an editor creates an API key (shown once),
// the key feeds the workbook and the row appears in the sheet, the list shows its last
// use, revoking it stops it at once; a webhook is registered; viewers see no controls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ARTIFACTS, newPerson, openWorkbook, startHarness, waitSynced, type Harness } from './browser.js';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 180_000);
afterAll(async () => { await h?.close(); });

const put = (key: string, rows: unknown[]) => fetch(`${h.server.httpUrl}/api/v1/workbooks/integ/tables/customers/rows`, {
  method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ rows }),
});

describe('Settings → Integrations', () => {
  it('an editor creates, sees and revokes an API key, and registers a webhook', async () => {
    const ctx = await newPerson(h);
    const page = await openWorkbook(h, ctx, 'integ', 'editor', 'Ana Souza');
    await waitSynced(page);
    await page.getByTestId('sheet-settings').click();
    const panel = page.getByTestId('integrations');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('No API keys yet.');

    await page.getByTestId('key-name').fill('billing feed');
    await page.getByTestId('key-scope').selectOption('write');
    await page.getByTestId('create-key').click();
    const shown = await page.getByTestId('new-key').locator('code').textContent();
    expect(shown).toMatch(/^pulso_/);
    const row = page.getByTestId('api-keys').locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('billing feed');
    expect(await row.first().textContent()).toContain('read and write');
    expect(await row.first().textContent()).toContain('never');

    // The key works: the API's row reaches this person's Customers sheet live.
    expect((await put(shown!, [{ id: 'from-api', name: 'Cliente via API' }])).status).toBe(200);
    await page.getByTestId('sheet-customers').click();
    await page.locator('[data-testid="grid-customers"] [row-id="from-api"]').first().waitFor();
    await page.getByTestId('sheet-settings').click();

    await page.getByTestId('hook-url').fill('https://crm.example.com/pulso');
    await page.getByTestId('add-webhook').click();
    await page.getByTestId('new-secret').waitFor();
    expect(await page.getByTestId('webhooks').textContent()).toContain('https://crm.example.com/pulso');
    await page.screenshot({ path: join(ARTIFACTS, 'settings-integrations.png'), fullPage: true });

    page.once('dialog', (d) => void d.accept());
    await row.first().getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.first().textContent()).toContain('revoked');
    expect((await put(shown!, [{ id: 'late', name: 'Too late' }])).status).toBe(401);

    await page.getByTestId('lang').selectOption('pt-BR');
    expect(await panel.locator('legend').first().textContent()).toBe('Integrações (API)');
    await page.getByTestId('lang').selectOption('en');
    await ctx.close();
  }, 120_000);

  it('a viewer sees no key controls', async () => {
    const ctx = await newPerson(h);
    const page = await openWorkbook(h, ctx, 'integ', 'viewer', 'Diretoria');
    await page.getByTestId('sheet-settings').click();
    const panel = page.getByTestId('integrations');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Only editors manage keys and webhooks.');
    expect(await page.getByTestId('create-key').count()).toBe(0);
    await ctx.close();
  }, 60_000);
});
