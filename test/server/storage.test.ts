import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, statSync, openSync, writeSync, fstatSync, closeSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocStore } from '../../sync-server/storage.js';
import { loadSecret } from '../../sync-server/config.js';
import { restore } from '../../sync-server/restore.js';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, waitForAsync, type Client } from './clients.js';

const open: Client[] = [];
const servers: { stop(): Promise<void> }[] = [];
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
const tmp = () => mkdtempSync(join(tmpdir(), 'pulso-st-'));
const fold = (rows: Uint8Array[]) => Y.encodeStateAsUpdate(docFrom(rows));

/** Edits `wb` through the real server (every edit acknowledged), then stops it (closing folds the log, as SIGTERM does). */
async function storeThroughServer(dataDir: string, wb: string, edit: (d: Y.Doc) => void, acks: number) {
  const srv = await startTestServer({ dataDir });
  const a = connect(srv.wsUrl, wb, await srv.token(wb, 'editor'));
  await synced(a);
  edit(a.doc);
  await waitFor(() => a.acked()?.get(a.doc.clientID) === acks, 'edits acknowledged');
  a.destroy();
  await srv.stop();
  return srv;
}

describe('SQLite document store', () => {
  it('appends per workbook in order and compacts atomically, keeping the previous snapshot', async () => {
    const s = await SqliteDocStore.open(tmp());
    const d = new Y.Doc();
    const ups: Uint8Array[] = [];
    d.on('update', (u: Uint8Array) => ups.push(u));
    d.getMap('m').set('a', 1);
    d.getMap('m').set('b', 2);
    d.getMap('m').set('a', 3);
    for (const u of ups) await s.append('wb', u);
    await s.append('other', Y.encodeStateAsUpdate(new Y.Doc()));
    const log = await s.load('wb');
    expect(log.updates.length).toBe(3);
    expect(docFrom(log.updates).getMap('m').toJSON()).toEqual({ a: 3, b: 2 });
    const first = await s.compact('wb', fold);
    expect(first).toMatchObject({ folded: 3 });
    expect(await s.rowCount('wb')).toBe(1);
    expect(await s.rowCount('other')).toBe(1);
    d.getMap('m').set('c', 4);
    await s.append('wb', ups[ups.length - 1]);
    await s.compact('wb', fold);
    expect(docFrom((await s.load('wb')).updates).getMap('m').toJSON()).toEqual({ a: 3, b: 2, c: 4 });
    const slots = s.raw.prepare("SELECT slot, checksum FROM doc_snapshots WHERE workbook = 'wb' ORDER BY slot").all() as { slot: string; checksum: string }[];
    expect(slots.map((r) => r.slot)).toEqual(['current', 'previous']);
    expect(slots[1].checksum).toBe(first!.snapshotChecksum);
    await s.close();
  });

  it('a background thread checkpoints the WAL into the main file', async () => {
    const dir = tmp();
    const s = await SqliteDocStore.open(dir, { checkpointMs: 50 });
    for (let i = 0; i < 10; i++) await s.append('wb', new Uint8Array([i]));
    // Copy the main file alone (no -wal): it holds the rows only once they were checkpointed.
    const copyDir = tmp();
    await waitForAsync(async () => {
      copyFileSync(join(dir, 'pulso.sqlite'), join(copyDir, 'pulso.sqlite'));
      rmSync(join(copyDir, 'pulso.sqlite-wal'), { force: true });
      // A copy taken while a checkpoint writes the file can be torn: that is "not yet".
      try {
        const copy = await SqliteDocStore.open(copyDir, { checkpointMs: 0 });
        const n = await copy.rowCount('wb');
        await copy.close();
        return n === 10;
      } catch {
        return false;
      }
    }, 'rows in the main database file', 5_000);
    await s.close();
  });

  it('a database of the first schema (one updates table, no checksums) is migrated and loads intact', async () => {
    const dir = tmp();
    const old = new Database(join(dir, 'pulso.sqlite'));
    old.exec('CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, workbook TEXT NOT NULL, data BLOB NOT NULL)');
    const d = new Y.Doc();
    d.getMap('m').set('kept', 'yes');
    old.prepare('INSERT INTO updates (workbook, data) VALUES (?, ?)').run('wb', Y.encodeStateAsUpdate(d));
    old.close();
    const s = await SqliteDocStore.open(dir);
    expect(docFrom((await s.load('wb')).updates).getMap('m').get('kept')).toBe('yes');
    const versions = s.raw.prepare("SELECT version FROM schema_migrations WHERE component = 'docs'").all();
    expect(versions).toEqual([{ version: 1 }]);
    await s.close();
  });

  it('creates the data folder 0700 and the database and secret 0600', async () => {
    const dataDir = join(tmp(), 'fresh', 'data');
    const s = await SqliteDocStore.open(dataDir);
    await s.append('wb', new Uint8Array([0, 0]));
    loadSecret(dataDir, {});
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'pulso.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'pulso.sqlite-wal')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'sync-secret')).mode & 0o777).toBe(0o600);
    await s.close();
  });
});

describe('damaged storage', () => {
  it('changing 20 letters inside a stored snapshot: refused with 4500, logged with the row, nothing written over it', async () => {
    const dataDir = tmp();
    const rows = Array.from({ length: 30 }, (_, i) => `Customer number ${i} — Fazenda Boa Vista`);
    await storeThroughServer(dataDir, 'wb', (d) => rows.forEach((r, i) => d.getMap('customers').set(`c${i}`, r)), 30);
    await storeThroughServer(dataDir, 'ok', (d) => d.getMap('m').set('x', 1), 1);
    // Change 20 letters inside the stored snapshot (the rows' text), as a bit rot or a bad edit would.
    const db = new Database(join(dataDir, 'pulso.sqlite'));
    const snap = db.prepare("SELECT data FROM doc_snapshots WHERE workbook = 'wb' AND slot = 'current'").get() as { data: Buffer };
    const bytes = Buffer.from(snap.data);
    const at = bytes.indexOf('Fazenda Boa Vista');
    expect(at).toBeGreaterThan(0);
    bytes.write('Fazenda Má Vistaaaa'.slice(0, 17), at);
    bytes.write('XXX', at + 20);
    db.prepare("UPDATE doc_snapshots SET data = ? WHERE workbook = 'wb' AND slot = 'current'").run(bytes);
    db.close();

    const srv = await startTestServer({ dataDir, idleCompactMs: 50 });
    servers.push(srv);
    const a = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor'));
    a.doc.getMap('customers').set('new', 'an edit made on top');
    const closed = await a.closed;
    expect(closed.code).toBe(4500);
    expect(closed.reason).toMatch(/damaged/);
    expect(a.provider.synced).toBe(false);
    expect(srv.logs.some((l) => l.startsWith('error workbook wb: stored data damaged at doc_snapshots current: checksum mismatch'))).toBe(true);
    // Nothing new was written over it, and another workbook is served as usual.
    const raw = new Database(join(dataDir, 'pulso.sqlite'), { readonly: true });
    expect(Buffer.compare((raw.prepare("SELECT data FROM doc_snapshots WHERE workbook = 'wb' AND slot = 'current'").get() as { data: Buffer }).data, bytes)).toBe(0);
    expect((raw.prepare("SELECT count(*) AS n FROM doc_updates WHERE workbook = 'wb'").get() as { n: number }).n).toBe(0);
    raw.close();
    const b = client(srv.wsUrl, 'ok', await srv.token('ok', 'viewer'));
    await synced(b);
    expect(b.doc.getMap('m').get('x')).toBe(1);
  }, 120_000);

  it('overwriting the last data page of pulso.sqlite: the workbook is refused, never served empty as synced', async () => {
    const dataDir = tmp();
    await storeThroughServer(dataDir, 'wb', (d) => { for (let i = 0; i < 40; i++) d.getMap('m').set(`k${i}`, 'valor '.repeat(100)); }, 40);
    const db = new Database(join(dataDir, 'pulso.sqlite'));
    db.exec('VACUUM'); // no free pages: the last page holds data
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    db.close();
    const fd = openSync(join(dataDir, 'pulso.sqlite'), 'r+');
    const size = fstatSync(fd).size;
    writeSync(fd, Buffer.alloc(4096, 0x41), 0, 4096, size - 4096);
    closeSync(fd);

    const srv = await startTestServer({ dataDir });
    servers.push(srv);
    const a = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor'));
    const closed = await a.closed;
    expect(closed.code).toBe(4500);
    expect(a.provider.synced).toBe(false);
    expect(srv.logs.some((l) => /^error workbook wb: stored data damaged at /.test(l))).toBe(true);
  }, 120_000);

  it('npm run restore -- --from backup: the backup is verified, the damaged file kept aside, the workbook served again', async () => {
    const dataDir = tmp();
    await storeThroughServer(dataDir, 'wb', (d) => d.getMap('m').set('before', 'backup'), 1);
    const backup = join(tmp(), 'backup.sqlite');
    const s = await SqliteDocStore.open(dataDir);
    await s.backup(backup);
    await s.close();
    // Damage the live file: one flipped byte in the snapshot.
    const db = new Database(join(dataDir, 'pulso.sqlite'));
    db.exec("UPDATE doc_updates SET data = data || x'00' WHERE workbook = 'wb'");
    db.close();
    // A damaged backup is refused and changes nothing.
    const badBackup = join(tmp(), 'bad.sqlite');
    copyFileSync(join(dataDir, 'pulso.sqlite'), badBackup);
    await expect(restore(dataDir, badBackup)).rejects.toThrow(/workbook wb: stored data damaged/);

    const message = await restore(dataDir, backup);
    expect(message).toMatch(/restored 1 workbook\(s\)/);
    const aside = /kept as (.*)$/.exec(message)![1];
    expect(existsSync(aside)).toBe(true);
    expect(statSync(join(dataDir, 'pulso.sqlite')).mode & 0o777).toBe(0o600);
    const srv = await startTestServer({ dataDir });
    servers.push(srv);
    const a = client(srv.wsUrl, 'wb', await srv.token('wb', 'viewer'));
    await synced(a);
    expect(a.doc.getMap('m').get('before')).toBe('backup');
  }, 120_000);

  it('restore --workbook replaces that workbook only', async () => {
    const dataDir = tmp();
    await storeThroughServer(dataDir, 'wb', (d) => d.getMap('m').set('v', 'old'), 1);
    const backup = join(tmp(), 'backup.sqlite');
    let s = await SqliteDocStore.open(dataDir);
    await s.backup(backup);
    await s.close();
    await storeThroughServer(dataDir, 'other', (d) => d.getMap('m').set('v', 'after the backup'), 1);
    const db = new Database(join(dataDir, 'pulso.sqlite'));
    db.exec("UPDATE doc_updates SET checksum = 'x' WHERE workbook = 'wb'");
    db.close();
    s = await SqliteDocStore.open(dataDir);
    await expect(s.load('wb')).rejects.toThrow(/stored data damaged at doc_updates seq \d+: checksum mismatch/);
    await s.close();
    await restore(dataDir, backup, 'wb');
    s = await SqliteDocStore.open(dataDir);
    expect(docFrom((await s.load('wb')).updates).getMap('m').get('v')).toBe('old');
    expect(docFrom((await s.load('other')).updates).getMap('m').get('v')).toBe('after the backup');
    await s.close();
  }, 120_000);
});

describe('server storage behaviour', () => {
  it('a failed write is neither relayed nor acknowledged, and is saved and relayed once storage works', async () => {
    const srv: InProcessTestServer = await startTestServer({ idleCompactMs: 100 });
    servers.push(srv);
    const a = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor', 'A'));
    const b = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor', 'B'));
    await Promise.all([synced(a), synced(b)]);
    const storage = srv.server.storage;
    const appendBatch = storage.appendBatch.bind(storage);
    const append = storage.append.bind(storage);
    let failures = 0;
    storage.appendBatch = async () => { failures++; throw new Error('disk full'); };
    storage.append = async () => { failures++; throw new Error('disk full'); };
    a.doc.getMap('m').set('k', 'v');
    const closed = await a.closed;
    expect(closed).toEqual({ code: 1011, reason: 'storage failed' });
    expect(failures).toBeGreaterThanOrEqual(1);
    expect(b.doc.getMap('m').has('k')).toBe(false);
    storage.appendBatch = appendBatch;
    storage.append = append;
    // The idle timer saves the doc whole, relays it and acks the (reconnected) author.
    await waitFor(() => b.doc.getMap('m').get('k') === 'v', 'relayed after recovery');
    await waitFor(() => a.provider.synced && a.acked()?.get(a.doc.clientID) === 1, 'author acknowledged after recovery');
    expect(docFrom((await storage.load('wb')).updates).getMap('m').toJSON()).toEqual({ k: 'v' });
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
    const before = await srv.server.storage.rowCount('wb');
    a.provider.disconnect();
    a.provider.connect();
    await synced(a);
    const firstAck = a.acked();
    await waitFor(() => a.acked() !== firstAck, 'ack after the no-op resend');
    expect(a.acked()?.get(a.doc.clientID)).toBe(1);
    expect(await srv.server.storage.rowCount('wb')).toBe(before);
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
    const st = await SqliteDocStore.open(dataDir);
    expect(await st.rowCount('wb')).toBe(1); // folded on shutdown
    expect(docFrom((await st.load('wb')).updates).getMap('m').get('k')).toBe('last edit');
    await st.close();
  });
});
