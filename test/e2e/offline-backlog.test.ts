// Work done offline can be larger than one frame the server accepts: the app sends it in
// parts (core/message-parts.ts), and it reaches the server and a colleague instead of being
// refused (1009) at every reconnect.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { PulsoHandle } from '../../client/console-handle.js';
import { ARTIFACTS, newPerson, openWorkbook, startHarness, waitConfirmed, waitSynced, type Harness } from './browser.js';

vi.setConfig({ testTimeout: 120_000 });
const WB = 'backlog';
/** The server's editor frame cap in this test: the backlog below is about three times it. */
const CAP = 1536 * 1024;
let h: Harness;
let a: Page;

beforeAll(async () => {
  h = await startHarness({ maxMessageBytes: CAP });
  a = await openWorkbook(h, await newPerson(h), WB, 'editor', 'Ana Souza');
  await waitSynced(a);
});
afterAll(async () => {
  await h?.close();
});

describe('an offline backlog above the frame cap', () => {
  it('reaches the server in parts when the connection comes back, and a colleague sees it', async () => {
    const customerId = await a.evaluate(() => {
      const r = (window as unknown as { __pulso: PulsoHandle }).__pulso.workbook.insert('customers', { name: 'Backlog Ltda' });
      if (!r.ok) throw new Error('insert failed');
      return r.value;
    });
    await waitConfirmed(a);

    // Offline: the connection is closed, 3,000 activities with long notes are written.
    const written = await a.evaluate((customerId) => {
      const p = (window as unknown as { __pulso: PulsoHandle }).__pulso;
      p.sync.provider!.disconnect();
      const title = 'Follow-up call notes, '.repeat(90);
      const r = p.workbook.insertMany('activities', Array.from({ length: 3000 }, (_, i) => ({ customerId, title: `${i} ${title}`, type: 'call' })));
      if (!r.ok) throw new Error('insertMany failed');
      return { chars: title.length * 3000, closed: p.sync.provider!.ws === null };
    }, customerId);
    expect(written.closed).toBe(true);
    expect(written.chars).toBeGreaterThan(3 * CAP);
    await expect.poll(async () => Number(await a.getByTestId('sync-status').getAttribute('data-unconfirmed'))).toBeGreaterThan(0);

    // Back online: the whole backlog leaves as the answer to the server's sync request.
    await a.evaluate(() => (window as unknown as { __pulso: PulsoHandle }).__pulso.sync.provider!.connect());
    await waitConfirmed(a);
    expect(await a.getByTestId('sync-status').getAttribute('data-state')).toBe('synced');

    const b = await openWorkbook(h, await newPerson(h), WB, 'editor', 'Bruno Lima');
    await waitSynced(b);
    await b.getByTestId('sheet-activities').click();
    await b.getByTestId('grid-activities').waitFor();
    await expect.poll(() => b.evaluate(() => (window as unknown as { __pulso: PulsoHandle }).__pulso.workbook.count('activities')), { timeout: 30_000 }).toBe(3000);
  });
});

describe('an offline backlog above what the server puts together', () => {
  it('is refused with a clear message in the person\'s language, and stays on the device', async () => {
    // The same backlog against a server that accepts at most 2 MiB in parts.
    const small = await startHarness({ maxMessageBytes: CAP, limits: { editorAssembledBytes: 2 * 1024 * 1024 } });
    try {
      const p = await openWorkbook(small, await newPerson(small), 'backlog-big', 'editor', 'Ana Souza');
      await waitSynced(p);
      const customerId = await p.evaluate(() => {
        const r = (window as unknown as { __pulso: PulsoHandle }).__pulso.workbook.insert('customers', { name: 'Backlog Ltda' });
        if (!r.ok) throw new Error('insert failed');
        return r.value;
      });
      await waitConfirmed(p);
      await p.evaluate((customerId) => {
        const h = (window as unknown as { __pulso: PulsoHandle }).__pulso;
        h.sync.provider!.disconnect();
        const title = 'Follow-up call notes, '.repeat(90);
        h.workbook.insertMany('activities', Array.from({ length: 3000 }, (_, i) => ({ customerId, title: `${i} ${title}`, type: 'call' })));
        h.sync.provider!.connect();
      }, customerId);
      const banner = p.getByTestId('token-refused');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('larger than the server accepts at once');
      expect(await banner.textContent()).not.toContain('new invitation link'); // the link is fine
      await p.screenshot({ path: `${ARTIFACTS}/offline-backlog-refused-en.png` });
      await p.getByTestId('lang').selectOption('pt-BR');
      await expect.poll(() => banner.textContent()).toContain('maiores do que o servidor aceita de uma vez');
      await p.screenshot({ path: `${ARTIFACTS}/offline-backlog-refused-pt-BR.png` });
      // Nothing lost: the work is still in the page (and its local copy), still waiting.
      expect(await p.evaluate(() => (window as unknown as { __pulso: PulsoHandle }).__pulso.workbook.count('activities'))).toBe(3000);
      expect(Number(await p.getByTestId('sync-status').getAttribute('data-unconfirmed'))).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });
});
