// Schema of the document store ("docs" component), for both engines. Version 1 turns the
// original single `updates` table (no checksums; a snapshot was just another row) into the
// checksummed log, snapshot and head tables; its old rows are kept as log rows.
import type { Migration } from './migrate.js';
import type { SqlDb } from './sql.js';
import { checksum, bytes } from './doc-store.js';

async function checksumLegacyRows(db: SqlDb) {
  const rows = (await db.query<{ seq: number; workbook: string; data: Buffer }>(
    'SELECT seq, workbook, data FROM doc_updates WHERE checksum IS NULL')).rows;
  for (const r of rows) {
    await db.query('UPDATE doc_updates SET checksum = $1 WHERE seq = $2', [checksum(r.workbook, bytes(r.data)), r.seq]);
  }
  await db.query(`INSERT INTO doc_heads (workbook, log_rows, last_seq)
    SELECT workbook, count(*), max(seq) FROM doc_updates GROUP BY workbook`);
}

export const DOC_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'checksummed document log, snapshots and heads',
    sql: {
      sqlite: `
        CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, workbook TEXT NOT NULL, data BLOB NOT NULL);
        DROP INDEX IF EXISTS updates_by_workbook;
        ALTER TABLE updates RENAME TO doc_updates;
        ALTER TABLE doc_updates ADD COLUMN checksum TEXT;
        CREATE INDEX doc_updates_by_workbook ON doc_updates (workbook, seq);
        CREATE TABLE doc_snapshots (
          workbook TEXT NOT NULL, slot TEXT NOT NULL CHECK (slot IN ('current', 'previous')),
          data BLOB NOT NULL, checksum TEXT NOT NULL, folded_seq INTEGER NOT NULL, stream_id TEXT,
          created_at TEXT NOT NULL, PRIMARY KEY (workbook, slot));
        CREATE TABLE doc_heads (
          workbook TEXT PRIMARY KEY, log_rows INTEGER NOT NULL DEFAULT 0, last_seq INTEGER NOT NULL DEFAULT 0,
          snapshot_checksum TEXT, fence INTEGER NOT NULL DEFAULT 0);`,
      postgres: `
        CREATE TABLE doc_updates (seq BIGSERIAL PRIMARY KEY, workbook TEXT NOT NULL, data BYTEA NOT NULL, checksum TEXT);
        CREATE INDEX doc_updates_by_workbook ON doc_updates (workbook, seq);
        CREATE TABLE doc_snapshots (
          workbook TEXT NOT NULL, slot TEXT NOT NULL CHECK (slot IN ('current', 'previous')),
          data BYTEA NOT NULL, checksum TEXT NOT NULL, folded_seq BIGINT NOT NULL, stream_id TEXT,
          created_at TEXT NOT NULL, PRIMARY KEY (workbook, slot));
        CREATE TABLE doc_heads (
          workbook TEXT PRIMARY KEY, log_rows BIGINT NOT NULL DEFAULT 0, last_seq BIGINT NOT NULL DEFAULT 0,
          snapshot_checksum TEXT, fence BIGINT NOT NULL DEFAULT 0);`,
    },
    run: checksumLegacyRows,
  },
];
