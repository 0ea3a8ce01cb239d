// What the API needs from the sync server: the live workbook (the room's Y.Doc), a way to
// write into it through the room's store-then-relay path, and a hint when it is done so an
// idle workbook can leave memory. server.ts implements it over its rooms.
import type * as Y from 'yjs';

/** The narrow face of sync-server/room.ts's Room the API uses. */
export interface LiveWorkbook {
  readonly id: string;
  readonly doc: Y.Doc;
  /**
   * Runs `change` in one doc transaction with `origin`; the resulting update is stored
   * (committed) and relayed to every connected client like an editor's. Resolves once it
   * is stored; rejects when storage refused it.
   */
  applyServerChange(change: () => void, origin: object): Promise<void>;
}

export interface WorkbookHost {
  /** Opens the workbook's room (loading it from storage when not in memory). */
  acquire(id: string): Promise<LiveWorkbook>;
  /** The API is done with it for now: an idle workbook may be evicted after the grace period. */
  release(live: LiveWorkbook): void;
  /** Is anything stored (or open) under this id? */
  exists(id: string): boolean | Promise<boolean>;
}

/** Who wrote a change: the doc update's origin for API writes (attributed to the key's name). */
export interface ApiOrigin { api: true; keyId: string | null; name: string }
