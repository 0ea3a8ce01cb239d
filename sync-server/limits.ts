// Every cap the sync server enforces against a hostile or buggy peer, with its default.
// docs/sync-server.md lists them with their close codes; config.ts reads the overrides.
const KiB = 1024;
const MiB = 1024 * KiB;

export interface Limits {
  /** Largest frame a socket whose token was refused (or which is over a connection limit) may send. */
  refusedFrameBytes: number;
  /** A refused socket is cut this long after its close frame, answered or not. */
  refusedLingerMs: number;
  /** Largest frame from an editor: one sync update (the app sends imports in chunks well below it). */
  editorFrameBytes: number;
  /**
   * Largest message an editor may send in parts (core/message-parts.ts): the sync step 2 of a
   * client back from offline work above the frame cap. The server applies it in one go.
   */
  editorAssembledBytes: number;
  /** Bytes announced by all messages being put together from parts, server-wide: a new one above it is refused (4003, retried later). */
  assembledBytesTotal: number;
  /** Largest frame from a viewer (whose updates are dropped anyway): a state vector, presence. */
  viewerFrameBytes: number;
  /** Largest awareness (presence) message, and of one presence state in it. */
  awarenessBytes: number;
  awarenessStateBytes: number;
  /** Open connections per token, per workbook, per remote address, and in the whole server. */
  connsPerToken: number;
  connsPerWorkbook: number;
  connsPerAddress: number;
  connsTotal: number;
  /** Message budget per connection: a bucket of `messageBurst` refilled at `messagesPerSecond`. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Bytes waiting to be sent to one peer (beyond its first full sync) before it is cut off. */
  bufferedBytesPerConn: number;
  /** Bytes waiting to be sent to all peers together; the most backed-up peers are cut first. */
  bufferedBytesTotal: number;
  /** Updates with missing dependencies (clock gaps) a connection may leave waiting. */
  gappedUpdatesPerConn: number;
  /** Bytes of such waiting updates per workbook. */
  pendingBytesPerWorkbook: number;
}

export const DEFAULT_LIMITS: Limits = {
  refusedFrameBytes: 1 * KiB,
  refusedLingerMs: 1000,
  editorFrameBytes: 16 * MiB,
  editorAssembledBytes: 64 * MiB,
  assembledBytesTotal: 256 * MiB,
  viewerFrameBytes: 256 * KiB,
  awarenessBytes: 128 * KiB,
  awarenessStateBytes: 2 * KiB,
  connsPerToken: 50,
  connsPerWorkbook: 500,
  connsPerAddress: 500,
  connsTotal: 10_000,
  messagesPerSecond: 100,
  messageBurst: 1000,
  bufferedBytesPerConn: 40 * MiB,
  bufferedBytesTotal: 512 * MiB,
  gappedUpdatesPerConn: 50,
  pendingBytesPerWorkbook: 1 * MiB,
};

/** Environment variable of each limit (e.g. `LIMIT_CONNS_PER_TOKEN`). */
export const limitEnvName = (k: keyof Limits): string => 'LIMIT_' + k.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();

/** A token bucket: `take()` is false once the connection spent its burst faster than the refill. */
export class MessageBudget {
  private tokens: number;
  private at = Date.now();
  constructor(private readonly perSecond: number, private readonly burst: number) { this.tokens = burst; }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface ConnKeys { token: string; workbookId: string; address: string }

/** Open connections counted by token, workbook and remote address, and in total. */
export class ConnectionCounts {
  private byToken = new Map<string, number>();
  private byWorkbook = new Map<string, number>();
  private byAddress = new Map<string, number>();
  private total = 0;
  constructor(private readonly limits: Limits) {}

  /** The limit the connection would exceed (for its close reason), or null when admitted and counted. */
  admit(k: ConnKeys): string | null {
    const l = this.limits;
    if (this.total >= l.connsTotal) return 'too many connections to this server';
    if ((this.byToken.get(k.token) ?? 0) >= l.connsPerToken) return 'too many connections with this token';
    if ((this.byWorkbook.get(k.workbookId) ?? 0) >= l.connsPerWorkbook) return 'too many connections to this workbook';
    if ((this.byAddress.get(k.address) ?? 0) >= l.connsPerAddress) return 'too many connections from this address';
    this.total++;
    bump(this.byToken, k.token, 1);
    bump(this.byWorkbook, k.workbookId, 1);
    bump(this.byAddress, k.address, 1);
    return null;
  }

  release(k: ConnKeys) {
    this.total--;
    bump(this.byToken, k.token, -1);
    bump(this.byWorkbook, k.workbookId, -1);
    bump(this.byAddress, k.address, -1);
  }
}

function bump(m: Map<string, number>, key: string, d: number) {
  const n = (m.get(key) ?? 0) + d;
  if (n <= 0) m.delete(key);
  else m.set(key, n);
}
