// The workspace in Chromium, as people use it: an owner creates a workbook from the home
// page, invites an editor from the Share dialog, sees the editor's edit in a row's history
// under their name, revokes the link (the editor is cut off); restores a deleted customer
// from the activity feed; previews and restores a version. A link without access shows the
// "ask for access" page.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, AS_OF, cell, reveal, loadDemo, newPerson, openSheet, search, snapshotOf, startHarness, typeInto, waitConfirmed, waitSynced, type Harness } from './browser.js';

vi.setConfig({ testTimeout: 120_000 });
let h: Harness;
let ownerCtx: BrowserContext;
let owner: Page;
let wb = '';

const watch = (p: Page, who: string) => {
  p.on('pageerror', (e) => console.error(`[${who}] page error:`, e.message));
  return p;
};

beforeAll(async () => {
  h = await startHarness();
  ownerCtx = await newPerson(h);
  owner = watch(await ownerCtx.newPage(), 'owner');
  const token = await h.server.token('team', 'owner', 'Olga Dono');
  await owner.goto(`${h.server.httpUrl}/w/team?asOf=${AS_OF}#token=${token}`);
  await waitSynced(owner);
});
afterAll(async () => {
  await h?.close();
});

describe('people', () => {
  it('an owner creates a workbook on the home page and opens it', async () => {
    await owner.goto(`${h.server.httpUrl}/`);
    await owner.getByTestId('workbook-team').waitFor();
    await owner.getByTestId('new-workbook-name').fill('Carteira Sul');
    await owner.getByTestId('create-workbook').click();
    await owner.getByTestId('workbook-carteira-sul').waitFor();
    expect(await owner.getByTestId('workbook-carteira-sul').textContent()).toContain('Carteira Sul');
    await owner.screenshot({ path: join(ARTIFACTS, 'workspace-home.png') });
    await owner.getByTestId('open-carteira-sul').click();
    await owner.waitForURL(/\/w\/carteira-sul/);
    wb = 'carteira-sul';
    await waitSynced(owner);
    // A small demo portfolio to work on.
    await owner.goto(`${h.server.httpUrl}/w/${wb}?asOf=${AS_OF}&demo=12`);
    await waitSynced(owner);
    await loadDemo(owner);
    await waitConfirmed(owner);
  });

  it('invites an editor, whose edit appears in the row history with their name; revoking cuts them off', async () => {
    await owner.getByTestId('open-share').click();
    await owner.getByTestId('share-name').fill('Ana Souza');
    await owner.getByTestId('share-role').selectOption('editor');
    await owner.getByTestId('share-expires').selectOption('7');
    await owner.getByTestId('share-create').click();
    const url = await owner.getByTestId('share-link').inputValue();
    expect(url).toMatch(new RegExp(`/w/${wb}#token=`));
    await owner.screenshot({ path: join(ARTIFACTS, 'workspace-share.png') });
    await owner.getByTestId('dialog-close').click();

    const anaCtx = await newPerson(h);
    const ana = watch(await anaCtx.newPage(), 'ana');
    await ana.goto(url.replace('#', `?asOf=${AS_OF}#`));
    await waitSynced(ana);
    // The link's name is Ana's identity in the app.
    expect(await ana.getByTestId('user-name').textContent()).toBe('Ana Souza');
    const customer = (await snapshotOf(ana)).customers[0];
    await openSheet(ana, 'customers');
    await search(ana, customer.name);
    await typeInto(ana, 'customers', customer.id, 'segment', 'Enterprise Plus');
    await waitConfirmed(ana);

    // The owner right-clicks the row → History: "Ana Souza, HH:MM — Segment <old> → Enterprise Plus".
    await openSheet(owner, 'customers');
    await search(owner, customer.name);
    await reveal(owner, 'segment');
    await expect.poll(() => cell(owner, 'customers', customer.id, 'segment').textContent()).toBe('Enterprise Plus');
    await reveal(owner, 'name');
    await cell(owner, 'customers', customer.id, 'name').click({ button: 'right' });
    await owner.getByTestId('row-menu-history').click();
    const first = owner.getByTestId('history-entry').first();
    await first.waitFor();
    const text = await first.textContent();
    expect(text).toContain('Ana Souza');
    expect(text).toMatch(/, \d{2}:\d{2}/);
    const change = await first.getByTestId('history-change').filter({ hasText: 'Segment' }).first().textContent();
    expect(change).toContain(`Segment ${customer.segment ?? '(empty)'} → Enterprise Plus`);
    await owner.screenshot({ path: join(ARTIFACTS, 'workspace-row-history.png') });
    await owner.getByTestId('dialog-close').click();

    // The same history on the customer's page (opened from the name), behind its History section.
    await cell(owner, 'customers', customer.id, 'name').hover();
    await cell(owner, 'customers', customer.id, 'name').locator('[data-testid="open-customer"]').click();
    await owner.locator(`[data-testid="customer-360"][data-customer="${customer.id}"]`).waitFor();
    await owner.getByTestId('c360-history-toggle').click();
    const onPage = owner.getByTestId('c360-history').getByTestId('history-entry').first();
    await onPage.waitFor();
    expect(await onPage.textContent()).toContain('Ana Souza');
    expect(await onPage.getByTestId('history-change').filter({ hasText: 'Segment' }).first().textContent()).toContain('→ Enterprise Plus');
    await owner.getByTestId('c360-history').screenshot({ path: join(ARTIFACTS, 'workspace-c360-history.png') });
    await owner.getByTestId('c360-back').click();
    await owner.getByTestId('customer-360').waitFor({ state: 'detached' });

    // Share lists Ana's link with its last use; revoking it closes her connection at once.
    await owner.getByTestId('open-share').click();
    const anaRow = owner.locator('[data-testid="share-link-row"][data-name="Ana Souza"]');
    await anaRow.waitFor();
    expect(await anaRow.getByTestId('share-last-used').textContent()).toMatch(/last used/);
    owner.once('dialog', (d) => void d.accept());
    await anaRow.getByTestId('share-revoke').click();
    await anaRow.waitFor({ state: 'detached' });
    await ana.getByTestId('token-refused').waitFor();
    expect(await ana.getByTestId('token-refused').textContent()).toContain('Your access to this workbook was removed');
    expect(await ana.getByTestId('sync-status').getAttribute('data-state')).toBe('offline');
    // Her next edit stays local: the owner never sees it.
    await typeInto(ana, 'customers', customer.id, 'segment', 'After revocation');
    await owner.waitForTimeout(1000);
    expect((await snapshotOf(owner)).customers.find((c) => c.id === customer.id)?.segment).toBe('Enterprise Plus');
    await ana.screenshot({ path: join(ARTIFACTS, 'workspace-revoked.png') });
    await owner.getByTestId('dialog-close').click();
    await anaCtx.close();
  });

  it('a "copy link to this view" address without access shows the ask-for-access page', async () => {
    const ctx = await newPerson(h);
    const p = watch(await ctx.newPage(), 'stranger');
    await p.goto(`${h.server.httpUrl}/w/${wb}?sheet=customers`);
    await p.getByTestId('ask-access').waitFor();
    expect(await p.getByTestId('ask-access').textContent()).toContain('You need access to this workbook');
    expect(await p.getByTestId('empty-workbook').count()).toBe(0);
    await p.screenshot({ path: join(ARTIFACTS, 'workspace-ask-access.png') });
    await ctx.close();
  });
});

describe('undoing losses', () => {
  it('restores a deleted customer from the activity feed, as an undoable change', async () => {
    const victim = (await snapshotOf(owner)).customers[1];
    await openSheet(owner, 'customers');
    await search(owner, victim.name);
    await cell(owner, 'customers', victim.id, 'name').waitFor();
    // Delete it like a person: select the row, Delete selected, confirm.
    await owner.locator(`[data-testid="grid-customers"] [row-id="${victim.id}"] input[type="checkbox"]`).first().check();
    owner.once('dialog', (d) => void d.accept());
    await owner.getByTestId('delete-rows').click();
    await expect.poll(async () => (await snapshotOf(owner)).customers.some((c) => c.id === victim.id)).toBe(false);
    await waitConfirmed(owner);

    await owner.getByTestId('open-activity').click();
    await owner.getByTestId('activity-table').selectOption('customers');
    const removed = owner.locator('[data-testid="history-entry"][data-kind="remove"]').filter({ hasText: victim.name }).first();
    await removed.waitFor();
    expect(await removed.textContent()).toContain('Olga Dono');
    await removed.getByTestId('restore-row').click();
    await owner.getByTestId('history-message').waitFor();
    const back = (await snapshotOf(owner)).customers.find((c) => c.id === victim.id);
    expect(back).toMatchObject({ name: victim.name, segment: victim.segment });
    await owner.screenshot({ path: join(ARTIFACTS, 'workspace-activity.png') });
    await owner.getByTestId('dialog-close').click();
    await expect.poll(() => cell(owner, 'customers', victim.id, 'name').textContent()).toBe(victim.name);
    // The restore is an ordinary local change: Ctrl+Z takes it back, Ctrl+Shift+Z redoes it.
    await owner.getByTestId('undo').click();
    await expect.poll(async () => (await snapshotOf(owner)).customers.some((c) => c.id === victim.id)).toBe(false);
    await owner.getByTestId('redo').click();
    await expect.poll(async () => (await snapshotOf(owner)).customers.some((c) => c.id === victim.id)).toBe(true);
    await waitConfirmed(owner);
  });

  it('previews a version read-only and restores it; a colleague converges', async () => {
    const bia = watch(await (await newPerson(h)).newPage(), 'bia');
    await bia.goto(`${h.server.httpUrl}/w/${wb}?asOf=${AS_OF}#token=${await h.server.token(wb, 'editor', 'Bia')}`);
    await waitSynced(bia);
    const target = (await snapshotOf(owner)).customers[2];

    await owner.getByTestId('open-versions').click();
    await owner.getByTestId('version-name').fill('Antes da limpeza');
    await owner.getByTestId('version-save').click();
    const row = owner.locator('[data-testid="version-row"][data-name="Antes da limpeza"]');
    await row.waitFor();
    await owner.getByTestId('dialog-close').click();

    // After the version: the customer is renamed.
    await openSheet(owner, 'customers');
    await search(owner, target.name);
    await typeInto(owner, 'customers', target.id, 'name', 'Renomeado Depois');
    await waitConfirmed(owner);

    // Preview: the whole app as of the version, read-only.
    await owner.getByTestId('open-versions').click();
    const [preview] = await Promise.all([ownerCtx.waitForEvent('page'), row.getByTestId('version-preview').click()]);
    watch(preview, 'preview');
    await preview.getByTestId('preview-banner').waitFor();
    expect(await preview.getByTestId('preview-banner').textContent()).toContain('Antes da limpeza');
    await preview.getByTestId('readonly-banner').waitFor();
    await expect.poll(async () => (await snapshotOf(preview)).customers.find((c) => c.id === target.id)?.name).toBe(target.name);
    await openSheet(preview, 'customers');
    await search(preview, target.name);
    await expect.poll(() => cell(preview, 'customers', target.id, 'name').textContent()).toBe(target.name);
    await preview.screenshot({ path: join(ARTIFACTS, 'workspace-preview.png') });
    await preview.close();

    // Restore: the plan first, then ordinary changes that both people converge on.
    await row.getByTestId('version-restore').click();
    await owner.getByTestId('restore-plan').waitFor();
    expect(await owner.getByTestId('restore-plan').textContent()).toContain('sets 1 row(s) back');
    await owner.getByTestId('restore-confirm').click();
    await owner.getByTestId('version-done').waitFor();
    expect(await owner.getByTestId('version-done').textContent()).toContain('Before restoring "Antes da limpeza"');
    await expect.poll(async () => (await snapshotOf(owner)).customers.find((c) => c.id === target.id)?.name).toBe(target.name);
    await expect.poll(async () => (await snapshotOf(bia)).customers.find((c) => c.id === target.id)?.name).toBe(target.name);
    await owner.getByTestId('dialog-close').click();
  });
});
