// The Customer 360 page's data for one customer on D: its metrics, the engine's health
// series, its revenue life (MRR by month with movements, contracts with their terms), its
// timeline, its open tasks and its contacts. Pure and serializable: the derivation worker
// assembles it from what the engine already keeps for the customer and posts it to the page.
import { fieldsOf, type Activity, type Contact } from '../schema.js';
import { cleanValue } from '../field.js';
import type { CustomerMetrics, IsoDate } from '../types.js';
import { fromDay, monthEnd, monthKey, monthStart, parseDay } from './calendar.js';
import { activeOn, everActiveBy, mrrUnitsOn } from './contracts.js';
import { fromMrrUnits } from './money.js';
import { idOf } from './ids.js';
import { movementKind, type MovementKind } from './month.js';
import type { CustomerRows, PContract, RowsOf } from './model.js';
import { currentTermEnd } from './renewal.js';
import { buildTimeline, type TimelineItem } from './timeline.js';

export interface RevenueMonth {
  /** 'YYYY-MM'. */
  month: string;
  /** MRR at the month's last day (D for D's month). */
  mrr: number;
  /** MRR at the previous month's last day. */
  opening: number;
  /** How the MRR moved over the month (as in the dashboard's movements); null when it did not. */
  movement: MovementKind | null;
}

export interface ContractLine {
  id: string;
  product: string | null;
  model: PContract['model'];
  value: number;
  monthly: number;
  billingPeriodMonths: number;
  setupFee: number;
  licenses: number;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  autoRenew: boolean;
  canceledAt: IsoDate | null;
  /** End of the term running on D (recurring, active, with an end date), else null. */
  renewal: IsoDate | null;
  state: 'active' | 'future' | 'canceled' | 'ended' | 'one-off' | 'invalid';
}

export interface TaskLine {
  id: string;
  title: string;
  type: string | null;
  owner: string | null;
  dueDate: IsoDate | null;
  late: boolean;
}

export interface Customer360 {
  id: string;
  asOf: IsoDate;
  metrics: CustomerMetrics;
  /** The engine's health series: one point per evaluation day (daily for the last 60 days, then month ends), ascending. */
  health: { date: IsoDate; score: number | null }[];
  revenue: { months: RevenueMonth[]; contracts: ContractLine[] };
  timeline: TimelineItem[];
  /** Activities not done by D: late first, then by due date. */
  tasks: TaskLine[];
  /** The customer's contact rows as stored (the page edits them). */
  contacts: Contact[];
}

/** What the engine keeps for one customer (see Derivation.customer). */
export interface CustomerSource {
  rows: CustomerRows;
  raw: RowsOf;
  metrics: CustomerMetrics;
  /** Evaluation days (day numbers) and the health on each (NaN = none). */
  days: readonly number[];
  health: ArrayLike<number>;
}

/** At most this many months of revenue history (a contract dated 1900 must not stall the page). */
export const MAX_REVENUE_MONTHS = 600;

/** MRR by month from the month of the first contract start up to D's month. */
export function revenueMonths(rows: CustomerRows, D: number): RevenueMonth[] {
  let first: number | null = null;
  for (const c of rows.contracts) if (c.start !== null && c.start <= D && (first === null || c.start < first)) first = c.start;
  if (first === null) return [];
  const out: RevenueMonth[] = [];
  let S = monthStart(D);
  const firstMonth = monthStart(first);
  while (out.length < MAX_REVENUE_MONTHS) {
    const close = Math.min(monthEnd(S), D);
    // Compared in exact MRR units, as the dashboard's movements are.
    const opening = mrrUnitsOn(rows, S - 1);
    const mrr = mrrUnitsOn(rows, close);
    out.push({ month: monthKey(S), mrr: fromMrrUnits(mrr), opening: fromMrrUnits(opening), movement: movementKind(opening, mrr, everActiveBy(rows, S - 1)) });
    if (S <= firstMonth) break;
    S = monthStart(S - 1);
  }
  return out.reverse();
}

export function contractLines(rows: CustomerRows, D: number): ContractLine[] {
  return rows.contracts.map((c) => {
    const active = activeOn(c, D);
    const state: ContractLine['state'] =
      c.start === null || c.model === null ? 'invalid'
        : c.model === 'one-off' ? 'one-off'
          : c.start > D ? 'future'
            : active ? 'active'
              : c.canceled !== null && c.canceled <= D ? 'canceled' : 'ended';
    const iso = (d: number | null) => (d === null ? null : fromDay(d));
    return {
      id: c.id, product: c.product, model: c.model, value: c.value, monthly: c.monthly, billingPeriodMonths: c.billingPeriodMonths,
      setupFee: c.setupFee, licenses: c.licenses, startDate: iso(c.start), endDate: iso(c.end), autoRenew: c.autoRenew, canceledAt: iso(c.canceled),
      renewal: active && c.start !== null && c.end !== null ? fromDay(currentTermEnd(c.start, c.end, D)) : null,
      state,
    };
  });
}

const FA = fieldsOf('activities');

/** Activities not done by D (same rule as pendingActivities), late ones (due before D) first. */
export function openTasks(activities: readonly Activity[], D: number): TaskLine[] {
  const out: TaskLine[] = [];
  for (const a of activities) {
    const done = parseDay(a.doneAt);
    if (done !== null && done <= D) continue;
    const due = parseDay(a.dueDate);
    const s = (k: 'title' | 'type' | 'owner') => {
      const v = cleanValue(FA[k], a[k]);
      return typeof v === 'string' && v !== '' ? v : null;
    };
    out.push({ id: idOf(a), title: s('title') ?? '', type: s('type'), owner: s('owner'), dueDate: due === null ? null : fromDay(due), late: due !== null && due < D });
  }
  const dueKey = (t: TaskLine) => t.dueDate ?? '9999-99-99';
  return out.sort((a, b) => Number(b.late) - Number(a.late) || dueKey(a).localeCompare(dueKey(b)) || a.id.localeCompare(b.id));
}

/** Health points (ascending dates, null = no score) from day numbers and an unboxed series (NaN = none). */
export function healthPoints(days: readonly number[], health: ArrayLike<number>): Customer360['health'] {
  const out: Customer360['health'] = [];
  for (let i = 0; i < days.length; i++) {
    const h = health[i];
    out.push({ date: fromDay(days[i]), score: h !== h ? null : h });
  }
  return out;
}

/** One customer's daily health for the last LONG_HEALTH_DAYS up to D: the engine's long
 *  series (`Derivation.longHealth`), computed on request for the page's chart. */
export interface HealthHistory {
  id: string;
  asOf: IsoDate;
  points: Customer360['health'];
}

export function assembleCustomer360(src: CustomerSource, asOf: IsoDate): Customer360 {
  const D = parseDay(asOf);
  if (D === null) throw new RangeError(`asOf must be a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  const health = healthPoints(src.days, src.health);
  return {
    id: src.rows.id,
    asOf,
    metrics: src.metrics,
    health,
    revenue: { months: revenueMonths(src.rows, D), contracts: contractLines(src.rows, D) },
    timeline: buildTimeline(src.raw, asOf),
    tasks: openTasks(src.raw.activities, D),
    contacts: [...src.raw.contacts].sort((a, b) => String(a.name ?? '').localeCompare(String(b.name ?? '')) || idOf(a).localeCompare(idOf(b))),
  };
}
