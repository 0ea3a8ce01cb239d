// The workspace API against the real server: roles on every endpoint, links and their
// revocation cutting live sockets, history of edits from the app and from API writes,
// history surviving compaction and restart, versions and their restore. Every test runs on
// SQLite and on PostgreSQL (a fresh database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook } from '../../core/index.js';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, type Client } from './clients.js';
import { ENGINES, useEngine } from '../support/backends.js';

describe.each(ENGINES)('workspace on %s', (engine) => {
  const backend = useEngine(engine);
  let srv: InProcessTestServer;
  let owner: string;
  const open: Client[] = [];
  const client = (...a: Parameters<typeof connect>) => { const c = connect(...a); open.push(c); return c; };

  beforeAll(async () => {
    srv = await startTestServer({ dailyVersionMs: 50, ...backend.options() });
    owner = await srv.token('team', 'owner', 'Olga Dono');
  });
  afterAll(async () => {
    for (const c of open) c.destroy();
    await srv.stop();
  });

  async function api(method: string, path: string, token: string | null, body?: unknown) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${srv.httpUrl}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: type.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer()) };
  }

  async function invite(wb: string, name: string, role: 'owner' | 'editor' | 'viewer', by = owner) {
    const r = await api('POST', `/workbooks/${wb}/links`, by, { name, role, expiresInDays: 7 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { link: { id: string; name: string; role: string; expiresAt: number }; token: string; url: string };
  }

  describe('links', () => {
    it('an owner creates, lists and revokes links; the link opens the workbook with the person\'s name', async () => {
      const ana = await invite('team', 'Ana Souza', 'editor');
      expect(ana.url).toBe(`${srv.httpUrl}/w/team#token=${ana.token}`);
      const days7 = Date.now() + 7 * 86_400_000;
      expect(Math.abs(ana.link.expiresAt - days7)).toBeLessThan(60_000);
      const list = await api('GET', '/workbooks/team/links', owner);
      expect(list.status).toBe(200);
      const mine = list.body.links.find((l: { id: string }) => l.id === ana.link.id);
      expect(mine).toMatchObject({ name: 'Ana Souza', role: 'editor', lastUsedAt: null, revokedAt: null, createdBy: 'Olga Dono' });

      const c = client(srv.wsUrl, 'team', ana.token);
      await synced(c);
      const after = await api('GET', '/workbooks/team/links', owner);
      expect(after.body.links.find((l: { id: string }) => l.id === ana.link.id).lastUsedAt).toBeGreaterThan(0);

      // Revocation closes the live socket with 4401 at once, and the link never works again.
      const del = await api('DELETE', `/workbooks/team/links/${ana.link.id}`, owner);
      expect(del.status).toBe(200);
      expect(del.body.disconnected).toBe(1);
      expect(await c.closed).toEqual({ code: 4401, reason: 'link revoked' });
      const again = client(srv.wsUrl, 'team', ana.token);
      expect(await again.closed).toEqual({ code: 4401, reason: 'link revoked' });
      expect((await api('GET', '/workbooks/team/history', ana.token)).status).toBe(401);
      // The integration API takes the same link tokens (Settings → Integrations): refused too.
      const beforeRevoke = await invite('team', 'Caio Reis', 'editor');
      expect((await api('GET', '/workbooks/team/keys', beforeRevoke.token)).status).toBe(200);
      const integration = await api('GET', '/workbooks/team/keys', ana.token);
      expect(integration.status).toBe(401);
      expect(integration.body.error).toMatchObject({ code: 'unauthorized', message: 'invalid credential: link revoked' });
      const listed = await api('GET', '/workbooks/team/links', owner);
      expect(listed.body.links.some((l: { id: string }) => l.id === ana.link.id)).toBe(false);
      const withRevoked = await api('GET', '/workbooks/team/links?revoked=1', owner);
      expect(withRevoked.body.links.find((l: { id: string }) => l.id === ana.link.id).revokedAt).toBeGreaterThan(0);
    });

    it('expired links leave the active list (still listed with ?revoked=1)', async () => {
      await srv.server.workspace.links.add({ id: '11111111-1111-4111-8111-111111111111', workbookId: 'exp', name: 'Old Link', role: 'editor', createdAt: Date.now() - 2e6, createdBy: 'x', expiresAt: Date.now() - 1000 });
      const active = await invite('exp', 'Fresh', 'viewer');
      expect((await api('GET', '/workbooks/exp/links', owner)).body.links.map((l: { id: string }) => l.id)).toEqual([active.link.id]);
      expect((await api('GET', '/workbooks/exp/links?revoked=1', owner)).body.links).toHaveLength(2);
    });

    it('revoking one link leaves the other people connected', async () => {
      const bia = await invite('team', 'Bia', 'editor');
      const caio = await invite('team', 'Caio', 'viewer');
      const b = client(srv.wsUrl, 'team', bia.token);
      const k = client(srv.wsUrl, 'team', caio.token);
      await synced(b);
      await synced(k);
      await api('DELETE', `/workbooks/team/links/${caio.link.id}`, owner);
      expect((await k.closed).code).toBe(4401);
      b.doc.getMap('probe').set('still', 'here');
      await waitFor(() => b.acked()?.get(b.doc.clientID) !== undefined, 'Bia is still connected and acknowledged');
      expect(b.provider.wsconnected).toBe(true);
    });
  });

  describe('roles on every endpoint', () => {
    it('answers 401 without a valid token, 403 to roles and workbooks that may not, 200/201 to owners', async () => {
      const editor = await srv.token('team', 'editor', 'Edu');
      const viewer = await srv.token('team', 'viewer', 'Vera');
      const otherOwner = await srv.token('other', 'owner', 'Otto');
      const otherEditor = await srv.token('other', 'editor', 'Eva');
      const saved = await api('POST', '/workbooks/team/versions', owner, { name: 'roles' });
      expect(saved.status).toBe(201);
      const v = saved.body.version.id;
      const link = await invite('team', 'Target', 'viewer');
      const cases: [string, string, unknown?][] = [
        ['GET', '/workbooks'],
        ['POST', '/workbooks', { name: 'Roles test' }],
        ['PATCH', '/workbooks/team', { archived: false }],
        ['GET', '/workbooks/team/links'],
        ['POST', '/workbooks/team/links', { name: 'X', role: 'viewer' }],
        ['DELETE', `/workbooks/team/links/${link.link.id}`],
        ['GET', '/workbooks/team/history'],
        ['GET', '/workbooks/team/versions'],
        ['POST', '/workbooks/team/versions', { name: 'v' }],
        ['GET', `/workbooks/team/versions/${v}`],
        ['POST', `/workbooks/team/versions/${v}/restore`, { dryRun: true }],
      ];
      // Expected per role: [no token, viewer, editor, other workbook's editor]; owners get 2xx.
      const expected: Record<string, [number, number, number, number]> = {
        'GET /workbooks': [401, 200, 200, 200],
        'POST /workbooks': [401, 403, 403, 403],
        'PATCH /workbooks/team': [401, 403, 403, 403],
        'GET /workbooks/team/links': [401, 200, 200, 403],
        'POST /workbooks/team/links': [401, 403, 403, 403],
        [`DELETE /workbooks/team/links/${link.link.id}`]: [401, 403, 403, 403],
        'GET /workbooks/team/history': [401, 200, 200, 403],
        'GET /workbooks/team/versions': [401, 403, 403, 403],
        'POST /workbooks/team/versions': [401, 403, 403, 403],
        [`GET /workbooks/team/versions/${v}`]: [401, 403, 403, 403],
        [`POST /workbooks/team/versions/${v}/restore`]: [401, 403, 403, 403],
      };
      for (const [method, path, body] of cases) {
        const key = `${method} ${path}`;
        const got = [];
        for (const t of [null, viewer, editor, otherEditor]) {
          const r = await api(method, path, t, body);
          got.push(r.status);
          if (r.status >= 400) expect(r.body.error, key).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        }
        expect(got, key).toEqual(expected[key]);
        for (const t of [owner, otherOwner]) {
          const r = await api(method, path, t, body);
          expect(r.status, `${key} as owner`).toBeLessThan(300);
        }
      }
      // Editors may rename; a viewer may not; a viewer sees only their own link.
      expect((await api('PATCH', '/workbooks/team', editor, { name: 'Team' })).status).toBe(200);
      expect((await api('PATCH', '/workbooks/team', viewer, { name: 'Team' })).status).toBe(403);
      const vera = await invite('team', 'Vera Lúcia', 'viewer');
      const seen = await api('GET', '/workbooks/team/links', vera.token);
      expect(seen.body.links.map((l: { name: string }) => l.name)).toEqual(['Vera Lúcia']);
    });

    it('validates every input with a JSON error naming the field', async () => {
      const bad: [string, string, unknown, string][] = [
        ['POST', '/workbooks/team/links', { name: '', role: 'editor' }, 'name'],
        ['POST', '/workbooks/team/links', { name: 'x'.repeat(81), role: 'editor' }, 'name'],
        ['POST', '/workbooks/team/links', { name: 'Ana', role: 'admin' }, 'role'],
        ['POST', '/workbooks/team/links', { name: 'Ana', role: 'editor', expiresInDays: 0 }, 'expiresInDays'],
        ['POST', '/workbooks/team/links', { name: 'Ana', role: 'editor', expiresInDays: 'soon' }, 'expiresInDays'],
        ['POST', '/workbooks/team/links', { name: 'Ana\u0000', role: 'editor' }, 'name'],
        ['DELETE', '/workbooks/team/links/not-a-uuid', undefined, 'linkId'],
        ['POST', '/workbooks/bad%20id/links', { name: 'Ana', role: 'editor' }, 'wb'],
        ['POST', '/workbooks', { name: 'x', id: 'has space' }, 'id'],
        ['GET', '/workbooks/team/history?since=yesterday', undefined, 'since'],
        ['GET', '/workbooks/team/history?limit=0', undefined, 'limit'],
        ['GET', '/workbooks/team/versions/abc', undefined, 'v'],
        ['POST', '/workbooks/team/versions', { name: 7 }, 'name'],
      ];
      for (const [method, path, body, field] of bad) {
        const r = await api(method, path, owner, body);
        // The same answer as the integration API's: 422 invalid-request, each field named.
        expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(422);
        expect(r.body.error.code).toBe('invalid-request');
        expect(r.body.error.message).toContain(field);
        expect(r.body.errors.some((e: { field: string | null }) => e.field?.includes(field))).toBe(true);
      }
      const notJson = await api('POST', '/workbooks/team/links', owner, '{not json');
      expect(notJson.status).toBe(400);
      expect(notJson.body.error.code).toBe('malformed-json');
      const huge = await api('POST', '/workbooks/team/links', owner, { name: 'x', role: 'viewer', pad: 'y'.repeat(100_000) });
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('payload-too-large');
      expect(huge.body.error.message).toContain('64 KiB');
      const nowhere = await api('GET', '/nowhere', owner);
      expect(nowhere.status).toBe(404);
      // An unknown path under /api/v1 is answered by the integration API (api/app.ts).
      expect(nowhere.body.error.code).toBe('not-found');
      const missing = await api('DELETE', '/workbooks/team/links/00000000-0000-4000-8000-000000000000', owner);
      expect(missing.status).toBe(404);
      expect((await api('GET', '/workbooks/team/versions/999999', owner)).status).toBe(404);
    });
  });

  describe('workbooks', () => {
    it('an owner creates (name → id), renames and archives; the answer carries an owner link to it', async () => {
      const r = await api('POST', '/workbooks', owner, { name: 'Carteira São Paulo' });
      expect(r.status).toBe(201);
      expect(r.body.workbook).toMatchObject({ id: 'carteira-sao-paulo', name: 'Carteira São Paulo', archivedAt: null });
      const second = await api('POST', '/workbooks', owner, { name: 'Carteira São Paulo' });
      expect(second.body.workbook.id).toBe('carteira-sao-paulo-2');
      expect((await api('POST', '/workbooks', owner, { name: 'x', id: 'carteira-sao-paulo' })).status).toBe(409);
      const c = client(srv.wsUrl, 'carteira-sao-paulo', r.body.link.token);
      await synced(c);
      expect((await api('PATCH', '/workbooks/carteira-sao-paulo', owner, { name: 'SP' })).body.workbook.name).toBe('SP');
      expect((await api('PATCH', '/workbooks/carteira-sao-paulo', owner, { archived: true })).body.workbook.archivedAt).toBeGreaterThan(0);
      const list = await api('GET', '/workbooks', owner);
      expect(list.body.workbooks.map((w: { id: string }) => w.id)).toEqual(expect.arrayContaining(['team', 'carteira-sao-paulo', 'carteira-sao-paulo-2']));
      const editor = await srv.token('carteira-sao-paulo-2', 'editor', 'E');
      expect((await api('GET', '/workbooks', editor)).body.workbooks.map((w: { id: string }) => w.id)).toEqual(['carteira-sao-paulo-2']);
    });
  });

  /** An app-like client: the stock provider plus core's document layer on its doc. */
  async function appClient(wb: string, token: string) {
    const c = client(srv.wsUrl, wb, token);
    await synced(c);
    return { c, wb: openWorkbook(c.doc) };
  }
  const clock = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID);
  const stored = (c: Client) => waitFor(() => c.acked()?.get(c.doc.clientID) === clock(c.doc), 'edits stored');

  describe('history', () => {
    it('records who changed which row and field, old → new, for edits from the app and from API writes', async () => {
      const ana = await invite('hist', 'Ana Souza', 'editor');
      const { c, wb } = await appClient('hist', ana.token);
      const id = (wb.insert('customers', { name: 'Padaria Pão Quente', segment: 'SMB' }) as { value: string }).value;
      await stored(c);
      expect(wb.update('customers', id, { segment: 'Mid-market', plan: 'Pro' }).ok).toBe(true);
      await stored(c);
      // A server-side write (what the REST API does) with an API key's name as origin.
      const room = srv.server.rooms.get('hist')!;
      const serverWb = openWorkbook(room.doc);
      room.doc.transact(() => { serverWb.update('customers', id, { segment: 'Enterprise' }); }, { name: 'API key "crm-sync"' });
      await waitFor(() => wb.get('customers', id)?.segment === 'Enterprise', 'the API write reached the app');
      wb.remove('customers', id);
      await stored(c);

      const h = await api('GET', `/workbooks/hist/history?table=customers&row=${id}`, ana.token);
      expect(h.status).toBe(200);
      const entries = h.body.entries as { by: string; kind: string; changes: { field: string; old: unknown; new: unknown }[]; at: number }[];
      expect(entries.map((e) => [e.by, e.kind])).toEqual([
        ['Ana Souza', 'remove'],
        ['API key "crm-sync"', 'update'],
        ['Ana Souza', 'update'],
        ['Ana Souza', 'insert'],
      ]);
      expect(entries[1].changes).toEqual([{ field: 'segment', old: 'Mid-market', new: 'Enterprise' }]);
      expect(entries[2].changes).toEqual(expect.arrayContaining([
        { field: 'segment', old: 'SMB', new: 'Mid-market' },
        { field: 'plan', old: null, new: 'Pro' },
      ]));
      expect(entries[3].changes).toEqual(expect.arrayContaining([{ field: 'name', old: null, new: 'Padaria Pão Quente' }]));
      // The deleted row's old values are kept, so it can be restored.
      expect(entries[0].changes).toEqual(expect.arrayContaining([{ field: 'name', old: 'Padaria Pão Quente', new: null }, { field: 'segment', old: 'Enterprise', new: null }]));
      expect(entries[0].at).toBeGreaterThanOrEqual(entries[3].at);
      // Filters: by person, since a time.
      const byApi = await api('GET', `/workbooks/hist/history?by=${encodeURIComponent('API key "crm-sync"')}`, ana.token);
      expect(byApi.body.entries).toHaveLength(1);
      expect(byApi.body.authors).toEqual(['API key "crm-sync"', 'Ana Souza']);
      const future = await api('GET', `/workbooks/hist/history?since=${new Date(Date.now() + 60_000).toISOString()}`, ana.token);
      expect(future.body.entries).toEqual([]);
    });

    it('an import of many rows is one bulk entry, not one per row', async () => {
      const { c, wb } = await appClient('hist-bulk', await srv.token('hist-bulk', 'editor', 'Importer'));
      const rows = Array.from({ length: 600 }, (_, i) => ({ name: `Cliente ${i}` }));
      expect(wb.insertMany('customers', rows).ok).toBe(true);
      await stored(c);
      const h = await api('GET', '/workbooks/hist-bulk/history', owner);
      expect(h.body.entries).toEqual([expect.objectContaining({ by: 'Importer', table: 'customers', row: '*', kind: 'bulk', count: 600 })]);
    });

    it('a viewer\'s refused edits leave no history', async () => {
      const v = await invite('hist-viewer', 'Vera', 'viewer');
      const { c, wb } = await appClient('hist-viewer', v.token);
      wb.insert('customers', { name: 'Not applied' });
      await waitFor(() => c.acked() !== null, 'the server answered');
      const h = await api('GET', '/workbooks/hist-viewer/history', owner);
      expect(h.body.entries).toEqual([]);
    });
  });

  describe('history across compaction and restart', () => {
    it('survives the document log being folded into a snapshot and a server restart', async () => {
      const first = await startTestServer({ compactThreshold: 2, ...backend.options() });
      const ownerToken = await first.token('durable', 'owner', 'Olga');
      const c = connect(first.wsUrl, 'durable', ownerToken);
      await synced(c);
      const wb = openWorkbook(c.doc);
      const id = (wb.insert('customers', { name: 'Loja Azul' }) as { value: string }).value;
      for (const seg of ['A', 'B', 'C', 'D']) wb.update('customers', id, { segment: seg });
      await waitFor(() => c.acked()?.get(c.doc.clientID) === clock(c.doc), 'stored');
      await first.server.rooms.get('durable')!.compact();
      expect(await first.server.storage.rowCount('durable')).toBe(1);
      c.destroy();
      await first.stop();

      const second = await startTestServer({ dataDir: first.dataDir, secret: first.secret, ...backend.options() });
      try {
        const res = await fetch(`${second.httpUrl}/api/v1/workbooks/durable/history?row=${id}`, { headers: { authorization: `Bearer ${ownerToken}` } });
        const { entries } = await res.json();
        expect(entries.map((e: { changes: { field: string; new: unknown }[] }) => e.changes.find((x) => x.field === 'segment')?.new ?? null))
          .toEqual(['D', 'C', 'B', 'A', null]);
        expect(entries.every((e: { by: string }) => e.by === 'Olga')).toBe(true);
      } finally {
        await second.stop();
      }
    });
  });

  describe('history retention', () => {
    it('prunes entries older than the retention period at start', async () => {
      const first = await startTestServer(backend.options());
      const day = 86_400_000;
      const base = { workbookId: 'ret', by: 'Ana', table: 'customers', kind: 'update' as const, changes: [{ field: 'segment', old: 'A', new: 'B' }] };
      await first.server.workspace.history.append([
        { ...base, at: Date.now() - 400 * day, row: 'old' },
        { ...base, at: Date.now() - 20 * day, row: 'recent' },
      ]);
      await first.stop();
      const second = await startTestServer({ dataDir: first.dataDir, secret: first.secret, historyRetentionDays: 30, ...backend.options() });
      try {
        const entries = await second.server.workspace.history.query({ workbookId: 'ret' });
        expect(entries.map((e) => e.row)).toEqual(['recent']);
      } finally {
        await second.stop();
      }
    });
  });

  describe('versions', () => {
    it('keeps a daily version of a changed workbook and named ones on demand', async () => {
      const ownerVers = await srv.token('vers', 'owner', 'Olga');
      const { c, wb } = await appClient('vers', ownerVers);
      wb.insert('customers', { name: 'Daily Co' });
      await stored(c);
      // The server writes the day's version shortly after the change (dailyVersionMs: 50 here).
      let daily: { kind: string; day: string } | undefined;
      for (let i = 0; i < 50 && !daily; i++) {
        await new Promise((r) => setTimeout(r, 50));
        daily = (await api('GET', '/workbooks/vers/versions', ownerVers)).body.versions.find((v: { kind: string }) => v.kind === 'daily');
      }
      expect(daily).toMatchObject({ day: new Date().toISOString().slice(0, 10) });
      const named = await api('POST', '/workbooks/vers/versions', ownerVers, { name: 'Antes da migração' });
      expect(named.body.version).toMatchObject({ name: 'Antes da migração', kind: 'named', by: 'Olga' });
      const bin = await api('GET', `/workbooks/vers/versions/${named.body.version.id}`, ownerVers);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, bin.body as Uint8Array);
      expect(openWorkbook(doc).list('customers').map((r) => r.name)).toEqual(['Daily Co']);
    });

    it('restore is written as ordinary changes; two live clients editing during it converge; rows written after it are shown first', async () => {
      const o = await srv.token('restore', 'owner', 'Olga');
      const a = await appClient('restore', await srv.token('restore', 'editor', 'Ana'));
      const b = await appClient('restore', await srv.token('restore', 'editor', 'Bruno'));
      const keep = (a.wb.insert('customers', { name: 'Cliente Um', segment: 'SMB' }) as { value: string }).value;
      const gone = (a.wb.insert('customers', { name: 'Cliente Dois' }) as { value: string }).value;
      expect(a.wb.insert('contracts', { customerId: gone, model: 'recurring', value: 500, startDate: '2025-01-01' }).ok).toBe(true);
      await stored(a.c);
      const v = (await api('POST', '/workbooks/restore/versions', o, { name: 'v1' })).body.version.id;

      // After the version: a field changed, a customer (and its contract) deleted, a new customer written.
      a.wb.update('customers', keep, { segment: 'Enterprise' });
      a.wb.remove('contracts', a.wb.list('contracts').map((r) => r.id));
      a.wb.remove('customers', gone);
      const late = (b.wb.insert('customers', { name: 'Cliente Novo' }) as { value: string }).value;
      await stored(a.c);
      await stored(b.c);
      await waitFor(() => a.wb.get('customers', late) !== undefined, 'a sees the new customer');

      // Without confirmation the rows written after the version are listed, and nothing changes.
      const refused = await api('POST', `/workbooks/restore/versions/${v}/restore`, o, {});
      expect(refused.status).toBe(409);
      expect(refused.body.error.details.removes).toEqual([{ table: 'customers', id: late, label: 'Cliente Novo' }]);
      const dry = await api('POST', `/workbooks/restore/versions/${v}/restore`, o, { dryRun: true });
      expect(dry.body).toMatchObject({ inserts: 2, updates: 1, removes: [{ id: late }] });
      expect(a.wb.get('customers', gone)).toBeUndefined();

      // Concurrent edits while the restore runs: Bruno edits a kept customer's plan, Ana adds a contact.
      // The owner confirms the removal of the rows they were shown, and only those.
      const shown = dry.body.removes.map((r: { table: string; id: string }) => `${r.table}/${r.id}`);
      const restoring = api('POST', `/workbooks/restore/versions/${v}/restore`, o, { confirmRemovals: shown });
      b.wb.update('customers', keep, { plan: 'Gold' });
      const contact = a.wb.insert('contacts', { customerId: keep, name: 'Dona Maria' });
      expect(contact.ok).toBe(true);
      const done = await restoring;
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body.savedBefore.name).toBe('Before restoring "v1"');
      await stored(a.c);
      await stored(b.c);
      const view = (w: typeof a.wb) => JSON.stringify({ customers: w.list('customers').sort((x, y) => x.id.localeCompare(y.id)), contracts: w.list('contracts'), contacts: w.list('contacts') });
      await waitFor(() => view(a.wb) === view(b.wb) && a.wb.get('customers', gone) !== undefined && a.wb.get('contacts', (contact as { value: string }).value) !== undefined, 'both clients converged');
      // Bruno's concurrent plan edit is either after the restore (kept) or before it (set back): the same on both.
      expect([undefined, 'Gold']).toContain(a.wb.get('customers', keep)?.plan);
      expect(a.wb.get('customers', keep)?.segment).toBe('SMB');
      expect(a.wb.get('customers', late)).toBeUndefined();
      expect(a.wb.list('contracts').map((r) => r.customerId)).toEqual([gone]);
      // Ana's concurrent contact survives: it was not among the rows the owner was shown.
      expect(a.wb.get('contacts', (contact as { value: string }).value)?.name).toBe('Dona Maria');
      // The server's copy is the same document.
      expect(view(openWorkbook(srv.server.rooms.get('restore')!.doc))).toBe(view(a.wb));

      // The restore is in the history as Olga's, marked as a restore; restoring the saved state undoes it.
      const h = await api('GET', `/workbooks/restore/history?row=${gone}&table=customers`, o);
      expect(h.body.entries[0]).toMatchObject({ by: 'Olga', kind: 'insert', note: 'restore of version "v1"' });
      const undo = await api('POST', `/workbooks/restore/versions/${done.body.savedBefore.id}/restore`, o, { confirmRemovals: true });
      expect(undo.status).toBe(200);
      await waitFor(() => a.wb.get('customers', gone) === undefined && a.wb.get('customers', late)?.name === 'Cliente Novo', 'the restore was undone');
    });
  });
});
