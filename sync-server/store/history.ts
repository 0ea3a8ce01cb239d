// The change history: one entry per row an applied update changed, with who, when and each
// field's old and new value. Kept in its own table, so compacting the document log never
// touches it; pruned past the retention period. One implementation over SqlDb (SQLite or
// PostgreSQL): every instance appends to and lists the same table.
import type { SqlDb } from './sql.js';
import type { Migration } from './migrate.js';

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

export const HISTORY_MIGRATIONS: readonly Migration[] = [{
  version: 1,
  name: 'change history',
  sql: {
    sqlite: `CREATE TABLE IF NOT EXISTS history (
      id INTEGER PRIMARY KEY AUTOINCREMENT, workbook TEXT NOT NULL, at INTEGER NOT NULL, by_name TEXT NOT NULL,
      tbl TEXT NOT NULL, row_id TEXT NOT NULL, kind TEXT NOT NULL, changes TEXT NOT NULL, count INTEGER, note TEXT);
      CREATE INDEX IF NOT EXISTS history_by_row ON history (workbook, tbl, row_id, id);
      CREATE INDEX IF NOT EXISTS history_by_time ON history (workbook, at);`,
    postgres: `CREATE TABLE IF NOT EXISTS history (
      id BIGSERIAL PRIMARY KEY, workbook TEXT NOT NULL, at BIGINT NOT NULL, by_name TEXT NOT NULL,
      tbl TEXT NOT NULL, row_id TEXT NOT NULL, kind TEXT NOT NULL, changes TEXT NOT NULL, count INTEGER, note TEXT);
      CREATE INDEX IF NOT EXISTS history_by_row ON history (workbook, tbl, row_id, id);
      CREATE INDEX IF NOT EXISTS history_by_time ON history (workbook, at);`,
  },
}];

type Row = { id: number; workbook: string; at: number; by_name: string; tbl: string; row_id: string; kind: ChangeKind; changes: string; count: number | null; note: string | null };

const COLUMNS = 9;
/** Row ids and names come from documents peers wrote: PostgreSQL's TEXT refuses U+0000. */
const text = (s: string) => s.replace(/\0/g, '\uFFFD');
/** Rows per INSERT: one statement per chunk, far below both engines' parameter limits. */
const CHUNK = 500;

export class SqlHistoryStore implements HistoryStore {
  /** Appends in flight per workbook: ids must follow the order of the changes (see append). */
  private tails = new Map<string, Promise<void>>();

  constructor(private db: SqlDb) {}

  /**
   * Appends of one workbook are written one after the other, in call order: on PostgreSQL two
   * transactions on two pooled connections could otherwise commit (and take ids) in either order.
   */
  append(entries: Omit<HistoryEntry, 'id'>[]): Promise<void> {
    if (!entries.length) return Promise.resolve();
    const wb = entries[0].workbookId;
    const next = (this.tails.get(wb) ?? Promise.resolve()).then(() => this.write(entries));
    const tail = next.catch(() => {});
    this.tails.set(wb, tail);
    void tail.then(() => { if (this.tails.get(wb) === tail) this.tails.delete(wb); });
    return next;
  }

  private async write(entries: Omit<HistoryEntry, 'id'>[]) {
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < entries.length; i += CHUNK) {
        const chunk = entries.slice(i, i + CHUNK);
        const values = chunk.map((_, n) => `(${Array.from({ length: COLUMNS }, (_, c) => `$${n * COLUMNS + c + 1}`).join(', ')})`);
        const params = chunk.flatMap((e) => [e.workbookId, e.at, text(e.by), text(e.table), text(e.row), e.kind, JSON.stringify(e.changes), e.count ?? null, e.note === undefined ? null : text(e.note)]);
        await tx.query(`INSERT INTO history (workbook, at, by_name, tbl, row_id, kind, changes, count, note) VALUES ${values.join(', ')}`, params);
      }
    });
  }

  /** Reads wait for this process's appends of the workbook still in flight: an edit this instance stored is listed. */
  private async settled(workbookId: string) {
    await this.tails.get(workbookId);
  }

  async query(q: HistoryQuery) {
    await this.settled(q.workbookId);
    const where = ['workbook = $1'];
    const args: (string | number)[] = [q.workbookId];
    const add = (sql: string, v: string | number) => { args.push(v); where.push(`${sql} $${args.length}`); };
    // Whole numbers within a BIGINT (PostgreSQL refuses 1.5 or 1e30 for one); ceil keeps `>=` and `<` exact.
    const whole = (n: number) => Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(n)));
    if (q.table) add('tbl =', q.table);
    if (q.row) add('row_id =', q.row);
    if (q.by) add('by_name =', q.by);
    if (q.since !== undefined) add('at >=', whole(q.since));
    if (q.until !== undefined) add('at <', whole(q.until));
    if (q.beforeId !== undefined) add('id <', whole(q.beforeId));
    const limit = Math.min(Math.max(q.limit ?? 200, 1), 1000);
    const rows = (await this.db.query<Row>(`SELECT * FROM history WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${limit}`, args)).rows;
    return rows.map((r): HistoryEntry => ({
      id: r.id, workbookId: r.workbook, at: r.at, by: r.by_name, table: r.tbl, row: r.row_id, kind: r.kind,
      changes: JSON.parse(r.changes) as FieldChange[],
      ...(r.count !== null ? { count: r.count } : {}),
      ...(r.note !== null ? { note: r.note } : {}),
    }));
  }

  async authors(workbookId: string) {
    await this.settled(workbookId);
    // Sorted here: PostgreSQL's ORDER BY follows the database's locale, SQLite's the bytes.
    const rows = (await this.db.query<{ by_name: string }>('SELECT DISTINCT by_name FROM history WHERE workbook = $1', [workbookId])).rows;
    return rows.map((r) => r.by_name).sort();
  }

  async prune(before: number) {
    return (await this.db.query('DELETE FROM history WHERE at < $1', [before])).changes;
  }
}
