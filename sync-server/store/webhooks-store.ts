// Webhook registrations and their delivery log (one row per event per webhook: the
// UNIQUE pair makes a delivery happen once per change, whoever notices it twice). Several
// instances poll the same log: a delivery is claimed (its next attempt pushed past the
// attempt's duration in one UPDATE) before it is sent, so exactly one instance sends it.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SqlDb } from './sql.js';
import type { Migration } from './migrate.js';

export const WEBHOOK_EVENTS = ['customer.situation_changed', 'customer.health_band_changed', 'customer.renewal_upcoming', 'invoice.overdue'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  workbook: string;
  url: string;
  events: WebhookEvent[];
  /** `customer.renewal_upcoming` fires when the renewal enters the next this-many days. */
  renewalDays: number;
  /** HMAC-SHA256 signing secret (shown to the creator once). */
  secret: string;
  createdAt: string;
  createdBy: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: string;
  webhookId: string;
  workbook: string;
  eventId: string;
  event: WebhookEvent;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  /** Epoch ms of the next try (pending only). */
  nextAttemptAt: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface WebhookStore {
  create(w: Omit<Webhook, 'id' | 'secret' | 'createdAt'>): Promise<Webhook>;
  list(workbook: string): Promise<Webhook[]>;
  get(id: string): Promise<Webhook | undefined>;
  remove(workbook: string, id: string): Promise<boolean>;
  /** Queues a delivery; false when this webhook already has that event (once per change). */
  enqueue(d: { webhookId: string; workbook: string; eventId: string; event: WebhookEvent; payload: string; at: number }): Promise<boolean>;
  /**
   * Pending deliveries due at `now`, claimed for this caller: their next attempt moves to
   * `now + holdMs`, so no other instance (or later poll) takes them meanwhile; one that is
   * never recorded (its instance died) is due again after that.
   */
  claimDue(now: number, limit: number, holdMs: number): Promise<Delivery[]>;
  /** Workbooks that have at least one webhook. */
  workbooksWithHooks(): Promise<string[]>;
  record(id: string, r: Pick<Delivery, 'status' | 'attempts' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'deliveredAt'>): Promise<void>;
  deliveries(workbook: string, limit: number): Promise<Delivery[]>;
}

export const WEBHOOK_MIGRATIONS: readonly Migration[] = [{
  version: 1,
  name: 'webhooks and their delivery log',
  sql: {
    sqlite: `CREATE TABLE IF NOT EXISTS webhooks (
      id TEXT PRIMARY KEY, workbook TEXT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL,
      renewal_days INTEGER NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS webhook_deliveries (
      id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, workbook TEXT NOT NULL, event_id TEXT NOT NULL, event TEXT NOT NULL,
      payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
      last_status_code INTEGER, last_error TEXT, created_at INTEGER NOT NULL, delivered_at INTEGER,
      UNIQUE (webhook_id, event_id));
      CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
      CREATE INDEX IF NOT EXISTS webhook_deliveries_by_workbook ON webhook_deliveries (workbook, created_at);`,
    postgres: `CREATE TABLE IF NOT EXISTS webhooks (
      id TEXT PRIMARY KEY, workbook TEXT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL,
      renewal_days INTEGER NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS webhook_deliveries (
      id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, workbook TEXT NOT NULL, event_id TEXT NOT NULL, event TEXT NOT NULL,
      payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL,
      last_status_code INTEGER, last_error TEXT, created_at BIGINT NOT NULL, delivered_at BIGINT,
      UNIQUE (webhook_id, event_id));
      CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
      CREATE INDEX IF NOT EXISTS webhook_deliveries_by_workbook ON webhook_deliveries (workbook, created_at);`,
  },
}, {
  version: 2,
  name: 'webhooks by workbook',
  sql: {
    sqlite: 'CREATE INDEX IF NOT EXISTS webhooks_by_workbook ON webhooks (workbook)',
    postgres: 'CREATE INDEX IF NOT EXISTS webhooks_by_workbook ON webhooks (workbook)',
  },
}];

type HookRow = { id: string; workbook: string; url: string; events: string; renewal_days: number; secret: string; created_at: string; created_by: string };
type DeliveryRow = {
  id: string; webhook_id: string; workbook: string; event_id: string; event: WebhookEvent; payload: string; status: DeliveryStatus;
  attempts: number; next_attempt_at: number; last_status_code: number | null; last_error: string | null; created_at: number; delivered_at: number | null;
};

const hook = (r: HookRow): Webhook => ({
  id: r.id, workbook: r.workbook, url: r.url, events: JSON.parse(r.events) as WebhookEvent[], renewalDays: r.renewal_days,
  secret: r.secret, createdAt: r.created_at, createdBy: r.created_by,
});
const delivery = (r: DeliveryRow): Delivery => ({
  id: r.id, webhookId: r.webhook_id, workbook: r.workbook, eventId: r.event_id, event: r.event, payload: r.payload, status: r.status,
  attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastStatusCode: r.last_status_code, lastError: r.last_error,
  createdAt: r.created_at, deliveredAt: r.delivered_at,
});

export class SqlWebhookStore implements WebhookStore {
  constructor(private db: SqlDb) {}

  async create(w: Omit<Webhook, 'id' | 'secret' | 'createdAt'>) {
    const id = `wh_${randomBytes(9).toString('base64url')}`;
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    await this.db.query('INSERT INTO webhooks (id, workbook, url, events, renewal_days, secret, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [id, w.workbook, w.url, JSON.stringify(w.events), w.renewalDays, secret, new Date().toISOString(), w.createdBy]);
    return (await this.get(id))!;
  }

  async list(workbook: string) {
    return (await this.db.query<HookRow>('SELECT * FROM webhooks WHERE workbook = $1 ORDER BY created_at, id', [workbook])).rows.map(hook);
  }

  async get(id: string) {
    const r = (await this.db.query<HookRow>('SELECT * FROM webhooks WHERE id = $1', [id])).rows[0];
    return r && hook(r);
  }

  async remove(workbook: string, id: string) {
    return this.db.transaction(async (tx) => {
      const gone = (await tx.query('DELETE FROM webhooks WHERE workbook = $1 AND id = $2', [workbook, id])).changes > 0;
      if (gone) await tx.query("UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook removed' WHERE webhook_id = $1 AND status = 'pending'", [id]);
      return gone;
    });
  }

  async enqueue(d: { webhookId: string; workbook: string; eventId: string; event: WebhookEvent; payload: string; at: number }) {
    const r = await this.db.query(`INSERT INTO webhook_deliveries (id, webhook_id, workbook, event_id, event, payload, status, attempts, next_attempt_at, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7) ON CONFLICT (webhook_id, event_id) DO NOTHING`,
    [randomUUID(), d.webhookId, d.workbook, d.eventId, d.event, d.payload, d.at]);
    return r.changes > 0;
  }

  async claimDue(now: number, limit: number, holdMs: number) {
    // The outer conditions are checked again on the row as it is when the UPDATE reaches it
    // (PostgreSQL re-reads a row another transaction just changed), so two instances polling
    // together never both claim one delivery; SKIP LOCKED lets the second take other rows.
    const lock = this.db.engine === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const { rows } = await this.db.query<DeliveryRow>(`UPDATE webhook_deliveries SET next_attempt_at = $1
      WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $2 ORDER BY next_attempt_at LIMIT $3${lock})
        AND status = 'pending' AND next_attempt_at <= $2
      RETURNING *`, [now + holdMs, now, Math.max(1, Math.floor(limit))]);
    return rows.map(delivery);
  }

  async workbooksWithHooks() {
    return (await this.db.query<{ workbook: string }>('SELECT DISTINCT workbook FROM webhooks')).rows.map((r) => r.workbook);
  }

  async record(id: string, r: Pick<Delivery, 'status' | 'attempts' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'deliveredAt'>) {
    await this.db.query('UPDATE webhook_deliveries SET status = $1, attempts = $2, next_attempt_at = $3, last_status_code = $4, last_error = $5, delivered_at = $6 WHERE id = $7',
      [r.status, r.attempts, r.nextAttemptAt, r.lastStatusCode, r.lastError, r.deliveredAt, id]);
  }

  async deliveries(workbook: string, limit: number) {
    return (await this.db.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE workbook = $1 ORDER BY created_at DESC, id LIMIT $2',
      [workbook, Math.max(1, Math.floor(limit))])).rows.map(delivery);
  }
}
