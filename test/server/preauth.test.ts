// Before a token is accepted, a socket can cost the server almost nothing: it is refused with
// the close code y-websocket understands, may send at most a tiny frame, and is cut about a
// second after its close frame whether or not it answers. Raw TCP, like an attacker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as tcpConnect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { connect, synced, waitFor, type Client } from './clients.js';

let srv: InProcessTestServer;
const open: Client[] = [];

beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => {
  for (const c of open) c.destroy();
  await srv.stop();
});

interface Raw { socket: Socket; received: () => Buffer; ended: Promise<number> }

/** A TCP socket that sends `request` and never answers anything (no close frame back). */
function rawRequest(request: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(srv.port, '127.0.0.1');
    let got = Buffer.alloc(0);
    const ended = new Promise<number>((res) => socket.once('close', () => res(Date.now())));
    socket.on('data', (b) => { got = Buffer.concat([got, b]); });
    socket.on('error', () => {});
    socket.once('connect', () => {
      socket.write(request);
      resolve({ socket, received: () => got, ended });
    });
    socket.once('error', reject);
  });
}

const upgradeRequest = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** A masked binary frame header announcing `length` bytes (64-bit length form). */
function frameHeader(length: number): Buffer {
  const h = Buffer.alloc(14);
  h[0] = 0x82;
  h[1] = 0x80 | 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  randomBytes(4).copy(h, 10);
  return h;
}

/** The close code in the first close frame of the server's bytes after the 101 answer. */
function closeCode(bytes: Buffer): number | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const frames = bytes.subarray(end + 4);
  if (frames.length < 4 || (frames[0] & 0x0f) !== 0x8) return null;
  return frames.readUInt16BE(2);
}

describe('a refused socket', () => {
  it('gets 4401 and is cut about a second later although it never answers the close', async () => {
    const raw = await rawRequest(upgradeRequest('/sync/pre?token=forged'));
    await waitFor(() => closeCode(raw.received()) !== null, 'the close frame', 5000);
    const closedAt = Date.now();
    expect(raw.received().toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
    expect(closeCode(raw.received())).toBe(4401);
    const gone = await Promise.race([raw.ended, new Promise<number>((r) => setTimeout(() => r(Infinity), 5000))]);
    expect(gone - closedAt).toBeLessThan(1800);
  });

  it('may not send more than a tiny frame: a large one is cut at its header', async () => {
    const raw = await rawRequest(upgradeRequest('/sync/pre?token=forged'));
    await waitFor(() => closeCode(raw.received()) !== null, 'the close frame', 5000);
    // Announce a 100 MB frame and start streaming it.
    raw.socket.write(frameHeader(100 * 1024 * 1024));
    const chunk = Buffer.alloc(64 * 1024);
    let sent = 0;
    const start = Date.now();
    let closed = false;
    void raw.ended.then(() => { closed = true; });
    while (!closed && Date.now() - start < 3000) {
      if (raw.socket.writable) raw.socket.write(chunk);
      sent += chunk.length;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(closed).toBe(true);
    expect(Date.now() - start).toBeLessThan(1500);
  });

  it('a valid client still connects and syncs', async () => {
    const c = connect(srv.wsUrl, 'pre', await srv.token('pre', 'editor', 'Ana'));
    open.push(c);
    await synced(c);
  });
});

describe('no error path logs a token', () => {
  it('an absolute-form request with a bad port answers 400 and logs no token', async () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.SECRET-TOKEN-PART.sig';
    const raw = await rawRequest(`GET http://127.0.0.1:99999/w/team?token=${secret} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    await raw.ended;
    expect(raw.received().toString('latin1')).toMatch(/^HTTP\/1\.1 400/);
    const up = await rawRequest(upgradeRequest(`http://127.0.0.1:99999/sync/team?token=${secret}`));
    await up.ended;
    expect(up.received().toString('latin1')).toMatch(/^HTTP\/1\.1 404/);
    expect(srv.logs.join('\n')).not.toContain('SECRET-TOKEN-PART');
  });

  it('refusals log the reason, never the token', async () => {
    const token = await srv.token('other', 'editor', 'Ana');
    const c = connect(srv.wsUrl, 'pre2', token);
    open.push(c);
    expect((await c.closed).code).toBe(4403);
    expect(srv.logs.join('\n')).not.toContain(token.split('.')[2]);
  });
});
