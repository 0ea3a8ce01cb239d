import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, WebSocket, type Client } from './clients.js';

let srv: InProcessTestServer;
const open: Client[] = [];
const client = (...a: Parameters<typeof connect>) => { const c = connect(...a); open.push(c); return c; };
const LIMIT = 64 * 1024;

beforeAll(async () => { srv = await startTestServer({ maxMessageBytes: LIMIT }); });
afterAll(async () => {
  for (const c of open) c.destroy();
  await srv.stop();
});

/** The workbook as stored in SQLite, rebuilt from its rows. */
async function storedDoc(workbookId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const u of (await srv.server.storage.load(workbookId)).updates) Y.applyUpdate(doc, u);
  return doc;
}

/** A raw socket that sends `frames` once open; resolves with the server's close code. */
async function rawSend(workbookId: string, frames: (Uint8Array | string)[]): Promise<{ code: number; reason: string }> {
  const token = await srv.token(workbookId, 'editor', 'fuzzer');
  const ws = new WebSocket(`${srv.wsUrl}/${workbookId}?token=${token}`);
  return new Promise((resolve, reject) => {
    ws.on('open', () => { for (const f of frames) ws.send(f); });
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', reject);
  });
}

function bytes(...parts: number[]): Uint8Array { return new Uint8Array(parts); }

describe('viewers', () => {
  it("a viewer's edits are never applied, stored or relayed", async () => {
    const editor = client(srv.wsUrl, 'ro', await srv.token('ro', 'editor', 'Ana'));
    const viewer = client(srv.wsUrl, 'ro', await srv.token('ro', 'viewer', 'Vítor'));
    await Promise.all([synced(editor), synced(viewer)]);
    editor.doc.getMap('customers').set('c1', 'Acme');
    await waitFor(() => viewer.doc.getMap('customers').get('c1') === 'Acme', 'viewer receives the editor\'s edit');
    // The viewer edits locally: y-websocket sends it as an update message.
    viewer.doc.getMap('customers').set('c1', 'HACKED');
    viewer.doc.getMap('customers').set('c9', 'injected');
    // Then reconnects, which sends the edit again inside sync step 2.
    viewer.provider.disconnect();
    viewer.provider.connect();
    await synced(viewer);
    // A marker edit from the editor after both: once it arrives, anything the viewer sent has been handled.
    editor.doc.getMap('customers').set('marker', 1);
    const third = client(srv.wsUrl, 'ro', await srv.token('ro', 'viewer', 'Third'));
    await synced(third);
    await waitFor(() => third.doc.getMap('customers').get('marker') === 1, 'marker');
    expect(third.doc.getMap('customers').toJSON()).toEqual({ c1: 'Acme', marker: 1 });
    expect(editor.doc.getMap('customers').toJSON()).toEqual({ c1: 'Acme', marker: 1 });
    expect((await storedDoc('ro')).getMap('customers').toJSON()).toEqual({ c1: 'Acme', marker: 1 });
    expect(srv.server.rooms.get('ro')!.doc.getMap('customers').toJSON()).toEqual({ c1: 'Acme', marker: 1 });
  });
});

describe('bad input closes only that connection', () => {
  let a: Client, b: Client;
  beforeAll(async () => {
    a = client(srv.wsUrl, 'fuzz', await srv.token('fuzz', 'editor', 'A'));
    b = client(srv.wsUrl, 'fuzz', await srv.token('fuzz', 'editor', 'B'));
    await Promise.all([synced(a), synced(b)]);
  });

  async function stillSyncing(key: string) {
    a.doc.getMap('m').set(key, key);
    await waitFor(() => b.doc.getMap('m').get(key) === key, `${key} relayed after bad input`);
    const health = await (await fetch(`${srv.httpUrl}/healthz`)).json();
    expect(health.ok).toBe(true);
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
  }

  it('unknown message type → 4400', async () => {
    expect((await rawSend('fuzz', [bytes(7, 1, 2)])).code).toBe(4400);
    expect((await rawSend('fuzz', [bytes(2, 0)])).code).toBe(4400); // auth messages are server → client only
    await stillSyncing('after-unknown');
  });

  it('unknown sync step → 4400', async () => {
    expect(await rawSend('fuzz', [bytes(0, 9, 0)])).toEqual({ code: 4400, reason: 'bad message: unknown sync step 9' });
  });

  it('truncated messages → 4400', async () => {
    // A real update, cut in the middle of its length-prefixed payload.
    const d = new Y.Doc();
    d.getMap('m').set('k', 'a fairly long value so the update has some bytes');
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(d));
    const full = encoding.toUint8Array(e);
    expect((await rawSend('fuzz', [full.slice(0, full.length - 10)])).code).toBe(4400);
    expect((await rawSend('fuzz', [bytes(0)])).code).toBe(4400); // sync with no step
    expect((await rawSend('fuzz', [new Uint8Array(0)])).code).toBe(4400); // empty frame
    expect((await rawSend('fuzz', [bytes(1, 50, 1, 2)])).code).toBe(4400); // awareness claims 50 bytes, has 2
    await stillSyncing('after-truncated');
    expect(b.doc.getMap('m').has('k')).toBe(false);
  });

  it('a text frame → 4400', async () => {
    expect((await rawSend('fuzz', ['hello'])).code).toBe(4400);
  });

  it('random bytes: the server stays up and others keep syncing', async () => {
    // Deterministic pseudo-random frames (LCG) so a failure can be replayed.
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const closes = await Promise.all(Array.from({ length: 40 }, (_, i) => {
      const frame = Uint8Array.from({ length: 1 + Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256));
      frame[0] = i % 4 === 0 ? 0 : frame[0]; // a quarter claim to be sync messages
      return rawSend('fuzz', [frame]);
    }));
    // Every fuzzing socket (fixed seed: none of these frames happens to be valid) gets 4400.
    expect(closes.map((c) => c.code)).toEqual(Array(40).fill(4400));
    await stillSyncing('after-random');
  });

  it('oversized message → 1009, others unaffected', async () => {
    const big = new Uint8Array(LIMIT + 1);
    const closed = await rawSend('fuzz', [big]);
    expect(closed.code).toBe(1009);
    await stillSyncing('after-oversized');
  });

  it('a message just under the limit is accepted', async () => {
    const d = new Y.Doc();
    d.getText('big').insert(0, 'x'.repeat(LIMIT - 200));
    a.doc.transact(() => Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(d)));
    await waitFor(() => b.doc.getText('big').length === LIMIT - 200, 'large update relayed');
  });
});
