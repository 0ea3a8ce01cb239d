import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '../../sync-server/storage.js';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, type Client } from './clients.js';

const open: Client[] = [];
const servers: InProcessTestServer[] = [];
const client = (...a: Parameters<typeof connect>) => { const c = connect(...a); open.push(c); return c; };
afterAll(async () => {
  for (const c of open) c.destroy();
  for (const s of servers) await s.stop();
});

function docFrom(updates: Uint8Array[]): Y.Doc {
  const d = new Y.Doc();
  for (const u of updates) Y.applyUpdate(d, u);
  return d;
}

describe('Storage', () => {
  it('appends per workbook in order and compacts atomically into one row', () => {
    const s = new Storage(mkdtempSync(join(tmpdir(), 'pulso-st-')));
    const d = new Y.Doc();
    const ups: Uint8Array[] = [];
    d.on('update', (u: Uint8Array) => ups.push(u));
    d.getMap('m').set('a', 1);
    d.getMap('m').set('b', 2);
    d.getMap('m').set('a', 3);
    for (const u of ups) s.append('wb', u);
    s.append('other', Y.encodeStateAsUpdate(new Y.Doc()));
    const log = s.load('wb');
    expect(log.updates.length).toBe(3);
    expect(docFrom(log.updates).getMap('m').toJSON()).toEqual({ a: 3, b: 2 });
    s.compact('wb', log.lastSeq, Y.encodeStateAsUpdate(d));
    expect(s.rowCount('wb')).toBe(1);
    expect(s.rowCount('other')).toBe(1);
    expect(docFrom(s.load('wb').updates).getMap('m').toJSON()).toEqual({ a: 3, b: 2 });
    s.close();
  });

  it('a background thread checkpoints the WAL into the main file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulso-st-'));
    const s = new Storage(dir, { checkpointMs: 50 });
    for (let i = 0; i < 10; i++) s.append('wb', new Uint8Array([i]));
    // Copy the main file alone (no -wal): it holds the rows only once they were checkpointed.
    const copyDir = mkdtempSync(join(tmpdir(), 'pulso-st-copy-'));
    await waitFor(() => {
      copyFileSync(join(dir, 'pulso.sqlite'), join(copyDir, 'pulso.sqlite'));
      rmSync(join(copyDir, 'pulso.sqlite-wal'), { force: true });
      const copy = new Storage(copyDir, { checkpointMs: 0 });
      const n = copy.rowCount('wb');
      copy.close();
      return n === 10;
    }, 'rows in the main database file', 5_000);
    s.close();
  });

  it('an unreadable stored row is kept, the rest still loads, and the log is never folded over it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pulso-st-'));
    const st = new Storage(dataDir);
    const d = new Y.Doc();
    d.getMap('m').set('good', 1);
    st.append('wb', Y.encodeStateAsUpdate(d));
    st.append('wb', new Uint8Array([0, 250, 250, 250, 1, 2])); // junk
    st.close();
    const srv = await startTestServer({ dataDir, idleCompactMs: 50, compactThreshold: 2 });
    servers.push(srv);
    const a = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor'));
    await synced(a);
    expect(a.doc.getMap('m').get('good')).toBe(1);
    expect(srv.logs.some((l) => l.startsWith('error workbook wb: a stored update could not be read'))).toBe(true);
    a.doc.getMap('m').set('new', 2);
    a.doc.getMap('m').set('new2', 3);
    await waitFor(() => srv.server.storage.rowCount('wb') === 4, 'two more rows');
    await new Promise((r) => setTimeout(r, 150)); // past the idle compaction delay
    const rows = srv.server.storage.load('wb').updates;
    expect(rows.length).toBe(4);
    expect(Array.from(rows[1])).toEqual([0, 250, 250, 250, 1, 2]);
  });

  it('a failed write is neither relayed nor acknowledged, and is saved and relayed once storage works', async () => {
    const srv = await startTestServer({ idleCompactMs: 100 });
    servers.push(srv);
    const a = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor', 'A'));
    const b = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor', 'B'));
    await Promise.all([synced(a), synced(b)]);
    const storage = srv.server.storage;
    const append = storage.append.bind(storage);
    let failures = 0;
    storage.append = () => { failures++; throw new Error('disk full'); };
    a.doc.getMap('m').set('k', 'v');
    const closed = await a.closed;
    expect(closed).toEqual({ code: 1011, reason: 'storage failed' });
    expect(failures).toBe(1);
    expect(b.doc.getMap('m').has('k')).toBe(false);
    storage.append = append;
    // The idle timer saves the doc whole, relays it and acks the (reconnected) author.
    await waitFor(() => b.doc.getMap('m').get('k') === 'v', 'relayed after recovery');
    await waitFor(() => a.provider.synced && a.acked()?.get(a.doc.clientID) === 1, 'author acknowledged after recovery');
    expect(docFrom(storage.load('wb').updates).getMap('m').toJSON()).toEqual({ k: 'v' });
    expect(srv.logs.some((l) => l.includes('storing an update failed: disk full'))).toBe(true);
  });

  it('a resent update that changes nothing is acknowledged too', async () => {
    const srv = await startTestServer();
    servers.push(srv);
    const a = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor'));
    await synced(a);
    a.doc.getMap('m').set('k', 1);
    await waitFor(() => a.acked()?.get(a.doc.clientID) === 1, 'first ack');
    // Reconnect: the client resends its whole state in sync step 2, which the server already has.
    const before = srv.server.storage.rowCount('wb');
    a.provider.disconnect();
    a.provider.connect();
    await synced(a);
    const firstAck = a.acked();
    await waitFor(() => a.acked() !== firstAck, 'ack after the no-op resend');
    expect(a.acked()?.get(a.doc.clientID)).toBe(1);
    expect(srv.server.storage.rowCount('wb')).toBe(before);
  });

  it('SIGTERM-style close says goodbye with 1001 and keeps every edit', async () => {
    const srv = await startTestServer();
    const a = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor'));
    await synced(a);
    a.doc.getMap('m').set('k', 'last edit');
    await waitFor(() => srv.server.rooms.get('wb')?.doc.getMap('m').get('k') === 'last edit', 'edit reached the server');
    const dataDir = srv.dataDir;
    const [closed] = await Promise.all([a.closed, srv.stop()]);
    a.destroy();
    expect(closed.code).toBe(1001);
    const st = new Storage(dataDir);
    expect(st.rowCount('wb')).toBe(1); // folded on shutdown
    expect(docFrom(st.load('wb').updates).getMap('m').get('k')).toBe('last edit');
    st.close();
  });
});
