// Versions: whole-document snapshots (Yjs state updates). One automatic version per day the
// workbook changed (its state at the day's last save), plus named ones saved on demand.
// One implementation over SqlDb (SQLite or PostgreSQL).
import type { SqlDb } from './sql.js';
import type { Migration } from './migrate.js';

export interface VersionInfo {
  id: number;
  workbookId: string;
  name: string;
  /** 'daily' (automatic, one per UTC day that changed) or 'named' (saved on demand). */
  kind: 'daily' | 'named';
  /** UTC day (YYYY-MM-DD) of a daily version. */
  day: string | null;
  at: number;
  by: string;
  bytes: number;
}

export interface VersionStore {
  list(workbookId: string): Promise<VersionInfo[]>;
  get(workbookId: string, id: number): Promise<{ info: VersionInfo; data: Uint8Array } | undefined>;
  saveNamed(v: { workbookId: string; name: string; by: string; data: Uint8Array }): Promise<VersionInfo>;
  /** Writes (or replaces) the day's automatic version. */
  saveDaily(v: { workbookId: string; day: string; data: Uint8Array }): Promise<void>;
}

export const VERSION_MIGRATIONS: readonly Migration[] = [{
  version: 1,
  name: 'daily and named versions',
  sql: {
    sqlite: `CREATE TABLE IF NOT EXISTS versions (
      id INTEGER PRIMARY KEY AUTOINCREMENT, workbook TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
      day TEXT, at INTEGER NOT NULL, by_name TEXT NOT NULL, data BLOB NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS versions_daily ON versions (workbook, day) WHERE kind = 'daily';
      CREATE INDEX IF NOT EXISTS versions_by_workbook ON versions (workbook, at);`,
    postgres: `CREATE TABLE IF NOT EXISTS versions (
      id BIGSERIAL PRIMARY KEY, workbook TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
      day TEXT, at BIGINT NOT NULL, by_name TEXT NOT NULL, data BYTEA NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS versions_daily ON versions (workbook, day) WHERE kind = 'daily';
      CREATE INDEX IF NOT EXISTS versions_by_workbook ON versions (workbook, at);`,
  },
}];

type Row = { id: number; workbook: string; name: string; kind: 'daily' | 'named'; day: string | null; at: number; by_name: string; bytes: number };
const info = (r: Row): VersionInfo => ({ id: r.id, workbookId: r.workbook, name: r.name, kind: r.kind, day: r.day, at: r.at, by: r.by_name, bytes: Number(r.bytes) });
const COLS = 'id, workbook, name, kind, day, at, by_name, length(data) AS bytes';

export class SqlVersionStore implements VersionStore {
  constructor(private db: SqlDb) {}

  async list(workbookId: string) {
    return (await this.db.query<Row>(`SELECT ${COLS} FROM versions WHERE workbook = $1 ORDER BY at DESC, id DESC`, [workbookId])).rows.map(info);
  }

  async get(workbookId: string, id: number) {
    if (!Number.isSafeInteger(id)) return undefined;
    const r = (await this.db.query<Row & { data: Buffer }>(`SELECT ${COLS}, data FROM versions WHERE workbook = $1 AND id = $2`, [workbookId, id])).rows[0];
    if (!r) return undefined;
    return { info: info(r), data: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) };
  }

  async saveNamed(v: { workbookId: string; name: string; by: string; data: Uint8Array }) {
    const { rows } = await this.db.query<Row>(`INSERT INTO versions (workbook, name, kind, at, by_name, data) VALUES ($1, $2, 'named', $3, $4, $5)
      RETURNING ${COLS}`, [v.workbookId, v.name, Date.now(), v.by, v.data]);
    return info(rows[0]);
  }

  async saveDaily(v: { workbookId: string; day: string; data: Uint8Array }) {
    // Instances saving the same day race harmlessly: the unique (workbook, day) keeps one row, the last write wins.
    await this.db.query(`INSERT INTO versions (workbook, name, kind, day, at, by_name, data) VALUES ($1, $2, 'daily', $3, $4, '', $5)
      ON CONFLICT (workbook, day) WHERE kind = 'daily' DO UPDATE SET at = excluded.at, data = excluded.data`,
    [v.workbookId, v.day, v.day, Date.now(), v.data]);
  }
}
