// A connection's identity: the Yjs client ids it writes with, and its presence. An editor
// cannot write under a colleague's client id, flood the server with updates that can never
// apply, or speak for anyone else's presence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, WebSocket, type Client } from './clients.js';
import { CLOSE, MSG } from '../../core/index.js';

let srv: InProcessTestServer;
const open: Client[] = [];
const client = (...a: Parameters<typeof connect>) => { const c = connect(...a); open.push(c); return c; };

beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => {
  for (const c of open) c.destroy();
  await srv.stop();
});

function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG.sync);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

function awarenessFrame(entries: { id: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const x of entries) {
    encoding.writeVarUint(inner, x.id);
    encoding.writeVarUint(inner, x.clock);
    encoding.writeVarString(inner, typeof x.state === 'string' ? x.state : JSON.stringify(x.state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

interface RawPeer { ws: InstanceType<typeof WebSocket>; closed: Promise<{ code: number; reason: string }>; send(f: Uint8Array): void }

async function rawPeer(workbookId: string, role: 'editor' | 'viewer', name: string): Promise<RawPeer> {
  const ws = new WebSocket(`${srv.wsUrl}/${workbookId}?token=${await srv.token(workbookId, role, name)}`);
  const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, r) => res({ code, reason: r.toString() })));
  await new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej); });
  return { ws, closed, send: (f) => ws.send(f) };
}

describe('client ids belong to their connection', () => {
  it("an update under a colleague's client id is refused (4004) and the colleague's next edits are kept", async () => {
    const victim = client(srv.wsUrl, 'ids', await srv.token('ids', 'editor', 'Vera'));
    const watcher = client(srv.wsUrl, 'ids', await srv.token('ids', 'viewer', 'Walter'));
    await Promise.all([synced(victim), synced(watcher)]);
    victim.doc.getMap('m').set('a', 'vera-1');
    await waitFor(() => watcher.doc.getMap('m').get('a') === 'vera-1', 'first edit relayed');

    // The attacker writes under Vera's client id, at the clock her next edit will take.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(victim.doc));
    forged.clientID = victim.doc.clientID; // after applying: Yjs renames a doc that sees its own id
    forged.getMap('m').set('b', 'forged');
    const attack = Y.encodeStateAsUpdate(forged, Y.encodeStateVector(victim.doc));
    expect([...Y.parseUpdateMeta(attack).from.keys()]).toEqual([victim.doc.clientID]);
    const mallory = await rawPeer('ids', 'editor', 'Mallory');
    mallory.send(syncUpdate(attack));
    expect((await mallory.closed).code).toBe(CLOSE.clientIdTaken);

    // Vera's own next edit (same client id and clock the forgery used) must land.
    victim.doc.getMap('m').set('b', 'vera-2');
    await waitFor(() => watcher.doc.getMap('m').get('b') === 'vera-2', "Vera's edit relayed", 5000);
    expect(srv.server.rooms.get('ids')!.doc.getMap('m').get('b')).toBe('vera-2');
    // Her ack covers exactly her applied edits.
    await waitFor(() => victim.acked()?.get(victim.doc.clientID) === Y.getState(victim.doc.store, victim.doc.clientID), 'ack');
    expect(victim.provider.wsconnected).toBe(true);
  });

  it('a client whose old connection went stale gets its id back: the stale owner is probed and dropped', async () => {
    const first = client(srv.wsUrl, 'stale', await srv.token('stale', 'editor', 'Sam'));
    const watcher = client(srv.wsUrl, 'stale', await srv.token('stale', 'viewer', 'Wes'));
    await Promise.all([synced(first), synced(watcher)]);
    first.doc.getMap('m').set('a', 1);
    await waitFor(() => watcher.doc.getMap('m').get('a') === 1, 'first edit');
    // The network drops silently: the old socket stays open on the server and answers nothing.
    const sock = (first.provider.ws as unknown as { _socket: { pause(): void } })._socket;
    sock.pause();
    // The same browser comes back on a new connection, same client id.
    const again = new Y.Doc();
    Y.applyUpdate(again, Y.encodeStateAsUpdate(first.doc));
    again.clientID = first.doc.clientID;
    const second = client(srv.wsUrl, 'stale', await srv.token('stale', 'editor', 'Sam'), { doc: again });
    again.getMap('m').set('b', 2);
    // Refused at first (4004 is retried), accepted once the stale owner failed its probe.
    await waitFor(() => watcher.doc.getMap('m').get('b') === 2, 'edit from the new connection', 10_000);
    expect(srv.logs.some((l) => l.includes('4004'))).toBe(true);
    void second;
  });

  it('a flood of updates with clock gaps is bounded: the sender is closed (4005) and the held data dropped', async () => {
    const honest = client(srv.wsUrl, 'gaps', await srv.token('gaps', 'editor', 'Hana'));
    const other = client(srv.wsUrl, 'gaps', await srv.token('gaps', 'editor', 'Otto'));
    await Promise.all([synced(honest), synced(other)]);
    // 200 single edits of a fresh client id, sent without the first: none can ever apply.
    const src = new Y.Doc();
    const updates: Uint8Array[] = [];
    src.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 201; i++) src.getMap('g').set(`k${i}`, i);
    const flooder = await rawPeer('gaps', 'editor', 'Flo');
    for (const u of updates.slice(1)) flooder.send(syncUpdate(u));
    expect((await flooder.closed).code).toBe(CLOSE.tooManyPending);
    const store = srv.server.rooms.get('gaps')!.doc.store as unknown as { pendingStructs: unknown };
    expect(store.pendingStructs).toBeNull();
    honest.doc.getMap('m').set('after', 1);
    await waitFor(() => other.doc.getMap('m').get('after') === 1, 'honest edits still flow');
  });
});

describe('presence belongs to its connection', () => {
  it("a viewer cannot rewrite a colleague's presence, nor show 500 fake people", async () => {
    const ana = client(srv.wsUrl, 'pres', await srv.token('pres', 'editor', 'Ana'));
    const bob = client(srv.wsUrl, 'pres', await srv.token('pres', 'editor', 'Bob'));
    await Promise.all([synced(ana), synced(bob)]);
    ana.provider.awareness.setLocalState({ user: { name: 'Ana', color: '#e6194b' }, cell: null });
    await waitFor(() => (bob.provider.awareness.getStates().get(ana.doc.clientID) as { user?: { name?: string } })?.user?.name === 'Ana', "Ana's presence");
    const viewer = await rawPeer('pres', 'viewer', 'Vic');
    const anaClock = 100;
    viewer.send(awarenessFrame([{ id: ana.doc.clientID, clock: anaClock, state: { user: { name: 'Hacked', color: '#000000' } } }]));
    viewer.send(awarenessFrame(Array.from({ length: 500 }, (_, i) => ({ id: 900_000 + i, clock: 1, state: { user: { name: `Fake ${i}` } } }))));
    // A marker from Bob: when it arrives, the viewer's frames were handled before it.
    bob.provider.awareness.setLocalState({ user: { name: 'Bob' }, cell: { sheet: 'customers', rowId: 'r1', colId: 'name', editing: false } });
    await waitFor(() => (ana.provider.awareness.getStates().get(bob.doc.clientID) as { cell?: unknown })?.cell != null, 'marker');
    await new Promise((r) => setTimeout(r, 200));
    const states = bob.provider.awareness.getStates();
    expect((states.get(ana.doc.clientID) as { user: { name: string } }).user.name).toBe('Ana');
    const names = [...states.values()].map((s) => (s as { user?: { name?: string } }).user?.name).filter(Boolean);
    expect(names.filter((n) => n!.startsWith('Fake')).length).toBeLessThanOrEqual(1);
    expect(srv.server.rooms.get('pres')!.awareness.getStates().size).toBeLessThanOrEqual(3);
    viewer.ws.close();
  });

  it('the name comes from the token and colours must be plain #rrggbb', async () => {
    const watcher = client(srv.wsUrl, 'pres2', await srv.token('pres2', 'viewer', 'Wes'));
    await synced(watcher);
    const p = await rawPeer('pres2', 'editor', 'Paula');
    p.send(awarenessFrame([{ id: 4242, clock: 1, state: { user: { name: 'The Boss', color: 'url(https://evil.example/x)' }, extra: { nested: [1, 2] }, cell: { sheet: '<img src=x>', rowId: 'r', colId: 'c', editing: 'yes' } } }]));
    await waitFor(() => watcher.provider.awareness.getStates().has(4242), 'presence relayed');
    expect(watcher.provider.awareness.getStates().get(4242)).toEqual({
      user: { name: 'Paula' },
      cell: { sheet: '<img src=x>', rowId: 'r', colId: 'c', editing: false },
    });
    // Closing drops it for everyone.
    p.ws.terminate();
    await waitFor(() => !watcher.provider.awareness.getStates().has(4242), 'presence dropped on close');
  });

  it('a deeply nested presence state is refused and later joiners still open the workbook', async () => {
    const p = await rawPeer('deep', 'editor', 'Deep');
    // 40 KB of nesting: JSON.parse takes it, JSON.stringify (on every later join) overflows the stack.
    const deep = '{"user":{"name":"Deep"},"x":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}';
    p.send(awarenessFrame([{ id: 777, clock: 1, state: deep }]));
    expect((await p.closed).code).toBe(CLOSE.badMessage);
    const late = client(srv.wsUrl, 'deep', await srv.token('deep', 'editor', 'Late'));
    await synced(late);
    late.provider.awareness.setLocalState({ user: { name: 'Late' } });
    const later = client(srv.wsUrl, 'deep', await srv.token('deep', 'viewer', 'Later'));
    await synced(later);
    await waitFor(() => later.provider.awareness.getStates().has(late.doc.clientID), 'presence works');
  });
});
