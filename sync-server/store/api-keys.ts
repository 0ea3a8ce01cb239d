// API keys: per workbook, scoped read or write, stored as a SHA-256 hash only.
// A key is `pulso_<id>_<secret>`: the id finds the row (no scan, no timing on the
// secret), then the hashes are compared in constant time. Keys carry 256 random bits, so
// a fast hash is enough (a slow KDF protects guessable passwords, not random keys).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlDb } from './sql.js';
import type { Migration } from './migrate.js';

export type Scope = 'read' | 'write';
export const SCOPES: readonly Scope[] = ['read', 'write'];

export interface ApiKeyInfo {
  id: string;
  workbook: string;
  name: string;
  scope: Scope;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiKey { workbook: string; name: string; scope: Scope; createdBy: string }

export interface ApiKeyStore {
  /** Returns the key in clear once (it is never stored nor shown again). */
  create(input: NewApiKey): Promise<{ key: string; info: ApiKeyInfo }>;
  /** The live key's record, or null for a malformed, unknown or revoked key. */
  verify(presented: string): Promise<ApiKeyInfo | null>;
  list(workbook: string): Promise<ApiKeyInfo[]>;
  /** True when a live key of that workbook was revoked. */
  revoke(workbook: string, id: string): Promise<boolean>;
  touch(id: string, at: Date): Promise<void>;
  /** Does any key (even revoked) name this workbook? */
  knowsWorkbook(workbook: string): Promise<boolean>;
}

export const API_KEY_MIGRATIONS: readonly Migration[] = [{
  version: 1,
  name: 'API keys (hashes only)',
  sql: {
    sqlite: `CREATE TABLE IF NOT EXISTS api_keys (
      id TEXT PRIMARY KEY, workbook TEXT NOT NULL, name TEXT NOT NULL, scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
      hash BLOB NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT);
      CREATE INDEX IF NOT EXISTS api_keys_by_workbook ON api_keys (workbook);`,
    postgres: `CREATE TABLE IF NOT EXISTS api_keys (
      id TEXT PRIMARY KEY, workbook TEXT NOT NULL, name TEXT NOT NULL, scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
      hash BYTEA NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT);
      CREATE INDEX IF NOT EXISTS api_keys_by_workbook ON api_keys (workbook);`,
  },
}];

const KEY = /^pulso_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const hash = (key: string) => createHash('sha256').update(key).digest();

function newKeyId(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += ALNUM[b % ALNUM.length]; // 62 of 256: a slight bias, irrelevant for a lookup id
  return s;
}

type Row = {
  id: string; workbook: string; name: string; scope: Scope; hash: Buffer;
  created_at: string; created_by: string; last_used_at: string | null; revoked_at: string | null;
};

const info = (r: Row): ApiKeyInfo => ({
  id: r.id, workbook: r.workbook, name: r.name, scope: r.scope, createdAt: r.created_at,
  createdBy: r.created_by, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
});

/** One implementation over SqlDb: every instance (and the CLI) reads the same rows, so a key created or revoked anywhere counts everywhere at once. */
export class SqlApiKeyStore implements ApiKeyStore {
  constructor(private db: SqlDb) {}

  private async byId(id: string): Promise<Row | undefined> {
    return (await this.db.query<Row>('SELECT * FROM api_keys WHERE id = $1', [id])).rows[0];
  }

  async create(input: NewApiKey) {
    const id = newKeyId();
    const key = `pulso_${id}_${randomBytes(32).toString('base64url')}`;
    await this.db.query('INSERT INTO api_keys (id, workbook, name, scope, hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [id, input.workbook, input.name, input.scope, hash(key), new Date().toISOString(), input.createdBy]);
    return { key, info: info((await this.byId(id))!) };
  }

  async verify(presented: string) {
    const m = typeof presented === 'string' ? KEY.exec(presented) : null;
    if (!m) return null;
    const row = await this.byId(m[1]);
    // Compare even when the id is unknown, so the answer takes the same time either way.
    const stored = row?.hash ?? Buffer.alloc(32);
    const same = timingSafeEqual(stored, hash(presented));
    if (!row || !same || row.revoked_at !== null) return null;
    return info(row);
  }

  async list(workbook: string) {
    return (await this.db.query<Row>('SELECT * FROM api_keys WHERE workbook = $1 ORDER BY created_at, id', [workbook])).rows.map(info);
  }

  async revoke(workbook: string, id: string) {
    return (await this.db.query('UPDATE api_keys SET revoked_at = $1 WHERE workbook = $2 AND id = $3 AND revoked_at IS NULL',
      [new Date().toISOString(), workbook, id])).changes > 0;
  }

  async touch(id: string, at: Date) {
    await this.db.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at.toISOString(), id]);
  }

  async knowsWorkbook(workbook: string) {
    return (await this.db.query('SELECT 1 AS x FROM api_keys WHERE workbook = $1 LIMIT 1', [workbook])).rows.length > 0;
  }
}
