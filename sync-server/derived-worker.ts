// The derived-snapshot worker thread (sync-server/derived.ts): a replica of every open
// workbook, fed with the room's stored bytes and then each update, and core's incremental
// engine on top, one per as-of date asked for. A snapshot request serialises the metrics and
// dashboards with the replica's content key and gzips them here, so the server's event loop
// only copies bytes: at 10,000 customers encoding the doc alone takes seconds, deriving it ~5 s.
import { parentPort } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import {
  DERIVED_SNAPSHOT_FORMAT, chunkedTables, contentBytes, createDerivation, dashboardKey, hexOf, openWorkbook,
  type Derivation, type DerivedSnapshot, type Workbook,
} from '../core/index.js';
import type { FromDerivedWorker, ToDerivedWorker } from './derived-protocol.js';

interface Replica { doc: Y.Doc; wb: Workbook; engines: Map<string, Derivation>; pending: Uint8Array[]; pendingBytes: number }
const replicas = new Map<string, Replica>();
/**
 * Above this many bytes arriving at once (an import, a demo load, a big offline batch) the
 * engines are dropped and rebuilt at the next snapshot: one full derivation then costs less
 * than the incremental engine's work on many large updates.
 */
const REBUILD_BYTES = 4 * 1024 * 1024;

/** Updates that arrived together are applied in one transaction: one engine update, not one each. */
function applyPending(r: Replica) {
  if (!r.pending.length) return;
  const batch = r.pending;
  const bytes = r.pendingBytes;
  r.pending = [];
  r.pendingBytes = 0;
  if (bytes > REBUILD_BYTES) dropEngines(r);
  try {
    r.doc.transact(() => { for (const u of batch) Y.applyUpdate(r.doc, u); });
  } catch (e) {
    // An engine that failed mid-update may be out of step: rebuilt at the next snapshot.
    dropEngines(r);
    throw e;
  }
}

function dropEngines(r: Replica) {
  for (const e of r.engines.values()) e.dispose();
  r.engines.clear();
}

let flushQueued = false;
function flushSoon() {
  if (flushQueued) return;
  flushQueued = true;
  setImmediate(() => {
    flushQueued = false;
    for (const [id, r] of replicas) {
      try {
        applyPending(r);
      } catch (e) {
        post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
      }
    }
  });
}
const port = parentPort!;
const post = (m: FromDerivedWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

function snapshot(id: string, r: Replica, asOfs: string[], users: string[]) {
  const t0 = performance.now();
  applyPending(r);
  // Engines for dates no longer asked for go; the others stay current incrementally.
  for (const [d, e] of r.engines) if (!asOfs.includes(d)) { e.dispose(); r.engines.delete(d); }
  const key = hexOf(createHash('sha256').update(contentBytes(r.doc)).digest());
  const out: Extract<FromDerivedWorker, { type: 'snapshot' }>['results'] = [];
  for (const asOf of asOfs) {
    const t = performance.now();
    let engine = r.engines.get(asOf);
    if (!engine) r.engines.set(asOf, (engine = createDerivation(r.wb, { asOf })));
    // The client asks with the normalised filter ({}) and its person's name (the link's).
    const dashboards: DerivedSnapshot['dashboards'] = [[dashboardKey({}, null), engine.dashboard({ filter: {} })]];
    for (const u of users) dashboards.push([dashboardKey({}, u), engine.dashboard({ filter: {}, user: u })]);
    const details: DerivedSnapshot['details'] = [[dashboardKey({}, null), engine.detail({ filter: {} })]];
    for (const u of users) details.push([dashboardKey({}, u), engine.detail({ filter: {}, user: u })]);
    const body: DerivedSnapshot = {
      format: DERIVED_SNAPSHOT_FORMAT, workbook: id, key, asOf, metrics: [...engine.metrics()], dashboards, details, computedAt: Date.now(),
    };
    const json = Buffer.from(JSON.stringify(body));
    const gz = gzipSync(json, { level: 6 });
    const bytes = new Uint8Array(gz.buffer.slice(gz.byteOffset, gz.byteOffset + gz.byteLength));
    out.push({ asOf, gz: bytes, jsonBytes: json.byteLength, ms: performance.now() - t });
  }
  post({ type: 'snapshot', id, key, results: out, ms: performance.now() - t0 }, out.map((o) => o.gz.buffer as ArrayBuffer));
}

port.on('message', (m: ToDerivedWorker) => {
  try {
    if (m.type === 'open') {
      replicas.get(m.id)?.doc.destroy();
      const doc = new Y.Doc({ gc: true });
      doc.transact(() => { for (const u of m.updates) Y.applyUpdate(doc, u); });
      // Only the engines read this replica: the chunked tables are decoded when they do (data-layout.md).
      replicas.set(m.id, { doc, wb: openWorkbook(doc, { rowless: [...chunkedTables] }), engines: new Map(), pending: [], pendingBytes: 0 });
    } else if (m.type === 'update') {
      const r = replicas.get(m.id);
      if (!r) return;
      r.pending.push(m.update);
      r.pendingBytes += m.update.byteLength;
      flushSoon();
    } else if (m.type === 'snapshot') {
      const r = replicas.get(m.id);
      if (r) snapshot(m.id, r, m.asOfs, m.users);
      else post({ type: 'error', id: m.id, message: 'no replica' });
    } else if (m.type === 'close') {
      const r = replicas.get(m.id);
      replicas.delete(m.id);
      if (r) {
        dropEngines(r);
        r.doc.destroy();
      }
    }
  } catch (e) {
    post({ type: 'error', id: m.id, message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
});
