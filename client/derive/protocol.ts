// Messages between the main thread and the derivation worker.
import type { Customer360, CustomerMetrics, Dashboard, DashboardFilter, HealthHistory } from '../../core/index.js';

export type ToWorker =
  /** First message: load the stored replica from this IndexedDB database (y-indexeddb), if any. */
  | { type: 'init'; idbName: string | null; asOf: string; cache: { workbookId: string; build: string } | null }
  | { type: 'update'; update: Uint8Array }
  | { type: 'asOf'; asOf: string }
  | { type: 'dashboard'; reqId: number; filter?: DashboardFilter; user?: string }
  /** One customer's page data (Customer 360). */
  | { type: 'customer'; reqId: number; id: string }
  /** One customer's daily health over the last 365 days (the engine's long series, computed on request). */
  | { type: 'health'; reqId: number; id: string }
  /** Which customers are behind a dashboard figure (a catalog drill key) under this filter. */
  | { type: 'drill'; reqId: number; key: string; filter?: DashboardFilter; user?: string };

export type FromWorker =
  | { type: 'metrics'; all: boolean; entries: [string, CustomerMetrics][]; removed: string[]; ms: number }
  | { type: 'dashboard'; reqId: number; result?: Dashboard; error?: string }
  /** result null: no such customer (removed, or never existed). */
  | { type: 'customer'; reqId: number; result?: Customer360 | null; error?: string }
  | { type: 'health'; reqId: number; result?: HealthHistory | null; error?: string }
  | { type: 'drill'; reqId: number; ids?: string[]; error?: string }
  | { type: 'error'; message: string }
  /** The worker could not read IndexedDB: send the whole state instead. */
  | { type: 'need-state' };
