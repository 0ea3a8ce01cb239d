import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, type Client } from './clients.js';

let srv: InProcessTestServer;
const open: Client[] = [];
const client = (...a: Parameters<typeof connect>) => { const c = connect(...a); open.push(c); return c; };

beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => {
  for (const c of open) c.destroy();
  await srv.stop();
});

describe('sync between editors', () => {
  it('two editors see each other\'s edits, both ways', async () => {
    const a = client(srv.wsUrl, 'wb1', await srv.token('wb1', 'editor', 'Ana'));
    const b = client(srv.wsUrl, 'wb1', await srv.token('wb1', 'editor', 'Bruno'));
    await Promise.all([synced(a), synced(b)]);
    a.doc.getMap('customers').set('c1', 'Acme');
    await waitFor(() => b.doc.getMap('customers').get('c1') === 'Acme', 'a → b');
    b.doc.getMap('customers').set('c2', 'Globex');
    await waitFor(() => a.doc.getMap('customers').get('c2') === 'Globex', 'b → a');
    expect(a.doc.getMap('customers').toJSON()).toEqual({ c1: 'Acme', c2: 'Globex' });
    expect(b.doc.getMap('customers').toJSON()).toEqual({ c1: 'Acme', c2: 'Globex' });
  });

  it('acknowledges stored updates with message 100 carrying the server state vector', async () => {
    const a = client(srv.wsUrl, 'ack', await srv.token('ack', 'editor'));
    await synced(a);
    a.doc.getText('t').insert(0, 'hello'); // 5 items from a's client: clock 0..4 → state 5
    await waitFor(() => a.acked()?.get(a.doc.clientID) === 5, 'ack of clock 5');
  });

  it('a late joiner gets the full state', async () => {
    const a = client(srv.wsUrl, 'late', await srv.token('late', 'editor'));
    await synced(a);
    const rows = a.doc.getMap('customers');
    for (let i = 0; i < 50; i++) rows.set(`c${i}`, i);
    a.doc.getText('notes').insert(0, 'abc');
    await waitFor(() => a.acked()?.get(a.doc.clientID) === 53, 'all 53 items stored');
    const late = client(srv.wsUrl, 'late', await srv.token('late', 'viewer'));
    await synced(late);
    expect(late.doc.getMap('customers').size).toBe(50);
    expect(late.doc.getMap('customers').get('c49')).toBe(49);
    expect(late.doc.getText('notes').toString()).toBe('abc');
  });

  it('awareness propagates between clients', async () => {
    const a = client(srv.wsUrl, 'aw', await srv.token('aw', 'editor', 'Ana'));
    const b = client(srv.wsUrl, 'aw', await srv.token('aw', 'viewer', ''));
    await Promise.all([synced(a), synced(b)]);
    const cell = { sheet: 'customers', rowId: 'c1', colId: 'name', editing: false };
    a.provider.awareness.setLocalState({ user: { name: 'Ana' }, cell });
    await waitFor(() => JSON.stringify((b.provider.awareness.getStates().get(a.doc.clientID) as { cell?: unknown } | undefined)?.cell) === JSON.stringify(cell), 'a\'s cursor at b');
    // A token without a name: the person's own name is shown.
    b.provider.awareness.setLocalStateField('user', { name: 'Bia' });
    await waitFor(() => (a.provider.awareness.getStates().get(b.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'Bia', 'b\'s presence at a (viewers may show presence)');
    a.provider.disconnect();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'a removed from b\'s awareness after leaving');
  });
});
