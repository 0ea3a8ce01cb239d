// Several sync-server instances (child processes) on the machine's PostgreSQL and Redis, a fresh
// database and key prefix per run, with stock y-websocket clients spread over them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { openWorkbook, addMonths, fromDay, toDay } from '../../core/index.js';
import { todayIso } from '../../sync-server/api/session.js';
import { PostgresDocStore } from '../../sync-server/storage.js';
import { freshDatabase, freshRedisPrefix, PG_ADMIN_URL, REDIS_URL, type FreshDatabase, type FreshRedis } from '../support/backends.js';
import { spawnTestServer, type SpawnedTestServer, type TestServerOptions } from '../support/server.js';
import { connect, synced, waitFor, waitForAsync, type Client } from './clients.js';

let db: FreshDatabase;
let redis: FreshRedis;
const secret = randomBytes(24).toString('base64url');
const open: Client[] = [];
const instances: SpawnedTestServer[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

/** Three instances shared by the tests (each test uses its own workbooks); started once, as spawning is slow. */
let trio: SpawnedTestServer[];
beforeAll(async () => {
  db = await freshDatabase();
  redis = await freshRedisPrefix();
  trio = [];
  for (let i = 0; i < 3; i++) trio.push(await instance({ compactThreshold: 20, idleCompactMs: 500 }));
}, 300_000);
afterAll(async () => {
  for (const c of open) c.destroy();
  for (const s of instances) await s.stop();
  for (const f of cleanups) await f();
  await redis?.drop();
  await db?.drop();
});

async function instance(opts: TestServerOptions & { port?: number } = {}): Promise<SpawnedTestServer> {
  const s = await spawnTestServer({
    databaseUrl: db.url, redisUrl: REDIS_URL, redisPrefix: redis.prefix, secret, graceMs: 2_000, catchUpMs: 1_000, ...opts,
  });
  instances.push(s);
  return s;
}

async function editor(srv: SpawnedTestServer, wb: string, name: string, doc?: Y.Doc): Promise<Client> {
  const c = connect(srv.wsUrl, wb, await srv.token(wb, 'editor', name), { doc });
  open.push(c);
  await synced(c);
  return c;
}

/** A client with a given link token (not one the helper signs). */
async function editor2(srv: SpawnedTestServer, wb: string, token: string): Promise<Client> {
  const c = connect(srv.wsUrl, wb, token);
  open.push(c);
  await synced(c);
  return c;
}

/** Points a client at another instance, as a load balancer would after its instance went away. */
function moveTo(c: Client, srv: SpawnedTestServer) {
  c.provider.serverUrl = srv.wsUrl;
  c.provider.params = { token: (c.provider.params as { token: string }).token };
  c.provider.disconnect();
  c.provider.connect();
}

/** Everything the server acknowledged to this client covers its own edits. */
const allAcked = (c: Client) => (c.acked()?.get(c.doc.clientID) ?? 0) >= Y.getState(c.doc.store, c.doc.clientID);
const ackReport = (cs: Client[]) => cs.map((c) => `${c.acked()?.get(c.doc.clientID) ?? 0}/${Y.getState(c.doc.store, c.doc.clientID)}${c.provider.wsconnected ? '' : ' (disconnected)'}`).join(', ');

/** The workbook as PostgreSQL holds it (snapshot + log), independent of any instance. */
async function stored(wb: string): Promise<Y.Doc> {
  const s = await PostgresDocStore.open(db.url);
  try {
    const d = new Y.Doc();
    for (const u of (await s.load(wb)).updates) Y.applyUpdate(d, u);
    return d;
  } finally {
    await s.close();
  }
}

/** Converged: the same inserts (state vector) and the same deletions (delete set), whatever types each has opened. */
const same = (a: Y.Doc, b: Y.Doc) => Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));

describe('two instances on PostgreSQL and Redis', () => {
  let one: SpawnedTestServer;
  let two: SpawnedTestServer;
  beforeAll(() => { [one, two] = trio; });

  it('clients on different instances co-edit as on one server, every edit stored', async () => {
    const a = await editor(one, 'co', 'Ana');
    const b = await editor(two, 'co', 'Bruno');
    a.doc.getMap('customers').set('c1', { name: 'Acme', mrr: 100 });
    await waitFor(() => b.doc.getMap('customers').has('c1'), 'A → B across instances');
    b.doc.getMap('customers').set('c2', { name: 'Boa Vista', mrr: 200 });
    b.doc.getText('notes').insert(0, 'Renovação em março');
    await waitFor(() => a.doc.getText('notes').toString() === 'Renovação em março', 'B → A across instances');
    await waitFor(() => allAcked(a) && allAcked(b), 'both acknowledged').catch((e) => { throw new Error(`${e.message}: a ${a.acked()?.get(a.doc.clientID)}/${Y.getState(a.doc.store, a.doc.clientID)} b ${b.acked()?.get(b.doc.clientID)}/${Y.getState(b.doc.store, b.doc.clientID)}`); });
    expect(a.doc.getMap('customers').toJSON()).toEqual(b.doc.getMap('customers').toJSON());
    const s = await stored('co');
    expect(s.getMap('customers').toJSON()).toEqual({ c1: { name: 'Acme', mrr: 100 }, c2: { name: 'Boa Vista', mrr: 200 } });
    const health = await (await fetch(`${one.httpUrl}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, storage: { engine: 'postgres', ok: true }, redis: { ok: true } });
  });

  it('presence crosses instances, and leaves with its client', async () => {
    const a = await editor(one, 'pres', 'Ana');
    const b = await editor(two, 'pres', 'Bruno');
    a.provider.awareness.setLocalStateField('user', { name: 'Ana', color: '#e11d48' });
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'Ana', "Ana's presence at Bruno");
    // A client joining later on the other instance sees presence that was set before it came.
    const c = await editor(two, 'pres', 'Carla');
    await waitFor(() => c.provider.awareness.getStates().has(a.doc.clientID), "Ana's presence at a later joiner");
    a.provider.disconnect();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'Ana gone at Bruno');
  });

  it('a workbook opened on a second instance after edits on the first starts from everything stored', async () => {
    const a = await editor(one, 'late', 'Ana');
    for (let i = 0; i < 30; i++) a.doc.getArray<number>('xs').push([i]);
    await waitFor(() => allAcked(a), 'acknowledged');
    const b = await editor(two, 'late', 'Bruno');
    expect(b.doc.getArray('xs').length).toBe(30);
  });
});

/** A JSON call to an instance's HTTP API with a bearer credential (link token or API key). */
async function call(srv: SpawnedTestServer, method: string, path: string, bearer: string, body?: unknown) {
  const res = await fetch(`${srv.httpUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json };
}

describe('links, keys, history and webhooks are shared by every instance (one PostgreSQL)', () => {
  let one: SpawnedTestServer;
  let two: SpawnedTestServer;
  beforeAll(() => { [one, two] = trio; });

  it('a link revoked through instance A is refused by instance B at once, and its live connection on B is cut', async () => {
    const owner = await one.token('share', 'owner', 'Olga');
    const invited = await call(one, 'POST', '/workbooks/share/links', owner, { name: 'Ana Souza', role: 'editor', expiresInDays: 7 });
    expect(invited.status).toBe(201);
    const { token, link } = invited.json as { token: string; link: { id: string } };
    // The link, made on A, works on B: websocket, workspace API, integration API.
    const live = await editor2(two, 'share', token);
    expect((await call(two, 'GET', '/workbooks/share/history', token)).status).toBe(200);
    expect((await call(two, 'GET', '/workbooks/share/keys', token)).status).toBe(200);
    // B lists the link with its last use (the websocket on B touched it).
    const listed = await call(two, 'GET', '/workbooks/share/links', owner);
    expect(listed.json.links.find((l: { id: string }) => l.id === link.id).lastUsedAt).toBeGreaterThan(0);

    expect((await call(one, 'DELETE', `/workbooks/share/links/${link.id}`, owner)).status).toBe(200);
    // Refused by B on the very next request: websocket, workspace API, integration API.
    const again = connect(two.wsUrl, 'share', token);
    open.push(again);
    expect(await again.closed).toEqual({ code: 4401, reason: 'link revoked' });
    expect((await call(two, 'GET', '/workbooks/share/history', token)).status).toBe(401);
    const integration = await call(two, 'GET', '/workbooks/share/keys', token);
    expect(integration.status).toBe(401);
    expect(integration.json.error).toMatchObject({ code: 'unauthorized', message: 'invalid credential: link revoked' });
    // The connection B had open is closed by B itself (it learns of the revocation from the database).
    expect(await live.closed).toEqual({ code: 4401, reason: 'link revoked' });
  });

  it('an API key created through instance A is accepted by instance B; revoked on B, refused by A', async () => {
    const ana = await one.token('keys', 'editor', 'Ana');
    const created = await call(one, 'POST', '/workbooks/keys/keys', ana, { name: 'billing feed', scope: 'write' });
    expect(created.status).toBe(201);
    const key = created.json.key as string;
    const put = await call(two, 'PUT', '/workbooks/keys/tables/customers/rows', key, { rows: [{ id: 'c1', name: 'Padaria Sol' }] });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect((await call(one, 'GET', '/workbooks/keys/customers', key)).json.total).toBe(1);
    expect((await call(two, 'DELETE', `/workbooks/keys/keys/${created.json.info.id}`, ana)).status).toBe(200);
    expect((await call(one, 'GET', '/workbooks/keys/customers', key)).status).toBe(401);
  });

  it('history written by edits on either instance is listed by every instance', async () => {
    const a = await editor(one, 'hist', 'Ana');
    const b = await editor(two, 'hist', 'Bruno');
    const wa = openWorkbook(a.doc);
    const wb = openWorkbook(b.doc);
    const id = (wa.insert('customers', { name: 'Loja Azul' }) as { value: string }).value;
    await waitFor(() => wb.get('customers', id) !== undefined, 'the customer reached Bruno');
    wb.update('customers', id, { segment: 'SMB' });
    const owner = await two.token('hist', 'owner', 'Olga');
    for (const srv of [one, two]) {
      await waitForAsync(async () => (await call(srv, 'GET', '/workbooks/hist/history', owner)).json.entries.length === 2, `both entries listed by ${srv.httpUrl}`);
      const { entries, authors } = (await call(srv, 'GET', '/workbooks/hist/history', owner)).json;
      expect(entries.map((e: { by: string; kind: string; row: string }) => [e.by, e.kind, e.row])).toEqual([['Bruno', 'update', id], ['Ana', 'insert', id]]);
      expect(entries[0].changes).toEqual([{ field: 'segment', old: null, new: 'SMB' }]);
      expect(authors).toEqual(['Ana', 'Bruno']);
    }
  });

  it('a webhook fires once per change while two instances serve the workbook', async () => {
    const received: { type: string; id: string; customer: string }[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const e = JSON.parse(body);
        received.push({ type: e.type, id: e.id, customer: e.data.customer.id });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => receiver.close(() => r())));
    const port = (receiver.address() as { port: number }).port;
    const today = todayIso();
    const day = (n: number) => fromDay(toDay(today) + n);

    const ana = await one.token('hooked', 'editor', 'Ana');
    const key = (await call(one, 'POST', '/workbooks/hooked/keys', ana, { name: 'crm', scope: 'write' })).json.key as string;
    const put = async (srv: SpawnedTestServer, table: string, rows: unknown[]) => expect((await call(srv, 'PUT', `/workbooks/hooked/tables/${table}/rows`, key, { rows })).status).toBe(200);
    await put(one, 'customers', [{ id: 'c1', name: 'Padaria Sol' }, { id: 'c2', name: 'Oficina Lua' }]);
    await put(one, 'contracts', [{ id: 'k1', customerId: 'c1', model: 'recurring', value: 100, startDate: addMonths(today, -6) }]);
    expect((await call(one, 'POST', '/workbooks/hooked/webhooks', key, { url: `http://127.0.0.1:${port}/hook`, events: ['invoice.overdue'] })).status).toBe(201);
    // People on both instances: each instance has the workbook open and watches it.
    await editor(one, 'hooked', 'Ana');
    await editor(two, 'hooked', 'Bruno');

    // An invoice becomes overdue, written through B (A learns it through Redis).
    await put(two, 'invoices', [{ id: 'i1', customerId: 'c1', issueDate: day(-40), dueDate: day(-10), amount: 100 }]);
    // Then a second change, through A: once it is delivered, any duplicate of the first would have been too
    // (each instance handles changes in order and the dispatcher sends the oldest due first).
    await put(one, 'invoices', [{ id: 'i2', customerId: 'c2', issueDate: day(-40), dueDate: day(-10), amount: 50 }]);
    await waitFor(() => received.some((r) => r.customer === 'c2'), 'the second change delivered', 60_000);
    await waitForAsync(async () => {
      const log = (await call(two, 'GET', '/workbooks/hooked/webhooks/deliveries', key)).json.deliveries as { status: string }[];
      return log.length >= 2 && log.every((d) => d.status === 'delivered');
    }, 'every queued delivery delivered', 60_000);
    expect(received.map((r) => [r.type, r.customer]).sort()).toEqual([['invoice.overdue', 'c1'], ['invoice.overdue', 'c2']]);
    const log = (await call(one, 'GET', '/workbooks/hooked/webhooks/deliveries', key)).json.deliveries as { attempts: number }[];
    expect(log.map((d) => d.attempts)).toEqual([1, 1]);
  }, 120_000);
});

describe('faults', () => {
  it('kill -9 of an instance in the middle of edits: every acknowledged edit is stored and reaches everyone', async () => {
    const one = await instance();
    const [, two, three] = trio;
    const clients = [await editor(one, 'k9', 'A'), await editor(two, 'k9', 'B'), await editor(three, 'k9', 'C'), await editor(one, 'k9', 'D')];
    let stop = false;
    const typing = clients.map((c, n) => (async () => {
      for (let i = 0; !stop; i++) {
        c.doc.getArray<string>(`log${n}`).push([`${n}:${i}`]);
        await new Promise((r) => setTimeout(r, 5));
      }
    })());
    await waitFor(() => clients.every((c) => (c.acked()?.get(c.doc.clientID) ?? 0) > 0), 'every client has edits acknowledged', 30_000);
    await new Promise((r) => setTimeout(r, 300));
    // What each author has been told is stored, at the moment the instance dies.
    await one.kill9();
    const ackedAtKill = clients.map((c) => c.acked()?.get(c.doc.clientID) ?? 0);
    stop = true;
    await Promise.all(typing);
    expect(ackedAtKill[0]).toBeGreaterThan(0);
    const s = await stored('k9');
    clients.forEach((c, n) => {
      // Every acknowledged edit (clock < acked) is in PostgreSQL.
      expect(s.getArray(`log${n}`).length, `client ${n}`).toBeGreaterThanOrEqual(ackedAtKill[n]);
    });
    // The killed instance's clients reconnect to another one; all converge with every edit.
    moveTo(clients[0], two);
    moveTo(clients[3], three);
    await waitFor(() => clients.every(allAcked), 'every edit acknowledged after reconnecting', 20_000)
      .catch((e) => { throw new Error(`${e.message}: ${ackReport(clients)}`); });
    await waitFor(() => clients.every((c) => same(c.doc, clients[1].doc)), 'all clients identical', 20_000)
      .catch((e) => { throw new Error(`${e.message}: ${clients.map((c) => [0, 1, 2, 3].map((n) => c.doc.getArray(`log${n}`).length).join('/')).join(' | ')}`); });
    const after = await stored('k9');
    clients.forEach((c, n) => expect(after.getArray(`log${n}`).toArray()).toEqual(c.doc.getArray(`log${n}`).toArray()));
  }, 180_000);

  it('compaction: exactly one instance folds the log, and nothing is lost', async () => {
    const three = trio;
    const clients = await Promise.all(three.map((s, i) => editor(s, 'cmp', `E${i}`)));
    for (let round = 0; round < 40; round++) clients.forEach((c, i) => c.doc.getArray<number>(`xs${i}`).push([round]));
    await waitFor(() => clients.every(allAcked), 'acknowledged', 20_000);
    await waitFor(() => clients.every((c) => same(c.doc, clients[0].doc)), 'converged', 20_000);
    // Idle compaction: on a loaded machine it can come well after a second.
    const store = await PostgresDocStore.open(db.url);
    // Under load the clients' first pushes can travel merged (fewer than 40 rows, none over the
    // threshold): the fold then comes from the idle timer. Wait for a fold, not for the count alone.
    const compactions = () => three.map((s) => s.logs.filter((l) => l.includes('workbook cmp: compacted')).length);
    await waitForAsync(async () => compactions().some((n) => n > 0) && (await store.rowCount('cmp')) < 40, 'the log folded', 20_000).catch(() => {});
    const compacted = compactions();
    expect(compacted.filter((n) => n > 0).length, `compactions per instance: ${compacted}`).toBe(1);
    const s = await stored('cmp');
    for (let i = 0; i < 3; i++) expect(s.getArray(`xs${i}`).toArray()).toEqual(Array.from({ length: 40 }, (_, r) => r));
    expect(await store.rowCount('cmp')).toBeLessThan(40);
    await store.close();
  }, 180_000);

  it('a new instance joining while a workbook is busy serves it correctly from its first client', async () => {
    const [one, two] = trio;
    const a = await editor(one, 'busy', 'A');
    const b = await editor(two, 'busy', 'B');
    let stop = false;
    const typing = [a, b].map((c, n) => (async () => {
      for (let i = 0; !stop; i++) {
        c.doc.getMap(`m${n}`).set(`k${i}`, i);
        await new Promise((r) => setTimeout(r, 5));
      }
    })());
    await new Promise((r) => setTimeout(r, 300));
    const three = await instance();
    const c = await editor(three, 'busy', 'C');
    c.doc.getMap('m2').set('hello', 1);
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(typing);
    await waitFor(() => [a, b, c].every(allAcked), 'acknowledged', 20_000);
    await waitFor(() => same(a.doc, c.doc) && same(b.doc, c.doc), 'the newcomer converged', 20_000);
    expect(same(await stored('busy'), c.doc)).toBe(true);
  }, 180_000);

  it('PostgreSQL unreachable: instances stop acknowledging, and every edit is stored once it returns', async () => {
    const [one, two] = trio;
    const a = await editor(one, 'pgdown', 'A');
    const b = await editor(two, 'pgdown', 'B');
    a.doc.getMap('m').set('before', 1);
    await waitFor(() => allAcked(a), 'acknowledged before the outage');
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    await admin.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS false`);
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'pulso-sync'", [db.name]);
    const ackBefore = a.acked()?.get(a.doc.clientID);
    a.doc.getMap('m').set('during', 2);
    b.doc.getMap('m').set('during-b', 3);
    await new Promise((r) => setTimeout(r, 1500));
    // Nothing unstored is acknowledged (the client keeps it as unconfirmed).
    expect(a.acked()?.get(a.doc.clientID) ?? 0).toBe(ackBefore);
    expect(allAcked(a)).toBe(false);
    expect(((await fetch(`${one.httpUrl}/healthz`)).status)).toBe(503);
    await admin.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`);
    await waitFor(() => allAcked(a) && allAcked(b), 'acknowledged after PostgreSQL returned', 30_000);
    await waitFor(() => same(a.doc, b.doc), 'converged', 20_000);
    expect((await stored('pgdown')).getMap('m').toJSON()).toEqual({ before: 1, during: 2, 'during-b': 3 });
  }, 180_000);

  it('Redis restarted with its data gone: instances reconnect, catch up from PostgreSQL, clients converge', async () => {
    // A Redis of our own (port from this helper's range), so restarting it disturbs nobody else.
    const port = 18800 + Math.floor(Math.random() * 90);
    const startRedis = () => new Promise<ChildProcess>((resolve, reject) => {
      const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout!.on('data', (b) => { out += b; if (out.includes('Ready to accept connections')) resolve(p); });
      p.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    });
    let server = await startRedis();
    cleanups.push(() => { server.kill('SIGKILL'); });
    const url = `redis://127.0.0.1:${port}`;
    const one = await instance({ redisUrl: url });
    const two = await instance({ redisUrl: url });
    const a = await editor(one, 'rr', 'A');
    const b = await editor(two, 'rr', 'B');
    a.doc.getMap('m').set('first', 1);
    await waitFor(() => b.doc.getMap('m').get('first') === 1, 'relayed through Redis');
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    // Edits while Redis is gone are stored (PostgreSQL) but cannot be relayed through it.
    a.doc.getMap('m').set('while-down', 2);
    b.doc.getMap('m').set('while-down-b', 3);
    await waitFor(() => allAcked(a) && allAcked(b), 'stored and acknowledged without Redis', 15_000);
    server = await startRedis();
    await waitFor(() => same(a.doc, b.doc), 'converged after Redis returned', 20_000);
    a.doc.getMap('m').set('after', 4);
    await waitFor(() => b.doc.getMap('m').get('after') === 4, 'relayed through the new Redis');
    expect((await stored('rr')).getMap('m').toJSON()).toEqual({ first: 1, 'while-down': 2, 'while-down-b': 3, after: 4 });
  }, 300_000);
});

describe('convergence', () => {
  it('random edits from clients spread over three instances with random disconnects: all documents identical', async () => {
    const servers = trio;
    let seed = 0x5eed;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    const clients: Client[] = [];
    for (let i = 0; i < 6; i++) clients.push(await editor(servers[i % 3], 'prop', `P${i}`));
    for (let step = 0; step < 300; step++) {
      const c = clients[Math.floor(rnd() * clients.length)];
      const r = rnd();
      if (r < 0.05) c.provider.disconnect();
      else if (r < 0.12) {
        if (!c.provider.shouldConnect) c.provider.connect();
        else moveTo(c, servers[Math.floor(rnd() * 3)]);
      } else if (r < 0.5) c.doc.getMap('cells').set(`r${Math.floor(rnd() * 20)}`, Math.floor(rnd() * 1000));
      else if (r < 0.8) c.doc.getArray<number>('rows').insert(Math.floor(rnd() * (c.doc.getArray('rows').length + 1)), [step]);
      else {
        const t = c.doc.getText('notes');
        if (t.length > 5 && rnd() < 0.4) t.delete(Math.floor(rnd() * (t.length - 2)), 2);
        else t.insert(Math.floor(rnd() * (t.length + 1)), 'ab');
      }
      if (step % 10 === 0) await new Promise((res) => setTimeout(res, 5));
    }
    for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
    await waitFor(() => clients.every((c) => c.provider.synced && allAcked(c)), 'all reconnected and acknowledged', 30_000);
    await waitFor(() => clients.every((c) => same(c.doc, clients[0].doc)), 'all documents identical', 30_000);
    expect(same(await stored('prop'), clients[0].doc)).toBe(true);
  }, 180_000);
});
