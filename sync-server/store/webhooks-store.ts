// Webhook registrations and their delivery log (one row per event per webhook: the
// UNIQUE pair makes a delivery happen once per change, whoever notices it twice).
import { randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openApiDatabase } from './api-db.js';

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
  due(now: number, limit: number): Promise<Delivery[]>;
  record(id: string, r: Pick<Delivery, 'status' | 'attempts' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'deliveredAt'>): Promise<void>;
  deliveries(workbook: string, limit: number): Promise<Delivery[]>;
  close(): void;
}

interface HookRow { id: string; workbook: string; url: string; events: string; renewal_days: number; secret: string; created_at: string; created_by: string }
interface DeliveryRow {
  id: string; webhook_id: string; workbook: string; event_id: string; event: WebhookEvent; payload: string; status: DeliveryStatus;
  attempts: number; next_attempt_at: number; last_status_code: number | null; last_error: string | null; created_at: number; delivered_at: number | null;
}

const hook = (r: HookRow): Webhook => ({
  id: r.id, workbook: r.workbook, url: r.url, events: JSON.parse(r.events) as WebhookEvent[], renewalDays: r.renewal_days,
  secret: r.secret, createdAt: r.created_at, createdBy: r.created_by,
});
const delivery = (r: DeliveryRow): Delivery => ({
  id: r.id, webhookId: r.webhook_id, workbook: r.workbook, eventId: r.event_id, event: r.event, payload: r.payload, status: r.status,
  attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastStatusCode: r.last_status_code, lastError: r.last_error,
  createdAt: r.created_at, deliveredAt: r.delivered_at,
});

export class SqliteWebhookStore implements WebhookStore {
  private readonly owned: boolean;
  private readonly db: Database.Database;
  private readonly s;

  constructor(dataDirOrDb: string | Database.Database) {
    this.owned = typeof dataDirOrDb === 'string';
    this.db = typeof dataDirOrDb === 'string' ? openApiDatabase(dataDirOrDb) : dataDirOrDb;
    this.db.exec(`CREATE TABLE IF NOT EXISTS webhooks (
      id TEXT PRIMARY KEY, workbook TEXT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL,
      renewal_days INTEGER NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL)`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS webhook_deliveries (
      id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, workbook TEXT NOT NULL, event_id TEXT NOT NULL, event TEXT NOT NULL,
      payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
      last_status_code INTEGER, last_error TEXT, created_at INTEGER NOT NULL, delivered_at INTEGER,
      UNIQUE (webhook_id, event_id))`);
    this.db.exec('CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)');
    this.db.exec('CREATE INDEX IF NOT EXISTS webhook_deliveries_by_workbook ON webhook_deliveries (workbook, created_at)');
    this.s = {
      insert: this.db.prepare('INSERT INTO webhooks (id, workbook, url, events, renewal_days, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      list: this.db.prepare('SELECT * FROM webhooks WHERE workbook = ? ORDER BY created_at, id'),
      get: this.db.prepare('SELECT * FROM webhooks WHERE id = ?'),
      remove: this.db.prepare('DELETE FROM webhooks WHERE workbook = ? AND id = ?'),
      dropPending: this.db.prepare("UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook removed' WHERE webhook_id = ? AND status = 'pending'"),
      enqueue: this.db.prepare(`INSERT OR IGNORE INTO webhook_deliveries (id, webhook_id, workbook, event_id, event, payload, status, attempts, next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`),
      due: this.db.prepare("SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?"),
      record: this.db.prepare(`UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?, delivered_at = ? WHERE id = ?`),
      log: this.db.prepare('SELECT * FROM webhook_deliveries WHERE workbook = ? ORDER BY created_at DESC, id LIMIT ?'),
    };
  }

  async create(w: Omit<Webhook, 'id' | 'secret' | 'createdAt'>) {
    const id = `wh_${randomBytes(9).toString('base64url')}`;
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    this.s.insert.run(id, w.workbook, w.url, JSON.stringify(w.events), w.renewalDays, secret, new Date().toISOString(), w.createdBy);
    return hook(this.s.get.get(id) as HookRow);
  }
  async list(workbook: string) { return (this.s.list.all(workbook) as HookRow[]).map(hook); }
  async get(id: string) { const r = this.s.get.get(id) as HookRow | undefined; return r && hook(r); }
  async remove(workbook: string, id: string) {
    const gone = this.s.remove.run(workbook, id).changes > 0;
    if (gone) this.s.dropPending.run(id);
    return gone;
  }
  async enqueue(d: { webhookId: string; workbook: string; eventId: string; event: WebhookEvent; payload: string; at: number }) {
    return this.s.enqueue.run(randomUUID(), d.webhookId, d.workbook, d.eventId, d.event, d.payload, d.at, d.at).changes > 0;
  }
  async due(now: number, limit: number) { return (this.s.due.all(now, limit) as DeliveryRow[]).map(delivery); }
  async record(id: string, r: Pick<Delivery, 'status' | 'attempts' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'deliveredAt'>) {
    this.s.record.run(r.status, r.attempts, r.nextAttemptAt, r.lastStatusCode, r.lastError, r.deliveredAt, id);
  }
  async deliveries(workbook: string, limit: number) { return (this.s.log.all(workbook, limit) as DeliveryRow[]).map(delivery); }
  close() { if (this.owned && this.db.open) this.db.close(); }
}
