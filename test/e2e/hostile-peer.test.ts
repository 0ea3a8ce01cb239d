// A peer writes garbage straight into the shared document (bypassing the app's validation):
// every other person's grid keeps every row, marks the bad cells with the reason, counts
// them, and never throws. A document from a newer app version gets a banner and no writes.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, cell, loadDemo, newPerson, openSheet, openWorkbook, reveal, search, snapshotOf, startHarness, waitConfirmed, waitSynced, type Harness } from './browser.js';
import { connect, synced, waitFor, type Client } from '../server/clients.js';

vi.setConfig({ testTimeout: 90_000 });
let h: Harness;
let ctxA: BrowserContext;
let a: Page;
let peer: Client;
const WB = 'hostile';
const pageErrors: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  ctxA = await newPerson(h);
  a = await openWorkbook(h, ctxA, WB, 'editor', 'Ana Souza', '&demo=30');
  a.on('pageerror', (e) => pageErrors.push(e.message));
  await waitSynced(a);
  await loadDemo(a);
  await waitConfirmed(a);
  peer = connect(h.server.wsUrl, WB, await h.server.token(WB, 'editor', 'Buggy Peer'));
  await synced(peer);
  await waitFor(() => peer.doc.getMap('rows.customers').size === 30, 'the peer has the demo rows', 20_000);
});
afterAll(async () => {
  peer?.destroy();
  await h?.close();
});

describe('garbage from a peer', () => {
  it('every row stays visible, bad cells are marked with the reason, and the header counts them', async () => {
    const snap = await snapshotOf(a);
    const victim = snap.customers[0];
    await openSheet(a, 'customers');
    await expect.poll(() => a.getByTestId('row-count').textContent()).toBe('30 rows');
    // Through the per-cell edits map and through a whole row, like a buggy or hostile client.
    peer.doc.transact(() => {
      peer.doc.getMap('edits.customers').set(`${victim.id}\x1fname`, { toString: 'x' });
      peer.doc.getMap('rows.customers').set('evil-1', JSON.stringify({ name: 'Evil Corp', segment: { toString: 'y', valueOf: 'z' } }));
    });
    await expect.poll(() => a.getByTestId('row-count').textContent(), { timeout: 10_000 }).toBe('31 rows');
    await expect.poll(() => a.getByTestId('invalid-count').textContent()).toBe('2 invalid cells');

    await search(a, 'Evil Corp');
    await reveal(a, 'segment');
    const bad = cell(a, 'customers', 'evil-1', 'segment');
    await expect.poll(() => bad.getAttribute('class')).toContain('cell-invalid');
    await bad.hover();
    const tip = a.locator('.ag-tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toBe('Invalid value: Segment has a value of the wrong kind ({"toString":"y","valueOf":"z"})');
    await search(a, '');

    // The count filters the sheet to the rows with invalid cells, and back.
    await a.getByTestId('invalid-count').click();
    await expect.poll(() => a.getByTestId('row-count').textContent()).toBe('2 rows');
    await a.screenshot({ path: join(ARTIFACTS, 'invalid-cells.png') });
    await a.getByTestId('invalid-count').click();
    await expect.poll(() => a.getByTestId('row-count').textContent()).toBe('31 rows');
    expect(pageErrors).toEqual([]);
  });

  it('a document from a newer app version shows a banner and the app does not write to it', async () => {
    peer.doc.getMap('meta').set('schemaVersion', 99);
    await a.getByTestId('schema-banner').waitFor({ timeout: 10_000 });
    expect(await a.getByTestId('schema-banner').textContent()).toContain('newer version of Pulso (format 99, this app reads 1)');
    const before = peer.doc.getMap('edits.customers').size;
    const result = await a.evaluate(() => {
      const wb = (window as unknown as { __pulso: { workbook: { update(t: string, id: string, p: object): { ok: boolean } ; list(t: string): { id: string }[] } } }).__pulso.workbook;
      return wb.update('customers', wb.list('customers')[1].id, { name: 'Written anyway' }).ok;
    });
    expect(result).toBe(false);
    await a.waitForTimeout(500);
    expect(peer.doc.getMap('edits.customers').size).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});
