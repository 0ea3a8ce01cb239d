// The change history: one entry per row an applied update changed, with who, when and each
// field's old and new value. Kept in its own table, so compacting the document log never
// touches it; pruned past the retention period.
import type Database from 'better-sqlite3';

export interface FieldChange { field: string; old: unknown; new: unknown }

export type ChangeKind = 'insert' | 'update' | 'remove' | 'settings' | 'bulk';

export interface HistoryEntry {
  id: number;
  workbookId: string;
  /** ms since epoch. */
  at: number;
  /** The link's person or the API key's name. */
  by: string;
  table: string;
  row: string;
  kind: ChangeKind;
  /** insert: every field (old null); remove: every field (new null); bulk: none (see count). */
  changes: FieldChange[];
  /** Rows of a bulk entry (an import or a mass delete summarized as one entry). */
  count?: number;
  /** Why, when not a plain edit (e.g. "restore of version …"). */
  note?: string;
}

export interface HistoryQuery {
  workbookId: string;
  table?: string;
  row?: string;
  by?: string;
  since?: number;
  until?: number;
  /** Only entries with a smaller id (paging backwards). */
  beforeId?: number;
  limit?: number;
}

export interface HistoryStore {
  append(entries: Omit<HistoryEntry, 'id'>[]): Promise<void>;
  /** Newest first. */
  query(q: HistoryQuery): Promise<HistoryEntry[]>;
  /** The distinct authors of a workbook (for the activity feed's filter). */
  authors(workbookId: string): Promise<string[]>;
  /** Deletes entries older than `before` (ms); returns how many. */
  prune(before: number): Promise<number>;
}

interface Row { id: number; workbook: string; at: number; by_name: string; tbl: string; row_id: string; kind: ChangeKind; changes: string; count: number | null; note: string | null }

export class SqliteHistoryStore implements HistoryStore {
  private insert: Database.Statement;
  private appendTx: (entries: Omit<HistoryEntry, 'id'>[]) => void;

  constructor(private db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS history (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      workbook TEXT NOT NULL,
      at INTEGER NOT NULL,
      by_name TEXT NOT NULL,
      tbl TEXT NOT NULL,
      row_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      changes TEXT NOT NULL,
      count INTEGER,
      note TEXT)`);
    db.exec('CREATE INDEX IF NOT EXISTS history_by_row ON history (workbook, tbl, row_id, id)');
    db.exec('CREATE INDEX IF NOT EXISTS history_by_time ON history (workbook, at)');
    this.insert = db.prepare('INSERT INTO history (workbook, at, by_name, tbl, row_id, kind, changes, count, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.appendTx = db.transaction((entries: Omit<HistoryEntry, 'id'>[]) => {
      for (const e of entries) this.insert.run(e.workbookId, e.at, e.by, e.table, e.row, e.kind, JSON.stringify(e.changes), e.count ?? null, e.note ?? null);
    });
  }

  async append(entries: Omit<HistoryEntry, 'id'>[]) {
    if (entries.length) this.appendTx(entries);
  }

  async query(q: HistoryQuery) {
    const where = ['workbook = ?'];
    const args: unknown[] = [q.workbookId];
    if (q.table) { where.push('tbl = ?'); args.push(q.table); }
    if (q.row) { where.push('row_id = ?'); args.push(q.row); }
    if (q.by) { where.push('by_name = ?'); args.push(q.by); }
    if (q.since !== undefined) { where.push('at >= ?'); args.push(q.since); }
    if (q.until !== undefined) { where.push('at < ?'); args.push(q.until); }
    if (q.beforeId !== undefined) { where.push('id < ?'); args.push(q.beforeId); }
    const limit = Math.min(Math.max(q.limit ?? 200, 1), 1000);
    const rows = this.db.prepare(`SELECT * FROM history WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${limit}`).all(...args) as Row[];
    return rows.map((r): HistoryEntry => ({
      id: r.id, workbookId: r.workbook, at: r.at, by: r.by_name, table: r.tbl, row: r.row_id, kind: r.kind,
      changes: JSON.parse(r.changes) as FieldChange[],
      ...(r.count !== null ? { count: r.count } : {}),
      ...(r.note !== null ? { note: r.note } : {}),
    }));
  }

  async authors(workbookId: string) {
    return (this.db.prepare('SELECT DISTINCT by_name FROM history WHERE workbook = ? ORDER BY by_name').all(workbookId) as { by_name: string }[]).map((r) => r.by_name);
  }

  async prune(before: number) {
    return this.db.prepare('DELETE FROM history WHERE at < ?').run(before).changes;
  }
}
