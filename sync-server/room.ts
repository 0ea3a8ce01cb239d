// One open workbook: its Y.Doc (loaded in full from storage when the room is created, so no
// client ever syncs against a half-loaded doc), its awareness, and its connections.
// Data flow for an editor's update: apply to the doc → Yjs emits the effective update →
// append it to SQLite (committed) → relay to the other connections → ack the sender.
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import type { Storage } from './storage.js';
import type { Role } from './tokens.js';
import type { Log } from './log.js';
import {
  MSG_SYNC, MSG_AWARENESS, MSG_QUERY_AWARENESS, CLOSE,
  syncStep1, syncStep2, updateMessage, awarenessMessage, ackMessage,
} from './protocol.js';

export interface Conn {
  ws: WebSocket;
  role: Role;
  name: string;
  /** Awareness client ids this connection announced, removed when it leaves. */
  awarenessIds: Set<number>;
  ackTimer?: NodeJS.Timeout;
  alive: boolean;
}

export interface RoomOptions { compactThreshold: number; idleCompactMs: number; ackDelayMs: number }

/** A message we refuse; the connection is closed with `code`. */
export class ProtocolError extends Error {
  constructor(message: string, readonly code: number = CLOSE.badMessage) { super(message); }
}

const LOAD = Symbol('load');

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Set<Conn>();
  /** Rows in this workbook's log since the last snapshot (compaction when > threshold). */
  private rows: number;
  private lastSeq: number;
  private idleTimer?: NodeJS.Timeout;
  private compactQueued = false;
  evictTimer?: NodeJS.Timeout;

  constructor(readonly id: string, private storage: Storage, private opts: RoomOptions, private log: Log) {
    const stored = storage.load(id);
    this.lastSeq = stored.lastSeq;
    this.rows = stored.updates.length;
    let bad = 0;
    this.doc.transact(() => {
      for (const u of stored.updates) {
        try {
          Y.applyUpdate(this.doc, u, LOAD);
        } catch (e) {
          bad++; // keep the row: never delete data we cannot read
          log('error', `workbook ${id}: a stored update could not be read (${(e as Error).message}); kept in the database`);
        }
      }
    }, LOAD);
    if (bad) this.rows = Infinity; // never compact over unreadable rows
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null); // the server is not a participant
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    if (stored.updates.length) log('info', `workbook ${id}: loaded ${stored.updates.length} stored update(s)`);
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === LOAD) return;
    const from = origin as Conn | undefined;
    try {
      this.lastSeq = this.storage.append(this.id, update);
    } catch (e) {
      // Not stored, so not relayed: the sender reconnects and resends (its state is ahead).
      this.log('error', `workbook ${this.id}: storing an update failed: ${(e as Error).message}`);
      from?.ws.close(CLOSE.internal, 'storage failed');
      return;
    }
    this.rows++;
    const msg = updateMessage(update);
    for (const c of this.conns) if (c !== from) send(c, msg);
    if (from && this.conns.has(from)) this.scheduleAck(from);
    if (this.rows > this.opts.compactThreshold) this.queueCompact();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.compact(), this.opts.idleCompactMs);
    this.idleTimer.unref();
  };

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = added.concat(updated, removed);
    const from = origin as Conn | undefined;
    if (from && this.conns.has(from)) {
      for (const id of added) from.awarenessIds.add(id);
      for (const id of removed) from.awarenessIds.delete(id);
    }
    const msg = awarenessMessage(this.awareness, changed);
    for (const c of this.conns) send(c, msg);
  };

  /** Coalesces acks: at most one per connection every `ackDelayMs`, carrying the latest state. */
  private scheduleAck(c: Conn) {
    if (c.ackTimer) return;
    c.ackTimer = setTimeout(() => {
      c.ackTimer = undefined;
      if (this.conns.has(c)) send(c, ackMessage(this.doc));
    }, this.opts.ackDelayMs);
  }

  join(c: Conn) {
    clearTimeout(this.evictTimer);
    this.evictTimer = undefined;
    this.conns.add(c);
    // Our step 1 asks the client for what we lack; its step 1 (handled below) gets what it lacks.
    send(c, syncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) send(c, awarenessMessage(this.awareness, states));
  }

  leave(c: Conn) {
    if (!this.conns.delete(c)) return;
    clearTimeout(c.ackTimer);
    c.ackTimer = undefined;
    if (c.awarenessIds.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...c.awarenessIds], null);
  }

  /** Handles one client message; throws ProtocolError (or a decoding error) on bad input. */
  handle(c: Conn, data: Uint8Array) {
    const d = decoding.createDecoder(data);
    const type = decoding.readVarUint(d);
    switch (type) {
      case MSG_SYNC: {
        const step = decoding.readVarUint(d);
        if (step === syncProtocol.messageYjsSyncStep1) {
          const sv = decoding.readVarUint8Array(d);
          send(c, syncStep2(Y.encodeStateAsUpdate(this.doc, sv)));
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(d);
          if (c.role !== 'editor') return; // viewers' edits are never applied, stored or relayed
          Y.applyUpdate(this.doc, update, c);
        } else {
          throw new ProtocolError(`unknown sync step ${step}`);
        }
        return;
      }
      case MSG_AWARENESS:
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), c);
        return;
      case MSG_QUERY_AWARENESS:
        send(c, awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  }

  private queueCompact() {
    if (this.compactQueued) return;
    this.compactQueued = true;
    setImmediate(() => {
      this.compactQueued = false;
      this.compact();
    });
  }

  /** Folds the stored log into one snapshot of the doc (which holds every stored update). */
  compact() {
    clearTimeout(this.idleTimer);
    if (this.rows <= 1 || this.rows === Infinity) return;
    try {
      this.lastSeq = this.storage.compact(this.id, this.lastSeq, Y.encodeStateAsUpdate(this.doc));
      this.rows = 1;
    } catch (e) {
      this.log('error', `workbook ${this.id}: compaction failed (log kept): ${(e as Error).message}`);
    }
  }

  get storedRows() { return this.rows; }

  destroy() {
    clearTimeout(this.idleTimer);
    clearTimeout(this.evictTimer);
    for (const c of this.conns) clearTimeout(c.ackTimer);
    this.compact();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function send(c: Conn, msg: Uint8Array) {
  if (c.ws.readyState !== c.ws.OPEN) return;
  c.ws.send(msg);
}
