// How a room talks to the other instances serving the same workbook (sync-server/cluster/).
// A lone server (no REDIS_URL) uses SOLO: nothing to share, and it always holds the lease.
export interface CompactLease {
  /** Fencing token: storage refuses a compaction older than one already committed. */
  fence: number;
  /** Stream id of the last update this instance applied, stored with the snapshot. */
  streamId: string | null;
}

export interface RoomLink {
  /** A locally received update is durable in storage: share it. */
  published(update: Uint8Array): void;
  /** Local clients' presence changed: an encoded awareness update. */
  awareness(update: Uint8Array): void;
  /** The right to compact this workbook now, or null while another instance holds it. */
  compactLease(): Promise<CompactLease | null>;
  /** A compaction committed with this lease (the stream can be trimmed up to it). */
  compacted(lease: CompactLease): void;
  /** The room is closing. */
  close(): void;
}

export const SOLO_LINK: RoomLink = {
  published() {},
  awareness() {},
  compactLease: async () => ({ fence: 0, streamId: null }),
  compacted() {},
  close() {},
};
