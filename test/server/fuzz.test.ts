// Seeded, bounded fuzz of the protocol and of document contents: hostile peers send random
// valid-looking updates (their own ids, forged ids, gapped), random presence states, random
// bytes and garbage cell values, while honest editors keep typing in the same workbook and
// in another one. Invariants: the server stays up, other workbooks and honest clients keep
// syncing, no honest edit is lost, and reading any row for the grid never throws.
// Replay a failure with FUZZ_SEED=<seed> npx vitest run test/server/fuzz.test.ts
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, WebSocket, type Client } from './clients.js';
import { MSG, checkRow, openWorkbook, tableNames } from '../../core/index.js';

// Child processes / many sockets on a shared 2-core machine: allow more than the default.
vi.setConfig({ testTimeout: 120_000 });
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const ROUNDS = 150;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}
const r = prng(SEED);

let srv: InProcessTestServer;
const open: Client[] = [];
const client = (...a: Parameters<typeof connect>) => { const c = connect(...a); open.push(c); return c; };
beforeAll(async () => { srv = await startTestServer({ limits: { messagesPerSecond: 2000, messageBurst: 5000 } }); });
afterAll(async () => {
  for (const c of open) c.destroy();
  await srv.stop();
});

const frame = (type: number, write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
};
const updateFrame = (u: Uint8Array) => frame(MSG.sync, (e) => { encoding.writeVarUint(e, r.pick([1, 2])); encoding.writeVarUint8Array(e, u); });
function awarenessFrame(id: number, clock: number, json: string) {
  return frame(MSG.awareness, (e) => {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, json);
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });
}

/** Garbage a buggy peer might store in a cell. */
const junkValues: unknown[] = [{ toString: 'x' }, 1e308, -1, 'NaN', [1, 2], { nested: { deep: [{}] } }, true, '2026-02-30', 'x'.repeat(300), null, 0.5, '<img src=x onerror=alert(1)>'];
const randomJson = (): string => r.pick([
  JSON.stringify({ user: { name: 'Fake', color: r.pick(['url(https://evil.example/x)', '#00ff00', 42]) }, cell: { sheet: 'customers', rowId: 'r', colId: 'name', editing: true } }),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  JSON.stringify({ user: 'not an object', extra: 'x'.repeat(r.int(4000)) }),
  'not json',
  'null',
  JSON.stringify([1, 2, 3]),
]);

interface Hostile { ws: InstanceType<typeof WebSocket>; doc: Y.Doc; updates: Uint8Array[]; open: boolean }

async function hostile(workbookId: string): Promise<Hostile> {
  const ws = new WebSocket(`${srv.wsUrl}/${workbookId}?token=${await srv.token(workbookId, r.pick(['editor', 'editor', 'viewer']), 'Fuzzer')}`);
  const h: Hostile = { ws, doc: new Y.Doc(), updates: [], open: false };
  h.doc.on('update', (u: Uint8Array) => h.updates.push(u));
  ws.on('error', () => {});
  ws.on('close', () => { h.open = false; });
  await new Promise<void>((res) => { ws.once('open', () => { h.open = true; res(); }); ws.once('close', () => res()); });
  return h;
}

function hostileMove(h: Hostile, honest: Client[]) {
  const send = (f: Uint8Array | string) => { if (h.open) h.ws.send(f); };
  switch (r.int(7)) {
    case 0: { // a valid update of its own, with garbage cell values
      h.doc.transact(() => {
        h.doc.getMap('edits.customers').set(`c${r.int(20)}\x1f${r.pick(['name', 'segment', 'csOwner'])}`, r.pick(junkValues));
        h.doc.getMap('rows.customers').set(`c${r.int(20)}`, JSON.stringify({ name: r.pick(junkValues), segment: r.pick(junkValues) }));
        h.doc.getMap('rows.contracts').set(`k${r.int(20)}`, JSON.stringify({ customerId: `c${r.int(20)}`, model: r.pick(['recurring', 'bogus']), value: r.pick(junkValues), startDate: '2024-01-01' }));
      });
      send(updateFrame(Y.encodeStateAsUpdate(h.doc))); // everything it has: no gap
      break;
    }
    case 1: { // under an honest client's id, at its next clock
      const victim = r.pick(honest);
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(victim.doc));
      forged.clientID = victim.doc.clientID;
      forged.getMap('m').set(`forged-${r.int(1000)}`, 'forged');
      send(updateFrame(Y.encodeStateAsUpdate(forged, Y.encodeStateVector(victim.doc))));
      break;
    }
    case 2: { // gapped: a later update without the ones before it
      for (let i = 0; i < 3; i++) h.doc.getMap('g').set(`k${r.int(100)}`, r.int(100));
      send(updateFrame(h.updates[h.updates.length - 1]));
      break;
    }
    case 3: // presence: random shapes, someone else's id or its own
      send(awarenessFrame(r.next() < 0.5 ? r.pick(honest).doc.clientID : h.doc.clientID, r.int(1000), randomJson()));
      break;
    case 4: // random bytes
      send(Uint8Array.from({ length: 1 + r.int(300) }, () => r.int(256)));
      break;
    case 5: // a sync step 1 (the whole doc in reply) or a presence query
      send(r.next() < 0.5 ? frame(MSG.sync, (e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc())); }) : new Uint8Array([MSG.queryAwareness]));
      break;
    default: // a text frame
      send('hello');
  }
}

describe(`protocol and content fuzz (seed ${SEED})`, () => {
  it('the server stays up, honest clients lose nothing, and every stored row reads safely', async () => {
    const honest: Client[] = [];
    for (const name of ['Ana', 'Bia', 'Caio']) honest.push(client(srv.wsUrl, 'fz', await srv.token('fz', 'editor', name)));
    const elsewhere = [client(srv.wsUrl, 'fz-other', await srv.token('fz-other', 'editor', 'Dora')), client(srv.wsUrl, 'fz-other', await srv.token('fz-other', 'viewer', 'Eva'))];
    await Promise.all([...honest, ...elsewhere].map((c) => synced(c)));
    let attackers = await Promise.all([0, 1, 2].map(() => hostile('fz')));
    const expected = new Map<string, string>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const h of attackers) hostileMove(h, honest);
      const who = honest[round % honest.length];
      const key = `${who.doc.clientID}-${round}`;
      who.doc.getMap('honest').set(key, `v${round}`);
      expected.set(key, `v${round}`);
      elsewhere[0].doc.getMap('other').set(`r${round}`, round);
      if (round % 10 === 9) {
        await new Promise((res) => setTimeout(res, 20));
        // Closed attackers come back (as a new connection), as a real one would.
        attackers = await Promise.all(attackers.map((h) => (h.open ? h : hostile('fz'))));
      }
    }
    // No honest edit lost: every honest replica and the server hold all of them.
    for (const c of honest) {
      await waitFor(() => c.doc.getMap('honest').size === expected.size, `${c.doc.clientID} has every honest edit`, 20_000);
      expect(c.doc.getMap('honest').toJSON()).toEqual(Object.fromEntries(expected));
      expect(c.provider.wsconnected).toBe(true);
    }
    expect(srv.server.rooms.get('fz')!.doc.getMap('honest').size).toBe(expected.size);
    // Nothing forged under an honest id ever landed.
    expect(honest[0].doc.getMap('m').size).toBe(0);
    // The other workbook kept syncing.
    await waitFor(() => elsewhere[1].doc.getMap('other').size === ROUNDS, 'the other workbook synced');
    // The server is up and answers.
    expect((await (await fetch(`${srv.httpUrl}/healthz`)).json()).ok).toBe(true);
    // The grid's reading of every row (core checkRow) never throws, whatever was stored.
    const wb = openWorkbook(honest[0].doc);
    let rows = 0, invalid = 0;
    for (const t of tableNames) {
      for (const row of wb.list(t)) {
        const checked = checkRow(t, row);
        rows++;
        invalid += checked.issues.length;
        for (const v of Object.values(checked.row)) expect(typeof v === 'object' && v !== null).toBe(false);
      }
    }
    expect(() => wb.validateAll()).not.toThrow();
    expect(rows).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(0);
    // Presence: only well-formed states, none under an honest client's id from an attacker.
    for (const [, s] of srv.server.rooms.get('fz')!.awareness.getStates()) {
      const st = s as { user?: { name?: unknown; color?: unknown } };
      expect(typeof st.user?.name).toBe('string');
      if (st.user?.color !== undefined) expect(st.user.color).toMatch(/^#[0-9a-fA-F]{6}$/);
    }
    for (const h of attackers) h.ws.terminate();
  });
});
