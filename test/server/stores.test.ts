// The workspace and integration API stores (workbooks, links, history, versions, API keys,
// webhooks) on both engines, each time through two handles on one database — two
// instances, or the server and a CLI process: what one writes, the other sees at once.
// Also: a SQLite file written before these stores had migrations is migrated with its data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { openStores, type Stores } from '../../sync-server/storage.js';
import { freshDatabase, type FreshDatabase } from '../support/backends.js';

const engines = ['sqlite', 'postgres'] as const;
const tmp = () => mkdtempSync(join(tmpdir(), 'pulso-stores-'));

describe.each(engines)('stores on %s', (engine) => {
  let db: FreshDatabase | undefined;
  let a: Stores;
  let b: Stores;
  beforeAll(async () => {
    const dataDir = tmp();
    if (engine === 'postgres') db = await freshDatabase();
    const config = { dataDir, databaseUrl: db?.url, checkpointMs: 0 };
    // PostgreSQL: opened together, the migrations run once (advisory lock). SQLite: one after
    // the other, as two processes would (two connections in one thread cannot wait for each
    // other's write lock: SQLite's busy wait blocks the thread that holds it).
    if (engine === 'postgres') [a, b] = await Promise.all([openStores(config), openStores(config)]);
    else { a = await openStores(config); b = await openStores(config); }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('records each component\'s migrations once', async () => {
    const { rows } = await a.docs.sql.query<{ component: string; version: number }>('SELECT component, version FROM schema_migrations ORDER BY component, version');
    expect(rows.map((r) => `${r.component}@${r.version}`)).toEqual([
      'api_keys@1', 'docs@1', 'history@1', 'links@1', 'versions@1', 'webhooks@1', 'webhooks@2', 'workbooks@1',
    ]);
  });

  it('workbooks: an id is created once; ensure keeps the first; archive and rename', async () => {
    expect(await a.workspace.workbooks.create({ id: 'wb1', name: 'Carteira Sul', createdBy: 'Ana' })).toBe(true);
    expect(await b.workspace.workbooks.create({ id: 'wb1', name: 'Other', createdBy: 'Bruno' })).toBe(false);
    await b.workspace.workbooks.ensure('wb1', 'Bruno');
    await b.workspace.workbooks.ensure('wb2', 'Bruno');
    expect(await a.workspace.workbooks.get('wb1')).toMatchObject({ id: 'wb1', name: 'Carteira Sul', createdBy: 'Ana', archivedAt: null });
    const archived = await a.workspace.workbooks.update('wb2', { name: 'Carteira Norte', archived: true });
    expect(archived).toMatchObject({ name: 'Carteira Norte' });
    expect(archived!.archivedAt).toBeGreaterThan(0);
    expect((await b.workspace.workbooks.list()).map((w) => w.id)).toEqual(['wb1', 'wb2']);
  });

  it('links: a link revoked through one handle is revoked for the other at once', async () => {
    const now = Date.now();
    const link = { workbookId: 'wb1', name: 'Ana Souza', role: 'editor' as const, createdAt: now, createdBy: 'Olga', expiresAt: now + 86_400_000 };
    await a.workspace.links.add({ ...link, id: 'l1' });
    await a.workspace.links.add({ ...link, id: 'l2', createdAt: now + 1 });
    await a.workspace.links.add({ ...link, id: 'l3', createdAt: now - 1, expiresAt: now - 1 });
    expect(await b.workspace.links.isRevoked('l1')).toBe(false);
    expect(await a.workspace.links.revoke('l1')).toBe(true);
    expect(await a.workspace.links.revoke('l1')).toBe(false);
    expect(await a.workspace.links.revoke('nope')).toBe(false);
    expect(await b.workspace.links.isRevoked('l1')).toBe(true);
    expect(await b.workspace.links.isRevoked('l2')).toBe(false);
    expect(await b.workspace.links.revokedAmong(['l1', 'l2', 'l3', 'nope'])).toEqual(['l1']);
    await b.workspace.links.touch('l2', now + 5);
    expect((await a.workspace.links.list('wb1')).map((l) => [l.id, l.lastUsedAt])).toEqual([['l2', now + 5]]);
    expect((await a.workspace.links.list('wb1', { includeRevoked: true })).map((l) => l.id)).toEqual(['l2', 'l1', 'l3']);
    expect((await a.workspace.links.get('l1'))!.revokedAt).toBeGreaterThan(0);
  });

  it('API keys: created through one handle, accepted by the other; revoked there, refused here', async () => {
    const { key, info } = await a.api.keys.create({ workbook: 'wb1', name: 'billing feed', scope: 'write', createdBy: 'cli' });
    expect(await b.api.keys.verify(key)).toMatchObject({ id: info.id, workbook: 'wb1', scope: 'write', revokedAt: null });
    expect(await b.api.keys.verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    // Only the SHA-256 is stored.
    const { rows } = await a.docs.sql.query<{ hash: Uint8Array }>('SELECT hash FROM api_keys WHERE id = $1', [info.id]);
    expect(Buffer.from(rows[0].hash).equals(createHash('sha256').update(key).digest())).toBe(true);
    const at = new Date('2026-03-01T12:00:00.000Z');
    await b.api.keys.touch(info.id, at);
    expect((await a.api.keys.list('wb1'))[0]).toMatchObject({ name: 'billing feed', lastUsedAt: at.toISOString() });
    expect(await a.api.keys.knowsWorkbook('wb1')).toBe(true);
    expect(await a.api.keys.knowsWorkbook('zz')).toBe(false);
    expect(await b.api.keys.revoke('other', info.id)).toBe(false);
    expect(await b.api.keys.revoke('wb1', info.id)).toBe(true);
    expect(await a.api.keys.verify(key)).toBeNull();
  });

  it('history: entries appended through both handles are listed, newest first, by either', async () => {
    const base = { workbookId: 'h1', kind: 'update' as const, table: 'customers' };
    await a.workspace.history.append([{ ...base, at: 1_000, by: 'Ana', row: 'c1', changes: [{ field: 'mrr', old: 1, new: 2 }] }]);
    await b.workspace.history.append([
      { ...base, at: 2_000, by: 'Bruno', row: 'c2', changes: [{ field: 'name', old: 'A', new: 'Ação' }] },
      { ...base, at: 3_000, by: 'Bruno', row: '*', kind: 'bulk', changes: [], count: 700, note: 'import' },
    ]);
    // A row id a peer wrote with U+0000 (PostgreSQL TEXT refuses it) is still recorded.
    await a.workspace.history.append([{ ...base, at: 4_000, by: 'Ana', row: 'x\0y', changes: [] }]);
    for (const s of [a, b]) {
      const all = await s.workspace.history.query({ workbookId: 'h1' });
      expect(all.map((e) => [e.by, e.row, e.at])).toEqual([['Ana', 'x\uFFFDy', 4_000], ['Bruno', '*', 3_000], ['Bruno', 'c2', 2_000], ['Ana', 'c1', 1_000]]);
      expect(all[1]).toMatchObject({ kind: 'bulk', count: 700, note: 'import' });
      expect(all[2].changes).toEqual([{ field: 'name', old: 'A', new: 'Ação' }]);
      expect(await s.workspace.history.authors('h1')).toEqual(['Ana', 'Bruno']);
    }
    expect((await b.workspace.history.query({ workbookId: 'h1', row: 'c1' })).map((e) => e.by)).toEqual(['Ana']);
    expect((await b.workspace.history.query({ workbookId: 'h1', since: 1_500, until: 3_000.5 })).map((e) => e.at)).toEqual([3_000, 2_000]);
    const newest = (await a.workspace.history.query({ workbookId: 'h1', limit: 1 }))[0];
    expect((await a.workspace.history.query({ workbookId: 'h1', beforeId: newest.id, limit: 1 }))[0].at).toBe(3_000);
    // Out-of-range numbers from a query string are a filter, not a database error.
    expect(await a.workspace.history.query({ workbookId: 'h1', beforeId: 1e30, since: -1e30 })).toHaveLength(4);
    expect(await b.workspace.history.prune(2_500)).toBe(2);
    expect((await a.workspace.history.query({ workbookId: 'h1' })).map((e) => e.at)).toEqual([4_000, 3_000]);
  });

  it('history: a large append (an import) is stored whole', async () => {
    const entries = Array.from({ length: 1_234 }, (_, i) => ({
      workbookId: 'h2', at: 10_000 + i, by: 'API', table: 'usage', row: `u${i}`, kind: 'insert' as const, changes: [{ field: 'n', old: null, new: i }],
    }));
    await a.workspace.history.append(entries);
    expect(await b.workspace.history.query({ workbookId: 'h2', limit: 1000 })).toHaveLength(1000);
    expect((await b.workspace.history.query({ workbookId: 'h2', until: 10_001 }))[0].changes).toEqual([{ field: 'n', old: null, new: 0 }]);
  });

  it('versions: one daily version per day whoever saves it, named ones with their bytes', async () => {
    await a.workspace.versions.saveDaily({ workbookId: 'v1', day: '2026-03-01', data: new Uint8Array([1, 2]) });
    await b.workspace.versions.saveDaily({ workbookId: 'v1', day: '2026-03-01', data: new Uint8Array([3, 4, 5]) });
    const named = await b.workspace.versions.saveNamed({ workbookId: 'v1', name: 'before import', by: 'Olga', data: new Uint8Array([9]) });
    expect(named).toMatchObject({ workbookId: 'v1', name: 'before import', kind: 'named', day: null, by: 'Olga', bytes: 1 });
    const list = await a.workspace.versions.list('v1');
    expect(list.map((v) => [v.kind, v.bytes])).toEqual([['named', 1], ['daily', 3]]);
    const daily = await a.workspace.versions.get('v1', list[1].id);
    expect([...daily!.data]).toEqual([3, 4, 5]);
    expect(await a.workspace.versions.get('other', named.id)).toBeUndefined();
    expect(await a.workspace.versions.get('v1', 1e30)).toBeUndefined();
  });

  it('webhooks: a change is queued once, and each due delivery is claimed by exactly one handle', async () => {
    const hook = await a.api.webhooks.create({ workbook: 'w1', url: 'https://example.test/hook', events: ['invoice.overdue'], renewalDays: 30, createdBy: 'Ana' });
    expect(await b.api.webhooks.get(hook.id)).toEqual(hook);
    expect(await b.api.webhooks.workbooksWithHooks()).toEqual(['w1']);
    const now = 1_000_000;
    for (let i = 0; i < 20; i++) {
      const d = { webhookId: hook.id, workbook: 'w1', eventId: `evt_${i}`, event: 'invoice.overdue' as const, payload: `{"n":${i}}`, at: now };
      expect(await a.api.webhooks.enqueue(d)).toBe(true);
      expect(await b.api.webhooks.enqueue(d)).toBe(false); // the other instance noticed the same event
    }
    // Both poll at once, many times: every delivery is handed out once.
    const claims = await Promise.all([a, b, a, b].map((s) => s.api.webhooks.claimDue(now, 7, 10_000)));
    const ids = claims.flat().map((d) => d.eventId);
    expect(ids.length).toBe(new Set(ids).size);
    const rest = [...await a.api.webhooks.claimDue(now, 50, 10_000), ...await b.api.webhooks.claimDue(now, 50, 10_000)];
    expect(new Set([...ids, ...rest.map((d) => d.eventId)]).size).toBe(20);
    expect(ids.length + rest.length).toBe(20);
    // Recorded as delivered: never due again. Unrecorded (the instance died): due after the hold.
    const [first, ...others] = [...claims.flat(), ...rest];
    await b.api.webhooks.record(first.id, { status: 'delivered', attempts: 1, nextAttemptAt: first.nextAttemptAt, lastStatusCode: 200, lastError: null, deliveredAt: now + 5 });
    expect(await a.api.webhooks.claimDue(now + 9_999, 50, 10_000)).toEqual([]);
    const again = await a.api.webhooks.claimDue(now + 10_000, 50, 10_000);
    expect(again.map((d) => d.id).sort()).toEqual(others.map((d) => d.id).sort());
    const log = await b.api.webhooks.deliveries('w1', 100);
    expect(log.filter((d) => d.status === 'delivered').map((d) => d.eventId)).toEqual([first.eventId]);
    expect(await a.api.webhooks.remove('w1', hook.id)).toBe(true);
    expect((await b.api.webhooks.deliveries('w1', 100)).filter((d) => d.status === 'pending')).toEqual([]);
    expect(await b.api.webhooks.list('w1')).toEqual([]);
  });
});

describe('a SQLite file from before the versioned migrations', () => {
  it('is migrated in place: every workbook, link, key, history entry, version and webhook is kept', async () => {
    const dataDir = tmp();
    // The tables exactly as the previous release created them, with a row each.
    const old = new Database(join(dataDir, 'pulso.sqlite'));
    old.exec(`
      CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, workbook TEXT NOT NULL, data BLOB NOT NULL);
      CREATE TABLE workbooks (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL, archived_at INTEGER);
      CREATE TABLE links (id TEXT PRIMARY KEY, workbook TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL, expires_at INTEGER NOT NULL, last_used_at INTEGER, revoked_at INTEGER);
      CREATE INDEX links_by_workbook ON links (workbook, created_at);
      CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, workbook TEXT NOT NULL, at INTEGER NOT NULL, by_name TEXT NOT NULL,
        tbl TEXT NOT NULL, row_id TEXT NOT NULL, kind TEXT NOT NULL, changes TEXT NOT NULL, count INTEGER, note TEXT);
      CREATE TABLE versions (id INTEGER PRIMARY KEY AUTOINCREMENT, workbook TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
        day TEXT, at INTEGER NOT NULL, by_name TEXT NOT NULL, data BLOB NOT NULL);
      CREATE UNIQUE INDEX versions_daily ON versions (workbook, day) WHERE kind = 'daily';
      CREATE TABLE api_keys (id TEXT PRIMARY KEY, workbook TEXT NOT NULL, name TEXT NOT NULL, scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
        hash BLOB NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT);
      CREATE TABLE webhooks (id TEXT PRIMARY KEY, workbook TEXT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL,
        renewal_days INTEGER NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL);
      CREATE TABLE webhook_deliveries (id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, workbook TEXT NOT NULL, event_id TEXT NOT NULL, event TEXT NOT NULL,
        payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
        last_status_code INTEGER, last_error TEXT, created_at INTEGER NOT NULL, delivered_at INTEGER, UNIQUE (webhook_id, event_id));
      INSERT INTO workbooks VALUES ('team', 'Time CS', 1, 'Olga', NULL);
      INSERT INTO links VALUES ('old-link', 'team', 'Ana', 'editor', 1, 'Olga', 9999999999999, NULL, 5);
      INSERT INTO history (workbook, at, by_name, tbl, row_id, kind, changes) VALUES ('team', 7, 'Ana', 'customers', 'c1', 'insert', '[]');
      INSERT INTO versions (workbook, name, kind, day, at, by_name, data) VALUES ('team', '2025-01-01', 'daily', '2025-01-01', 8, '', x'0102');
      INSERT INTO webhooks VALUES ('wh_old', 'team', 'https://example.test/h', '["invoice.overdue"]', 30, 'whsec_x', '2025-01-01T00:00:00.000Z', 'Ana');
      INSERT INTO webhook_deliveries VALUES ('d1', 'wh_old', 'team', 'evt_1', 'invoice.overdue', '{}', 'pending', 0, 10, NULL, NULL, 10, NULL);`);
    old.prepare('INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)')
      .run('abcdefghijkl', 'team', 'feed', 'read', createHash('sha256').update('pulso_abcdefghijkl_' + 'k'.repeat(43)).digest(), '2025-01-01T00:00:00.000Z', 'cli');
    old.close();

    const s = await openStores({ dataDir, checkpointMs: 0 });
    try {
      expect(await s.workspace.workbooks.get('team')).toMatchObject({ name: 'Time CS', createdBy: 'Olga' });
      expect(await s.workspace.links.isRevoked('old-link')).toBe(true);
      expect((await s.workspace.history.query({ workbookId: 'team' })).map((e) => [e.by, e.row])).toEqual([['Ana', 'c1']]);
      expect((await s.workspace.versions.list('team')).map((v) => [v.kind, v.day, v.bytes])).toEqual([['daily', '2025-01-01', 2]]);
      expect(await s.api.keys.verify('pulso_abcdefghijkl_' + 'k'.repeat(43))).toMatchObject({ name: 'feed', scope: 'read' });
      expect((await s.api.webhooks.claimDue(20, 10, 1000)).map((d) => d.eventId)).toEqual(['evt_1']);
      // Written on after the migration, as before it.
      await s.workspace.history.append([{ workbookId: 'team', at: 9, by: 'Bia', table: 'customers', row: 'c2', kind: 'insert', changes: [] }]);
      expect(await s.workspace.history.authors('team')).toEqual(['Ana', 'Bia']);
    } finally {
      await s.close();
    }
    // A second start has nothing left to migrate.
    const again = await openStores({ dataDir, checkpointMs: 0 });
    const { rows } = await again.docs.sql.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
    expect(Number(rows[0].n)).toBe(8);
    await again.close();
  });
});
