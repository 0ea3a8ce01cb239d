// One customer's timeline (Customer 360): everything that happened to it up to D, newest
// first — activities, tickets, invoices, survey answers, contract starts and
// cancellations, and a weekly usage summary. Pure: the customer's raw rows and D in,
// plain serializable items out. The marks (late, overdue, above SLA) use the same rules
// as the metrics (activities.ts, invoices.ts, tickets.ts), so a customer showing
// lateActivities = 2 has exactly two activities marked late.
import { fieldsOf, surveyScoreRange, type Activity, type Contact, type Contract, type Invoice, type Survey, type Ticket, type Usage } from '../schema.js';
import { cleanValue } from '../field.js';
import type { IsoDate } from '../types.js';
import { fromDay, parseDay } from './calendar.js';
import { idOf } from './ids.js';
import type { RowsOf } from './model.js';

export const timelineKinds = ['activity', 'ticket', 'invoice', 'survey', 'contract', 'usage-summary'] as const;
export type TimelineKind = (typeof timelineKinds)[number];
export type TimelineMark = 'late' | 'overdue' | 'above-sla';

interface ItemBase {
  /** Unique within the timeline (row id, plus a suffix for a second event of one row). */
  key: string;
  /** The row behind the item (the week's first day for usage summaries). */
  rowId: string;
  date: IsoDate;
  marks: TimelineMark[];
}

export interface ActivityItem extends ItemBase {
  kind: 'activity';
  title: string;
  type: string | null;
  owner: string | null;
  dueDate: IsoDate | null;
  doneAt: IsoDate | null;
  state: 'done' | 'late' | 'pending';
}
export interface TicketItem extends ItemBase {
  kind: 'ticket';
  subject: string | null;
  closedAt: IsoDate | null;
  slaDueAt: IsoDate | null;
  state: 'open' | 'closed';
}
export interface InvoiceItem extends ItemBase {
  kind: 'invoice';
  amount: number;
  dueDate: IsoDate | null;
  paidAt: IsoDate | null;
  state: 'paid' | 'overdue' | 'open';
}
export interface SurveyItem extends ItemBase {
  kind: 'survey';
  survey: 'nps' | 'csat' | 'ces';
  score: number;
  comment: string | null;
  contact: string | null;
}
export interface ContractItem extends ItemBase {
  kind: 'contract';
  event: 'started' | 'canceled';
  product: string | null;
  model: 'recurring' | 'one-off' | null;
  value: number;
  billingPeriodMonths: number;
}
export interface UsageSummaryItem extends ItemBase {
  kind: 'usage-summary';
  /** The week: Monday `date` to Sunday `weekEnd` (cut at D). */
  weekEnd: IsoDate;
  activeUsers: number;
  actions: number;
}

export type TimelineItem = ActivityItem | TicketItem | InvoiceItem | SurveyItem | ContractItem | UsageSummaryItem;

const F = {
  activities: fieldsOf('activities'),
  tickets: fieldsOf('tickets'),
  invoices: fieldsOf('invoices'),
  surveys: fieldsOf('surveys'),
  contracts: fieldsOf('contracts'),
  usage: fieldsOf('usage'),
  contacts: fieldsOf('contacts'),
};
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const iso = (day: number | null): IsoDate | null => (day === null ? null : fromDay(day));

/** Same order on every replica: newest first, then kind, then key. */
const KIND_ORDER: Record<TimelineKind, number> = { activity: 0, ticket: 1, invoice: 2, survey: 3, contract: 4, 'usage-summary': 5 };
export function compareItems(a: TimelineItem, b: TimelineItem): number {
  return a.date < b.date ? 1 : a.date > b.date ? -1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Monday of the week of a day number (day 0 = 1970-01-01, a Thursday). */
export const weekStart = (day: number): number => day - ((day + 3) % 7 + 7) % 7;

/**
 * The customer's timeline on D. Items dated after D have not happened yet and are left
 * out (pending tasks due later are the Tasks block's); rows whose date is invalid have no
 * place on a timeline and are left out too (validation reports them).
 */
export function buildTimeline(rows: RowsOf, asOf: IsoDate): TimelineItem[] {
  const D = parseDay(asOf);
  if (D === null) throw new RangeError(`asOf must be a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  const out: TimelineItem[] = [];
  for (const r of rows.activities) pushActivity(out, r, D);
  for (const r of rows.tickets) pushTicket(out, r, D);
  for (const r of rows.invoices) pushInvoice(out, r, D);
  const contactNames = new Map<string, string>();
  for (const c of rows.contacts as Contact[]) {
    const n = cleanValue(F.contacts.name, c.name);
    if (typeof n === 'string') contactNames.set(idOf(c), n);
  }
  for (const r of rows.surveys) pushSurvey(out, r, D, contactNames);
  for (const r of rows.contracts) pushContract(out, r, D);
  pushUsage(out, rows.usage, D);
  return out.sort(compareItems);
}

function pushActivity(out: TimelineItem[], r: Activity, D: number) {
  const due = parseDay(r.dueDate);
  const doneDay = parseDay(r.doneAt);
  const done = doneDay !== null && doneDay <= D ? doneDay : null;
  // Same rule as lateActivitiesOn: not done by D and due before D.
  const late = done === null && due !== null && due < D;
  const day = done ?? due;
  if (day === null || day > D) return;
  const f = F.activities;
  out.push({
    kind: 'activity', key: idOf(r), rowId: idOf(r), date: fromDay(day), marks: late ? ['late'] : [],
    title: str(cleanValue(f.title, r.title)) ?? '', type: str(cleanValue(f.type, r.type)), owner: str(cleanValue(f.owner, r.owner)),
    dueDate: iso(due), doneAt: iso(done), state: done !== null ? 'done' : late ? 'late' : 'pending',
  });
}

function pushTicket(out: TimelineItem[], r: Ticket, D: number) {
  const opened = parseDay(r.openedAt);
  if (opened === null || opened > D) return;
  const closedDay = parseDay(r.closedAt);
  const closed = closedDay !== null && closedDay <= D ? closedDay : null;
  const sla = parseDay(r.slaDueAt);
  // Same rule as ticketsAboveSlaOn: open on D with its SLA due before D.
  const above = closed === null && sla !== null && sla < D;
  out.push({
    kind: 'ticket', key: idOf(r), rowId: idOf(r), date: fromDay(opened), marks: above ? ['above-sla'] : [],
    subject: str(cleanValue(F.tickets.subject, r.subject)), closedAt: iso(closed), slaDueAt: iso(sla), state: closed === null ? 'open' : 'closed',
  });
}

function pushInvoice(out: TimelineItem[], r: Invoice, D: number) {
  const issue = parseDay(r.issueDate);
  const due = parseDay(r.dueDate);
  const day = issue ?? due;
  if (day === null || day > D) return;
  const paidDay = parseDay(r.paidAt);
  const paid = paidDay !== null && paidDay <= D ? paidDay : null;
  // Same rule as overdueInvoicesOn: due before D and not paid by D.
  const overdue = due !== null && due < D && paid === null;
  const amount = cleanValue(F.invoices.amount, r.amount);
  out.push({
    kind: 'invoice', key: idOf(r), rowId: idOf(r), date: fromDay(day), marks: overdue ? ['overdue'] : [],
    amount: typeof amount === 'number' ? amount : 0, dueDate: iso(due), paidAt: iso(paid), state: paid !== null ? 'paid' : overdue ? 'overdue' : 'open',
  });
}

function pushSurvey(out: TimelineItem[], r: Survey, D: number, contacts: Map<string, string>) {
  const f = F.surveys;
  const kind = cleanValue(f.kind, r.kind) as SurveyItem['survey'] | undefined;
  const day = parseDay(r.date);
  const score = cleanValue(f.score, r.score);
  if (!kind || day === null || day > D || typeof score !== 'number') return;
  const [lo, hi] = surveyScoreRange[kind];
  if (score < lo || score > hi) return; // out of its scale: invalid, as in the metrics
  const contactId = str(cleanValue(f.contactId, r.contactId));
  out.push({
    kind: 'survey', key: idOf(r), rowId: idOf(r), date: fromDay(day), marks: [],
    survey: kind, score, comment: str(cleanValue(f.comment, r.comment)), contact: contactId === null ? null : (contacts.get(contactId) ?? null),
  });
}

function pushContract(out: TimelineItem[], r: Contract, D: number) {
  const f = F.contracts;
  const start = parseDay(r.startDate);
  if (start === null || start > D) return; // never started (metrics: counts for nothing)
  const model = (cleanValue(f.model, r.model) as ContractItem['model'] | undefined) ?? null;
  const value = cleanValue(f.value, r.value);
  const base = {
    kind: 'contract' as const, rowId: idOf(r), marks: [] as TimelineMark[], product: str(cleanValue(f.product, r.product)), model,
    value: typeof value === 'number' ? value : 0, billingPeriodMonths: cleanValue(f.billingPeriodMonths, r.billingPeriodMonths) as number,
  };
  out.push({ ...base, key: idOf(r), date: fromDay(start), event: 'started' });
  const canceled = parseDay(r.canceledAt);
  if (canceled !== null && canceled <= D) out.push({ ...base, key: `${idOf(r)}:canceled`, date: fromDay(canceled), event: 'canceled' });
}

/** One item per week with usage up to D: distinct users with actions > 0 and Σ actions. */
function pushUsage(out: TimelineItem[], usage: Usage[], D: number) {
  const weeks = new Map<number, { users: Set<string>; actions: number }>();
  for (const r of usage) {
    const day = parseDay(r.date);
    const actions = cleanValue(F.usage.actions, r.actions);
    if (day === null || day > D || typeof actions !== 'number') continue;
    const w = weekStart(day);
    let acc = weeks.get(w);
    if (!acc) weeks.set(w, (acc = { users: new Set(), actions: 0 }));
    acc.actions += actions;
    if (actions > 0 && typeof r.userId === 'string' && r.userId !== '') acc.users.add(r.userId);
  }
  for (const [w, acc] of weeks) {
    out.push({
      kind: 'usage-summary', key: `week:${fromDay(w)}`, rowId: fromDay(w), date: fromDay(w), marks: [],
      weekEnd: fromDay(Math.min(w + 6, D)), activeUsers: acc.users.size, actions: acc.actions,
    });
  }
}

export interface TimelineFilter {
  /** Kinds shown (all when absent or empty). */
  kinds?: readonly TimelineKind[];
  /** Inclusive date bounds (YYYY-MM-DD); an invalid bound is ignored. */
  from?: IsoDate | null;
  to?: IsoDate | null;
  /** Only items with a mark (late, overdue, above SLA). */
  markedOnly?: boolean;
}

export function filterTimeline(items: readonly TimelineItem[], f: TimelineFilter): TimelineItem[] {
  const kinds = f.kinds?.length ? new Set(f.kinds) : null;
  const from = parseDay(f.from) === null ? null : f.from!;
  const to = parseDay(f.to) === null ? null : f.to!;
  return items.filter((i) => (!kinds || kinds.has(i.kind)) && (from === null || i.date >= from) && (to === null || i.date <= to) && (!f.markedOnly || i.marks.length > 0));
}
