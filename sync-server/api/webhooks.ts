// Webhooks: the watcher turns the workbook engine's changes into events (once per change:
// the server's one engine per workbook notices it, not each connected client; with several
// instances serving the workbook, only the one holding its lease queues them), the
// dispatcher POSTs them signed and retries with exponential backoff for a day (each
// delivery claimed first, so one instance sends it).
//
// Signature: header `Pulso-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
// (the timestamp is signed too, so a receiver can refuse replays older than a few minutes).
import { createHmac, randomUUID } from 'node:crypto';
import type { CustomerMetrics, Derivation } from '../../core/index.js';
import type { Log } from '../log.js';
import type { Delivery, Webhook, WebhookEvent, WebhookStore } from '../store/webhooks-store.js';
import type { LiveWorkbook } from './host.js';
import { sessionOf, todayIso, type WorkbookSession } from './session.js';

export interface DispatchOptions {
  pollMs: number;
  /** First retry after this long, doubling each time (capped at maxDelayMs). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A delivery still failing this long after its event is given up (marked failed). */
  maxAgeMs: number;
  timeoutMs: number;
}

export const DEFAULT_DISPATCH: DispatchOptions = {
  pollMs: 1000, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000, maxAgeMs: 24 * 60 * 60_000, timeoutMs: 10_000,
};

export function signature(secret: string, body: string, t: number): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** What the watcher remembers of a customer to tell a change from a repeat. */
interface Seen { situation: string; band: string | null; daysToRenewal: number | null; overdue: number; name: string }

const seenOf = (m: CustomerMetrics, name: string): Seen =>
  ({ situation: m.situation, band: m.healthBand, daysToRenewal: m.daysToRenewal, overdue: m.overdueInvoices, name });

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;

  constructor(private store: WebhookStore, private log: Log, private o: DispatchOptions = DEFAULT_DISPATCH) {}

  start() {
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Delivers what is due now (coalesced: one pass at a time). */
  kick() {
    if (this.running) { this.again = true; return; }
    this.running = true;
    this.tick().catch((e) => this.log('error', `webhooks: ${(e as Error).message}`)).finally(() => {
      this.running = false;
      if (this.again && this.timer) { this.again = false; this.kick(); }
    });
  }

  private async tick() {
    // Claimed past this attempt's timeout: another instance polling now does not send it too.
    const due = await this.store.claimDue(Date.now(), 50, this.o.timeoutMs + 5_000);
    await Promise.all(due.map((d) => this.deliver(d)));
  }

  private async deliver(d: Delivery) {
    const hook = await this.store.get(d.webhookId);
    if (!hook) return this.store.record(d.id, { ...d, status: 'failed', lastError: 'webhook removed' });
    const t = Math.floor(Date.now() / 1000);
    let code: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Pulso-Webhooks/1',
          'pulso-event': d.event,
          'pulso-delivery': d.id,
          'pulso-signature': signature(hook.secret, d.payload, t),
        },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      code = res.status;
      await res.body?.cancel();
      if (res.ok) {
        return this.store.record(d.id, { status: 'delivered', attempts: d.attempts + 1, nextAttemptAt: d.nextAttemptAt, lastStatusCode: code, lastError: null, deliveredAt: Date.now() });
      }
      error = `HTTP ${code}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? `no answer in ${this.o.timeoutMs} ms` : ((e as Error).cause as Error)?.message ?? (e as Error).message;
    }
    const attempts = d.attempts + 1;
    const now = Date.now();
    const next = now + Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempts - 1));
    const giveUp = next - d.createdAt > this.o.maxAgeMs;
    if (giveUp) this.log('warn', `webhook ${hook.id} (workbook ${hook.workbook}): gave up on delivery ${d.id} after ${attempts} attempt(s): ${error}`);
    await this.store.record(d.id, { status: giveUp ? 'failed' : 'pending', attempts, nextAttemptAt: giveUp ? d.nextAttemptAt : next, lastStatusCode: code, lastError: error, deliveredAt: null });
  }
}

export class WebhookWatcher {
  private watched = new Map<WorkbookSession, { stop(): void }>();
  private clock: NodeJS.Timeout;

  /**
   * `leads(workbook)`: does this instance act for the workbook (its lease, see
   * cluster/distribution.ts)? Every instance serving it notices the same change; only the
   * leader queues it. Always true on a single server.
   */
  constructor(private store: WebhookStore, private dispatcher: WebhookDispatcher, private log: Log,
    private leads: (workbook: string) => Promise<boolean> = async () => true) {
    // The date rolls over: moving the engine to today re-evaluates everyone (renewals entering the window).
    this.clock = setInterval(() => { for (const s of this.watched.keys()) s.engine(todayIso()); }, 10 * 60_000);
    this.clock.unref();
  }

  /** Is this open workbook watched already? */
  watching(live: LiveWorkbook): boolean {
    return [...this.watched.keys()].some((s) => s.workbook === live);
  }

  /** Starts watching an open workbook that has webhooks (called when its room opens and when a webhook is added). */
  async attach(live: LiveWorkbook): Promise<void> {
    const hooks = await this.store.list(live.id);
    if (hooks.length === 0) return;
    const session = sessionOf(live);
    if (this.watched.has(session)) return;
    const engine = session.engine(todayIso());
    const seen = new Map<string, Seen>();
    const nameOf = (id: string) => String(session.wb.get('customers', id)?.name ?? '');
    for (const [id, m] of engine.metrics()) seen.set(id, seenOf(m, nameOf(id)));
    const off = engine.onChange(({ customers, all }) => {
      const ids = all ? [...new Set([...seen.keys(), ...engine.metrics().keys()])] : customers;
      void this.diff(live.id, engine, ids, seen, nameOf).catch((e) => this.log('error', `webhooks (workbook ${live.id}): ${(e as Error).message}`));
    });
    const stop = () => { off(); this.watched.delete(session); };
    this.watched.set(session, { stop });
    live.doc.once('destroy', stop);
  }

  private async diff(workbook: string, engine: Derivation, ids: Iterable<string>, seen: Map<string, Seen>, nameOf: (id: string) => string) {
    const events: { type: WebhookEvent; customerId: string; data: Record<string, unknown>; renewal?: number }[] = [];
    for (const id of ids) {
      const m = engine.get(id);
      const before = seen.get(id);
      if (!m) { seen.delete(id); continue; }
      const now = seenOf(m, nameOf(id));
      seen.set(id, now);
      if (!before) continue; // a new customer: nothing changed yet
      const customer = { id, name: now.name };
      if (before.situation !== now.situation && (before.situation !== 'neutral' || now.situation !== 'neutral')) {
        events.push({ type: 'customer.situation_changed', customerId: id, data: { customer, from: before.situation, to: now.situation, healthScore: m.healthScore } });
      }
      if (before.band !== now.band) events.push({ type: 'customer.health_band_changed', customerId: id, data: { customer, from: before.band, to: now.band, healthScore: m.healthScore } });
      if (now.daysToRenewal !== null && now.daysToRenewal >= 0 && (before.daysToRenewal === null || before.daysToRenewal > now.daysToRenewal)) {
        events.push({ type: 'customer.renewal_upcoming', customerId: id, data: { customer, renewalDate: m.renewalDate, daysToRenewal: now.daysToRenewal, mrr: m.mrr }, renewal: before.daysToRenewal ?? Infinity });
      }
      if (now.overdue > before.overdue) events.push({ type: 'invoice.overdue', customerId: id, data: { customer, overdueInvoices: now.overdue, previously: before.overdue } });
    }
    if (events.length === 0) return;
    if (!(await this.leads(workbook))) return; // `seen` is current: if this instance leads later, it diffs from here
    const hooks = await this.store.list(workbook);
    const at = Date.now();
    let queued = 0;
    for (const e of events) {
      const eventId = `evt_${randomUUID()}`;
      const payload = JSON.stringify({ id: eventId, type: e.type, workbook, asOf: engine.asOf, createdAt: new Date(at).toISOString(), data: e.data });
      for (const h of hooks) {
        if (!wants(h, e)) continue;
        if (await this.store.enqueue({ webhookId: h.id, workbook, eventId, event: e.type, payload, at })) queued++;
      }
    }
    if (queued) this.dispatcher.kick();
  }

  stop() {
    clearInterval(this.clock);
    for (const w of [...this.watched.values()]) w.stop();
  }
}

/** Does the hook subscribe to this event (and, for renewals, has it just entered its window)? */
function wants(h: Webhook, e: { type: WebhookEvent; data: Record<string, unknown>; renewal?: number }): boolean {
  if (!h.events.includes(e.type)) return false;
  if (e.type !== 'customer.renewal_upcoming') return true;
  const days = e.data.daysToRenewal as number;
  return days <= h.renewalDays && (e.renewal ?? Infinity) > h.renewalDays;
}
