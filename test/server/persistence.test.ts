import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateWorkbook, openWorkbook, tableNames, tableLoadOrder } from '../../core/index.js';
import { spawnTestServer, startTestServer, type SpawnedTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, waitForAsync, type Client } from './clients.js';

const open: Client[] = [];
const servers: { stop(): Promise<void> }[] = [];
const client = (...a: Parameters<typeof connect>) => { const c = connect(...a); open.push(c); return c; };
afterAll(async () => {
  for (const c of open) c.destroy();
  for (const s of servers) await s.stop();
});

/** A fresh client that never saw the workbook: whatever it syncs came from the server's storage. */
async function freshRead(srv: { wsUrl: string; token: SpawnedTestServer['token'] }, wb: string): Promise<Y.Doc> {
  const c = client(srv.wsUrl, wb, await srv.token(wb, 'viewer', 'reader'));
  await synced(c); // 'synced' = the server's full state is here: it loaded storage before answering
  return c.doc;
}

describe('npm start', () => {
  it('prints a ready-to-open editor link whose token the server accepts', async () => {
    const srv = await spawnTestServer();
    servers.push(srv);
    await waitFor(() => srv.stdout().includes('#token='), 'the link is printed');
    const m = /http:\/\/127\.0\.0\.1:(\d+)\/w\/team#token=([\w.-]+)/.exec(srv.stdout());
    expect(m, srv.stdout()).not.toBeNull();
    expect(Number(m![1])).toBe(srv.port);
    const c = client(srv.wsUrl, 'team', m![2]);
    await synced(c);
    c.doc.getMap('m').set('k', 1);
    await waitFor(() => c.acked()?.get(c.doc.clientID) === 1, 'the edit is stored (editor role)');
  });
});

describe('durability', () => {
  it('a graceful restart (SIGTERM) loses nothing', async () => {
    const first = await spawnTestServer();
    servers.push(first);
    const a = client(first.wsUrl, 'wb', await first.token('wb', 'editor', 'Ana'));
    await synced(a);
    const rows = a.doc.getMap('customers');
    for (let i = 0; i < 20; i++) rows.set(`c${i}`, { name: `Customer ${i}`, mrr: i * 100 });
    a.doc.getText('notes').insert(0, 'Renovação em março');
    await waitFor(() => a.acked()?.get(a.doc.clientID) === 20 + 'Renovação em março'.length, 'all edits acknowledged');
    a.destroy();
    await first.stop();

    const second = await spawnTestServer({ dataDir: first.dataDir, secret: first.secret });
    servers.push(second);
    const doc = await freshRead(second, 'wb');
    expect(doc.getMap('customers').size).toBe(20);
    expect(doc.getMap('customers').get('c7')).toEqual({ name: 'Customer 7', mrr: 700 });
    expect(doc.getText('notes').toString()).toBe('Renovação em março');
  });

  it('kill -9 right after relaying loses nothing that was relayed', async () => {
    const first = await spawnTestServer();
    servers.push(first);
    const a = client(first.wsUrl, 'wb', await first.token('wb', 'editor', 'Ana'));
    const b = client(first.wsUrl, 'wb', await first.token('wb', 'editor', 'Bruno'));
    await Promise.all([synced(a), synced(b)]);
    // 300 separate updates (one transaction each), the last ones sent just before the kill.
    for (let i = 0; i < 300; i++) a.doc.getArray<number>('log').push([i]);
    await waitFor(() => b.doc.getArray('log').length === 300, 'b received all 300 (so all were relayed)');
    await first.kill9();
    // Neither client may hand the data back: only the server's storage counts.
    a.destroy();
    b.destroy();

    const second = await spawnTestServer({ dataDir: first.dataDir, secret: first.secret });
    servers.push(second);
    const doc = await freshRead(second, 'wb');
    expect(doc.getArray('log').toArray()).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('a client connected across a restart resyncs its offline edits', async () => {
    const first = await spawnTestServer();
    const a = client(first.wsUrl, 'wb', await first.token('wb', 'editor', 'Ana'));
    await synced(a);
    a.doc.getMap('m').set('before', 1);
    await waitFor(() => a.acked()?.get(a.doc.clientID) === 1, 'ack');
    await first.kill9();
    a.doc.getMap('m').set('offline', 2); // made while the server is down
    const second = await spawnTestServer({ dataDir: first.dataDir, secret: first.secret, port: first.port });
    servers.push(second);
    await waitFor(() => a.provider.synced && a.acked()?.get(a.doc.clientID) === 2, 'a reconnected and its offline edit was stored', 15_000);
    const doc = await freshRead(second, 'wb');
    expect(doc.getMap('m').toJSON()).toEqual({ before: 1, offline: 2 });
  });
});

describe('a real workbook', () => {
  it('a 100-customer demo workbook (one ~1 MB import) survives kill -9 and reloads row for row', async () => {
    const data = generateWorkbook({ seed: 7, customers: 100, today: '2026-06-30' });
    const source = new Y.Doc();
    const wb = openWorkbook(source);
    const order = tableLoadOrder;
    wb.transact(() => {
      for (const t of order) expect(wb.insertMany(t, data[t] as never).ok, t).toBe(true);
    });
    expect(order.length).toBe(tableNames.length);
    const first = await spawnTestServer();
    servers.push(first);
    const up = client(first.wsUrl, 'demo', await first.token('demo', 'editor'), { doc: source });
    await synced(up);
    const mine = Y.decodeStateVector(Y.encodeStateVector(source));
    await waitFor(() => [...mine].every(([id, clock]) => (up.acked()?.get(id) ?? 0) >= clock), 'the import acknowledged', 20_000);
    await first.kill9();
    up.provider.destroy(); // the server's storage alone must hold it

    const second = await spawnTestServer({ dataDir: first.dataDir, secret: first.secret });
    servers.push(second);
    const loaded = openWorkbook(await freshRead(second, 'demo'));
    for (const t of tableNames) expect(loaded.count(t), t).toBe(data[t].length);
    const c = data.customers[42];
    expect(loaded.get('customers', c.id)).toMatchObject({ name: c.name, segment: c.segment });
  });
});

describe('memory and compaction', () => {
  let srv: InProcessTestServer;

  it('evicts a workbook after the grace period and reloads it intact', async () => {
    srv = await startTestServer({ graceMs: 150 });
    servers.push(srv);
    const a = client(srv.wsUrl, 'ev', await srv.token('ev', 'editor'));
    await synced(a);
    a.doc.getMap('m').set('k', 'v');
    a.doc.getText('t').insert(0, 'olá');
    await waitFor(() => a.acked()?.get(a.doc.clientID) === 4, 'ack');
    a.provider.disconnect();
    await waitFor(() => srv.server.rooms.size === 0, 'workbook evicted', 5_000);
    expect(srv.logs.some((l) => l.includes('workbook ev: evicted'))).toBe(true);
    const health = await (await fetch(`${srv.httpUrl}/healthz`)).json();
    expect(health).toMatchObject({ workbooks: 0, connections: 0 });
    // Eviction folded the log into one snapshot row.
    expect(await srv.server.storage.rowCount('ev')).toBe(1);
    const doc = await freshRead(srv, 'ev');
    expect(doc.getMap('m').get('k')).toBe('v');
    expect(doc.getText('t').toString()).toBe('olá');
  });

  it('memory follows the workbooks in use: 30 workbooks opened and left are all evicted, each intact', async () => {
    const s = await startTestServer({ graceMs: 50 });
    servers.push(s);
    for (let i = 0; i < 30; i++) {
      const c = client(s.wsUrl, `wb${i}`, await s.token(`wb${i}`, 'editor'));
      await synced(c);
      c.doc.getMap('m').set('n', i);
      await waitFor(() => c.acked()?.get(c.doc.clientID) === 1, `wb${i} stored`);
      c.destroy();
    }
    await waitFor(() => s.server.rooms.size === 0, 'every workbook evicted', 5_000);
    for (const i of [0, 17, 29]) {
      const doc = await freshRead(s, `wb${i}`);
      expect(doc.getMap('m').get('n')).toBe(i);
    }
  });

  it('a client coming back within the grace period keeps the doc in memory', async () => {
    const s = await startTestServer({ graceMs: 1500 });
    servers.push(s);
    const a = client(s.wsUrl, 'keep', await s.token('keep', 'editor'));
    await synced(a);
    const room = s.server.rooms.get('keep');
    a.provider.disconnect();
    a.provider.connect();
    await synced(a);
    await new Promise((r) => setTimeout(r, 2000)); // past the grace period counted from the disconnect
    expect(s.server.rooms.get('keep')).toBe(room);
  });

  it('compacts the log into one snapshot past the threshold, keeping every edit', async () => {
    const s = await startTestServer({ compactThreshold: 10, idleCompactMs: 60_000 });
    servers.push(s);
    const a = client(s.wsUrl, 'cp', await s.token('cp', 'editor'));
    await synced(a);
    for (let i = 0; i < 25; i++) a.doc.getArray<number>('xs').push([i]);
    await waitFor(() => a.acked()?.get(a.doc.clientID) === 25, 'ack');
    await new Promise((r) => setImmediate(r));
    // 25 appends with a fold whenever the count passes 10: never more than 11 rows.
    expect(await s.server.storage.rowCount('cp')).toBeLessThanOrEqual(11);
    const doc = new Y.Doc();
    for (const u of (await s.server.storage.load('cp')).updates) Y.applyUpdate(doc, u);
    expect(doc.getArray('xs').toArray()).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('compacts an idle workbook', async () => {
    const s = await startTestServer({ compactThreshold: 1000, idleCompactMs: 100 });
    servers.push(s);
    const a = client(s.wsUrl, 'idle', await s.token('idle', 'editor'));
    await synced(a);
    for (let i = 0; i < 5; i++) a.doc.getMap('m').set(`k${i}`, i); // 5 updates → 5 rows, then idle
    await waitFor(() => a.acked()?.get(a.doc.clientID) === 5, 'all 5 stored');
    await waitForAsync(async () => (await s.server.storage.rowCount('idle')) === 1, 'folded into 1 row after idling', 3_000);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await s.server.storage.load('idle')).updates[0]);
    expect(doc.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 });
  });
});
