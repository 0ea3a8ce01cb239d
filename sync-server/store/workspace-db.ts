// The workspace's own connection to the server's SQLite file (DATA_DIR/pulso.sqlite): the
// workbooks registry, links, history and versions live beside the document log in the same
// database, in their own tables, so the document log's compaction never touches them and
// one backup of the file holds everything.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const WORKSPACE_DB_FILE = 'pulso.sqlite';

export function openWorkspaceDb(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  // Two connections in one process write to this file (the document log's and this one):
  // WAL lets readers run beside the writer, and the busy timeout serializes the writers.
  const db = new Database(join(dataDir, WORKSPACE_DB_FILE), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
