// The workbooks registry: which workbooks exist on this server, their display names and
// whether an owner archived them. A workbook's document lives in the document log; this is
// what the home page lists.
import type Database from 'better-sqlite3';

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

interface Row { id: string; name: string; created_at: number; created_by: string; archived_at: number | null }
const info = (r: Row): WorkbookInfo => ({ id: r.id, name: r.name, createdAt: r.created_at, createdBy: r.created_by, archivedAt: r.archived_at });

export class SqliteWorkbookRegistry implements WorkbookRegistry {
  constructor(private db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS workbooks (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      archived_at INTEGER)`);
  }

  async list() {
    return (this.db.prepare('SELECT * FROM workbooks ORDER BY created_at, id').all() as Row[]).map(info);
  }

  async get(id: string) {
    const r = this.db.prepare('SELECT * FROM workbooks WHERE id = ?').get(id) as Row | undefined;
    return r && info(r);
  }

  async create(w: { id: string; name: string; createdBy: string }) {
    const r = this.db.prepare('INSERT OR IGNORE INTO workbooks (id, name, created_at, created_by) VALUES (?, ?, ?, ?)').run(w.id, w.name, Date.now(), w.createdBy);
    return r.changes === 1;
  }

  async ensure(id: string, createdBy: string) {
    this.db.prepare('INSERT OR IGNORE INTO workbooks (id, name, created_at, created_by) VALUES (?, ?, ?, ?)').run(id, id, Date.now(), createdBy);
  }

  async update(id: string, patch: { name?: string; archived?: boolean }) {
    if (patch.name !== undefined) this.db.prepare('UPDATE workbooks SET name = ? WHERE id = ?').run(patch.name, id);
    if (patch.archived !== undefined) this.db.prepare('UPDATE workbooks SET archived_at = ? WHERE id = ?').run(patch.archived ? Date.now() : null, id);
    return this.get(id);
  }
}
