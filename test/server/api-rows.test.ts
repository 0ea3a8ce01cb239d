// Writes through the integration API against the real server: batch atomicity,
// idempotency, matching by External ID, deletes, usage events folding, live y-websocket
// clients seeing the rows and their metrics, reads equal to core, and kill -9 durability.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  computeCustomerMetrics, computeDashboard, createDerivation, generateWorkbook, openWorkbook, tableLoadOrder, type Workbook,
} from '../../core/index.js';
import { openStores } from '../../sync-server/storage.js';
import { todayIso } from '../../sync-server/api/session.js';
import { usageRowId } from '../../sync-server/api/usage-events.js';
import { spawnTestServer } from '../support/server.js';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../sync-server/config.js';
import { startApiServer, type ApiTestServer } from './api-support.js';
import { connect, synced, waitFor, type Client } from './clients.js';

let srv: ApiTestServer;
const open: Client[] = [];
const client = async (wb: string, role: 'editor' | 'viewer' = 'editor') => {
  const c = connect(srv.wsUrl, wb, await srv.token(wb, role, 'Ana'));
  open.push(c);
  await synced(c);
  return c;
};
beforeAll(async () => { srv = await startApiServer({ staticDir: '/nonexistent' }); });
afterAll(async () => {
  for (const c of open) c.destroy();
  await srv.stop();
});

const rowsPath = (wb: string, table: string) => `/api/v1/workbooks/${wb}/tables/${table}/rows`;
const json = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('batch upsert', () => {
  it('one invalid row refuses the whole batch: 422 naming index, id, field, code; nothing reaches anyone', async () => {
    const key = await srv.key('atomic', 'write');
    const watcher = await client('atomic', 'viewer');
    const rows = Array.from({ length: 100 }, (_, i) => ({ id: `c${i}`, name: `Cliente ${i}`, segment: 'SMB' }));
    rows[57] = { id: 'c57', name: '', segment: 'SMB' }; // required
    const res = await srv.call('PUT', rowsPath('atomic', 'customers'), { key, body: { rows } });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([{ index: 57, id: 'c57', field: 'name', code: 'required', message: expect.stringContaining('Name is required') }]);
    await new Promise((r) => setTimeout(r, 200));
    expect(openWorkbook(watcher.doc).count('customers')).toBe(0);
    expect((await srv.call('GET', '/api/v1/workbooks/atomic/customers', { key })).json.total).toBe(0);

    rows[57] = { id: 'c57', name: 'Cliente 57', segment: 'SMB' };
    const ok = await srv.call('PUT', rowsPath('atomic', 'customers'), { key, body: { rows } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ inserted: 100, updated: 0, unchanged: 0 });
    await waitFor(() => openWorkbook(watcher.doc).count('customers') === 100, 'the viewer sees the 100 rows');
  });

  it('the same batch twice changes nothing the second time (no update is even relayed)', async () => {
    const key = await srv.key('idem', 'write');
    await srv.call('PUT', rowsPath('idem', 'customers'), { key, body: { rows: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] } });
    const batch = { rows: [
      { id: 'k1', customerId: 'a', model: 'recurring', value: 500, startDate: '2026-01-01' },
      { id: 'k2', customerId: 'b', model: 'one-off', value: 900, startDate: '2026-03-10' },
    ] };
    const first = await srv.call('PUT', rowsPath('idem', 'contracts'), { key, body: batch });
    expect(first.json).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, ids: ['k1', 'k2'] });
    const c = await client('idem', 'viewer');
    const updates: Uint8Array[] = [];
    c.doc.on('update', (u: Uint8Array) => updates.push(u));
    const before = Y.encodeStateVector(c.doc);
    const second = await srv.call('PUT', rowsPath('idem', 'contracts'), { key, body: batch });
    expect(second.json).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    await new Promise((r) => setTimeout(r, 200));
    expect(updates).toHaveLength(0);
    expect(Y.encodeStateVector(c.doc)).toEqual(before);

    // Changing one field of one row updates exactly that row; absent fields are kept, null clears.
    const third = await srv.call('PUT', rowsPath('idem', 'contracts'), { key, body: { rows: [{ id: 'k1', value: 650, product: null }, batch.rows[1]] } });
    expect(third.json).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    await waitFor(() => openWorkbook(c.doc).get('contracts', 'k1')?.value === 650, 'the viewer sees the new value');
    expect(openWorkbook(c.doc).get('contracts', 'k1')).toMatchObject({ customerId: 'a', model: 'recurring', startDate: '2026-01-01' });
  });

  it('match by External ID (customers) and customerExternalId (child tables)', async () => {
    const key = await srv.key('ext', 'write');
    const r1 = await srv.call('PUT', rowsPath('ext', 'customers'), { key, body: { match: 'externalId', rows: [{ externalId: '12.345.678/0001-90', name: 'Padaria Sol' }] } });
    expect(r1.json).toMatchObject({ inserted: 1 });
    const id = r1.json.ids[0];
    const r2 = await srv.call('PUT', rowsPath('ext', 'customers'), { key, body: { match: 'externalId', rows: [{ externalId: '12.345.678/0001-90', name: 'Padaria Sol Ltda' }] } });
    expect(r2.json).toMatchObject({ inserted: 0, updated: 1, ids: [id] });
    const inv = await srv.call('PUT', rowsPath('ext', 'invoices'), { key, body: { rows: [{ id: 'i1', customerExternalId: '12.345.678/0001-90', issueDate: '2026-10-01', dueDate: '2026-10-15', amount: 300 }] } });
    expect(inv.status).toBe(200);
    const bad = await srv.call('PUT', rowsPath('ext', 'invoices'), { key, body: { rows: [{ id: 'i2', customerExternalId: '00', issueDate: '2026-10-01', dueDate: '2026-10-15', amount: 1 }] } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0]).toMatchObject({ index: 0, field: 'customerExternalId', code: 'reference' });
    const wrongTable = await srv.call('PUT', rowsPath('ext', 'invoices'), { key, body: { match: 'externalId', rows: [{ id: 'i3' }] } });
    expect(wrongTable.status).toBe(422);
    expect(wrongTable.json.errors[0].field).toBe('match');
    const c = await client('ext', 'viewer');
    expect(openWorkbook(c.doc).get('invoices', 'i1')?.customerId).toBe(id);
    expect(openWorkbook(c.doc).get('customers', id)?.name).toBe('Padaria Sol Ltda');
  });

  it('references are checked: a contract of an unknown customer is refused', async () => {
    const key = await srv.key('refs', 'write');
    const res = await srv.call('PUT', rowsPath('refs', 'contracts'), { key, body: { rows: [{ id: 'k', customerId: 'ghost', model: 'recurring', value: 1, startDate: '2026-01-01' }] } });
    expect(res.status).toBe(422);
    expect(res.json.errors[0]).toMatchObject({ index: 0, id: 'k', field: 'customerId', code: 'reference' });
  });

  it('DELETE removes the row for everyone connected', async () => {
    const key = await srv.key('del', 'write');
    await srv.call('PUT', rowsPath('del', 'customers'), { key, body: { rows: [{ id: 'x', name: 'X' }, { id: 'y', name: 'Y' }] } });
    const c = await client('del', 'viewer');
    expect(openWorkbook(c.doc).count('customers')).toBe(2);
    const res = await srv.call('DELETE', '/api/v1/workbooks/del/tables/customers/rows/x', { key });
    expect(res.status).toBe(200);
    await waitFor(() => openWorkbook(c.doc).count('customers') === 1, 'the row disappears live');
    expect((await srv.call('DELETE', '/api/v1/workbooks/del/tables/customers/rows/x', { key })).status).toBe(404);
  });
});

describe('usage events', () => {
  it('fold into one row per customer, user and day, adding actions', async () => {
    const key = await srv.key('usage', 'write');
    await srv.call('PUT', rowsPath('usage', 'customers'), { key, body: { rows: [{ id: 'acme', name: 'Acme', externalId: '111' }] } });
    const post = (events: unknown[]) => srv.call('POST', '/api/v1/workbooks/usage/usage/events', { key, body: { events } });
    const r1 = await post([
      { customerId: 'acme', userId: 'ana', date: '2026-11-20' },
      { customerId: 'acme', userId: 'ana', date: '2026-11-20', actions: 4 },
      { customerExternalId: '111', userId: 'ana', timestamp: '2026-11-20T23:30:00-03:00', actions: 2 }, // 02:30 UTC next day: the sender's day counts
      { customerId: 'acme', userId: 'bruno', timestamp: '2026-11-21T09:00:00Z' },
    ]);
    expect(r1.status).toBe(200);
    expect(r1.json).toEqual({ events: 4, rowsInserted: 2, rowsUpdated: 0 });
    const r2 = await post([{ customerId: 'acme', userId: 'ana', date: '2026-11-20', actions: 3 }]);
    expect(r2.json).toEqual({ events: 1, rowsInserted: 0, rowsUpdated: 1 });
    const c = await client('usage', 'viewer');
    const usage = openWorkbook(c.doc).list('usage').map(({ id: _id, ...u }) => u).sort((a, b) => a.userId.localeCompare(b.userId));
    expect(usage).toEqual([
      { customerId: 'acme', userId: 'ana', date: '2026-11-20', actions: 10 },
      { customerId: 'acme', userId: 'bruno', date: '2026-11-21', actions: 1 },
    ]);
    expect(openWorkbook(c.doc).get('usage', usageRowId('acme', 'ana', '2026-11-20'))?.actions).toBe(10);

    const bad = await post([{ customerId: 'acme', userId: 'ana', date: '2026-11-20' }, { customerId: 'nobody', userId: 'x', date: '2026-11-20' }, { customerId: 'acme', userId: 'y', timestamp: 'yesterday' }]);
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([[1, 'customerId'], [2, 'timestamp']]);
    expect(openWorkbook(c.doc).get('usage', usageRowId('acme', 'ana', '2026-11-20'))?.actions).toBe(10);
  });
});

describe('examples/send-usage.ts', () => {
  it('sends a CSV of usage events; they fold into usage rows', async () => {
    const key = await srv.key('csv', 'write', 'product analytics');
    await srv.call('PUT', rowsPath('csv', 'customers'), { key, body: { rows: [{ id: 'sol', name: 'Padaria Sol', externalId: '12.345.678/0001-90' }] } });
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'examples', 'send-usage.ts'), join(REPO_ROOT, 'examples', 'usage-events.csv')], {
        cwd: REPO_ROOT, env: { ...process.env, PULSO_URL: srv.httpUrl, PULSO_WORKBOOK: 'csv', PULSO_API_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '', stderr = '';
      child.stdout.on('data', (b) => { stdout += b; });
      child.stderr.on('data', (b) => { stderr += b; });
      child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('3 events sent (2 usage rows created, 0 updated), 0 refused');
    const c = await client('csv', 'viewer');
    const usage = openWorkbook(c.doc).list('usage').map(({ userId, date, actions }) => ({ userId, date, actions })).sort((a, b) => a.userId.localeCompare(b.userId));
    expect(usage).toEqual([
      { userId: 'ana@padariasol.com.br', date: '2026-11-30', actions: 4 },
      { userId: 'joao@padariasol.com.br', date: '2026-11-30', actions: 7 },
    ]);
  }, 60_000);
});

describe('live clients and reads', () => {
  const D = '2026-11-15';
  let key: string;
  let editor: Client;
  let wb: Workbook;
  beforeAll(async () => {
    key = await srv.key('demo', 'write', 'billing feed');
    editor = await client('demo');
    wb = openWorkbook(editor.doc);
    const data = generateWorkbook({ seed: 11, customers: 60, today: D });
    wb.transact(() => { for (const t of tableLoadOrder) expect(wb.insertMany(t, data[t] as never).ok).toBe(true); });
    await waitFor(() => editor.acked()?.get(editor.doc.clientID) !== undefined, 'the demo is stored');
  });

  it('GET customers (every page) and GET dashboard equal core on the same snapshot, as of a date and filtered', async () => {
    const expected = computeCustomerMetrics(wb.snapshot(), D);
    const got = new Map<string, unknown>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await srv.call('GET', `/api/v1/workbooks/demo/customers?asOf=${D}&limit=25${cursor ? `&cursor=${cursor}` : ''}`, { key });
      expect(res.status).toBe(200);
      expect(res.json.total).toBe(60);
      for (const c of res.json.customers) got.set(c.id, c.metrics);
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(got.size).toBe(60);
    for (const [id, m] of expected) expect(got.get(id), id).toEqual(json(m));

    const filter = { segment: [wb.list('customers')[0].segment!], situation: ['risk', 'neutral'] as ('risk' | 'neutral')[] };
    const qs = `asOf=${D}&segment=${encodeURIComponent(filter.segment[0])}&situation=risk&situation=neutral`;
    const dash = await srv.call('GET', `/api/v1/workbooks/demo/dashboard?${qs}`, { key });
    expect(dash.status).toBe(200);
    expect(dash.json).toEqual(json(computeDashboard(wb.snapshot(), { asOf: D, filter })));
    const filtered = await srv.call('GET', `/api/v1/workbooks/demo/customers?${qs}&limit=1000`, { key });
    const ids = [...expected].filter(([id, m]) => wb.get('customers', id)!.segment === filter.segment[0] && m.situation !== 'opportunity').map(([id]) => id).sort();
    expect(filtered.json.customers.map((c: { id: string }) => c.id)).toEqual(ids);

    const one = await srv.call('GET', `/api/v1/workbooks/demo/customers/${ids[0]}?asOf=${D}&days=7`, { key });
    expect(one.json.metrics).toEqual(json(expected.get(ids[0])));
    expect(one.json.healthHistory.map((h: { date: string }) => h.date)).toEqual(['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15']);
    expect(one.json.healthHistory[6].healthScore).toBe(expected.get(ids[0])!.healthScore);
  });

  it('an API write reaches connected clients with its recomputed metrics, and the next read sees it', async () => {
    const today = todayIso();
    const viewers = await Promise.all([client('demo', 'viewer'), client('demo', 'viewer')]);
    const engine = createDerivation(openWorkbook(viewers[0].doc), { asOf: today });
    const target = wb.list('customers')[3].id;
    const mrrBefore = engine.get(target)!.mrr;
    const before = await srv.call('GET', `/api/v1/workbooks/demo/customers/${target}`, { key });
    expect(before.json.metrics.mrr).toBe(mrrBefore);

    const res = await srv.call('PUT', rowsPath('demo', 'contracts'), { key, body: { rows: [{ id: 'api-k1', customerId: target, model: 'recurring', value: 4321, startDate: '2026-01-01' }] } });
    expect(res.status).toBe(200);
    await waitFor(() => engine.get(target)!.mrr === mrrBefore + 4321, 'the viewer\'s own engine shows the new MRR');
    await waitFor(() => openWorkbook(viewers[1].doc).get('contracts', 'api-k1') !== undefined, 'the second viewer has the row');
    await waitFor(() => wb.get('contracts', 'api-k1')?.value === 4321, 'the editor has the row');

    const after = await srv.call('GET', `/api/v1/workbooks/demo/customers/${target}`, { key });
    expect(after.json.metrics.mrr).toBe(mrrBefore + 4321);
    expect(after.json.metrics).toEqual(json(computeCustomerMetrics(wb.snapshot(), today).get(target)));
    const dash = await srv.call('GET', '/api/v1/workbooks/demo/dashboard', { key });
    expect(dash.json).toEqual(json(computeDashboard(wb.snapshot(), { asOf: today })));
    engine.dispose();
  });

  it('edits made in the app are seen by the next API read', async () => {
    const target = wb.list('customers')[5].id;
    expect(wb.update('customers', target, { segment: 'Enterprise API' }).ok).toBe(true);
    let seen = false;
    for (let i = 0; i < 100 && !seen; i++) {
      const res = await srv.call('GET', '/api/v1/workbooks/demo/customers?segment=Enterprise%20API', { key });
      seen = res.json.customers.length === 1 && res.json.customers[0].id === target;
      if (!seen) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toBe(true);
  });
});

describe('durability', () => {
  it('kill -9 right after a 200 loses nothing', async () => {
    const first = await spawnTestServer({ staticDir: '/nonexistent' });
    let second: Awaited<ReturnType<typeof spawnTestServer>> | undefined;
    try {
      const stores = await openStores({ dataDir: first.dataDir, checkpointMs: 0 });
      const { key } = await stores.api.keys.create({ workbook: 'crash', name: 'feed', scope: 'write', createdBy: 'test' });
      await stores.close();
      const rows = Array.from({ length: 2000 }, (_, i) => ({ id: `c${i}`, name: `Cliente ${i}` }));
      const res = await fetch(`${first.httpUrl}${rowsPath('crash', 'customers')}`, {
        method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ rows }),
      });
      expect(res.status).toBe(200);
      await first.kill9();
      second = await spawnTestServer({ dataDir: first.dataDir, secret: first.secret, staticDir: '/nonexistent' });
      const got = await fetch(`${second.httpUrl}/api/v1/workbooks/crash/customers?limit=10000`, { headers: { authorization: `Bearer ${key}` } });
      const body = await got.json() as { total: number };
      expect(body.total).toBe(2000);
    } finally {
      await first.kill9();
      await second?.stop();
    }
  }, 120_000);
});
