// Invitation links: every token the server signs is registered here by its id (jti), with
// the person's name, role, expiry and last use. Revoking sets revoked_at: that is the
// revocation list every connection and API request is checked against. It is read from the
// database on every check (a primary-key lookup), never cached in one process, so a link
// revoked on one instance is refused by every instance at once.
import type { Role } from '../tokens.js';
import type { SqlDb } from './sql.js';
import type { Migration } from './migrate.js';

export interface LinkInfo {
  id: string;
  workbookId: string;
  name: string;
  role: Role;
  createdAt: number;
  createdBy: string;
  expiresAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface LinkStore {
  add(l: Omit<LinkInfo, 'lastUsedAt' | 'revokedAt'>): Promise<void>;
  get(id: string): Promise<LinkInfo | undefined>;
  /** The workbook's active links, newest first (revoked and expired ones too when asked). */
  list(workbookId: string, opts?: { includeRevoked?: boolean }): Promise<LinkInfo[]>;
  /** Marks it revoked; false when unknown or already revoked. */
  revoke(id: string): Promise<boolean>;
  isRevoked(id: string): Promise<boolean>;
  /** Which of these ids are revoked (to cut live connections revoked by another instance). */
  revokedAmong(ids: readonly string[]): Promise<string[]>;
  touch(id: string, at: number): Promise<void>;
}

export const LINK_MIGRATIONS: readonly Migration[] = [{
  version: 1,
  name: 'share links and their revocation',
  sql: {
    sqlite: `CREATE TABLE IF NOT EXISTS links (
      id TEXT PRIMARY KEY, workbook TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
      created_at INTEGER NOT NULL, created_by TEXT NOT NULL, expires_at INTEGER NOT NULL,
      last_used_at INTEGER, revoked_at INTEGER);
      CREATE INDEX IF NOT EXISTS links_by_workbook ON links (workbook, created_at);`,
    postgres: `CREATE TABLE IF NOT EXISTS links (
      id TEXT PRIMARY KEY, workbook TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
      created_at BIGINT NOT NULL, created_by TEXT NOT NULL, expires_at BIGINT NOT NULL,
      last_used_at BIGINT, revoked_at BIGINT);
      CREATE INDEX IF NOT EXISTS links_by_workbook ON links (workbook, created_at);`,
  },
}];

type Row = { id: string; workbook: string; name: string; role: Role; created_at: number; created_by: string; expires_at: number; last_used_at: number | null; revoked_at: number | null };
const info = (r: Row): LinkInfo => ({
  id: r.id, workbookId: r.workbook, name: r.name, role: r.role, createdAt: r.created_at, createdBy: r.created_by,
  expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
});

export class SqlLinkStore implements LinkStore {
  constructor(private db: SqlDb) {}

  async add(l: Omit<LinkInfo, 'lastUsedAt' | 'revokedAt'>) {
    await this.db.query('INSERT INTO links (id, workbook, name, role, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [l.id, l.workbookId, l.name, l.role, l.createdAt, l.createdBy, l.expiresAt]);
  }

  async get(id: string) {
    const r = (await this.db.query<Row>('SELECT * FROM links WHERE id = $1', [id])).rows[0];
    return r && info(r);
  }

  async list(workbookId: string, opts: { includeRevoked?: boolean } = {}) {
    const sql = `SELECT * FROM links WHERE workbook = $1${opts.includeRevoked ? '' : ' AND revoked_at IS NULL AND expires_at > $2'} ORDER BY created_at DESC, id`;
    return (await this.db.query<Row>(sql, opts.includeRevoked ? [workbookId] : [workbookId, Date.now()])).rows.map(info);
  }

  async revoke(id: string) {
    return (await this.db.query('UPDATE links SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [Date.now(), id])).changes === 1;
  }

  async isRevoked(id: string) {
    return (await this.db.query('SELECT 1 AS x FROM links WHERE id = $1 AND revoked_at IS NOT NULL', [id])).rows.length > 0;
  }

  async revokedAmong(ids: readonly string[]) {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const marks = chunk.map((_, n) => `$${n + 1}`).join(', ');
      const rows = (await this.db.query<{ id: string }>(`SELECT id FROM links WHERE id IN (${marks}) AND revoked_at IS NOT NULL`, chunk)).rows;
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  async touch(id: string, at: number) {
    await this.db.query('UPDATE links SET last_used_at = $1 WHERE id = $2', [at, id]);
  }
}
