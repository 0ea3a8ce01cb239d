// Local-first replication of one workbook: IndexedDB first (the workbook opens offline),
// then the sync server through the stock y-websocket client. Exposes the sync state and
// the number of local operations the server has not confirmed yet.
import * as Y from 'yjs';
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as bc from 'lib0/broadcastchannel';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { createSignal, type Accessor } from 'solid-js';
import { unconfirmedOps } from './unconfirmed.js';
import { MSG } from '../../core/index.js';
import { indexedDBUsable } from './local-store.js';
import { createOutbox } from './outbox.js';
import { PartedWebSocket } from './parted-socket.js';

/** Half the server's default budget (100 messages a second, bursts of 1,000); messages of at most 1 MB (merging one costs ~10–20 ms). */
const OUTBOX = { perSecond: 50, burst: 500, maxBytes: 1024 * 1024 };

export type SyncState = 'offline' | 'connecting' | 'synced';
export interface Refusal { code: number; reason: string }

export interface SyncSession {
  state: Accessor<SyncState>;
  /** Operations not yet confirmed by the server; null while unknown. */
  unconfirmed: Accessor<number | null>;
  refused: Accessor<Refusal | null>;
  /** Resolves when the local (IndexedDB) copy is loaded into the doc (at once when there is none). */
  localLoaded: Promise<void>;
  /** Whether this browser lets the workbook be kept offline (null while finding out). */
  localAvailable: Accessor<boolean | null>;
  /** The IndexedDB database the local copy is in, or null when the browser refuses storage. */
  localName: Promise<string | null>;
  /** Resolves at the first sync with the server (its state is then in the doc); never without a token. */
  firstSynced: Promise<void>;
  provider: WebsocketProvider | null;
  awareness: WebsocketProvider['awareness'] | null;
  destroy(): void;
}

/** The IndexedDB database (y-indexeddb) holding a workbook's local replica. */
export const idbNameOf = (workbookId: string) => `pulso-${workbookId}`;
const svKey = (id: string) => `pulso:serverSV:${id}`;

function toB64(u: Uint8Array): string {
  let s = '';
  for (const b of u) s += String.fromCharCode(b);
  return btoa(s);
}
function fromB64(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

export interface SyncOptions {
  doc: Y.Doc;
  workbookId: string;
  token: string | null;
  wsOrigin: string;
  /** Load the stored workbook only after this settles (the first paint from the derived cache). */
  localAfter?: Promise<unknown>;
}

export function startSync(opts: SyncOptions): SyncSession {
  const { doc, workbookId, token } = opts;
  let destroyed = false;
  const [state, setState] = createSignal<SyncState>('offline');
  const [unconfirmed, setUnconfirmed] = createSignal<number | null>(null);
  const [refused, setRefused] = createSignal<Refusal | null>(null);

  // The last server state vector we heard of survives reloads, so an offline reload still
  // shows how much is waiting.
  let serverSV: Map<number, number> | null = null;
  try {
    const saved = localStorage.getItem(svKey(workbookId));
    if (saved) serverSV = Y.decodeStateVector(fromB64(saved));
  } catch {
    serverSV = null;
  }
  let pendingRecount = false;
  const recount = () => {
    if (pendingRecount) return;
    pendingRecount = true;
    queueMicrotask(() => {
      pendingRecount = false;
      if (!serverSV) return setUnconfirmed(null);
      setUnconfirmed(unconfirmedOps(Y.decodeStateVector(Y.encodeStateVector(doc)), serverSV));
    });
  };
  const learnServerSV = (sv: Uint8Array) => {
    serverSV = Y.decodeStateVector(sv);
    try {
      localStorage.setItem(svKey(workbookId), toB64(sv));
    } catch {
      /* storage full: the count is only informative */
    }
    recount();
  };

  // Private windows and browsers with storage turned off refuse IndexedDB: the app then
  // works from the server alone and says that offline is unavailable.
  const [localAvailable, setLocalAvailable] = createSignal<boolean | null>(null);
  const local = { idb: null as IndexeddbPersistence | null, compactDue: false };
  const compactWhenHidden = () => {
    if (document.visibilityState !== 'hidden' || !local.compactDue || destroyed || !local.idb) return;
    local.compactDue = false;
    void storeState(local.idb, true);
  };
  document.addEventListener('visibilitychange', compactWhenHidden);
  const localUsable = indexedDBUsable().then((ok) => {
    setLocalAvailable(ok);
    return ok;
  });
  const localLoaded = Promise.all([localUsable, opts.localAfter]).then(([ok]) => {
    if (!ok || destroyed) return;
    const idb = new IndexeddbPersistence(idbNameOf(workbookId), doc);
    local.idb = idb;
    // Yjs encodes a transaction as an update only when someone listens to 'update'. While the
    // stored workbook loads nobody does (y-indexeddb's own listener is parked), so a large
    // workbook is decoded once and never re-encoded on the main thread.
    const idbInternals = idb as unknown as { _storeUpdate: (u: Uint8Array, o: unknown) => void; _dbsize: number };
    const ownStore = idbInternals._storeUpdate;
    doc.off('update', ownStore);
    // y-indexeddb compacts its log every 500 updates by re-encoding the whole workbook on the
    // main thread (seconds at 10,000 customers, in the middle of typing). We keep its counter
    // below the threshold and compact when the page is hidden instead.
    const storeUpdate = (u: Uint8Array, o: unknown) => {
      if (idbInternals._dbsize >= 450) {
        local.compactDue = true;
        idbInternals._dbsize = 0;
      }
      ownStore(u, o);
    };
    return Promise.race([
      idb.whenSynced.then(() => {
        if (!destroyed) doc.on('update', storeUpdate);
      }),
      // A stalled IndexedDB must not keep the app from opening.
      new Promise<void>((r) => setTimeout(r, 60_000)),
    ]);
  });
  const onUpdate = () => recount();
  void localLoaded.then(() => {
    if (!destroyed) doc.on('update', onUpdate);
  });

  let provider: WebsocketProvider | null = null;
  const outgoing = { stop: () => {} };
  const firstSync = { resolve: () => {} };
  const firstSynced = new Promise<void>((r) => (firstSync.resolve = r));
  if (token) {
    provider = new WebsocketProvider(`${opts.wsOrigin}/sync`, workbookId, doc, {
      connect: false,
      params: { token },
      maxBackoffTime: 2500,
      WebSocketPolyfill: PartedWebSocket,
    });
    const p = provider;
    // Its 'update' listener would have Yjs encode the whole stored workbook as one update
    // when it loads (~0.85 s at 10,000 customers, for a socket not yet open): parked until
    // the load is in. Nothing is lost meanwhile: connecting starts with a sync exchange.
    const internals = p as unknown as { _updateHandler: (u: Uint8Array, o: unknown) => void; _bcSubscriber: (data: ArrayBuffer, origin: unknown) => void };
    doc.off('update', internals._updateHandler);
    // Through the outbox: within the server's message budget, merged in bursts.
    const outbox = createOutbox((u) => internals._updateHandler(u, null), OUTBOX);
    const toServer = (u: Uint8Array, origin: unknown) => {
      if (origin !== p) outbox.push(u);
    };
    void localLoaded.then(() => {
      if (!destroyed) doc.on('update', toServer);
    });
    outgoing.stop = () => doc.off('update', toServer);
    // y-websocket's connectBc also broadcasts the whole workbook (sync step 2) to the other
    // tabs of this workbook, whether there are any or not: ~0.6 s of encoding and copying on
    // every open at 10,000 customers. Sync step 1 alone has each open tab answer with what
    // this one lacks; what they lack of it (nothing, usually: it just loaded the IndexedDB
    // copy they write to) reaches them through the server.
    p.connectBc = () => {
      if (p.disableBc) return;
      if (!p.bcconnected) {
        bc.subscribe(p.bcChannel, internals._bcSubscriber);
        p.bcconnected = true;
      }
      const publish = (type: number, write: (e: encoding.Encoder) => void) => {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, type);
        write(e);
        bc.publish(p.bcChannel, encoding.toUint8Array(e), p);
      };
      publish(MSG.sync, (e) => syncProtocol.writeSyncStep1(e, doc));
      publish(MSG.queryAwareness, () => {});
      publish(MSG.awareness, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(p.awareness, [doc.clientID])));
    };
    // Type 100: the server's state vector after it stored one of our updates.
    p.messageHandlers[MSG.ack] = (_enc, dec) => {
      learnServerSV(decoding.readVarUint8Array(dec));
    };
    // Sync step 1 from the server carries its state vector: peek at it, then let the
    // stock handler answer.
    const syncHandler = p.messageHandlers[MSG.sync];
    p.messageHandlers[MSG.sync] = (enc, dec, prov, emitSynced, type) => {
      try {
        const peek = decoding.createDecoder(dec.arr.subarray(dec.pos));
        if (decoding.readVarUint(peek) === 0) learnServerSV(decoding.readVarUint8Array(peek));
      } catch {
        /* malformed: the stock handler will report it */
      }
      syncHandler(enc, dec, prov, emitSynced, type);
    };
    const update = () => {
      if (refused() || !navigator.onLine) return setState('offline');
      if (p.wsconnected && p.synced) setState('synced');
      else if (p.wsconnected || p.wsconnecting) setState('connecting');
      else setState('offline');
    };
    p.on('status', update);
    p.on('sync', update);
    p.on('sync', (isSynced: boolean) => { if (isSynced) firstSync.resolve(); });
    p.on('connection-close', () => {
      // Jitter: spread reconnects of many clients after a server restart.
      p.maxBackoffTime = 1500 + Math.random() * 2000;
      update();
    });
    p.on('closed', (e: { code: number; reason: string }) => {
      setRefused({ code: e.code, reason: e.reason });
      update();
    });
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    void localLoaded.then(() => {
      if (!destroyed) p.connect();
      update();
    });
  }
  void localLoaded.then(recount);

  return {
    state,
    unconfirmed,
    refused,
    localLoaded,
    localAvailable,
    localName: localUsable.then((ok) => (ok ? idbNameOf(workbookId) : null)),
    firstSynced,
    provider,
    awareness: provider?.awareness ?? null,
    destroy() {
      destroyed = true;
      document.removeEventListener('visibilitychange', compactWhenHidden);
      doc.off('update', onUpdate);
      outgoing.stop();
      provider?.destroy();
      void local.idb?.destroy();
    },
  };
}
