// The one HTTP server: the sync endpoint (ws://HOST:PORT/sync/<workbookId>?token=…),
// GET /healthz, and the built app. Everything but storage and tokens lives here.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import type { WebSocket, RawData } from 'ws';
import { WebSocketServer } from './ws.js';
import { Storage } from './storage.js';
import { Room, ProtocolError, type Conn } from './room.js';
import { verifyToken, isRefusal, type Grant } from './tokens.js';
import { CLOSE, closeWith } from './protocol.js';
import { resolveStatic, sendFile } from './static.js';
import { stderrLog, type Log } from './log.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './config.js';
import { apiOptionsFromEnv, createApiService, type ApiOptions } from './api/service.js';

export interface SyncServerOptions {
  dataDir: string;
  secret: string;
  staticDir?: string;
  defaultWorkbookId?: string;
  graceMs?: number;
  maxMessageBytes?: number;
  compactThreshold?: number;
  idleCompactMs?: number;
  ackDelayMs?: number;
  /** Interval of the websocket ping that drops dead peers. */
  pingMs?: number;
  log?: Log;
  /** Integration API limits and webhook timing (default: from the environment, see api/service.ts). */
  api?: ApiOptions;
}

export interface SyncServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
  stats(): { workbooks: number; connections: number };
  /** Open rooms, for tests and diagnostics. */
  rooms: ReadonlyMap<string, Room>;
  storage: Storage;
}

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})$/;

export function createSyncServer(o: SyncServerOptions): SyncServer {
  const log = o.log ?? stderrLog;
  const graceMs = o.graceMs ?? 30_000;
  const maxMessageBytes = o.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const roomOpts = {
    compactThreshold: o.compactThreshold ?? 500,
    idleCompactMs: o.idleCompactMs ?? 10_000,
    ackDelayMs: o.ackDelayMs ?? 100,
    maxBufferedBytes: 2 * maxMessageBytes + 16 * 1024 * 1024,
  };
  const storage = new Storage(o.dataDir, { log: (msg) => log('warn', msg) });
  const rooms = new Map<string, Room>();
  const started = Date.now();
  let closing = false;
  // The integration API (/api/*): writes go through the rooms like an editor's (api/).
  const api = createApiService({
    dataDir: o.dataDir, secret: o.secret, log, options: o.api ?? apiOptionsFromEnv(),
    host: {
      acquire: (id) => { const r = room(id); clearTimeout(r.evictTimer); return r; },
      release: (live) => { const r = rooms.get(live.id); if (r === live) evictLater(r); },
      exists: (id) => rooms.has(id) || storage.rowCount(id) > 0,
    },
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false });
  const http = createServer((req, res) => {
    try {
      handleHttp(req, res);
    } catch (e) {
      log('error', `${req.method} ${req.url}: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  });

  const stats = () => {
    let connections = 0;
    for (const r of rooms.values()) connections += r.conns.size;
    return { workbooks: rooms.size, connections };
  };

  function handleHttp(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (path === '/api' || path.startsWith('/api/')) return api.handle(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (path === '/healthz') {
      const body = JSON.stringify({ ok: true, uptimeSeconds: Math.round((Date.now() - started) / 1000), ...stats() });
      return void res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
    }
    if (path === '/') return void res.writeHead(302, { location: `/w/${o.defaultWorkbookId ?? 'team'}` }).end();
    const staticDir = o.staticDir;
    if (path === '/w' || path.startsWith('/w/')) {
      const index = staticDir && resolveStatic(staticDir, '/index.html');
      if (index) return sendFile(req, res, index, false);
      return void res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The Pulso app is not built yet. Run `npm run build` (or restart `npm start`), then reload.\n');
    }
    const file = staticDir && path !== '/index.html' ? resolveStatic(staticDir, path) : null;
    if (file) return sendFile(req, res, file, path.startsWith('/assets/'));
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
  }

  function room(id: string): Room {
    let r = rooms.get(id);
    if (!r) {
      r = new Room(id, storage, roomOpts, log);
      rooms.set(id, r);
      api.roomOpened(r);
    }
    return r;
  }

  function evictLater(r: Room) {
    if (r.conns.size || closing) return;
    clearTimeout(r.evictTimer);
    r.evictTimer = setTimeout(() => {
      if (r.conns.size || rooms.get(r.id) !== r) return;
      if (r.hasUnsaved) return evictLater(r); // keep edits storage refused until they are saved
      rooms.delete(r.id);
      r.destroy();
      log('info', `workbook ${r.id}: evicted from memory (${graceMs} ms after its last client left)`);
    }, graceMs);
  }

  function refuseUpgrade(socket: Duplex, status: string) {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(req, socket, head).catch((e) => {
      log('error', `upgrade ${req.url?.split('?')[0]}: ${(e as Error).message}`);
      socket.destroy();
    });
  });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://local');
    const m = SYNC_PATH.exec(url.pathname);
    if (!m) return refuseUpgrade(socket, '404 Not Found');
    if (closing) return refuseUpgrade(socket, '503 Service Unavailable');
    const workbookId = m[1];
    const grant = await verifyToken(o.secret, url.searchParams.get('token'), workbookId);
    if (closing) return refuseUpgrade(socket, '503 Service Unavailable');
    // Refusals are sent as websocket close codes (not HTTP 401): browsers hide HTTP status
    // from scripts, and y-websocket stops retrying on 4400–4499.
    wss.handleUpgrade(req, socket, head, (ws) => {
      const who = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
      if (isRefusal(grant)) {
        log('warn', `refused ${who} on workbook ${workbookId}: ${grant.code} ${grant.reason}${grant.detail ? ` (${grant.detail})` : ''}`);
        return closeWith(ws, grant.code, grant.reason);
      }
      accept(ws, workbookId, grant, who);
    });
  }

  function accept(ws: WebSocket, workbookId: string, grant: Grant, who: string) {
    let r: Room;
    try {
      r = room(workbookId);
    } catch (e) {
      log('error', `workbook ${workbookId}: could not open: ${(e as Error).message}`);
      return ws.close(CLOSE.internal, 'could not open workbook');
    }
    const conn: Conn = { ws, role: grant.role, name: grant.name, awarenessIds: new Set(), alive: true };
    const label = `${grant.role} "${grant.name}" (${who}) on workbook ${workbookId}`;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!r.conns.has(conn)) return;
      try {
        if (!isBinary) throw new ProtocolError('text frames are not part of the protocol');
        r.handle(conn, toBytes(data));
      } catch (e) {
        const code = e instanceof ProtocolError ? e.code : CLOSE.badMessage;
        const reason = `bad message: ${(e as Error).message}`;
        log('warn', `closing ${label}: ${code} ${reason}`);
        r.leave(conn);
        closeWith(ws, code, reason);
        evictLater(r);
      }
    });
    ws.on('pong', () => { conn.alive = true; });
    ws.on('error', (e) => log('warn', `${label}: ${e.message}`));
    // The token is checked at connect; a connection does not outlive its token's expiry.
    const expiry = timerAt(grant.expiresAt, () => {
      log('info', `closing ${label}: token expired`);
      r.leave(conn);
      closeWith(ws, CLOSE.unauthenticated, 'token expired');
      evictLater(r);
    });
    ws.on('close', (code) => {
      expiry.cancel();
      r.leave(conn);
      if (code === CLOSE.tooBig) log('warn', `closed ${label}: 1009 message above ${maxMessageBytes} bytes`);
      evictLater(r);
    });
    r.join(conn);
  }

  const pinger = setInterval(() => {
    for (const r of rooms.values()) {
      for (const c of r.conns) {
        if (!c.alive) { c.ws.terminate(); continue; }
        c.alive = false;
        c.ws.ping();
      }
    }
  }, o.pingMs ?? 30_000);
  pinger.unref();

  return {
    rooms,
    storage,
    stats,
    listen: (port, host) => new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        const addr = http.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    }),
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(pinger);
      const closed = new Promise<void>((res) => http.close(() => res()));
      http.closeIdleConnections();
      // Every websocket, including refused ones still closing (wss tracks them all).
      const sockets = [...wss.clients];
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.close(CLOSE.goingAway, 'server shutting down');
      // Give peers a moment to answer the close frame, then cut the rest.
      const deadline = Date.now() + 1000;
      while (sockets.some((s) => s.readyState !== s.CLOSED) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const ws of sockets) ws.terminate();
      for (const r of rooms.values()) r.destroy();
      rooms.clear();
      await api.close();
      storage.close();
      http.closeAllConnections();
      await closed;
    },
  };
}

/** setTimeout for a wall-clock time, however far (setTimeout alone overflows past ~24.8 days). */
function timerAt(at: number, fn: () => void): { cancel(): void } {
  let t: NodeJS.Timeout;
  const arm = () => {
    const wait = at - Date.now();
    t = wait > 2 ** 31 - 1 ? setTimeout(arm, 2 ** 31 - 1) : setTimeout(fn, Math.max(0, wait));
    t.unref();
  };
  arm();
  return { cancel: () => clearTimeout(t) };
}

/**
 * A view of the message, not a copy (imports are tens of MB). Safe although small ws
 * buffers share a pool: lib0's decoder bounds every read by the view's length.
 */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

