// Shared harness: the real sync server on a random loopback port, in-process
// (startTestServer) or as a child process (spawnTestServer, for restart and kill -9 tests).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncServer, type SyncServer } from '../../sync-server/server.js';
import { signToken, type Role } from '../../sync-server/tokens.js';
import { REPO_ROOT } from '../../sync-server/config.js';
import { ensureClientBuilt } from '../../sync-server/build-client.js';
import type { Log } from '../../sync-server/log.js';
import type { Limits } from '../../sync-server/limits.js';
import type { ApiOptions } from '../../sync-server/api/service.js';

export interface TestServer {
  port: number;
  httpUrl: string;
  /** ws://127.0.0.1:PORT/sync — pass to `new WebsocketProvider(wsUrl, workbookId, doc, { params: { token } })`. */
  wsUrl: string;
  dataDir: string;
  secret: string;
  token(workbookId: string, role: Role, name?: string, expires?: string): Promise<string>;
  stop(): Promise<void>;
  /** Server log lines ("level message"), newest last. */
  logs: string[];
}

export interface TestServerOptions {
  dataDir?: string;
  /** Built app to serve; default the repo's dist/client (see ensureAppBuilt). */
  staticDir?: string;
  graceMs?: number;
  maxMessageBytes?: number;
  compactThreshold?: number;
  idleCompactMs?: number;
  secret?: string;
  /** Delay before the day's automatic version is written (in-process servers only). */
  dailyVersionMs?: number;
  historyRetentionDays?: number;
  /** Protocol limit overrides (in-process servers only). */
  limits?: Partial<Limits>;
  /** PostgreSQL (a fresh database from test/support/backends.ts) instead of SQLite. */
  databaseUrl?: string;
  /** Redis distribution under a fresh key prefix. */
  redisUrl?: string;
  redisPrefix?: string;
  catchUpMs?: number;
  /** Integration API limits and webhook timing (in-process servers only). */
  api?: ApiOptions;
  /** Derived snapshots' quiet time and least interval (sync-server/derived.ts). */
  derivedQuietMs?: number;
  derivedMinIntervalMs?: number;
}

export interface InProcessTestServer extends TestServer { server: SyncServer }

export const DEFAULT_STATIC_DIR = join(REPO_ROOT, 'dist', 'client');

const tempDataDir = () => mkdtempSync(join(tmpdir(), 'pulso-test-'));

function tokenFn(secret: string) {
  return (workbookId: string, role: Role, name = 'tester', expires = '1h') => signToken(secret, workbookId, role, name, expires);
}

/** The real server in this process on 127.0.0.1 and a free port; quiet unless DEBUG_SERVER=1. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<InProcessTestServer> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const secret = opts.secret ?? randomBytes(24).toString('base64url');
  const logs: string[] = [];
  const log: Log = (level, msg) => {
    logs.push(`${level} ${msg}`);
    if (process.env.DEBUG_SERVER) console.error(`[server] ${level} ${msg}`);
  };
  const server = createSyncServer({
    dataDir,
    secret,
    staticDir: opts.staticDir ?? DEFAULT_STATIC_DIR,
    graceMs: opts.graceMs ?? 5_000,
    maxMessageBytes: opts.maxMessageBytes,
    compactThreshold: opts.compactThreshold,
    idleCompactMs: opts.idleCompactMs,
    dailyVersionMs: opts.dailyVersionMs,
    historyRetentionDays: opts.historyRetentionDays,
    limits: opts.limits,
    databaseUrl: opts.databaseUrl,
    redisUrl: opts.redisUrl,
    redisPrefix: opts.redisPrefix,
    catchUpMs: opts.catchUpMs,
    api: opts.api,
    derivedQuietMs: opts.derivedQuietMs,
    derivedMinIntervalMs: opts.derivedMinIntervalMs,
    log,
  });
  const port = await server.listen(0, '127.0.0.1');
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    secret,
    token: tokenFn(secret),
    stop: () => server.close(),
    logs,
    server,
  };
}

export interface SpawnedTestServer extends TestServer {
  /** SIGKILL: no flush, no goodbye. Resolves when the process is gone. */
  kill9(): Promise<void>;
  pid: number;
  /** What the server printed on stdout (the listening line and the start-up link). */
  stdout: () => string;
}

/**
 * `npm start`'s entry point (sync-server/main.ts under tsx) in a child process.
 * Pass `port` (e.g. the previous server's) to restart on the same address, so that
 * y-websocket clients reconnect by themselves.
 */
export async function spawnTestServer(opts: TestServerOptions & { port?: number } = {}): Promise<SpawnedTestServer> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const secret = opts.secret ?? randomBytes(24).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(opts.port ?? 0),
    DATA_DIR: dataDir,
    SYNC_SECRET: secret,
    STATIC_DIR: opts.staticDir ?? DEFAULT_STATIC_DIR,
    BUILD_CLIENT: 'never',
  };
  if (opts.graceMs !== undefined) env.GRACE_MS = String(opts.graceMs);
  if (opts.maxMessageBytes !== undefined) env.MAX_MESSAGE_BYTES = String(opts.maxMessageBytes);
  if (opts.compactThreshold !== undefined) env.COMPACT_THRESHOLD = String(opts.compactThreshold);
  if (opts.idleCompactMs !== undefined) env.IDLE_COMPACT_MS = String(opts.idleCompactMs);
  // The machine's own settings never leak in: SQLite unless the test asks for PostgreSQL.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  if (opts.redisUrl) env.REDIS_URL = opts.redisUrl;
  if (opts.redisPrefix) env.REDIS_PREFIX = opts.redisPrefix;
  if (opts.catchUpMs !== undefined) env.CATCH_UP_MS = String(opts.catchUpMs);
  if (opts.derivedQuietMs !== undefined) env.DERIVED_QUIET_MS = String(opts.derivedQuietMs);
  if (opts.derivedMinIntervalMs !== undefined) env.DERIVED_MIN_INTERVAL_MS = String(opts.derivedMinIntervalMs);
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'sync-server', 'main.ts')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${logs.join('\n')}`)), 90_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.stderr!.on('data', (b: Buffer) => {
      for (const line of b.toString().split('\n')) if (line) logs.push(line);
      if (process.env.DEBUG_SERVER) process.stderr.write(`[server] ${b}`);
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`)); });
  });
  return {
    port,
    pid: child.pid!,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    secret,
    token: tokenFn(secret),
    logs,
    stdout: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Builds the app into dist/client if missing or stale (one build at a time across test
 * workers, through a lock directory) and returns the directory to pass as `staticDir`.
 */
export async function ensureAppBuilt(): Promise<string> {
  const lock = join(REPO_ROOT, 'dist', '.build-lock');
  mkdirSync(join(REPO_ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 5 minutes belongs to a dead worker.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const errors: string[] = [];
    const ok = await ensureClientBuilt(REPO_ROOT, DEFAULT_STATIC_DIR, (level, msg) => { if (level === 'error') errors.push(msg); });
    // A failed build must not silently leave tests running against an older one.
    if (!ok || errors.length) throw new Error(`the app did not build: ${errors.join('; ')}`);
    return DEFAULT_STATIC_DIR;
  } finally {
    rmdirSync(lock);
  }
}
