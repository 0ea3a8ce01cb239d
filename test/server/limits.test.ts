// Caps by role and message type, connection counts, message rate and backlog: over a limit
// the peer gets a documented close code, and y-websocket backs off instead of giving up.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { startTestServer, type InProcessTestServer, type TestServerOptions } from '../support/server.js';
import { connect, synced, waitFor, WebSocket, type Client } from './clients.js';
import { CLOSE, MSG, framesOf } from '../../core/index.js';
import { DEFAULT_LIMITS } from '../../sync-server/limits.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../sync-server/config.js';

const servers: InProcessTestServer[] = [];
const open: Client[] = [];
const sockets: InstanceType<typeof WebSocket>[] = [];
async function server(o: TestServerOptions = {}) { const s = await startTestServer(o); servers.push(s); return s; }
const client = (...a: Parameters<typeof connect>) => { const c = connect(...a); open.push(c); return c; };
afterEach(() => { for (const c of open.splice(0)) c.destroy(); for (const s of sockets.splice(0)) s.terminate(); });
afterAll(async () => { for (const s of servers) await s.stop(); });

async function raw(srv: InProcessTestServer, workbookId: string, role: 'editor' | 'viewer' = 'editor', token?: string) {
  const ws = new WebSocket(`${srv.wsUrl}/${workbookId}?token=${token ?? await srv.token(workbookId, role, 'raw')}`);
  sockets.push(ws);
  const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, r) => res({ code, reason: r.toString() })));
  ws.on('error', () => {});
  await new Promise<void>((res) => { ws.once('open', () => res()); ws.once('close', () => res()); });
  return { ws, closed };
}

const frame = (type: number, payload: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
};

describe('caps by role and message type', () => {
  it('the default editor frame cap is 16 MiB, far below the old 256 MiB', () => {
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(16 * 1024 * 1024);
    expect(DEFAULT_LIMITS.viewerFrameBytes).toBeLessThanOrEqual(256 * 1024);
  });

  it("a viewer's frame above its cap closes it with 1009; an editor's of the same size is fine", async () => {
    const srv = await server();
    const big = new Uint8Array(DEFAULT_LIMITS.viewerFrameBytes + 1024);
    const v = await raw(srv, 'caps', 'viewer');
    v.ws.send(big);
    expect((await v.closed).code).toBe(CLOSE.tooBig);
    // The same size from an editor, as a real update.
    const d = new Y.Doc();
    d.getText('t').insert(0, 'x'.repeat(DEFAULT_LIMITS.viewerFrameBytes + 1024));
    const ed = client(srv.wsUrl, 'caps', await srv.token('caps', 'editor', 'Ed'));
    const other = client(srv.wsUrl, 'caps', await srv.token('caps', 'viewer', 'Vi'));
    await Promise.all([synced(ed), synced(other)]);
    Y.applyUpdate(ed.doc, Y.encodeStateAsUpdate(d));
    await waitFor(() => other.doc.getText('t').length === DEFAULT_LIMITS.viewerFrameBytes + 1024, 'large editor update relayed');
  });

  it('a presence message above its cap → 4400', async () => {
    const srv = await server();
    const r = await raw(srv, 'aw');
    r.ws.send(frame(MSG.awareness, new Uint8Array(DEFAULT_LIMITS.awarenessBytes + 1)));
    expect((await r.closed).code).toBe(CLOSE.badMessage);
  });
});

describe('messages in parts (an offline backlog above the frame cap)', () => {
  const CAP = 256 * 1024;

  it("a backlog four times the editor's frame cap reaches the server and a colleague in parts", async () => {
    const srv = await server({ maxMessageBytes: CAP });
    const offline = new Y.Doc();
    // Work done before connecting: the client answers the server's sync step 1 with all of it.
    const text = Array.from({ length: 4 * CAP }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join('');
    offline.getText('t').insert(0, text);
    const colleague = client(srv.wsUrl, 'parts', await srv.token('parts', 'editor', 'Col'));
    await synced(colleague);
    const back = client(srv.wsUrl, 'parts', await srv.token('parts', 'editor', 'Back'), { doc: offline, partBytes: 64 * 1024 });
    await waitFor(() => colleague.doc.getText('t').length === text.length, 'backlog relayed', 20_000);
    expect(colleague.doc.getText('t').toString()).toBe(text);
    // Acknowledged as stored: the ack carries the backlog's clock.
    await waitFor(() => (back.acked()?.get(offline.clientID) ?? 0) === text.length, 'backlog acknowledged', 20_000);
  });

  it('the same backlog in one frame is refused with 1009 (what parts avoid)', async () => {
    const srv = await server({ maxMessageBytes: CAP });
    const offline = new Y.Doc();
    offline.getText('t').insert(0, 'x'.repeat(2 * CAP));
    const back = client(srv.wsUrl, 'parts1', await srv.token('parts1', 'editor', 'Back'), { doc: offline });
    expect((await back.closed).code).toBe(CLOSE.tooBig);
  });

  it('a whole above the assembled cap is refused at its first part with 4413, a final code', async () => {
    const srv = await server({ maxMessageBytes: CAP, limits: { editorAssembledBytes: 4 * CAP } });
    const r = await raw(srv, 'parts2');
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MSG.part);
    encoding.writeVarUint(e, 4 * CAP + 1);
    encoding.writeVarUint8Array(e, new Uint8Array(1024));
    r.ws.send(encoding.toUint8Array(e));
    const closed = await r.closed;
    expect(closed.code).toBe(CLOSE.tooLarge);
    expect(closed.reason.startsWith('message too large')).toBe(true);
  });

  it('messages in parts are capped server-wide: a new one above the budget gets 4003 (retried later), and a closed peer frees its share', async () => {
    const srv = await server({ maxMessageBytes: CAP, limits: { editorAssembledBytes: 4 * CAP, assembledBytesTotal: 3 * CAP } });
    const firstPart = (total: number) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MSG.part);
      encoding.writeVarUint(e, total);
      encoding.writeVarUint8Array(e, new Uint8Array(1024));
      return encoding.toUint8Array(e);
    };
    const a = await raw(srv, 'parts4');
    a.ws.send(firstPart(2 * CAP)); // held: 2 of 3
    const b = await raw(srv, 'parts4');
    b.ws.send(firstPart(2 * CAP)); // 4 of 3: refused
    expect((await b.closed).code).toBe(CLOSE.rateLimited);
    expect(a.ws.readyState).toBe(a.ws.OPEN);
    a.ws.close();
    await a.closed;
    // A's share is free again: C may send as much.
    const c = await raw(srv, 'parts4');
    c.ws.send(firstPart(2 * CAP));
    const stillOpen = await Promise.race([c.closed.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 500))]);
    expect(stillOpen).toBe(true);
  });

  it('another message between the parts of one → 4400; a viewer cannot send more in parts than in a frame', async () => {
    const srv = await server({ maxMessageBytes: CAP });
    const r = await raw(srv, 'parts3');
    const [first] = framesOf(new Uint8Array(3 * 1024).fill(1), 1024);
    r.ws.send(first);
    r.ws.send(frame(MSG.awareness, new Uint8Array([0])));
    expect((await r.closed).code).toBe(CLOSE.badMessage);
    const v = await raw(srv, 'parts3', 'viewer');
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MSG.part);
    encoding.writeVarUint(e, DEFAULT_LIMITS.viewerFrameBytes + 1);
    encoding.writeVarUint8Array(e, new Uint8Array(1024));
    v.ws.send(encoding.toUint8Array(e));
    expect((await v.closed).code).toBe(CLOSE.tooLarge);
  });
});

describe('connection limits', () => {
  it('per token: the connection over the limit gets 4002 and y-websocket keeps retrying (backs off)', async () => {
    const srv = await server({ limits: { connsPerToken: 2 } });
    const token = await srv.token('lim', 'editor', 'Shared');
    const a = client(srv.wsUrl, 'lim', token);
    const b = client(srv.wsUrl, 'lim', token);
    await Promise.all([synced(a), synced(b)]);
    const c = client(srv.wsUrl, 'lim', token);
    expect(await c.closed).toEqual({ code: CLOSE.tooManyConnections, reason: 'too many connections with this token' });
    expect(c.provider.shouldConnect).toBe(true); // not a final refusal: it will try again
    // Another token is not affected.
    const d = client(srv.wsUrl, 'lim', await srv.token('lim', 'editor', 'Other'));
    await synced(d);
    // Once a slot frees, the retrying client gets in.
    a.destroy();
    await synced(c, 15_000);
  });

  it('per workbook and per address', async () => {
    const srv = await server({ limits: { connsPerWorkbook: 2, connsPerAddress: 3 } });
    const x1 = await raw(srv, 'full');
    const x2 = await raw(srv, 'full');
    const x3 = await raw(srv, 'full');
    expect((await x3.closed)).toEqual({ code: CLOSE.tooManyConnections, reason: 'too many connections to this workbook' });
    const y1 = await raw(srv, 'other');
    const y2 = await raw(srv, 'other');
    expect((await y2.closed)).toEqual({ code: CLOSE.tooManyConnections, reason: 'too many connections from this address' });
    void x1; void x2; void y1;
    // Refusals are counted back: nothing leaks.
    expect(srv.server.stats().connections).toBe(3);
  });

  it('message rate: a connection spending its burst faster than the refill gets 4003', async () => {
    const srv = await server({ limits: { messagesPerSecond: 50, messageBurst: 200 } });
    const r = await raw(srv, 'rate');
    const q = new Uint8Array([MSG.queryAwareness]);
    for (let i = 0; i < 1000; i++) r.ws.send(q);
    expect((await r.closed).code).toBe(CLOSE.rateLimited);
    // A normal client is unaffected.
    const ok = client(srv.wsUrl, 'rate', await srv.token('rate', 'editor', 'Ok'));
    await synced(ok);
  });
});

describe('backpressure', () => {
  /** A peer that connects and then never reads its socket. */
  async function nonReader(srv: InProcessTestServer, workbookId: string) {
    const r = await raw(srv, workbookId, 'viewer');
    (r.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    return r;
  }

  async function push(srv: InProcessTestServer, workbookId: string, mib: number) {
    const ed = client(srv.wsUrl, workbookId, await srv.token(workbookId, 'editor', 'Pusher'));
    await synced(ed);
    for (let i = 0; i < mib; i++) {
      ed.doc.getMap('m').set(`k${i}`, 'y'.repeat(1024 * 1024 - 200));
      await new Promise((r) => setTimeout(r, 20));
    }
    return ed;
  }

  it('a peer that never reads is cut once its backlog passes its cap; others keep syncing', async () => {
    const srv = await server({ maxMessageBytes: 1024 * 1024 + 4096, limits: { bufferedBytesPerConn: 1024 * 1024 } });
    await nonReader(srv, 'slow');
    const honest = client(srv.wsUrl, 'slow', await srv.token('slow', 'viewer', 'Honest'));
    await synced(honest);
    await push(srv, 'slow', 12);
    await waitFor(() => srv.server.rooms.get('slow')!.conns.size === 2, 'slow peer cut', 10_000);
    expect(srv.logs.some((l) => l.includes('slow peer'))).toBe(true);
    await waitFor(() => honest.doc.getMap('m').size === 12, 'honest peer has everything');
  });

  it('the backlog of all peers together is capped: the most backed-up are cut', async () => {
    const srv = await server({ maxMessageBytes: 1024 * 1024 + 4096, limits: { bufferedBytesPerConn: 64 * 1024 * 1024, bufferedBytesTotal: 3 * 1024 * 1024 } });
    await nonReader(srv, 'slow2');
    await nonReader(srv, 'slow2');
    await push(srv, 'slow2', 10);
    await waitFor(() => srv.server.rooms.get('slow2')!.conns.size === 1, 'both slow peers cut', 10_000);
  });
});
