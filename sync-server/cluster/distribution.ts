// How an instance shares its open workbooks with other instances. Without REDIS_URL the
// server is alone (soloDistribution): no marks, no links, and it leads every workbook.
import type { Room } from '../room.js';
import { SOLO_LINK, type RoomLink } from '../room-link.js';

export interface Distribution {
  /** Position in the workbook's shared stream, taken before its room is loaded from storage. */
  mark(workbook: string): Promise<string | null>;
  /** Connects a freshly loaded room: follows the stream after `mark`, shares its updates and presence. */
  attach(room: Room, mark: string | null): RoomLink;
  /** True when this instance holds the workbook's lease (compaction, webhooks, scheduled jobs). */
  isLeader(workbook: string): Promise<boolean>;
  /** Throws when the distribution backend cannot be reached (for /healthz). */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

export const soloDistribution: Distribution = {
  mark: async () => null,
  attach: () => SOLO_LINK,
  isLeader: async () => true,
  close: async () => {},
};
