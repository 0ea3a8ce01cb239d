// Where everything is stored: SQLite in DATA_DIR (the default: `npm start` and nothing else)
// or PostgreSQL when DATABASE_URL is set (several instances sharing one database). The
// document log implements the async DocStore interface (store/doc-store.ts); every other
// store (workspace: workbooks, links, history, versions; integration API: keys, webhooks)
// runs its queries and migrations on the same database through `docs.sql` (store/index.ts).
// `openStores` gives them all on the configured engine.
import { SqliteDocStore, DB_FILE } from './store/sqlite.js';
import { PostgresDocStore } from './store/postgres.js';
import { openModuleStores, type WorkspaceStores, type ApiStores } from './store/index.js';
import type { DocStore } from './store/doc-store.js';
import type { SqlDb, Row, SqlValue } from './store/sql.js';

export { DB_FILE, SqliteDocStore, PostgresDocStore };
export type { DocStore, StoredLog } from './store/doc-store.js';
export type { WorkspaceStores, ApiStores } from './store/index.js';
export { DamagedStorageError } from './store/doc-store.js';

export interface StoreConfig {
  dataDir: string;
  /** postgres://… : PostgreSQL instead of DATA_DIR/pulso.sqlite. */
  databaseUrl?: string;
  log?: (msg: string) => void;
  checkpointMs?: number;
}

/** The document store alone. */
export function openStore(c: StoreConfig): Promise<DocStore> {
  if (c.databaseUrl) return PostgresDocStore.open(c.databaseUrl, { log: c.log });
  return SqliteDocStore.open(c.dataDir, { log: c.log, checkpointMs: c.checkpointMs });
}

export interface Stores {
  docs: DocStore;
  workspace: WorkspaceStores;
  api: ApiStores;
  /** Waits for the writes still in flight (history, daily versions: written without waiting), then closes the database. */
  close(): Promise<void>;
}

/** Every store on the configured engine, migrated. */
export async function openStores(c: StoreConfig): Promise<Stores> {
  const docs = await openStore(c);
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const done = () => { inFlight.delete(p); };
    p.then(done, done);
    return p;
  };
  const sql: SqlDb = {
    engine: docs.sql.engine,
    query: <T extends Row = Row>(q: string, params?: readonly SqlValue[]) => track(docs.sql.query<T>(q, params)),
    exec: (q) => track(docs.sql.exec(q)),
    transaction: (fn) => track(docs.sql.transaction(fn)),
  };
  let modules: Awaited<ReturnType<typeof openModuleStores>>;
  try {
    modules = await openModuleStores(sql);
  } catch (e) {
    await docs.close().catch(() => {});
    throw e;
  }
  return {
    docs,
    ...modules,
    async close() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      await docs.close();
    },
  };
}
