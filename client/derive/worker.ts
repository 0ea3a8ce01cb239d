// The derivation engine off the main thread: a replica of the workbook's Y.Doc, fed by
// the main doc's updates, and core's incremental engine on top. Only the metrics of
// customers that changed travel back, so typing never waits for a recomputation.
import * as Y from 'yjs';
import { createDerivation, openWorkbook } from '../../core/index.js';
import type { FromWorker, ToWorker } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

const doc = new Y.Doc();
const workbook = openWorkbook(doc);
const today = new Date().toISOString().slice(0, 10);
let derivation: ReturnType<typeof createDerivation> | null = null;
let queue: Uint8Array[] = [];
let scheduled = false;
const post = (m: FromWorker) => self.postMessage(m);

function sendAll() {
  if (!derivation) return;
  const t = performance.now();
  const entries = [...derivation.metrics()];
  post({ type: 'metrics', all: true, entries, removed: [], ms: performance.now() - t });
}

function start(asOf: string) {
  derivation = createDerivation(workbook, { asOf });
  derivation.onChange(({ customers, all }) => {
    if (all) return sendAll();
    const entries: [string, ReturnType<NonNullable<typeof derivation>['get']>][] = [];
    const removed: string[] = [];
    for (const id of customers) {
      const m = derivation!.get(id);
      if (m) entries.push([id, m]);
      else removed.push(id);
    }
    post({ type: 'metrics', all: false, entries: entries as [string, NonNullable<(typeof entries)[0][1]>][], removed, ms: 0 });
  });
  sendAll();
}

// Updates arriving in one burst are applied in one transaction: one recomputation.
function flush() {
  scheduled = false;
  const batch = queue;
  queue = [];
  try {
    doc.transact(() => {
      for (const u of batch) Y.applyUpdate(doc, u);
    });
  } catch (e) {
    post({ type: 'error', message: String(e) });
  }
  if (!derivation) {
    try {
      start(pendingAsOf ?? today);
    } catch (e) {
      post({ type: 'error', message: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
    }
  }
}

let pendingAsOf: string | null = null;

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    if (m.type === 'update') {
      queue.push(m.update);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    } else if (m.type === 'asOf') {
      pendingAsOf = m.asOf;
      if (derivation) {
        derivation.setAsOf(m.asOf);
      }
    } else if (m.type === 'dashboard') {
      if (scheduled) flush();
      if (!derivation) start(pendingAsOf ?? today);
      const result = await derivation!.dashboard({ filter: m.filter, user: m.user });
      post({ type: 'dashboard', reqId: m.reqId, result });
    }
  } catch (e) {
    if (m.type === 'dashboard') post({ type: 'dashboard', reqId: m.reqId, error: String(e) });
    else post({ type: 'error', message: String(e) });
  }
};
