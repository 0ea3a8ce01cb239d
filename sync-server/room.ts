// One open workbook: its Y.Doc (loaded in full from storage before the room exists, so no
// client ever syncs against a half-loaded doc), its awareness, and its connections.
// Data flow for an editor's update: apply to the doc → Yjs emits the effective update →
// queued, appended to storage in batches (committed) → relayed to the other connections and
// published to the other instances (link) → the sender acked. Updates from other instances
// (origin REMOTE) are already stored: they are only relayed to this room's connections.
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import { DamagedStorageError, type DocStore } from './storage.js';
import { SOLO_LINK, type RoomLink } from './room-link.js';
import { canEdit, type Role } from './tokens.js';
import type { Log } from './log.js';
import {
  MSG_SYNC, MSG_AWARENESS, MSG_QUERY_AWARENESS, CLOSE, closeWith, ProtocolError,
  syncStep1, syncStep2, updateMessage, awarenessMessage, ackMessage,
} from './protocol.js';
import type { Limits } from './limits.js';
import { ClientIdOwners, writesOf, pendingBytes, dropPending } from './client-ids.js';
import { decodeAwareness, sanitizePresence, encodeAwareness } from './awareness-guard.js';

export { ProtocolError };

export interface Conn {
  ws: WebSocket;
  role: Role;
  name: string;
  /** Awareness client ids this connection announced (at most one), removed when it leaves. */
  awarenessIds: Set<number>;
  /** Yjs client ids this connection wrote with; no other live connection may write with them. */
  clientIds: Set<number>;
  /** Its updates held back for a clock gap (see Limits.gappedUpdatesPerConn). */
  gapped: number;
  /** Sync step 1 requests (each answered with the doc's missing part). */
  step1s: number;
  /** Size of the last full sync sent: its backlog allowance comes on top of the per-peer cap. */
  syncBytes: number;
  ackTimer?: NodeJS.Timeout;
  alive: boolean;
  /** A liveness ping is out because another connection claimed one of its ids. */
  probing?: boolean;
}

export interface RoomOptions {
  compactThreshold: number;
  idleCompactMs: number;
  ackDelayMs: number;
  limits: Pick<Limits, 'bufferedBytesPerConn' | 'gappedUpdatesPerConn' | 'pendingBytesPerWorkbook' | 'awarenessBytes' | 'awarenessStateBytes'>;
  /** Checks that a connection holding an id someone else claims is still there (see client-ids.ts). */
  probe?: (owner: Conn) => void;
}

/** Sync step 1 requests one connection may make (the stock client sends one per connection). */
const MAX_STEP1 = 10;

const LOAD = Symbol('load');
/** Origin of updates that other instances stored (stream, catch-up, compaction reads). */
export const REMOTE = Symbol('remote');
/** Most updates appended in one storage transaction. */
const BATCH = 256;

interface Queued { update: Uint8Array; from: Conn | undefined }

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Set<Conn>();
  private writers = new ClientIdOwners<Conn>((c) => c.clientIds);
  private presence = new ClientIdOwners<Conn>((c) => c.awarenessIds);
  /** Stored rows for this workbook (snapshot + log) as far as this room knows. */
  private rows: number;
  /** Highest sequence number this room has read or written, and the catch-up floor. */
  private lastSeq: number;
  private catchUpFrom: number;
  private snapshotChecksum: string | null;
  private idleTimer?: NodeJS.Timeout;
  private compactQueued = false;
  private compacting: Promise<void> | null = null;
  private leaseRetryAt = 0;
  /** Updates applied to the doc, waiting to be stored (in order), and the writer draining them. */
  private queue: Queued[] = [];
  private writer: Promise<void> | null = null;
  private enqueued = 0;
  private committed = 0;
  private durableWaiters: { target: number; resolve: () => void }[] = [];
  /** True when the doc holds updates storage refused (see flush). */
  private unsaved = false;
  private destroyed = false;
  /** Joins in progress (token checked, socket upgrading): the room is not evicted under them. */
  pendingJoins = 0;
  evictTimer?: NodeJS.Timeout;
  link: RoomLink = SOLO_LINK;
  /** The stored rows the doc was loaded from, until taken (the derived-snapshot worker starts its replica from them). */
  private loadedRows: Uint8Array[] | null;

  /** Loads a workbook from storage; throws DamagedStorageError when its stored state fails to verify or decode. */
  static async open(id: string, storage: DocStore, opts: RoomOptions, log: Log): Promise<Room> {
    const stored = await storage.load(id);
    return new Room(id, storage, opts, log, stored);
  }

  private constructor(
    readonly id: string, private storage: DocStore, private opts: RoomOptions, private log: Log,
    stored: Awaited<ReturnType<DocStore['load']>>,
  ) {
    this.lastSeq = stored.lastSeq;
    this.catchUpFrom = 0;
    this.snapshotChecksum = stored.snapshotChecksum;
    this.rows = stored.updates.length;
    this.loadedRows = stored.updates;
    stored.updates.forEach((u, i) => {
      try {
        Y.applyUpdate(this.doc, u, LOAD);
      } catch (e) {
        // Verified bytes that Yjs cannot read: refuse the workbook rather than serve part of it.
        this.doc.destroy();
        throw new DamagedStorageError(id, `${stored.snapshotChecksum && i === 0 ? 'snapshot' : `log row ${i + (stored.snapshotChecksum ? 0 : 1)}`}`,
          `cannot be decoded (${(e as Error).message})`);
      }
    });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null); // the server is not a participant
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    if (stored.updates.length) log('info', `workbook ${id}: loaded ${stored.updates.length} stored update(s)`);
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === LOAD) return;
    if (origin === REMOTE) {
      this.broadcast(updateMessage(update));
      // Rows other instances stored count too: the lease holder is the one that folds them.
      this.countStored(1);
      return;
    }
    this.enqueued++;
    this.queue.push({ update, from: origin as Conn | undefined });
    this.writer ??= this.flush();
  };

  /** Stores queued updates in batches, then relays and publishes them; one writer per room. */
  private async flush() {
    try {
      while (this.queue.length && !this.destroyed) {
        if (this.unsaved) {
          await this.recover();
          if (this.unsaved) return;
          continue;
        }
        const batch = this.queue.splice(0, BATCH);
        let seqs: number[];
        try {
          seqs = await this.storage.appendBatch(this.id, batch.map((q) => q.update));
        } catch (e) {
          // Not stored, so neither relayed nor acknowledged; the whole doc is saved by recover().
          this.unsaved = true;
          this.log('error', `workbook ${this.id}: storing an update failed: ${(e as Error).message}`);
          this.dropAuthors(batch);
          this.armIdle();
          continue;
        }
        this.lastSeq = Math.max(this.lastSeq, seqs[seqs.length - 1] ?? 0);
        this.committed += batch.length;
        for (const q of batch) {
          this.broadcast(updateMessage(q.update), q.from);
          this.link.published(q.update);
        }
        this.wakeDurable();
        this.countStored(batch.length);
      }
    } finally {
      this.writer = null;
    }
  }

  /** Authors of updates storage refused are closed (1011): they reconnect and resend, and see no ack meanwhile. */
  private dropAuthors(batch: Queued[]) {
    for (const q of batch) {
      const c = q.from;
      if (c && this.conns.has(c)) {
        this.leave(c);
        closeWith(c.ws, CLOSE.internal, 'storage failed');
      }
    }
  }

  /** After a storage failure: saves the whole doc as one row; on success relays it and acks everyone. */
  private async recover() {
    const pending = this.queue.splice(0);
    const target = this.enqueued;
    const whole = Y.encodeStateAsUpdate(this.doc);
    try {
      this.lastSeq = Math.max(this.lastSeq, await this.storage.append(this.id, whole));
    } catch (e) {
      this.log('error', `workbook ${this.id}: storing the document failed again: ${(e as Error).message}`);
      this.dropAuthors(pending);
      this.armIdle();
      return;
    }
    this.unsaved = false;
    this.rows++;
    this.committed = Math.max(this.committed, target);
    this.broadcast(updateMessage(whole));
    this.link.published(whole);
    this.wakeDurable();
    for (const c of this.conns) this.scheduleAck(c);
    this.log('info', `workbook ${this.id}: saved after an earlier storage failure`);
    this.armIdle();
  }

  /** Resolves once every update applied before the call is stored. */
  private durable(): Promise<void> {
    const target = this.enqueued;
    if (this.committed >= target) return Promise.resolve();
    return new Promise((resolve) => this.durableWaiters.push({ target, resolve }));
  }

  private wakeDurable() {
    if (!this.durableWaiters.length) return;
    const still = [];
    for (const w of this.durableWaiters) (w.target <= this.committed ? w.resolve() : still.push(w));
    this.durableWaiters = still;
  }

  /** Applies updates other instances stored (stream entries): relayed here, not stored again. */
  applyRemote(update: Uint8Array) {
    if (this.destroyed) return;
    Y.applyUpdate(this.doc, update, REMOTE);
  }

  /** Presence from another instance: relayed to this room's connections. */
  applyRemoteAwareness(update: Uint8Array) {
    if (this.destroyed) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE);
  }

  /** Local clients' presence, encoded: answers another instance asking who is here. */
  localAwareness(): Uint8Array | null {
    const ids = [...this.conns].flatMap((c) => [...c.awarenessIds]).filter((id) => this.awareness.getStates().has(id));
    return ids.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  /**
   * Reads what other instances stored that this room may have missed (a stream entry lost
   * with Redis, or with an instance killed between its commit and its publish). Sequence
   * numbers are assigned before commit, so the floor lags one call behind.
   */
  async catchUp() {
    if (this.destroyed) return;
    const floor = this.catchUpFrom;
    const seen = this.lastSeq;
    const c = await this.storage.catchUp(this.id, floor, this.snapshotChecksum);
    if (this.destroyed) return;
    this.doc.transact(() => {
      for (const u of c.updates) Y.applyUpdate(this.doc, u, REMOTE);
    }, REMOTE);
    this.snapshotChecksum = c.snapshotChecksum;
    this.lastSeq = Math.max(this.lastSeq, c.lastSeq);
    this.catchUpFrom = seen;
  }

  private broadcast(msg: Uint8Array, except?: Conn) {
    for (const c of this.conns) if (c !== except) this.send(c, msg);
  }

  /** Rows added to the stored log: folded above the threshold, or once the workbook is idle. */
  private countStored(rows: number) {
    this.rows += rows;
    if (this.rows > this.opts.compactThreshold) this.queueCompact();
    this.armIdle();
  }

  private armIdle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.compact(), this.opts.idleCompactMs);
    this.idleTimer.unref();
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = added.concat(updated, removed);
    const msg = awarenessMessage(this.awareness, changed);
    for (const c of this.conns) this.send(c, msg);
    if (origin !== REMOTE) this.link.awareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
  };

  /**
   * Coalesces acks: at most one per connection every `ackDelayMs`, carrying the state
   * vector of everything stored. Sent after every update a client sends, even one that
   * changed nothing (a resend after a lost ack), so its pending count can reach zero.
   */
  private scheduleAck(c: Conn) {
    if (c.ackTimer || !this.conns.has(c)) return;
    c.ackTimer = setTimeout(() => {
      // The state vector now, sent once everything in it is stored.
      const ack = ackMessage(this.doc);
      void this.durable().then(() => {
        c.ackTimer = undefined;
        // After a wait the doc may be stored further than when the ack was captured.
        if (!this.conns.has(c) || this.unsaved) return;
        const complete = this.committed >= this.enqueued;
        this.send(c, complete ? ackMessage(this.doc) : ack);
        // Updates that arrived during the wait found this ack pending: they get the next one.
        if (!complete) this.scheduleAck(c);
      });
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
    this.presence.release(c);
    this.writers.release(c);
    // Updates it left waiting for missing dependencies would be re-tried at every later edit.
    if (c.gapped) dropPending(this.doc);
  }

  /** Handles one client message; throws ProtocolError (or a decoding error) on bad input. */
  handle(c: Conn, data: Uint8Array) {
    const d = decoding.createDecoder(data);
    const type = decoding.readVarUint(d);
    switch (type) {
      case MSG_SYNC: {
        const step = decoding.readVarUint(d);
        if (step === syncProtocol.messageYjsSyncStep1) {
          if (++c.step1s > MAX_STEP1) throw new ProtocolError('too many sync requests', CLOSE.rateLimited);
          const sv = decoding.readVarUint8Array(d);
          // Only stored state is served: wait for updates still being written.
          const answer = () => {
            const step2 = syncStep2(Y.encodeStateAsUpdate(this.doc, sv));
            c.syncBytes = step2.byteLength;
            this.send(c, step2);
          };
          if (this.committed >= this.enqueued) answer();
          else void this.durable().then(answer);
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(d);
          // Viewers' edits are never applied, stored or relayed; their ack then tells them so.
          // The origin (the connection: its person's name) is what the history records.
          if (canEdit(c.role)) this.applyFrom(c, update);
          this.scheduleAck(c);
        } else {
          throw new ProtocolError(`unknown sync step ${step}`);
        }
        return;
      }
      case MSG_AWARENESS:
        this.applyPresence(c, decoding.readVarUint8Array(d));
        return;
      case MSG_QUERY_AWARENESS:
        this.send(c, awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  }

  /**
   * An editor's update, applied only when it writes under client ids no other live
   * connection owns; updates held back for missing dependencies are bounded (and dropped
   * with their sender beyond that: they were never stored, and the sender still has them).
   */
  private applyFrom(c: Conn, update: Uint8Array) {
    const { writers, gap } = writesOf(this.doc, update);
    const taken = this.writers.conflict(c, writers);
    if (taken) {
      this.opts.probe?.(taken.owner);
      throw new ProtocolError(`client id ${taken.clientId} is another connection's`, CLOSE.clientIdTaken);
    }
    this.writers.claim(c, writers);
    Y.applyUpdate(this.doc, update, c);
    const pending = pendingBytes(this.doc);
    if (!pending) return void (c.gapped = 0);
    if (gap) c.gapped++;
    const l = this.opts.limits;
    if (c.gapped > l.gappedUpdatesPerConn || pending > l.pendingBytesPerWorkbook) {
      dropPending(this.doc);
      throw new ProtocolError('too many updates with missing dependencies', CLOSE.tooManyPending);
    }
  }

  /**
   * A presence update: only the entry under the connection's own id counts, rebuilt (see
   * awareness-guard.ts) before anyone sees it. Its own id is the first it announces that no
   * other live connection holds; echoes of others' states (the stock client sends them) and
   * any other id are ignored.
   */
  private applyPresence(c: Conn, data: Uint8Array) {
    const l = this.opts.limits;
    let own: { clientId: number; clock: number; json: string } | undefined;
    for (const e of decodeAwareness(data, l)) {
      if (c.awarenessIds.has(e.clientId)) own = e;
      else if (!c.awarenessIds.size && !own) {
        const taken = this.presence.conflict(c, [e.clientId]);
        if (!taken) own = e;
        else this.opts.probe?.(taken.owner); // perhaps this client's own stale connection
      }
    }
    if (!own) return;
    const state = sanitizePresence(own.json, c.name, l.awarenessStateBytes);
    this.presence.claim(c, [own.clientId]);
    // The stock client announces its presence under its doc's client id as soon as it
    // connects: that id is its to write with from then on, before its first edit.
    if (!this.writers.ownerOf(own.clientId)) this.writers.claim(c, [own.clientId]);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwareness([{ clientId: own.clientId, clock: own.clock, state }]), c);
  }

  private send(c: Conn, msg: Uint8Array) {
    if (c.ws.readyState !== c.ws.OPEN) return;
    // A peer that does not read is cut (no close frame could reach it); it resyncs when it returns.
    if (c.ws.bufferedAmount > this.opts.limits.bufferedBytesPerConn + c.syncBytes) {
      this.log('warn', `workbook ${this.id}: cutting off ${c.role} "${c.name}" (${CLOSE.slowPeer} slow peer), ${c.ws.bufferedAmount} bytes unsent`);
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
      if (!this.destroyed) void this.compact();
    });
  }

  /**
   * Folds the stored log into one snapshot, if this instance holds the workbook's lease.
   * Storage hands `fold` the rows it is replacing: applying them makes sure the snapshot
   * holds every one, even rows another instance stored that this doc has not seen yet.
   */
  compact(): Promise<void> {
    this.compacting ??= this.compactNow().finally(() => { this.compacting = null; });
    return this.compacting;
  }

  private async compactNow() {
    clearTimeout(this.idleTimer);
    if (this.unsaved) {
      if (!this.writer) await this.recover();
      if (this.unsaved) return;
    }
    if (this.rows <= 1 || Date.now() < this.leaseRetryAt) return;
    // Rows stored while the fold runs (here or relayed from other instances) may not be in it.
    const countedBefore = this.rows;
    try {
      const lease = await this.link.compactLease();
      if (!lease) {
        this.leaseRetryAt = Date.now() + 1000; // another instance compacts; ask again later, not per edit
        return;
      }
      const done = await this.storage.compact(this.id, (rows) => {
        this.doc.transact(() => {
          for (const u of rows) Y.applyUpdate(this.doc, u, REMOTE);
        }, REMOTE);
        return Y.encodeStateAsUpdate(this.doc);
      }, { fence: lease.fence, streamId: lease.streamId, knownSnapshotChecksum: this.snapshotChecksum });
      if (!done) return; // another instance compacted with a newer lease
      this.snapshotChecksum = done.snapshotChecksum;
      this.lastSeq = Math.max(this.lastSeq, done.lastSeq);
      this.rows = 1 + (this.rows - countedBefore);
      this.link.compacted(lease);
      if (done.folded) this.log('info', `workbook ${this.id}: compacted ${done.folded} row(s) into a snapshot (lease ${lease.fence})`);
      // An idle fold asked for while this one ran found it running: those rows wait for the next.
      if (this.rows > 1) this.armIdle();
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
    // Answered (200) only once stored: a kill -9 right after loses nothing.
    await this.durable();
    if (this.unsaved) throw new Error(`workbook ${this.id}: the change could not be stored`);
  }

  get storedRows() { return this.rows; }
  /** The rows the doc was loaded from, once (then null): bytes as storage returned them, never re-encoded. */
  takeLoadedRows(): Uint8Array[] {
    const rows = this.loadedRows ?? [];
    this.loadedRows = null;
    return rows;
  }
  /** The doc holds edits storage refused, or edits still being written: not to be evicted yet. */
  get hasUnsaved() { return this.unsaved || this.queue.length > 0 || this.writer !== null; }

  /** Waits for queued writes, folds the log (when holding the lease) and frees the doc. */
  async destroy() {
    clearTimeout(this.idleTimer);
    clearTimeout(this.evictTimer);
    for (const c of this.conns) clearTimeout(c.ackTimer);
    while (this.writer) await this.writer;
    await this.compact();
    if (this.unsaved) this.log('error', `workbook ${this.id}: closed with edits storage refused; the clients that made them still hold them (never acknowledged) and resend them`);
    this.destroyed = true;
    for (const w of this.durableWaiters) w.resolve();
    this.durableWaiters = [];
    this.link.close();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
