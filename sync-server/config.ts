// Server settings from the environment, with the documented defaults. The signing secret is
// generated once into DATA_DIR (mode 0600, the folder 0700) so tokens stay valid across restarts.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKBOOK_ID } from './tokens.js';
import { DEFAULT_LIMITS, limitEnvName, type Limits } from './limits.js';
import { ensurePrivateDir } from './private-files.js';

/**
 * Largest editor frame (one sync update). ~11.4 KB per demo customer, so about 1,400
 * customers in one update; the app writes imports in smaller chunks (core chunkedTransact).
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** HS256 keys shorter than the hash (32 bytes) make tokens guessable offline from one sample. */
export const MIN_SECRET_BYTES = 32;

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  secret: string;
  /** Where the built app lives (Vite's outDir). */
  staticDir: string;
  defaultWorkbookId: string;
  /** A doc stays in memory this long after its last client leaves. */
  graceMs: number;
  /** Largest websocket message accepted; larger ones close the connection with 1009. */
  maxMessageBytes: number;
  /** Stored updates per workbook before the log is folded into one snapshot. */
  compactThreshold: number;
  /** A doc with no edits for this long has its log folded into one snapshot. */
  idleCompactMs: number;
  /** Change-history entries older than this many days are pruned. */
  historyRetentionDays: number;
  /** 'auto' builds the client when dist is missing or stale; 'never' skips it. */
  build: 'auto' | 'never';
  /** Protocol limits set in the environment (`LIMIT_CONNS_PER_TOKEN=…`, see limits.ts). */
  limits: Partial<Limits>;
  /** PostgreSQL for storage instead of DATA_DIR/pulso.sqlite (docs/scale-out.md). */
  databaseUrl?: string;
  /** Redis for sharing workbooks between instances, and the prefix of its keys. */
  redisUrl?: string;
  redisPrefix: string;
  /** With Redis: how often each open workbook re-reads storage for anything a lost stream entry hid. */
  catchUpMs: number;
  /** Derived snapshots: quiet time after the last change, least time between two computations of one workbook. */
  derivedQuietMs: number;
  derivedMinIntervalMs: number;
}

/** Every `LIMIT_*` variable that is set, checked like the other integers. */
function limitsFrom(env: NodeJS.ProcessEnv): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const k of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const name = limitEnvName(k);
    if (env[name] !== undefined && env[name] !== '') out[k] = int(env, name, DEFAULT_LIMITS[k], 1);
  }
  return out;
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}="${raw}" must be an integer ≥ ${min}`);
  return n;
}

/** Throws a message saying what to do when the secret is too short to be safe. */
export function checkSecret(secret: string, source: string): string {
  const n = Buffer.byteLength(secret);
  if (n < MIN_SECRET_BYTES) {
    throw new Error(`${source} is ${n} bytes long; it must be at least ${MIN_SECRET_BYTES} bytes ` +
      `(a short signing secret can be guessed from any one token). Generate one with: openssl rand -base64 32`);
  }
  return secret;
}

/** Reads SYNC_SECRET, or DATA_DIR/sync-secret, creating it on first start. */
export function loadSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  ensurePrivateDir(dataDir);
  if (env.SYNC_SECRET) return checkSecret(env.SYNC_SECRET, 'SYNC_SECRET');
  const file = join(dataDir, 'sync-secret');
  try {
    return checkSecret(readFileSync(file, 'utf8').trim(), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600); // umask may have loosened it
    return secret;
  } catch (e) {
    // Another process (e.g. the token CLI) created it between our read and write.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw e;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || './data');
  const defaultWorkbookId = env.DEFAULT_WORKBOOK || 'team';
  if (!WORKBOOK_ID.test(defaultWorkbookId)) throw new Error(`DEFAULT_WORKBOOK="${defaultWorkbookId}" must match [A-Za-z0-9_-]{1,64}`);
  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 8787),
    dataDir,
    secret: loadSecret(dataDir, env),
    staticDir: resolve(env.STATIC_DIR || join(REPO_ROOT, 'dist', 'client')),
    defaultWorkbookId,
    graceMs: int(env, 'GRACE_MS', 30_000),
    maxMessageBytes: int(env, 'MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES, 1024),
    compactThreshold: int(env, 'COMPACT_THRESHOLD', 500, 2),
    idleCompactMs: int(env, 'IDLE_COMPACT_MS', 10_000),
    historyRetentionDays: int(env, 'HISTORY_RETENTION_DAYS', 365, 1),
    build: env.BUILD_CLIENT === 'never' ? 'never' : 'auto',
    limits: limitsFrom(env),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || 'pulso',
    catchUpMs: int(env, 'CATCH_UP_MS', 5_000),
    derivedQuietMs: int(env, 'DERIVED_QUIET_MS', 2_000),
    derivedMinIntervalMs: int(env, 'DERIVED_MIN_INTERVAL_MS', 10_000),
  };
}
