// The workspace's stores, opened together over the server's database file.
import type Database from 'better-sqlite3';
import { openWorkspaceDb } from './workspace-db.js';
import { SqliteWorkbookRegistry, type WorkbookRegistry } from './workbooks.js';
import { SqliteLinkStore, type LinkStore } from './links.js';
import { SqliteHistoryStore, type HistoryStore } from './history.js';
import { SqliteVersionStore, type VersionStore } from './versions.js';

export interface WorkspaceStores {
  workbooks: WorkbookRegistry;
  links: LinkStore;
  history: HistoryStore;
  versions: VersionStore;
  close(): void;
}

export function openWorkspaceStores(dataDir: string): WorkspaceStores {
  const db: Database.Database = openWorkspaceDb(dataDir);
  return {
    workbooks: new SqliteWorkbookRegistry(db),
    links: new SqliteLinkStore(db),
    history: new SqliteHistoryStore(db),
    versions: new SqliteVersionStore(db),
    close: () => { if (db.open) db.close(); },
  };
}
