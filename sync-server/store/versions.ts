// Versions: whole-document snapshots (Yjs state updates). One automatic version per day the
// workbook changed (its state at the day's last save), plus named ones saved on demand.
import type Database from 'better-sqlite3';

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

interface Row { id: number; workbook: string; name: string; kind: 'daily' | 'named'; day: string | null; at: number; by_name: string; bytes: number }
const info = (r: Row): VersionInfo => ({ id: r.id, workbookId: r.workbook, name: r.name, kind: r.kind, day: r.day, at: r.at, by: r.by_name, bytes: r.bytes });
const COLS = 'id, workbook, name, kind, day, at, by_name, length(data) AS bytes';

export class SqliteVersionStore implements VersionStore {
  constructor(private db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS versions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      workbook TEXT NOT NULL,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      day TEXT,
      at INTEGER NOT NULL,
      by_name TEXT NOT NULL,
      data BLOB NOT NULL)`);
    db.exec('CREATE UNIQUE INDEX IF NOT EXISTS versions_daily ON versions (workbook, day) WHERE kind = \'daily\'');
    db.exec('CREATE INDEX IF NOT EXISTS versions_by_workbook ON versions (workbook, at)');
  }

  async list(workbookId: string) {
    return (this.db.prepare(`SELECT ${COLS} FROM versions WHERE workbook = ? ORDER BY at DESC, id DESC`).all(workbookId) as Row[]).map(info);
  }

  async get(workbookId: string, id: number) {
    const r = this.db.prepare(`SELECT ${COLS}, data FROM versions WHERE workbook = ? AND id = ?`).get(workbookId, id) as (Row & { data: Buffer }) | undefined;
    if (!r) return undefined;
    return { info: info(r), data: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) };
  }

  async saveNamed(v: { workbookId: string; name: string; by: string; data: Uint8Array }) {
    const id = Number(this.db.prepare('INSERT INTO versions (workbook, name, kind, at, by_name, data) VALUES (?, ?, \'named\', ?, ?, ?)')
      .run(v.workbookId, v.name, Date.now(), v.by, v.data).lastInsertRowid);
    return (await this.get(v.workbookId, id))!.info;
  }

  async saveDaily(v: { workbookId: string; day: string; data: Uint8Array }) {
    this.db.prepare(`INSERT INTO versions (workbook, name, kind, day, at, by_name, data) VALUES (?, ?, 'daily', ?, ?, '', ?)
      ON CONFLICT (workbook, day) WHERE kind = 'daily' DO UPDATE SET at = excluded.at, data = excluded.data`)
      .run(v.workbookId, v.day, v.day, Date.now(), v.data);
  }
}
