// Where workbooks are stored: SQLite in DATA_DIR (the default: `npm start` and nothing else)
// or PostgreSQL when DATABASE_URL is set (several instances sharing one database). Both
// implement the async DocStore interface (store/doc-store.ts) and expose the same database
// as `store.sql` for the other store modules and their migrations (store/migrate.ts).
import { SqliteDocStore, DB_FILE } from './store/sqlite.js';
import { PostgresDocStore } from './store/postgres.js';
import type { DocStore } from './store/doc-store.js';

export { DB_FILE, SqliteDocStore, PostgresDocStore };
export type { DocStore, StoredLog } from './store/doc-store.js';
export { DamagedStorageError } from './store/doc-store.js';

export interface StoreConfig {
  dataDir: string;
  /** postgres://… : PostgreSQL instead of DATA_DIR/pulso.sqlite. */
  databaseUrl?: string;
  log?: (msg: string) => void;
  checkpointMs?: number;
}

export function openStore(c: StoreConfig): Promise<DocStore> {
  if (c.databaseUrl) return PostgresDocStore.open(c.databaseUrl, { log: c.log });
  return SqliteDocStore.open(c.dataDir, { log: c.log, checkpointMs: c.checkpointMs });
}
