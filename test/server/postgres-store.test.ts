// The PostgreSQL document store against the machine's PostgreSQL (a fresh database per run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import pg from 'pg';
import { PostgresDocStore } from '../../sync-server/storage.js';
import { migrate } from '../../sync-server/store/migrate.js';
import { freshDatabase, PG_ADMIN_URL, type FreshDatabase } from '../support/backends.js';
import { startTestServer, spawnTestServer } from '../support/server.js';
import { connect, synced, waitFor, type Client } from './clients.js';

let db: FreshDatabase;
const stores: PostgresDocStore[] = [];
const open: Client[] = [];
const servers: { stop(): Promise<void> }[] = [];
beforeAll(async () => { db = await freshDatabase(); });
afterAll(async () => {
  for (const c of open) c.destroy();
  for (const s of servers) await s.stop();
  for (const s of stores) await s.close().catch(() => {});
  await db?.drop();
});

async function store() {
  const s = await PostgresDocStore.open(db.url);
  stores.push(s);
  return s;
}
function docFrom(updates: Uint8Array[]): Y.Doc {
  const d = new Y.Doc();
  for (const u of updates) Y.applyUpdate(d, u);
  return d;
}
const fold = (rows: Uint8Array[]) => Y.encodeStateAsUpdate(docFrom(rows));
function edits(n: number, key = 'k'): Uint8Array[] {
  const d = new Y.Doc();
  const out: Uint8Array[] = [];
  d.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) d.getMap('m').set(`${key}${i}`, i);
  return out;
}

describe('PostgreSQL document store', () => {
  it('migrates once even when several instances start together', async () => {
    const [a, b, c] = await Promise.all([store(), store(), store()]);
    const rows = await a.sql.query<{ version: number }>("SELECT version FROM schema_migrations WHERE component = 'docs'");
    expect(rows.rows).toEqual([{ version: 1 }]);
    // A later component's migration runs through the same runner on the same handle.
    const ran = await migrate(b.sql, 'test-links', [{ version: 1, name: 'links', sql: { postgres: 'CREATE TABLE test_links (id TEXT PRIMARY KEY)' } }]);
    expect(ran).toEqual([1]);
    expect(await migrate(c.sql, 'test-links', [{ version: 1, name: 'links', sql: { postgres: 'CREATE TABLE test_links (id TEXT PRIMARY KEY)' } }])).toEqual([]);
  });

  it('appends, loads, compacts into a snapshot and keeps the previous one', async () => {
    const s = await store();
    const ups = edits(5);
    expect((await s.appendBatch('wb1', ups.slice(0, 3))).length).toBe(3);
    await s.append('wb1', ups[3]);
    expect(docFrom((await s.load('wb1')).updates).getMap('m').size).toBe(4);
    const first = await s.compact('wb1', fold, { fence: 1, streamId: '1-0' });
    expect(first?.folded).toBe(4);
    await s.append('wb1', ups[4]);
    expect(await s.rowCount('wb1')).toBe(2);
    await s.compact('wb1', fold, { fence: 1 });
    const loaded = await s.load('wb1');
    expect(loaded.updates.length).toBe(1);
    expect(docFrom(loaded.updates).getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 });
    const prev = await s.sql.query<{ checksum: string }>("SELECT checksum FROM doc_snapshots WHERE workbook = 'wb1' AND slot = 'previous'");
    expect(prev.rows[0].checksum).toBe(first!.snapshotChecksum);
  });

  it('a compaction with an older fencing token than one already used is refused and changes nothing', async () => {
    const s = await store();
    for (const u of edits(3)) await s.append('wb2', u);
    expect(await s.compact('wb2', fold, { fence: 10 })).not.toBeNull();
    for (const u of edits(2, 'late')) await s.append('wb2', u);
    expect(await s.compact('wb2', fold, { fence: 9 })).toBeNull();
    expect(await s.rowCount('wb2')).toBe(3);
  });

  it('a row another instance commits during a compaction is kept, not folded away', async () => {
    const a = await store();
    const b = await store();
    const ups = edits(4);
    for (const u of ups.slice(0, 3)) await a.append('wb3', u);
    const done = await a.compact('wb3', (rows) => {
      // Meanwhile (inside a's transaction) b commits a new row.
      void b.append('wb3', ups[3]);
      return fold(rows);
    }, { fence: 1 });
    expect(done?.folded).toBe(3);
    await new Promise((r) => setTimeout(r, 200));
    const doc = docFrom((await b.load('wb3')).updates);
    expect(doc.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3 });
  });

  it('catch-up returns rows after a floor, and the snapshot once it changed', async () => {
    const s = await store();
    const ups = edits(4);
    const seqs = await s.appendBatch('wb4', ups.slice(0, 2));
    const c1 = await s.catchUp('wb4', seqs[0], null);
    expect(c1.updates.length).toBe(1);
    const done = await s.compact('wb4', fold);
    await s.append('wb4', ups[2]);
    const c2 = await s.catchUp('wb4', c1.lastSeq, null);
    expect(c2.updates.length).toBe(2); // the new snapshot, then the new row
    const c3 = await s.catchUp('wb4', c2.lastSeq, done!.snapshotChecksum);
    expect(c3.updates.length).toBe(0);
  });

  it('a row whose bytes changed fails its checksum: load refuses it', async () => {
    const s = await store();
    for (const u of edits(2)) await s.append('wb5', u);
    await s.sql.query("UPDATE doc_updates SET data = data || '\\x00'::bytea WHERE workbook = 'wb5' AND seq = (SELECT max(seq) FROM doc_updates WHERE workbook = 'wb5')");
    await expect(s.load('wb5')).rejects.toThrow(/workbook wb5: stored data damaged at doc_updates seq \d+: checksum mismatch/);
  });
});

describe('the server on PostgreSQL', () => {
  it('serves, stores and reloads a workbook after a kill -9, with /healthz naming the engine', async () => {
    const first = await spawnTestServer({ databaseUrl: db.url });
    servers.push(first);
    const health = await (await fetch(`${first.httpUrl}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, storage: { engine: 'postgres', ok: true } });
    const a = connect(first.wsUrl, 'pgwb', await first.token('pgwb', 'editor'));
    open.push(a);
    await synced(a);
    for (let i = 0; i < 50; i++) a.doc.getArray<number>('xs').push([i]);
    await waitFor(() => a.acked()?.get(a.doc.clientID) === 50, 'all 50 acknowledged');
    await first.kill9();
    a.destroy();
    const second = await startTestServer({ databaseUrl: db.url, secret: first.secret });
    servers.push(second);
    const b = connect(second.wsUrl, 'pgwb', await second.token('pgwb', 'viewer'));
    open.push(b);
    await synced(b);
    expect(b.doc.getArray('xs').toArray()).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('/healthz answers 503 naming PostgreSQL when it cannot be reached', async () => {
    // Only this test's server may be connected while the database goes away.
    for (const s of servers.splice(0)) await s.stop();
    for (const s of stores.splice(0)) await s.close();
    const srv = await startTestServer({ databaseUrl: db.url });
    servers.push(srv);
    // Cut this server's connections from the database side (what a PostgreSQL restart does) and refuse new ones.
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS false`);
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'pulso-sync'", [db.name]);
    try {
      const res = await fetch(`${srv.httpUrl}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, storage: { engine: 'postgres', ok: false } });
    } finally {
      await admin.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    const ok = await fetch(`${srv.httpUrl}/healthz`);
    expect(ok.status).toBe(200);
  });
});
