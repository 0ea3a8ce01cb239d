// The derivation's output as it travels outside the engine: the client's IndexedDB cache
// (client/derive/cache.ts) and the server's derived snapshot (sync-server/derived.ts,
// GET /w/<id>/derived). Both are keyed by the document's content key; core defines the
// bytes that key hashes and each side hashes them with its own SHA-256 (WebCrypto in the
// browser, node:crypto on the server, synchronously in its worker): core stays free of
// platform types, and one definition keeps the two keys equal.
import * as Y from 'yjs';
import type { CustomerMetrics, Dashboard } from '../types.js';
import type { DashboardDetail } from '../catalog/detail.js';

/** What the content key is the SHA-256 of: the doc's snapshot (state vector + delete set), so any insert or deletion changes it. */
export const contentBytes = (doc: Y.Doc): Uint8Array => Y.encodeSnapshot(Y.snapshot(doc));

/** Lower-case hex of a digest. */
export const hexOf = (digest: Uint8Array): string => {
  let s = '';
  for (const b of digest) s += b.toString(16).padStart(2, '0');
  return s;
};

/** The key of a dashboard request (filter, user) in a cached or served output. */
export const dashboardKey = (filter: unknown, user: string | undefined | null) => JSON.stringify([filter ?? null, user ?? null]);

/** Bumped when the shape below changes. */
export const DERIVED_SNAPSHOT_FORMAT = 2;

/** A derivation's output kept outside the document: the server's snapshot, the browser's cache. */
export interface DerivedOutput {
  /** Content key (hex SHA-256 of contentBytes) of the document it was derived from. */
  key: string;
  asOf: string;
  metrics: [string, CustomerMetrics][];
  /** Dashboards by dashboardKey of the request. */
  dashboards: [string, Dashboard][];
  /** The dashboards' lists and pie counts (core/catalog/detail.ts), by the same keys. */
  details: [string, DashboardDetail][];
}

/** The server's derived snapshot of one workbook for one as-of date (dashboards: no filter, for no user and for each person holding a link). */
export interface DerivedSnapshot extends DerivedOutput {
  format: number;
  workbook: string;
  /** When it was computed (ms since the epoch). */
  computedAt: number;
}

/** `[key, object][]`, the shape of every keyed list in a derived output (metrics, dashboards, details). */
export const isKeyedList = (v: unknown): boolean =>
  Array.isArray(v) && v.every((e) => Array.isArray(e) && typeof e[0] === 'string' && !!e[1] && typeof e[1] === 'object');

/** Shape check of a snapshot received over the network, for this workbook and as-of date only. */
export function isDerivedSnapshot(v: unknown, workbook: string, asOf: string): v is DerivedSnapshot {
  const s = v as Partial<DerivedSnapshot> | null;
  return !!s && typeof s === 'object' && s.format === DERIVED_SNAPSHOT_FORMAT && s.workbook === workbook && s.asOf === asOf &&
    typeof s.key === 'string' && /^[0-9a-f]{64}$/.test(s.key) && isKeyedList(s.metrics) && isKeyedList(s.dashboards) && isKeyedList(s.details);
}
