// Every store beside the document log, on the same database as it (store.sql): the
// workspace's (workbooks registry, links, history, versions) and the integration API's
// (keys, webhooks). Opening runs each module's versioned migrations; the same code serves
// SQLite (DATA_DIR/pulso.sqlite) and PostgreSQL (DATABASE_URL).
import type { SqlDb } from './sql.js';
import { migrate, type Migration } from './migrate.js';
import { SqlWorkbookRegistry, WORKBOOK_MIGRATIONS, type WorkbookRegistry } from './workbooks.js';
import { SqlLinkStore, LINK_MIGRATIONS, type LinkStore } from './links.js';
import { SqlHistoryStore, HISTORY_MIGRATIONS, type HistoryStore } from './history.js';
import { SqlVersionStore, VERSION_MIGRATIONS, type VersionStore } from './versions.js';
import { SqlApiKeyStore, API_KEY_MIGRATIONS, type ApiKeyStore } from './api-keys.js';
import { SqlWebhookStore, WEBHOOK_MIGRATIONS, type WebhookStore } from './webhooks-store.js';

export interface WorkspaceStores {
  workbooks: WorkbookRegistry;
  links: LinkStore;
  history: HistoryStore;
  versions: VersionStore;
}

export interface ApiStores {
  keys: ApiKeyStore;
  webhooks: WebhookStore;
}

/** Each component's schema, migrated in this order (component names are stored in schema_migrations). */
export const STORE_MIGRATIONS: readonly (readonly [string, readonly Migration[]])[] = [
  ['workbooks', WORKBOOK_MIGRATIONS],
  ['links', LINK_MIGRATIONS],
  ['history', HISTORY_MIGRATIONS],
  ['versions', VERSION_MIGRATIONS],
  ['api_keys', API_KEY_MIGRATIONS],
  ['webhooks', WEBHOOK_MIGRATIONS],
];

export async function openModuleStores(sql: SqlDb): Promise<{ workspace: WorkspaceStores; api: ApiStores }> {
  for (const [component, steps] of STORE_MIGRATIONS) await migrate(sql, component, steps);
  return {
    workspace: {
      workbooks: new SqlWorkbookRegistry(sql),
      links: new SqlLinkStore(sql),
      history: new SqlHistoryStore(sql),
      versions: new SqlVersionStore(sql),
    },
    api: { keys: new SqlApiKeyStore(sql), webhooks: new SqlWebhookStore(sql) },
  };
}
