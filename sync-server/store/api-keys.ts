// API keys: per workbook, scoped read or write, stored as a SHA-256 hash only.
// A key is `pulso_<id>_<secret>`: the id finds the row (no scan, no timing on the
// secret), then the hashes are compared in constant time. Keys carry 256 random bits, so
// a fast hash is enough (a slow KDF protects guessable passwords, not random keys).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openApiDatabase } from './api-db.js';

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
  close(): void;
}

const KEY = /^pulso_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const hash = (key: string) => createHash('sha256').update(key).digest();

function newKeyId(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += ALNUM[b % ALNUM.length]; // 62 of 256: a slight bias, irrelevant for a lookup id
  return s;
}

interface Row {
  id: string; workbook: string; name: string; scope: Scope; hash: Buffer;
  created_at: string; created_by: string; last_used_at: string | null; revoked_at: string | null;
}

const info = (r: Row): ApiKeyInfo => ({
  id: r.id, workbook: r.workbook, name: r.name, scope: r.scope, createdAt: r.created_at,
  createdBy: r.created_by, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
});

export class SqliteApiKeyStore implements ApiKeyStore {
  private readonly owned: boolean;
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(dataDirOrDb: string | Database.Database) {
    this.owned = typeof dataDirOrDb === 'string';
    this.db = typeof dataDirOrDb === 'string' ? openApiDatabase(dataDirOrDb) : dataDirOrDb;
    this.db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      id TEXT PRIMARY KEY,
      workbook TEXT NOT NULL,
      name TEXT NOT NULL,
      scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
      hash BLOB NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      last_used_at TEXT,
      revoked_at TEXT)`);
    this.db.exec('CREATE INDEX IF NOT EXISTS api_keys_by_workbook ON api_keys (workbook)');
    this.stmts = {
      insert: this.db.prepare('INSERT INTO api_keys (id, workbook, name, scope, hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      byId: this.db.prepare('SELECT * FROM api_keys WHERE id = ?'),
      list: this.db.prepare('SELECT * FROM api_keys WHERE workbook = ? ORDER BY created_at, id'),
      revoke: this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE workbook = ? AND id = ? AND revoked_at IS NULL'),
      touch: this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?'),
      any: this.db.prepare('SELECT 1 FROM api_keys WHERE workbook = ? LIMIT 1'),
    };
  }

  async create(input: NewApiKey) {
    const id = newKeyId();
    const key = `pulso_${id}_${randomBytes(32).toString('base64url')}`;
    const createdAt = new Date().toISOString();
    this.stmts.insert.run(id, input.workbook, input.name, input.scope, hash(key), createdAt, input.createdBy);
    return { key, info: info(this.stmts.byId.get(id) as Row) };
  }

  async verify(presented: string) {
    const m = typeof presented === 'string' ? KEY.exec(presented) : null;
    if (!m) return null;
    const row = this.stmts.byId.get(m[1]) as Row | undefined;
    // Compare even when the id is unknown, so the answer takes the same time either way.
    const stored = row?.hash ?? Buffer.alloc(32);
    const same = timingSafeEqual(stored, hash(presented));
    if (!row || !same || row.revoked_at !== null) return null;
    return info(row);
  }

  async list(workbook: string) {
    return (this.stmts.list.all(workbook) as Row[]).map(info);
  }

  async revoke(workbook: string, id: string) {
    return this.stmts.revoke.run(new Date().toISOString(), workbook, id).changes > 0;
  }

  async touch(id: string, at: Date) {
    this.stmts.touch.run(at.toISOString(), id);
  }

  async knowsWorkbook(workbook: string) {
    return this.stmts.any.get(workbook) !== undefined;
  }

  close() {
    if (this.owned && this.db.open) this.db.close();
  }
}
