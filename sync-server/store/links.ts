// Invitation links: every token the server signs is registered here by its id (jti), with
// the person's name, role, expiry and last use. Revoking sets revoked_at: that is the
// revocation list every connection and API request is checked against.
import type Database from 'better-sqlite3';
import type { Role } from '../tokens.js';

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
  touch(id: string, at: number): Promise<void>;
}

interface Row { id: string; workbook: string; name: string; role: Role; created_at: number; created_by: string; expires_at: number; last_used_at: number | null; revoked_at: number | null }
const info = (r: Row): LinkInfo => ({
  id: r.id, workbookId: r.workbook, name: r.name, role: r.role, createdAt: r.created_at, createdBy: r.created_by,
  expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
});

export class SqliteLinkStore implements LinkStore {
  /** Revoked ids, in memory: every socket upgrade and API request asks. */
  private revoked = new Set<string>();

  constructor(private db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS links (
      id TEXT PRIMARY KEY,
      workbook TEXT NOT NULL,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      last_used_at INTEGER,
      revoked_at INTEGER)`);
    db.exec('CREATE INDEX IF NOT EXISTS links_by_workbook ON links (workbook, created_at)');
    for (const r of db.prepare('SELECT id FROM links WHERE revoked_at IS NOT NULL').all() as { id: string }[]) this.revoked.add(r.id);
  }

  async add(l: Omit<LinkInfo, 'lastUsedAt' | 'revokedAt'>) {
    this.db.prepare('INSERT INTO links (id, workbook, name, role, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(l.id, l.workbookId, l.name, l.role, l.createdAt, l.createdBy, l.expiresAt);
  }

  async get(id: string) {
    const r = this.db.prepare('SELECT * FROM links WHERE id = ?').get(id) as Row | undefined;
    return r && info(r);
  }

  async list(workbookId: string, opts: { includeRevoked?: boolean } = {}) {
    const sql = `SELECT * FROM links WHERE workbook = ?${opts.includeRevoked ? '' : ' AND revoked_at IS NULL AND expires_at > ?'} ORDER BY created_at DESC, id`;
    const args = opts.includeRevoked ? [workbookId] : [workbookId, Date.now()];
    return (this.db.prepare(sql).all(...args) as Row[]).map(info);
  }

  async revoke(id: string) {
    const r = this.db.prepare('UPDATE links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(Date.now(), id);
    this.revoked.add(id);
    return r.changes === 1;
  }

  async isRevoked(id: string) {
    return this.revoked.has(id);
  }

  async touch(id: string, at: number) {
    this.db.prepare('UPDATE links SET last_used_at = ? WHERE id = ?').run(at, id);
  }
}
