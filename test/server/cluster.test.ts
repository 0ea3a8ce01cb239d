// Several sync-server instances (child processes) on the machine's PostgreSQL and Redis, a fresh
// database and key prefix per run, with stock y-websocket clients spread over them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { PostgresDocStore } from '../../sync-server/storage.js';
import { freshDatabase, freshRedisPrefix, PG_ADMIN_URL, REDIS_URL, type FreshDatabase, type FreshRedis } from '../support/backends.js';
import { spawnTestServer, type SpawnedTestServer, type TestServerOptions } from '../support/server.js';
import { connect, synced, waitFor, type Client } from './clients.js';

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
    await new Promise((r) => setTimeout(r, 1000)); // idle compaction
    const compacted = three.map((s) => s.logs.filter((l) => l.includes('workbook cmp: compacted')).length);
    expect(compacted.filter((n) => n > 0).length, `compactions per instance: ${compacted}`).toBe(1);
    const s = await stored('cmp');
    for (let i = 0; i < 3; i++) expect(s.getArray(`xs${i}`).toArray()).toEqual(Array.from({ length: 40 }, (_, r) => r));
    const store = await PostgresDocStore.open(db.url);
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
