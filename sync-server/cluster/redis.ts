// Distribution through Redis (REDIS_URL): several instances serve the same workbooks.
//  - Updates: after an update is committed to storage, the instance that received it appends
//    it to the workbook's stream (`<prefix>:doc:<id>`); every instance with the workbook open
//    follows that stream (one blocking XREAD per instance for all its workbooks) and relays
//    what others appended. A room opening marks the stream's end before loading from storage,
//    then reads from the mark: nothing stored after the load is missed.
//  - Presence: pub/sub (`<prefix>:aw:<id>`); a room opening asks the others for their
//    clients' presence; a state not renewed within 30 s expires (y-protocols' timeout), so the
//    clients of a dead instance disappear.
//  - Lease: `<prefix>:lock:<id>` held by one instance (15 s, renewed on use) with a fencing
//    token that storage checks at compaction; the token counter is seeded from the clock, so a
//    Redis that lost its data still hands out tokens above every earlier one.
//  - A lost stream entry (Redis restarted, an instance killed between commit and append) is
//    found by each room's catch-up from storage: at once after a reconnect, then every few seconds.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Room } from '../room.js';
import type { RoomLink, CompactLease } from '../room-link.js';
import type { Distribution } from './distribution.js';
import type { Log } from '../log.js';

export interface RedisDistributionOptions {
  url: string;
  /** Every key and channel starts with `<prefix>:` (tests use a fresh prefix per run). */
  prefix: string;
  log: Log;
  rooms: () => Iterable<Room>;
  room: (id: string) => Room | undefined;
  /** Interval of each room's catch-up from storage; 0 disables it (reconnects still catch up). */
  catchUpMs?: number;
  leaseMs?: number;
  /** Stream entries kept per workbook at most (approximate trimming). */
  maxStreamLength?: number;
}

const AWARENESS = 0;
const QUERY = 1;
/** Keeps the stream entries of the last minute even once folded: followers a little behind still read them. */
const TRIM_SLACK_MS = 60_000;
/** A workbook nobody edits for a day loses its stream (everything in it is in storage). */
const STREAM_TTL_MS = 24 * 3600_000;

// Acquire or renew: returns "<instance>:<fence>" when this instance holds the lease, else nil.
const LEASE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v then
  if string.sub(v, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. ':' then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return v
  end
  return false
end
if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], ARGV[3]) end
local f = redis.call('INCR', KEYS[2])
local nv = ARGV[1] .. ':' .. f
redis.call('SET', KEYS[1], nv, 'PX', ARGV[2])
return nv`;
const RELEASE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. ':' then return redis.call('DEL', KEYS[1]) end
return 0`;

interface Followed { room: Room; lastId: string }

export class RedisDistribution implements Distribution {
  readonly instance = randomBytes(8).toString('hex');
  private readonly idBytes = Buffer.from(this.instance, 'hex');
  private followed = new Map<string, Followed>();
  private readerId: number | null = null;
  private closed = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private catchUpTimer: NodeJS.Timeout | null = null;
  private wasReady = false;
  private lastError = new Map<string, number>();

  private constructor(
    private o: RedisDistributionOptions,
    private cmd: Redis,
    private reader: Redis,
    private sub: Redis,
  ) {}

  static async start(o: RedisDistributionOptions): Promise<RedisDistribution> {
    const common = { lazyConnect: true, connectionName: 'pulso-sync', retryStrategy: (n: number) => Math.min(50 * n, 1000) };
    // Commands fail at once while Redis is away (storage holds everything; catch-up repairs).
    const cmd = new Redis(o.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const reader = new Redis(o.url, { ...common, maxRetriesPerRequest: null });
    const sub = new Redis(o.url, { ...common, maxRetriesPerRequest: null });
    const d = new RedisDistribution(o, cmd, reader, sub);
    for (const [name, c] of [['commands', cmd], ['stream reader', reader], ['presence', sub]] as const) {
      c.on('error', (e: Error) => d.warn(`redis-${name}`, `Redis (${name}): ${e.message}`));
    }
    try {
      await Promise.all([cmd.connect(), reader.connect(), sub.connect()]);
    } catch (e) {
      cmd.disconnect(); reader.disconnect(); sub.disconnect();
      throw new Error(`cannot reach Redis at REDIS_URL: ${(e as Error).message}`);
    }
    d.readerId = Number(await reader.client('ID'));
    reader.on('ready', () => {
      void reader.client('ID').then((id) => { d.readerId = Number(id); }).catch(() => {});
    });
    // A reconnect may follow a Redis restart (streams and presence gone): catch every room up
    // from storage and ask for presence again.
    d.wasReady = true;
    cmd.on('ready', () => {
      if (!d.wasReady || d.closed) return;
      d.o.log('info', `Redis is back: catching up ${d.followed.size} open workbook(s) from storage`);
      for (const f of d.followed.values()) {
        d.catchUp(f.room);
        d.query(f.room.id);
      }
    });
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => d.onMessage(channel.toString(), message));
    const every = o.catchUpMs ?? 5_000;
    if (every > 0) {
      d.catchUpTimer = setInterval(() => { for (const f of d.followed.values()) d.catchUp(f.room); }, every);
      d.catchUpTimer.unref();
    }
    d.loop = d.read();
    return d;
  }

  private key(kind: 'doc' | 'aw' | 'lock' | 'fence', workbook: string) { return `${this.o.prefix}:${kind}:${workbook}`; }

  /** Logs a recurring error at most every 10 s per kind. */
  private warn(kind: string, msg: string) {
    const now = Date.now();
    if ((this.lastError.get(kind) ?? 0) > now - 10_000) return;
    this.lastError.set(kind, now);
    this.o.log('warn', msg);
  }

  private catchUp(room: Room) {
    room.catchUp().catch((e) => this.warn(`catchup-${room.id}`, `workbook ${room.id}: catch-up from storage failed: ${(e as Error).message}`));
  }

  async mark(workbook: string): Promise<string | null> {
    try {
      const last = await this.cmd.xrevrange(this.key('doc', workbook), '+', '-', 'COUNT', 1);
      return last.length ? last[0][0] : '0-0';
    } catch (e) {
      // Without Redis the room still opens from storage; its catch-up repairs what it missed.
      this.warn('mark', `workbook ${workbook}: no stream position from Redis (${(e as Error).message}); reading the stream from its start`);
      return '0-0';
    }
  }

  attach(room: Room, mark: string | null): RoomLink {
    const id = room.id;
    const f: Followed = { room, lastId: mark ?? '0-0' };
    this.followed.set(id, f);
    this.nudgeReader();
    void this.sub.subscribe(this.key('aw', id)).then(() => this.query(id))
      .catch((e) => this.warn('subscribe', `workbook ${id}: presence subscription failed: ${(e as Error).message}`));
    const streamKey = this.key('doc', id);
    return {
      published: (update) => {
        this.cmd.multi()
          .xadd(streamKey, 'MAXLEN', '~', String(this.o.maxStreamLength ?? 10_000), '*', 'u', Buffer.from(update), 'i', this.instance)
          .pexpire(streamKey, STREAM_TTL_MS)
          .exec()
          .catch((e: Error) => this.warn('xadd', `workbook ${id}: not published to Redis (${e.message}); other instances catch up from storage`));
      },
      awareness: (update) => {
        this.cmd.publish(this.key('aw', id), Buffer.concat([Buffer.from([AWARENESS]), this.idBytes, update]))
          .catch((e: Error) => this.warn('publish', `workbook ${id}: presence not published (${e.message})`));
      },
      compactLease: () => this.lease(id, f),
      compacted: (lease) => {
        if (!lease.streamId) return;
        // Entries folded into the snapshot are in storage: trim them, keeping a minute of slack.
        const ms = Math.min(Number(lease.streamId.split('-')[0]), Date.now() - TRIM_SLACK_MS);
        if (ms > 0) this.cmd.xtrim(streamKey, 'MINID', '~', String(ms)).catch(() => {});
      },
      close: () => {
        if (this.followed.get(id) === f) this.followed.delete(id);
        this.nudgeReader();
        void this.sub.unsubscribe(this.key('aw', id)).catch(() => {});
        void this.cmd.eval(RELEASE_SCRIPT, 1, this.key('lock', id), this.instance).catch(() => {});
      },
    };
  }

  private async lease(workbook: string, f?: Followed): Promise<CompactLease | null> {
    try {
      const v = await this.cmd.eval(LEASE_SCRIPT, 2, this.key('lock', workbook), this.key('fence', workbook),
        this.instance, String(this.o.leaseMs ?? 15_000), String(Date.now())) as string | null;
      if (!v) return null;
      return { fence: Number(v.slice(this.instance.length + 1)), streamId: f && f.lastId !== '0-0' ? f.lastId : null };
    } catch (e) {
      this.warn('lease', `workbook ${workbook}: lease unavailable (${(e as Error).message}); not compacting`);
      return null;
    }
  }

  async isLeader(workbook: string): Promise<boolean> {
    return (await this.lease(workbook, this.followed.get(workbook))) !== null;
  }

  async ping(): Promise<void> {
    await this.cmd.ping();
  }

  /** Asks the other instances for their clients' presence in this workbook. */
  private query(workbook: string) {
    this.cmd.publish(this.key('aw', workbook), Buffer.concat([Buffer.from([QUERY]), this.idBytes]))
      .catch((e: Error) => this.warn('publish', `workbook ${workbook}: presence query not published (${e.message})`));
  }

  private onMessage(channel: string, msg: Buffer) {
    const prefix = `${this.o.prefix}:aw:`;
    if (!channel.startsWith(prefix) || msg.length < 9) return;
    if (msg.subarray(1, 9).equals(this.idBytes)) return; // our own
    const room = this.o.room(channel.slice(prefix.length));
    if (!room) return;
    try {
      if (msg[0] === AWARENESS) room.applyRemoteAwareness(new Uint8Array(msg.buffer, msg.byteOffset + 9, msg.length - 9));
      else if (msg[0] === QUERY) {
        const mine = room.localAwareness();
        if (mine) this.cmd.publish(channel, Buffer.concat([Buffer.from([AWARENESS]), this.idBytes, mine])).catch(() => {});
      }
    } catch (e) {
      this.warn('presence', `workbook ${room.id}: presence from another instance refused: ${(e as Error).message}`);
    }
  }

  /** Interrupts the blocking XREAD so it picks up the new set of workbooks. */
  private nudgeReader() {
    this.wake?.();
    if (this.readerId !== null) this.cmd.client('UNBLOCK', this.readerId).catch(() => {});
  }

  private async read() {
    while (!this.closed) {
      const streams = [...this.followed.entries()];
      if (!streams.length) {
        await new Promise<void>((r) => { this.wake = r; setTimeout(r, 1000).unref(); });
        this.wake = null;
        continue;
      }
      let res: [Buffer, [Buffer, Buffer[]][]][] | null;
      try {
        res = await this.reader.xreadBuffer('COUNT', 500, 'BLOCK', 5_000, 'STREAMS',
          ...streams.map(([id]) => this.key('doc', id)), ...streams.map(([, f]) => f.lastId)) as unknown as typeof res;
      } catch (e) {
        if (this.closed) return;
        this.warn('xread', `Redis stream read failed: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (!res) continue;
      const docPrefix = `${this.o.prefix}:doc:`;
      for (const [key, entries] of res) {
        const f = this.followed.get(key.toString().slice(docPrefix.length));
        if (!f) continue;
        for (const [entryId, fields] of entries) {
          f.lastId = entryId.toString();
          let update: Buffer | undefined;
          let from = '';
          for (let i = 0; i + 1 < fields.length; i += 2) {
            const name = fields[i].toString();
            if (name === 'u') update = fields[i + 1];
            else if (name === 'i') from = fields[i + 1].toString();
          }
          if (!update || from === this.instance) continue;
          try {
            f.room.applyRemote(new Uint8Array(update.buffer, update.byteOffset, update.length));
          } catch (e) {
            this.warn('apply', `workbook ${f.room.id}: stream entry ${f.lastId} refused: ${(e as Error).message}`);
          }
        }
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
    this.nudgeReader();
    this.reader.disconnect();
    await this.loop?.catch(() => {});
    await Promise.allSettled([this.cmd.quit(), this.sub.quit()]);
  }
}
