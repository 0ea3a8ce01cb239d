// The machine's PostgreSQL and Redis for tests: a fresh database and a fresh key prefix per
// run (never data an earlier run left), dropped afterwards. A service that is down is started
// once with the machine's own command (issue 15); still unreachable → a clear failure.
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';

export const PG_ADMIN_URL = process.env.PULSO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.PULSO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const START_PG = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis';

/** Runs `connect`; when it fails, starts the service with `command` and tries for a few seconds more. */
async function reachable(connect: () => Promise<void>, command: string): Promise<void> {
  try {
    return await connect();
  } catch {
    try { execSync(command, { stdio: 'ignore', timeout: 30_000 }); } catch { /* reported below if still down */ }
  }
  let last: unknown;
  for (let i = 0; i < 20; i++) {
    try { return await connect(); } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw last;
}

const runId = () => `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

export interface FreshDatabase { url: string; name: string; drop(): Promise<void> }

export async function freshDatabase(): Promise<FreshDatabase> {
  const name = `pulso_test_${runId()}`;
  let admin!: pg.Client;
  try {
    await reachable(async () => {
      admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
      await admin.connect();
    }, START_PG);
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL} (${(e as Error).message}): start it with \`${START_PG}\``);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface FreshRedis { url: string; prefix: string; redis: Redis; drop(): Promise<void> }

export async function freshRedisPrefix(): Promise<FreshRedis> {
  const prefix = `pulso-test-${runId()}`;
  let redis!: Redis;
  try {
    await reachable(async () => {
      redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
      redis.on('error', () => {});
      await redis.connect();
    }, START_REDIS);
  } catch (e) {
    throw new Error(`Redis is not reachable at ${REDIS_URL} (${(e as Error).message}): start it with \`${START_REDIS}\``);
  }
  return {
    url: REDIS_URL,
    prefix,
    redis,
    async drop() {
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** The storage engines store tests run on (describe.each). */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

/**
 * Inside a describe: for 'postgres', a fresh database for its tests (dropped after them).
 * `options()` is what to pass to startTestServer/spawnTestServer ({} for SQLite: a data folder each).
 */
export function useEngine(engine: EngineName): { options(): { databaseUrl?: string } } {
  let db: FreshDatabase | undefined;
  beforeAll(async () => { if (engine === 'postgres') db = await freshDatabase(); });
  afterAll(async () => { await db?.drop(); });
  return { options: () => (db ? { databaseUrl: db.url } : {}) };
}
