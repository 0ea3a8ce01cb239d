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
  MSG_SYNC, MSG_AWARENESS, MSG_QUERY_AWARENESS, CLOSE, closeWith,
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

export interface RoomOptions {
  compactThreshold: number;
  idleCompactMs: number;
  ackDelayMs: number;
  /** A peer that lets this much pile up unsent is cut off (it reconnects and resyncs). */
  maxBufferedBytes: number;
}

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
  private badRows = false;
  /** True when the doc holds an update that storage refused (see onDocUpdate). */
  private unsaved = false;
  private destroyed = false;
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
    this.badRows = bad > 0; // never compact over rows we could not read
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null); // the server is not a participant
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    if (stored.updates.length) log('info', `workbook ${id}: loaded ${stored.updates.length} stored update(s)`);
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === LOAD) return;
    const from = origin as Conn | undefined;
    let relay = update;
    try {
      // After a storage failure the doc is ahead of the disk: save (and relay) it whole.
      if (this.unsaved) relay = this.saveSnapshot();
      else this.lastSeq = this.storage.append(this.id, update);
      this.rows++;
    } catch (e) {
      // Not stored, so neither relayed nor acknowledged; retried at the next edit or idle.
      this.unsaved = true;
      this.log('error', `workbook ${this.id}: storing an update failed: ${(e as Error).message}`);
      if (from && this.conns.has(from)) {
        this.leave(from);
        closeWith(from.ws, CLOSE.internal, 'storage failed');
      }
      this.armIdle();
      return;
    }
    this.broadcast(updateMessage(relay), from);
    if (this.rows > this.opts.compactThreshold) this.queueCompact();
    this.armIdle();
  };

  private broadcast(msg: Uint8Array, except?: Conn) {
    for (const c of this.conns) if (c !== except) this.send(c, msg);
  }

  private armIdle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.compact(), this.opts.idleCompactMs);
    this.idleTimer.unref();
  }

  /** Writes the whole doc as one row (keeping unreadable rows, replacing the rest); returns it. */
  private saveSnapshot(): Uint8Array {
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    if (this.badRows) this.lastSeq = this.storage.append(this.id, snapshot);
    else {
      this.lastSeq = this.storage.compact(this.id, this.lastSeq, snapshot);
      this.rows = 0;
    }
    this.unsaved = false;
    return snapshot;
  }

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
    for (const c of this.conns) this.send(c, msg);
  };

  /**
   * Coalesces acks: at most one per connection every `ackDelayMs`, carrying the state
   * vector of everything stored. Sent after every update a client sends, even one that
   * changed nothing (a resend after a lost ack), so its pending count can reach zero.
   */
  private scheduleAck(c: Conn) {
    if (c.ackTimer || !this.conns.has(c)) return;
    c.ackTimer = setTimeout(() => {
      c.ackTimer = undefined;
      if (this.conns.has(c) && !this.unsaved) this.send(c, ackMessage(this.doc));
    }, this.opts.ackDelayMs);
  }

  join(c: Conn) {
    clearTimeout(this.evictTimer);
    this.evictTimer = undefined;
    this.conns.add(c);
    // Our step 1 asks the client for what we lack; its step 1 (handled below) gets what it lacks.
    this.send(c, syncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) this.send(c, awarenessMessage(this.awareness, states));
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
          this.send(c, syncStep2(Y.encodeStateAsUpdate(this.doc, sv)));
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(d);
          // Viewers' edits are never applied, stored or relayed; their ack then tells them so.
          if (c.role === 'editor') Y.applyUpdate(this.doc, update, c);
          this.scheduleAck(c);
        } else {
          throw new ProtocolError(`unknown sync step ${step}`);
        }
        return;
      }
      case MSG_AWARENESS:
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), c);
        return;
      case MSG_QUERY_AWARENESS:
        this.send(c, awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  }

  private send(c: Conn, msg: Uint8Array) {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > this.opts.maxBufferedBytes) {
      this.log('warn', `workbook ${this.id}: cutting off ${c.role} "${c.name}", ${c.ws.bufferedAmount} bytes unsent (too slow)`);
      this.leave(c);
      c.ws.terminate();
      return;
    }
    c.ws.send(msg);
  }

  private queueCompact() {
    if (this.compactQueued) return;
    this.compactQueued = true;
    setImmediate(() => {
      this.compactQueued = false;
      if (!this.destroyed) this.compact();
    });
  }

  /** Folds the stored log into one snapshot of the doc (which holds every stored update). */
  compact() {
    clearTimeout(this.idleTimer);
    if (!this.unsaved && (this.rows <= 1 || this.badRows)) return;
    const recovering = this.unsaved;
    try {
      const snapshot = this.saveSnapshot();
      this.rows = 1;
      if (recovering) {
        this.broadcast(updateMessage(snapshot));
        for (const c of this.conns) this.scheduleAck(c);
        this.log('info', `workbook ${this.id}: saved after an earlier storage failure`);
      }
    } catch (e) {
      this.log('error', `workbook ${this.id}: compaction failed (log kept): ${(e as Error).message}`);
    }
  }

  /**
   * A change made by the server itself (the integration API): one doc transaction with
   * `origin`, whose update then takes the editors' path above (stored, relayed to every
   * connection, compaction). Resolves once stored; rejects when storage refused it (the
   * doc keeps it and saves it at the next retry, as for an editor's update).
   */
  async applyServerChange(change: () => void, origin: object): Promise<void> {
    this.doc.transact(change, origin);
    if (this.unsaved) throw new Error(`workbook ${this.id}: the change could not be stored`);
  }

  get storedRows() { return this.rows; }
  /** The doc holds edits storage refused: not to be evicted until they are saved. */
  get hasUnsaved() { return this.unsaved; }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.evictTimer);
    for (const c of this.conns) clearTimeout(c.ackTimer);
    this.compact();
    this.awareness.destroy();
    this.doc.destroy();
  }
}


