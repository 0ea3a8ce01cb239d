// GET /w/<id>/derived: the server's derived snapshot of an open workbook (sync-server/derived.ts),
// computed in a worker thread once the workbook is quiet, authorised like the websocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import {
  computeCustomerMetrics, dashboardKey, generateWorkbook, openWorkbook, rowSlices,
  type CustomerMetrics, type DerivedSnapshot, type WorkbookData,
} from '../../core/index.js';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, type Client } from './clients.js';
import { contentKey } from '../../client/derive/cache.js';
import { signLink } from '../../sync-server/tokens.js';
import { activities, contracts, customers, invoices, tickets } from '../support/hand-portfolio.js';

const WB = 'snap';
const D = '2024-03-15';
let s: InProcessTestServer;
let editor: Client;

// Three customers of the hand portfolio: a (1,000/month), b (500/month, canceled on 03-10),
// e (1,200 per quarter = 400/month, plus 200/month from 03-01).
const mine = (x: { customerId: string }) => ['a', 'b', 'e'].includes(x.customerId);
const data: WorkbookData = {
  customers: customers.filter((c) => ['a', 'b', 'e'].includes(c.id)),
  contracts: contracts.filter(mine),
  activities: activities.filter(mine),
  tickets: tickets.filter(mine),
  invoices: invoices.filter(mine),
  surveys: [], usage: [], contacts: [],
};

/** GET with raw headers (node:http: no automatic decompression, so Content-Encoding is seen as sent). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${s.httpUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function snapshotOf(wb: string, token: string, asOf: string): Promise<DerivedSnapshot | null> {
  const r = await get(`/w/${wb}/derived?asOf=${asOf}`, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' });
  if (r.status === 404) return null;
  expect(r.status).toBe(200);
  expect(r.headers['content-encoding']).toBe('gzip');
  return JSON.parse(gunzipSync(r.body).toString('utf8')) as DerivedSnapshot;
}

async function waitSnapshot(wb: string, token: string, asOf: string, ok: (x: DerivedSnapshot) => boolean = () => true, timeoutMs = 60_000): Promise<DerivedSnapshot> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const x = await snapshotOf(wb, token, asOf);
    if (x && ok(x)) return x;
    if (Date.now() > end) throw new Error(`no snapshot of ${wb} for ${asOf} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const stored = (c: Client) => () => {
  const sv = c.acked();
  if (!sv) return false;
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(c.doc))) if ((sv.get(client) ?? 0) < clock) return false;
  return true;
};

beforeAll(async () => {
  s = await startTestServer({ derivedQuietMs: 200, derivedMinIntervalMs: 300, graceMs: 500 });
  editor = connect(s.wsUrl, WB, await s.token(WB, 'editor', 'Ana Souza'));
  await synced(editor);
  const wb = openWorkbook(editor.doc);
  wb.transact(() => {
    for (const t of ['customers', 'contracts', 'activities', 'tickets', 'invoices'] as const) {
      const r = wb.insertMany(t, data[t] as never);
      if (!r.ok) throw new Error(`${t}: ${r.errors[0]?.message}`);
    }
  });
  await waitFor(stored(editor), 'the rows to be stored');
}, 60_000);

afterAll(async () => {
  editor?.destroy();
  await s?.stop();
});

describe('GET /w/<id>/derived', () => {
  it('refuses a request without a token, with a forged one, with another workbook\'s, and with a revoked link', async () => {
    const none = await get(`/w/${WB}/derived?asOf=${D}`);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body.toString()).error.code).toBe('unauthorized');
    const forged = await get(`/w/${WB}/derived?asOf=${D}`, { authorization: 'Bearer not.a.token' });
    expect(forged.status).toBe(401);
    const other = await get(`/w/${WB}/derived?asOf=${D}`, { authorization: `Bearer ${await s.token('elsewhere', 'owner')}` });
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body.toString()).error.code).toBe('forbidden');

    const link = await signLink(s.secret, WB, 'viewer', 'Bia', '1h');
    await s.server.workspace.links.add({ id: link.id, workbookId: WB, name: 'Bia', role: 'viewer', createdAt: Date.now(), createdBy: 'test', expiresAt: link.expiresAt });
    // A viewer's live link is accepted (404 or 200: whether the snapshot is there yet)…
    expect([200, 404]).toContain((await get(`/w/${WB}/derived?asOf=${D}`, { authorization: `Bearer ${link.token}` })).status);
    await s.server.workspace.links.revoke(link.id);
    // … and refused once revoked, like the websocket.
    const revoked = await get(`/w/${WB}/derived?asOf=${D}`, { authorization: `Bearer ${link.token}` });
    expect(revoked.status).toBe(401);
    expect(JSON.parse(revoked.body.toString()).error).toEqual({ code: 'unauthorized', message: 'link revoked' });
  });

  it('answers 404 before the first snapshot of a date, then the metrics core computes from the rows, keyed by the document', async () => {
    const token = await s.token(WB, 'viewer', 'Bruno');
    // D is not today: never computed until someone asks, so this first ask finds nothing.
    const first = await get(`/w/${WB}/derived?asOf=${D}`, { authorization: `Bearer ${token}` });
    expect(first.status).toBe(404);
    expect(JSON.parse(first.body.toString()).error.code).toBe('not-found');

    const snap = await waitSnapshot(WB, token, D, (x) => x.dashboards.some(([k]) => k === dashboardKey({}, 'Bruno')));
    expect(snap.workbook).toBe(WB);
    expect(snap.asOf).toBe(D);
    const expected = computeCustomerMetrics(data, D);
    expect(new Map(snap.metrics)).toEqual(new Map(JSON.parse(JSON.stringify([...expected])) as [string, CustomerMetrics][]));
    // By hand: a 1,000; b canceled on 03-10, 0; e 1,200 / 3 + 200 = 600; the dashboard's MRR 1,600.
    const m = new Map(snap.metrics);
    expect([m.get('a')!.mrr, m.get('b')!.mrr, m.get('e')!.mrr]).toEqual([1000, 0, 600]);
    expect(new Map(snap.dashboards).get(dashboardKey({}, null))!.mrr).toBe(1600);
    // The key is the client's content key of the same document.
    expect(snap.key).toBe(await contentKey(editor.doc));

    // Without Accept-Encoding: plain JSON, same body.
    const plain = await get(`/w/${WB}/derived?asOf=${D}`, { authorization: `Bearer ${token}` });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(plain.body.toString()) as DerivedSnapshot).key).toBe(snap.key);
  });

  it('computes a new snapshot after an edit, once the workbook is quiet, with a new key', async () => {
    const token = await s.token(WB, 'viewer', 'Bruno');
    const before = await waitSnapshot(WB, token, D);
    openWorkbook(editor.doc).update('contracts', 'k1', { value: 1100 });
    await waitFor(stored(editor), 'the edit to be stored');
    const after = await waitSnapshot(WB, token, D, (x) => x.key !== before.key);
    expect(new Map(after.metrics).get('a')!.mrr).toBe(1100);
    expect(new Map(after.dashboards).get(dashboardKey({}, null))!.mrr).toBe(1700);
    expect(after.key).toBe(await contentKey(editor.doc));
  });

  it('does not block the event loop while a 2,000-customer workbook is derived', async () => {
    const id = 'snap-large';
    const up = connect(s.wsUrl, id, await s.token(id, 'editor', 'bench'));
    try {
      await synced(up);
      const wb = openWorkbook(up.doc);
      const big = generateWorkbook({ seed: 3, customers: 2000, today: '2026-11-22' });
      for (const { table, rows } of rowSlices(big)) {
        wb.transact(() => { wb.insertMany(table, rows as never); });
        await new Promise((r) => setTimeout(r, 0));
      }
      await waitFor(stored(up), 'the large workbook to be stored', 300_000);
      const token = await s.token(id, 'viewer', 'x');
      // A date never asked for: the worker derives the whole workbook from scratch for it.
      const asOf = '2026-11-01';
      expect(await snapshotOf(id, token, asOf)).toBeNull();
      const times: number[] = [];
      // From the ask until the snapshot is there: the quiet delay, then the worker's full derivation.
      while (!s.server.derived.entries(id).has(asOf)) {
        times.push((await get('/healthz')).ms);
        await new Promise((r) => setTimeout(r, 50));
      }
      const entry = s.server.derived.entries(id).get(asOf)!;
      console.info(`2,000 customers: snapshot computed in ${Math.round(entry.ms)} ms in the worker, ${Math.round(entry.gz.byteLength / 1024)} KiB gzip (${Math.round(entry.jsonBytes / 1024)} KiB JSON); /healthz during it: ${times.length} requests, slowest ${Math.round(Math.max(...times))} ms`);
      expect(times.length).toBeGreaterThan(5);
      expect(Math.max(...times)).toBeLessThan(100);
      expect((await snapshotOf(id, token, asOf))!.metrics).toHaveLength(2000);
    } finally {
      up.destroy();
    }
  }, 400_000);

  it('drops the snapshot when the workbook leaves memory', async () => {
    const token = await s.token(WB, 'viewer', 'Bruno');
    await waitSnapshot(WB, token, D);
    editor.provider.disconnect();
    await waitFor(() => !s.server.rooms.has(WB), 'the workbook to leave memory', 20_000);
    expect(await snapshotOf(WB, token, D)).toBeNull();
  });
});
