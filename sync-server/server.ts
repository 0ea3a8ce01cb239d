// The one HTTP server: the sync endpoint (ws://HOST:PORT/sync/<workbookId>?token=…),
// GET /healthz and /readyz, and the built app. Everything but storage, distribution
// (cluster/) and tokens lives here.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import type { WebSocket, RawData } from 'ws';
import { WebSocketServer } from './ws.js';
import { openStores, DamagedStorageError, type DocStore, type Stores, type WorkspaceStores } from './storage.js';
import { Room, ProtocolError, type Conn } from './room.js';
import { soloDistribution, type Distribution } from './cluster/distribution.js';
import { verifyToken, isRefusal, canEdit, type Grant } from './tokens.js';
import { CLOSE, closeWith } from './protocol.js';
import { REFUSAL } from '../core/index.js';
import { AssemblyBudget, PartIntake } from './part-intake.js';
import { DEFAULT_LIMITS, ConnectionCounts, MessageBudget, type Limits, type ConnKeys } from './limits.js';
import { overBudget } from './backpressure.js';
import { safePath } from './redact.js';
import { resolveStatic, sendFile } from './static.js';
import { stderrLog, type Log } from './log.js';
import { DEFAULT_MAX_MESSAGE_BYTES, checkSecret } from './config.js';
import { getRequestListener } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import { recordHistory, type Recorder } from './recorder.js';
import { workspaceApi } from './api/workspace.js';
import { apiOptionsFromEnv, createApiService, type ApiOptions, type ApiService } from './api/service.js';
import type { OpenApiDocument } from './api/app.js';
import { DEFAULT_DERIVED, DerivedSnapshots } from './derived.js';
import { gunzip } from 'node:zlib';

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
  /** Overrides of the protocol limits (limits.ts); `maxMessageBytes` sets `editorFrameBytes`. */
  limits?: Partial<Limits>;
  /** PostgreSQL instead of SQLite in dataDir (DATABASE_URL). */
  databaseUrl?: string;
  /** Share workbooks with other instances through Redis (REDIS_URL), under this key prefix. */
  redisUrl?: string;
  redisPrefix?: string;
  /** How often an instance on Redis re-reads storage for updates a lost stream entry hid. */
  catchUpMs?: number;
  log?: Log;
  /** History entries older than this are pruned (default 365 days). */
  historyRetentionDays?: number;
  /** Delay after a change before the day's automatic version is written (default 60 s). */
  dailyVersionMs?: number;
  /** Integration API limits and webhook timing (default: from the environment, see api/service.ts). */
  api?: ApiOptions;
  /** Derived snapshots (derived.ts): quiet time after the last change, and least time between two computations. */
  derivedQuietMs?: number;
  derivedMinIntervalMs?: number;
}

export interface SyncServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
  stats(): { workbooks: number; connections: number };
  /** Open rooms, for tests and diagnostics. */
  rooms: ReadonlyMap<string, Room>;
  /** The document store (opened by listen). Its `sql` handle serves the other store modules. */
  readonly storage: DocStore;
  /** Every store (documents, workspace, integration API) on the configured engine (opened by listen). */
  readonly stores: Stores;
  /**
   * Whether this instance is the one acting for a workbook (compaction, and for other modules:
   * webhooks, scheduled jobs). Always true without Redis; with Redis, exactly one instance.
   */
  isLeader(workbookId: string): Promise<boolean>;
  /** Workbooks registry, links, history and versions (store/, same database as the documents; opened by listen). */
  readonly workspace: WorkspaceStores;
  /** Each open workbook's derived snapshots (GET /w/<id>/derived). */
  readonly derived: DerivedSnapshots;
}

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})$/;
const DERIVED_PATH = /^\/w\/([A-Za-z0-9_-]{1,64})\/derived$/;
/** The workspace's endpoints (api/workspace.ts): workbooks, links, history, versions. */
const WORKSPACE_API = /^\/api\/v1\/workbooks(\/[^/]+(\/(links|history|versions)(\/.*)?)?)?\/?$/;

export function createSyncServer(o: SyncServerOptions): SyncServer {
  const log = o.log ?? stderrLog;
  checkSecret(o.secret, 'the signing secret');
  const graceMs = o.graceMs ?? 30_000;
  const maxMessageBytes = o.limits?.editorFrameBytes ?? o.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const limits: Limits = { ...DEFAULT_LIMITS, ...o.limits, editorFrameBytes: maxMessageBytes };
  // Relaying the largest update to a peer must fit in its backlog allowance.
  limits.bufferedBytesPerConn = Math.max(limits.bufferedBytesPerConn, 2 * maxMessageBytes + 1024 * 1024);
  const counts = new ConnectionCounts(limits);
  const roomOpts = {
    compactThreshold: o.compactThreshold ?? 500,
    idleCompactMs: o.idleCompactMs ?? 10_000,
    ackDelayMs: o.ackDelayMs ?? 100,
    limits,
    probe,
  };
  let distribution: Distribution = soloDistribution;
  const rooms = new Map<string, Room>();
  const recorders = new WeakMap<Room, Recorder>();
  /** Live connections by token id, so a revoked link is cut off at once. */
  const byToken = new Map<string, Set<{ conn: Conn; room: Room }>>();
  const retentionMs = (o.historyRetentionDays ?? 365) * 86_400_000;
  const opening = new Map<string, Promise<Room>>();
  const started = Date.now();
  let closing = false;
  /** Everything that needs the database: opened by listen(). */
  let stores: Stores | null = null;
  let storage: DocStore | null = null;
  let workspace: WorkspaceStores = null as never;
  let workspaceListener: ReturnType<typeof getRequestListener> = null as never;
  let api: ApiService | null = null;
  let pruner: NodeJS.Timeout | undefined;
  let revocationSweep: NodeJS.Timeout | undefined;
  const derived = new DerivedSnapshots({
    quietMs: o.derivedQuietMs ?? DEFAULT_DERIVED.quietMs,
    minIntervalMs: o.derivedMinIntervalMs ?? DEFAULT_DERIVED.minIntervalMs,
    log,
    linkNames: async (id) => {
      const now = Date.now();
      return (await workspace.links.list(id)).filter((l) => l.expiresAt > now && l.revokedAt === null && l.name).map((l) => l.name);
    },
  });

  function disconnectToken(tokenId: string, reason: string): number {
    const live = byToken.get(tokenId);
    if (!live) return 0;
    byToken.delete(tokenId);
    for (const { conn, room: r } of live) {
      r.leave(conn);
      closeWith(conn.ws, CLOSE.unauthenticated, reason);
      evictLater(r);
    }
    return live.size;
  }

  /** The workspace endpoints, history pruning and the integration API, once the stores are open;
   *  resolves when the first pruning is done (a failed one is logged). */
  function mount(s: Stores): Promise<void> {
    workspace = s.workspace;
    const prune = () => workspace.history.prune(Date.now() - retentionMs).then(() => undefined, (e: Error) => log('error', `history pruning: ${e.message}`));
    const pruned = prune();
    pruner = setInterval(() => void prune(), 6 * 3600_000);
    pruner.unref();
    // A link revoked through another instance (same database): its live connections here are
    // cut within a few seconds (new ones are refused at once: every check reads the database).
    revocationSweep = setInterval(() => {
      if (!byToken.size) return;
      workspace.links.revokedAmong([...byToken.keys()])
        .then((ids) => { for (const id of ids) disconnectToken(id, 'link revoked'); })
        .catch((e) => log('warn', `revocation check: ${(e as Error).message}`));
    }, 3_000);
    revocationSweep.unref();
    const workspaceRoutes = workspaceApi({
      secret: o.secret,
      stores: workspace,
      log,
      async withWorkbook(id, fn) {
        const r = await room(id);
        try {
          return fn({ doc: r.doc, workbook: recorders.get(r)!.workbook });
        } finally {
          evictLater(r);
        }
      },
      disconnectToken,
    });
    const workspaceApp = new OpenAPIHono().route('/api/v1', workspaceRoutes);
    workspaceApp.notFound((c) => c.json({ error: { code: 'not-found', message: `no API route ${c.req.method} ${c.req.path}` } }, 404));
    workspaceListener = getRequestListener(workspaceApp.fetch);
    // The integration API (/api/*): writes go through the rooms like an editor's (api/).
    api = createApiService({
      stores: s.api, secret: o.secret, log, options: o.api ?? apiOptionsFromEnv(),
      isLeader: (id) => distribution.isLeader(id),
      isRevoked: (tokenId) => workspace.links.isRevoked(tokenId),
      workspaceDocument: () => workspaceRoutes.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'workspace', version: '1' } }) as unknown as OpenApiDocument,
      host: {
        acquire: async (id) => { const r = await room(id); clearTimeout(r.evictTimer); return r; },
        release: (live) => { const r = rooms.get(live.id); if (r === live) evictLater(r); },
        exists: async (id) => rooms.has(id) || (storage !== null && (await storage.rowCount(id)) > 0),
      },
    });
    return pruned;
  }

  const assembly = new AssemblyBudget(limits.assembledBytesTotal);
  // One websocket server per frame cap: refused sockets get a tiny one, viewers a small one.
  const wsServer = (maxPayload: number) => new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
  const editors = wsServer(maxMessageBytes);
  const viewers = wsServer(Math.min(limits.viewerFrameBytes, maxMessageBytes));
  const gate = wsServer(limits.refusedFrameBytes);
  const http = createServer((req, res) => {
    try {
      handleHttp(req, res);
    } catch (e) {
      // Never the whole URL: it may carry a token.
      log('error', `${req.method} ${safePath(req.url)}: ${(e as Error).message}`);
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
    const path = requestPath(req);
    if (path === null) return void res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request URL\n');
    // The workspace's endpoints authenticate share links; the integration API, API keys.
    if (WORKSPACE_API.test(path)) return void workspaceListener(req, res);
    if (path === '/api' || path.startsWith('/api/')) return api!.handle(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (path === '/healthz' || path === '/readyz') return void health(path === '/readyz', res);
    const derivedPath = DERIVED_PATH.exec(path);
    if (derivedPath) return void serveDerived(derivedPath[1], req, res).catch((e) => {
      log('error', `GET /w/${derivedPath[1]}/derived: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
    const staticDir = o.staticDir;
    // `/` is the app's home (the workbooks this browser can open); /w/<id> a workbook.
    if (path === '/' || path === '/w' || path.startsWith('/w/')) {
      const index = staticDir && resolveStatic(staticDir, '/index.html');
      if (index) return sendFile(req, res, index, false);
      return void res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The Pulso app is not built yet. Run `npm run build` (or restart `npm start`), then reload.\n');
    }
    const file = staticDir && path !== '/index.html' ? resolveStatic(staticDir, path) : null;
    if (file) return sendFile(req, res, file, path.startsWith('/assets/'));
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
  }

  /**
   * /healthz: is this instance and what it depends on (database, Redis) reachable — 200 or
   * 503 with the failing part named. /readyz: 503 as well while draining (SIGTERM), so a load
   * balancer stops sending new clients.
   */
  function health(readiness: boolean, res: ServerResponse) {
    const timeout = <T>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no answer in 2 s')), 2000).unref())]);
    const check = async (p: (() => Promise<void>) | undefined) => {
      if (!p) return { ok: false, error: 'not open' };
      try { await timeout(p()); return { ok: true }; } catch (e) { return { ok: false, error: (e as Error).message }; }
    };
    void Promise.all([check(storage ? () => storage!.ping() : undefined), distribution.ping ? check(() => distribution.ping!()) : null]).then(([db, redis]) => {
      const ok = db.ok && (redis?.ok ?? true) && !(readiness && closing);
      const body = JSON.stringify({
        ok, draining: closing, uptimeSeconds: Math.round((Date.now() - started) / 1000), ...stats(),
        storage: { engine: storage?.engine ?? null, ...db },
        ...(redis ? { redis } : {}),
      });
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
    });
  }

  /**
   * GET /w/<id>/derived?asOf=YYYY-MM-DD: the workbook's latest derived snapshot for that date
   * (derived.ts), for the link's token exactly as the websocket checks it. 404 until one is
   * computed: this never computes, and never opens a workbook that is not in memory.
   */
  async function serveDerived(workbookId: string, req: IncomingMessage, res: ServerResponse) {
    const fail = (status: number, code: string, message: string) =>
      void res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ error: { code, message } }));
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    let grant = await verifyToken(o.secret, m?.[1] ?? null, workbookId);
    if (!isRefusal(grant) && grant.tokenId && await workspace.links.isRevoked(grant.tokenId)) grant = { code: 4401, reason: REFUSAL.linkRevoked };
    if (isRefusal(grant)) {
      log('warn', `refused GET /w/${workbookId}/derived: ${grant.code} ${grant.reason}`);
      return grant.code === 4403 ? fail(403, 'forbidden', grant.reason) : fail(401, 'unauthorized', grant.reason);
    }
    const asOf = parseUrl(req.url)?.searchParams.get('asOf') ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return fail(400, 'bad-request', 'asOf must be a date YYYY-MM-DD');
    const entry = derived.get(workbookId, asOf, grant.name || null);
    if (!entry) return fail(404, 'not-found', `no derived snapshot of "${workbookId}" for ${asOf} yet`);
    const headers = { 'content-type': 'application/json', 'cache-control': 'private, no-store', vary: 'accept-encoding', 'x-pulso-key': entry.key };
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': entry.gz.byteLength });
      return void res.end(req.method === 'HEAD' ? undefined : entry.gz);
    }
    // Unzipped on libuv's thread pool, not on this loop.
    const body = await new Promise<Buffer>((resolve, reject) => gunzip(entry.gz, (e, b) => (e ? reject(e) : resolve(b))));
    res.writeHead(200, { ...headers, 'content-length': body.byteLength });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** The open room, or loads it (once, however many clients ask at the same time). */
  async function room(id: string): Promise<Room> {
    const open = rooms.get(id);
    if (open) return open;
    let p = opening.get(id);
    if (!p) {
      p = (async () => {
        // The stream position is taken before the load: nothing stored after it is missed.
        const mark = await distribution.mark(id);
        const r = await Room.open(id, storage!, roomOpts, log);
        // Before anything else can change the doc: the worker's replica starts from the same rows.
        derived.attach(id, r.doc, r.takeLoadedRows());
        r.link = distribution.attach(r, mark);
        recorders.set(r, recordHistory(r.doc, { workbookId: id, history: workspace.history, versions: workspace.versions, log, dailyFlushMs: o.dailyVersionMs }));
        rooms.set(id, r);
        api!.roomOpened(r);
        return r;
      })().finally(() => opening.delete(id));
      opening.set(id, p);
    }
    return p;
  }

  function evictLater(r: Room) {
    if (r.conns.size || r.pendingJoins || closing) return;
    clearTimeout(r.evictTimer);
    r.evictTimer = setTimeout(() => {
      if (r.conns.size || r.pendingJoins || rooms.get(r.id) !== r) return;
      if (r.hasUnsaved) return evictLater(r); // keep edits storage refused until they are saved
      rooms.delete(r.id);
      void r.destroy().catch((e) => log('error', `workbook ${r.id}: closing: ${(e as Error).message}`));
      log('info', `workbook ${r.id}: evicted from memory (${graceMs} ms after its last client left)`);
    }, graceMs);
  }

  function refuseUpgrade(socket: Duplex, status: string) {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(req, socket, head).catch((e) => {
      log('error', `upgrade ${safePath(req.url)}: ${(e as Error).message}`);
      socket.destroy();
    });
  });

  /**
   * Sends a refusal's close code (browsers hide HTTP status from scripts; y-websocket reads
   * close codes) through the tiny-frame server, and cuts the socket a moment later whether
   * or not the peer answers: a refused peer can neither send much nor linger.
   */
  function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) {
    gate.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate()); // e.g. a frame above the refused cap
      closeWith(ws, code, reason);
      setTimeout(() => ws.terminate(), limits.refusedLingerMs).unref();
    });
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req.url);
    const m = url && SYNC_PATH.exec(url.pathname);
    if (!url || !m) return refuseUpgrade(socket, '404 Not Found');
    if (closing) return refuseUpgrade(socket, '503 Service Unavailable');
    const workbookId = m[1];
    // The token is checked before the websocket exists, from the request line alone.
    const token = url.searchParams.get('token');
    let grant = await verifyToken(o.secret, token, workbookId);
    if (!isRefusal(grant) && grant.tokenId && await workspace.links.isRevoked(grant.tokenId)) grant = { code: 4401, reason: REFUSAL.linkRevoked };
    if (!isRefusal(grant)) {
      await workspace.workbooks.ensure(workbookId, grant.name);
      if (grant.tokenId) await workspace.links.touch(grant.tokenId, Date.now());
    }
    if (closing) return refuseUpgrade(socket, '503 Service Unavailable');
    // The workbook is loaded before the socket opens, so no message arrives before its room.
    const who = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    if (isRefusal(grant)) {
      log('warn', `refused ${who} on workbook ${workbookId}: ${grant.code} ${grant.reason}${grant.detail ? ` (${grant.detail})` : ''}`);
      return refuse(req, socket, head, grant.code, grant.reason);
    }
    const keys: ConnKeys = { token: token!, workbookId, address: req.socket.remoteAddress ?? '' };
    const over = counts.admit(keys);
    if (over) {
      log('warn', `refused ${who} on workbook ${workbookId}: ${CLOSE.tooManyConnections} ${over}`);
      return refuse(req, socket, head, CLOSE.tooManyConnections, over);
    }
    const joining = { pending: true, released: false };
    const release = () => { if (!joining.released) { joining.released = true; counts.release(keys); } };
    let r: Room;
    try {
      r = await room(workbookId);
    } catch (e) {
      release();
      if (e instanceof DamagedStorageError) {
        // Never served, never written over: an operator restores it (docs/sync-server.md).
        log('error', `${e.message}; not served until restored (npm run restore)`);
        return refuse(req, socket, head, CLOSE.storageDamaged, 'stored workbook is damaged; the operator must restore it');
      }
      log('error', `workbook ${workbookId}: could not open: ${(e as Error).message}`);
      return refuse(req, socket, head, CLOSE.internal, 'could not open workbook');
    }
    r.pendingJoins++;
    // A socket that goes away before the upgrade completes must not pin the room in memory.
    const unpin = () => { if (joining.pending) { joining.pending = false; r.pendingJoins--; evictLater(r); } };
    socket.once('close', () => { unpin(); release(); });
    if (closing) {
      unpin();
      release();
      return refuseUpgrade(socket, '503 Service Unavailable');
    }
    (canEdit(grant.role) ? editors : viewers).handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', release);
      if (joining.pending) { joining.pending = false; r.pendingJoins--; }
      accept(ws, r, grant, who);
    });
  }

  /** On a client-id claim: the owner must answer a ping promptly or lose its ids (a stale reconnect). */
  function probe(owner: Conn) {
    if (owner.probing) return;
    owner.probing = true;
    owner.alive = false;
    owner.ws.ping();
    setTimeout(() => {
      owner.probing = false;
      if (!owner.alive) owner.ws.terminate();
    }, 2000).unref();
  }

  function accept(ws: WebSocket, r: Room, grant: Grant, who: string) {
    const workbookId = r.id;
    const conn: Conn = {
      ws, role: grant.role, name: grant.name, awarenessIds: new Set(), clientIds: new Set(),
      gapped: 0, step1s: 0, syncBytes: 0, alive: true,
    };
    const budget = new MessageBudget(limits.messagesPerSecond, limits.messageBurst);
    // Viewers gain nothing from parts: their whole is capped like one of their frames.
    const parts = new PartIntake(canEdit(grant.role) ? limits.editorAssembledBytes : Math.min(limits.viewerFrameBytes, maxMessageBytes), assembly);
    const tracked = { conn, room: r };
    if (grant.tokenId) {
      const set = byToken.get(grant.tokenId) ?? new Set();
      byToken.set(grant.tokenId, set.add(tracked));
    }
    const label = `${grant.role} "${grant.name}" (${who}) on workbook ${workbookId}`;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!r.conns.has(conn)) return;
      try {
        if (!budget.take()) throw new ProtocolError(`more than ${limits.messagesPerSecond} messages per second`, CLOSE.rateLimited);
        if (!isBinary) throw new ProtocolError('text frames are not part of the protocol');
        const message = parts.take(toBytes(data));
        if (message) r.handle(conn, message);
      } catch (e) {
        const code = e instanceof ProtocolError ? e.code : CLOSE.badMessage;
        const reason = code === CLOSE.badMessage ? `${REFUSAL.badMessage}: ${(e as Error).message}` : (e as Error).message;
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
      closeWith(ws, CLOSE.unauthenticated, REFUSAL.tokenExpired);
      evictLater(r);
    });
    ws.on('close', (code) => {
      expiry.cancel();
      parts.release();
      if (grant.tokenId) byToken.get(grant.tokenId)?.delete(tracked);
      r.leave(conn);
      if (code === CLOSE.tooBig) log('warn', `closed ${label}: 1009 message above ${maxMessageBytes} bytes`);
      evictLater(r);
    });
    r.join(conn);
  }

  // Memory held for peers that do not read, all together: the most backed-up are cut first.
  const sweeper = setInterval(() => {
    const conns = [...rooms.values()].flatMap((r) => [...r.conns]);
    for (const c of overBudget(conns, limits.bufferedBytesTotal)) {
      log('warn', `cutting off ${c.role} "${c.name}" (${CLOSE.slowPeer} slow peer): ${c.ws.bufferedAmount} bytes unsent, server backlog above ${limits.bufferedBytesTotal}`);
      c.ws.terminate();
    }
  }, 250);
  sweeper.unref();

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
    get storage() {
      if (!storage) throw new Error('storage is opened by listen()');
      return storage;
    },
    get stores() {
      if (!stores) throw new Error('storage is opened by listen()');
      return stores;
    },
    get workspace() {
      if (!stores) throw new Error('storage is opened by listen()');
      return workspace;
    },
    stats,
    derived,
    isLeader: (workbookId) => distribution.isLeader(workbookId),
    async listen(port, host) {
      if (!stores) {
        stores = await openStores({ dataDir: o.dataDir, databaseUrl: o.databaseUrl, log: (msg) => log('warn', msg) });
        storage = stores.docs;
        // Pruned before serving: after a restart no history past its retention is ever listed
        // (on PostgreSQL a first query could otherwise run beside the pruning and see it).
        await mount(stores);
      }
      if (o.redisUrl && distribution === soloDistribution) {
        const { RedisDistribution } = await import('./cluster/redis.js');
        distribution = await RedisDistribution.start({
          url: o.redisUrl, prefix: o.redisPrefix ?? 'pulso', log, catchUpMs: o.catchUpMs,
          rooms: () => rooms.values(), room: (id) => rooms.get(id),
        });
      }
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          const addr = http.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(pinger);
      clearInterval(pruner);
      clearInterval(revocationSweep);
      clearInterval(sweeper);
      const closed = new Promise<void>((res) => http.close(() => res()));
      http.closeIdleConnections();
      // Every websocket, including refused ones still closing (wss tracks them all).
      const sockets = [...editors.clients, ...viewers.clients, ...gate.clients];
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.close(CLOSE.goingAway, 'server shutting down');
      // Give peers a moment to answer the close frame, then cut the rest.
      const deadline = Date.now() + 1000;
      while (sockets.some((s) => s.readyState !== s.CLOSED) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const ws of sockets) ws.terminate();
      await Promise.allSettled([...opening.values()]);
      // Every queued write lands and the logs are folded before storage closes.
      for (const r of rooms.values()) {
        await r.destroy().catch((e) => log('error', `workbook ${r.id}: closing: ${(e as Error).message}`));
      }
      rooms.clear();
      await derived.close();
      await api?.close();
      await distribution.close();
      await stores?.close();
      http.closeAllConnections();
      await closed;
    },
  };
}

/** The URL of a request line (origin-form or absolute-form), or null when it does not parse. */
function parseUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://local');
  } catch {
    return null;
  }
}

function requestPath(req: IncomingMessage): string | null {
  return parseUrl(req.url)?.pathname ?? null;
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

