// The integration API's own connection to the server's SQLite file (WAL lets several
// connections share it: the sync server's, ours, and the CLI's in another process).
// Its tables live beside the update log but belong to the API modules alone.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Same file as sync-server/storage.ts (`DB_FILE`), spelled here so storage.ts stays untouched. */
export const API_DB_FILE = 'pulso.sqlite';

export function openApiDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, API_DB_FILE), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
