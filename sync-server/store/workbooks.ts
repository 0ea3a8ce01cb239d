// The workbooks registry: which workbooks exist on this server, their display names and
// whether an owner archived them. A workbook's document lives in the document log; this is
// what the home page lists. One implementation over SqlDb (SQLite or PostgreSQL).
import type { SqlDb } from './sql.js';
import type { Migration } from './migrate.js';

export interface WorkbookInfo {
  id: string;
  name: string;
  createdAt: number;
  createdBy: string;
  /** When an owner archived it (hidden from the home page by default), or null. */
  archivedAt: number | null;
}

export interface WorkbookRegistry {
  list(): Promise<WorkbookInfo[]>;
  get(id: string): Promise<WorkbookInfo | undefined>;
  /** Creates it; false when the id is taken. */
  create(w: { id: string; name: string; createdBy: string }): Promise<boolean>;
  /** Registers a workbook known only from its document (e.g. the default one), if missing. */
  ensure(id: string, createdBy: string): Promise<void>;
  update(id: string, patch: { name?: string; archived?: boolean }): Promise<WorkbookInfo | undefined>;
}

// Version 1 is the table SQLite files already have (created before migrations existed): IF NOT EXISTS keeps them.
export const WORKBOOK_MIGRATIONS: readonly Migration[] = [{
  version: 1,
  name: 'workbooks registry',
  sql: {
    sqlite: `CREATE TABLE IF NOT EXISTS workbooks (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL, archived_at INTEGER)`,
    postgres: `CREATE TABLE IF NOT EXISTS workbooks (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL, archived_at BIGINT)`,
  },
}];

type Row = { id: string; name: string; created_at: number; created_by: string; archived_at: number | null };
const info = (r: Row): WorkbookInfo => ({ id: r.id, name: r.name, createdAt: r.created_at, createdBy: r.created_by, archivedAt: r.archived_at });
const INSERT = 'INSERT INTO workbooks (id, name, created_at, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING';

export class SqlWorkbookRegistry implements WorkbookRegistry {
  constructor(private db: SqlDb) {}

  async list() {
    return (await this.db.query<Row>('SELECT * FROM workbooks ORDER BY created_at, id')).rows.map(info);
  }

  async get(id: string) {
    const r = (await this.db.query<Row>('SELECT * FROM workbooks WHERE id = $1', [id])).rows[0];
    return r && info(r);
  }

  async create(w: { id: string; name: string; createdBy: string }) {
    return (await this.db.query(INSERT, [w.id, w.name, Date.now(), w.createdBy])).changes === 1;
  }

  async ensure(id: string, createdBy: string) {
    await this.db.query(INSERT, [id, id, Date.now(), createdBy]);
  }

  async update(id: string, patch: { name?: string; archived?: boolean }) {
    if (patch.name !== undefined) await this.db.query('UPDATE workbooks SET name = $1 WHERE id = $2', [patch.name, id]);
    if (patch.archived !== undefined) await this.db.query('UPDATE workbooks SET archived_at = $1 WHERE id = $2', [patch.archived ? Date.now() : null, id]);
    return this.get(id);
  }
}
