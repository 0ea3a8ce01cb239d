// Messages between the main thread and the derivation worker.
import type { Customer360, Dashboard, DashboardDetail, DashboardFilter, HealthHistory } from '../../core/index.js';
import type { MetricsMessage } from './metrics-chunks.js';

export type ToWorker =
  /** First message: load the stored replica from this IndexedDB database (y-indexeddb), if any. */
  | { type: 'init'; idbName: string | null; asOf: string; cache: { workbookId: string; build: string } | null; hold: boolean }
  /** Derive now; with verify, first send the synced document's content key ('synced-key'). */
  | { type: 'release'; verify: boolean }
  | { type: 'update'; update: Uint8Array }
  | { type: 'asOf'; asOf: string }
  /** While on, updates are queued and not derived (an import being applied); off derives them at once. */
  | { type: 'hold'; on: boolean }
  /** The person using the page: every cache write keeps their unfiltered dashboard (see worker.ts). */
  | { type: 'viewer'; user: string }
  | { type: 'dashboard'; reqId: number; filter?: DashboardFilter; user?: string }
  /** One customer's page data (Customer 360). */
  | { type: 'customer'; reqId: number; id: string }
  /** One customer's daily health over the last 365 days (the engine's long series, computed on request). */
  | { type: 'health'; reqId: number; id: string }
  /** Which customers are behind a dashboard figure (a catalog drill key) under this filter. */
  | { type: 'drill'; reqId: number; key: string; filter?: DashboardFilter; user?: string }
  /** The dashboard's lists and pie counts (core/catalog/detail.ts) under this filter. */
  | { type: 'detail'; reqId: number; filter?: DashboardFilter; user?: string };

export type FromWorker =
  | MetricsMessage
  | { type: 'dashboard'; reqId: number; result?: Dashboard; error?: string }
  /** result null: no such customer (removed, or never existed). */
  | { type: 'customer'; reqId: number; result?: Customer360 | null; error?: string }
  | { type: 'health'; reqId: number; result?: HealthHistory | null; error?: string }
  | { type: 'drill'; reqId: number; ids?: string[]; error?: string }
  | { type: 'detail'; reqId: number; result?: DashboardDetail; error?: string }
  | { type: 'error'; message: string }
  /** contentKey of the stored workbook as the worker loaded it, before deriving: it tells
   * whether the cached output on screen is current long before the first derivation ends. */
  | { type: 'stored-key'; key: string }
  /** contentKey of the document once the page's first server sync reached the worker (release with verify). */
  | { type: 'synced-key'; key: string }
  /** The worker could not read IndexedDB: send the whole state instead. */
  | { type: 'need-state' };

/** The requests the worker answers, matched by reqId. */
export type WorkerRequest = Extract<ToWorker, { reqId: number }>;
export type WorkerAnswer = Extract<FromWorker, { reqId: number }>;
/** A request as the caller writes it: the client numbers it. */
export type Ask = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'reqId'> : never) : never;
