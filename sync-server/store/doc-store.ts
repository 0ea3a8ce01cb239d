// The storage interface for workbook documents, shared by both engines (store/sqlite.ts,
// store/postgres.ts). Per workbook: an append-only log of Yjs updates, and a compacted
// snapshot (plus the previous one, kept as a last resort) with the sequence number and
// Redis stream id of the last update folded into it. Every row carries a checksum of its
// workbook and bytes, verified whenever it is read: a row that fails is never served and
// never written over (DamagedStorageError).
import { createHash } from 'node:crypto';
import type { Engine, SqlDb } from './sql.js';

export interface StoredLog {
  /** The snapshot (if any) first, then the log rows in order. */
  updates: Uint8Array[];
  /** Sequence number of the last row read (0 for an empty workbook). */
  lastSeq: number;
  /** Checksum of the snapshot read (null: none), to tell later whether another instance replaced it. */
  snapshotChecksum: string | null;
  /** Stream id of the last update folded into that snapshot (distribution only). */
  snapshotStreamId: string | null;
}

/** Rows a catch-up must apply: the snapshot only when it changed, then newer log rows. */
export interface CatchUp { updates: Uint8Array[]; lastSeq: number; snapshotChecksum: string | null }

export interface CompactOptions {
  /** Fencing token of the per-workbook lock: a compaction with an older token than one already used is refused. */
  fence?: number;
  /** Stream id of the last update the compacting instance had applied. */
  streamId?: string | null;
  /** Snapshot checksum the caller's document already contains (the snapshot is then not passed to `fold`). */
  knownSnapshotChecksum?: string | null;
}

export interface CompactResult { folded: number; snapshotChecksum: string; lastSeq: number }

export interface DocStore {
  readonly engine: Engine;
  /** The same database, for other store modules (links, keys, history…): see docs/scale-out.md. */
  readonly sql: SqlDb;
  /** Appends updates in one transaction, committed when this resolves; returns their sequence numbers. */
  appendBatch(workbook: string, updates: readonly Uint8Array[]): Promise<number[]>;
  append(workbook: string, update: Uint8Array): Promise<number>;
  /** Everything stored for a workbook, verified. Throws DamagedStorageError. */
  load(workbook: string): Promise<StoredLog>;
  /** What changed since a load or catch-up: rows after `afterSeq`, and the snapshot if it is not `knownSnapshotChecksum`. */
  catchUp(workbook: string, afterSeq: number, knownSnapshotChecksum: string | null): Promise<CatchUp>;
  /** Rows a load reads (snapshot + log). */
  rowCount(workbook: string): Promise<number>;
  /**
   * Folds the log into a new snapshot in one transaction: reads (and verifies) the rows,
   * `fold` returns a snapshot containing them all, the current snapshot becomes the previous
   * one, the folded rows are deleted. Returns null when the fence was overtaken.
   */
  compact(workbook: string, fold: (rows: Uint8Array[]) => Uint8Array, opts?: CompactOptions): Promise<CompactResult | null>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Stored state that fails its checksum or cannot be decoded: the workbook is not served. */
export class DamagedStorageError extends Error {
  constructor(readonly workbook: string, readonly where: string, detail: string) {
    super(`workbook ${workbook}: stored data damaged at ${where}: ${detail}`);
  }
}

/** sha256 of the workbook id and the bytes: a row moved to another workbook fails too. */
export function checksum(workbook: string, data: Uint8Array): string {
  return createHash('sha256').update(workbook).update('\0').update(data).digest('base64url');
}

export function verified(workbook: string, where: string, data: Uint8Array, sum: unknown): Uint8Array {
  if (typeof sum !== 'string' || sum !== checksum(workbook, data)) {
    throw new DamagedStorageError(workbook, where, sum == null ? 'no checksum stored' : 'checksum mismatch');
  }
  return data;
}

/** A view of a driver Buffer as a Uint8Array, no copy. */
export function bytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
