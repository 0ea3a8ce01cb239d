// Raw product events → the usage table's one row per customer, user and day (METRICS.md
// "usage"): events of one batch are summed per (customer, user, day) and added to that
// day's row, created when missing. The API keeps its rows under an id derived from the
// three (so every server and retry agrees on it without an index of 1M rows); a row typed
// or imported by hand for the same day stays beside it and the metrics add both.
import { createHash } from 'node:crypto';
import { isIsoDate, validateRow, type Workbook } from '../../core/index.js';
import type { ItemError } from './errors.js';
import { externalIdIndex, refContext } from './upsert.js';

export interface UsageEvent {
  customerId?: string;
  customerExternalId?: string;
  userId: string;
  date?: string;
  timestamp?: string;
  actions?: number;
}

export interface FoldPlan {
  inserts: { id: string; customerId: string; userId: string; date: string; actions: number }[];
  updates: { id: string; actions: number }[];
}

/** ISO 8601 date-time with an offset; the day is the one written (the sender's local day). */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export const usageRowId = (customerId: string, userId: string, date: string) =>
  `u_${createHash('sha256').update(`${customerId}\u0000${userId}\u0000${date}`).digest('base64url').slice(0, 22)}`;

export function planFold(wb: Workbook, events: UsageEvent[]): { ok: true; plan: FoldPlan } | { ok: false; errors: ItemError[] } {
  const errors: ItemError[] = [];
  const byExt = events.some((e) => e.customerExternalId !== undefined) ? externalIdIndex(wb) : new Map<string, string>();
  const ctx = refContext(wb);
  const sums = new Map<string, { customerId: string; userId: string; date: string; actions: number }>();
  events.forEach((e, index) => {
    const at = (field: string, code: string, what: string) => errors.push({ index, field, code, message: `events[${index}].${field}: ${what}` });
    let customerId = e.customerId;
    if ((customerId === undefined) === (e.customerExternalId === undefined)) return at('customerId', 'required', 'send exactly one of customerId and customerExternalId');
    if (customerId === undefined) {
      customerId = byExt.get(e.customerExternalId!.trim());
      if (!customerId) return at('customerExternalId', 'reference', `no customer has External ID ${JSON.stringify(e.customerExternalId)}`);
    } else if (!ctx.customerIds!.has(customerId)) return at('customerId', 'reference', `there is no customer ${JSON.stringify(customerId)}`);
    if ((e.date === undefined) === (e.timestamp === undefined)) return at('date', 'required', 'send exactly one of date (YYYY-MM-DD) and timestamp (ISO 8601 with offset)');
    let date = e.date;
    if (date !== undefined && !isIsoDate(date)) return at('date', 'date', `must be a date YYYY-MM-DD (got ${JSON.stringify(date)})`);
    if (date === undefined) {
      const m = TIMESTAMP.exec(e.timestamp!);
      if (!m || !isIsoDate(m[1])) return at('timestamp', 'date', `must be an ISO 8601 date-time with an offset, e.g. 2026-11-30T14:05:00-03:00 (got ${JSON.stringify(e.timestamp)})`);
      date = m[1];
    }
    const key = `${customerId}\u0000${e.userId}\u0000${date}`;
    const s = sums.get(key);
    if (s) s.actions += e.actions ?? 1;
    else sums.set(key, { customerId, userId: e.userId, date, actions: e.actions ?? 1 });
  });
  if (errors.length) return { ok: false, errors };
  const plan: FoldPlan = { inserts: [], updates: [] };
  for (const s of sums.values()) {
    const id = usageRowId(s.customerId, s.userId, s.date);
    const cur = wb.get('usage', id);
    if (cur) {
      const before = typeof cur.actions === 'number' && Number.isInteger(cur.actions) && cur.actions >= 0 ? cur.actions : 0;
      if (s.actions > 0) plan.updates.push({ id, actions: before + s.actions });
    } else {
      const row = { id, ...s };
      for (const e of validateRow('usage', row, ctx)) errors.push({ field: e.field, code: e.code, message: e.message });
      plan.inserts.push(row);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, plan };
}

export function applyFold(wb: Workbook, plan: FoldPlan): void {
  if (plan.inserts.length) {
    const r = wb.insertMany('usage', plan.inserts);
    if (!r.ok) throw new Error(`usage insert refused after validation: ${r.errors[0]?.message}`);
  }
  for (const u of plan.updates) {
    const r = wb.update('usage', u.id, { actions: u.actions });
    if (!r.ok) throw new Error(`usage update refused after validation: ${r.errors[0]?.message}`);
  }
}
