// The metrics' view of a workbook: rows sanitized once (invalid field = empty/default, via
// core/field.ts, the same check validation uses), dates turned into day numbers, rows
// grouped by customer and sorted so that the per-day loops are integer pointer walks.
// `prepareCustomer` builds one customer's bucket so the incremental engine can rebuild
// just that bucket after an edit; `prepare` is only a loop over it.
import { fieldsOf, type FieldDef, type Customer, type Contract, type Activity, type Survey, type Invoice, type Ticket, type Usage, type Contact, type TableName, surveyScoreRange } from '../schema.js';
import { cleanValue } from '../field.js';
import type { Settings, Sponsor, WorkbookData } from '../types.js';
import { parseDay } from './calendar.js';
import { resolveSettings } from './settings.js';
import { sponsorOf } from './contacts.js';
import { idOf } from './ids.js';

/** A contract with day numbers. `from`/`to` is its active interval [from, to) (recurring only). */
export interface PContract {
  id: string;
  /** null when the model is missing or invalid: the contract then adds only its setup fee. */
  model: 'recurring' | 'one-off' | null;
  value: number;
  billingPeriodMonths: number;
  /** value / billingPeriodMonths for recurring, 0 otherwise. */
  monthly: number;
  setupFee: number;
  licenses: number;
  /** null when startDate is missing/invalid: such a contract never starts and counts for nothing. */
  start: number | null;
  end: number | null;
  autoRenew: boolean;
  canceled: number | null;
  product: string | null;
  /** First active day (= start) and first inactive day (Infinity if open-ended); empty when from ≥ to. */
  from: number;
  to: number;
}

export interface PActivity { id: string; owner: string | null; due: number | null; done: number | null }
export interface PSurvey { id: string; day: number; score: number }
export interface PInvoice { id: string; issue: number | null; due: number | null; amount: number; paid: number | null }
export interface PTicket { id: string; opened: number | null; closed: number | null; sla: number | null }

/** Usage aggregated per day: ascending unique days, the day's Σ actions, the users with actions > 0. */
export interface PUsage {
  days: number[];
  actions: number[];
  /** users[userStart[i] .. userStart[i+1]): the (interned) users with a row with actions > 0 on days[i]. */
  userStart: number[];
  users: number[];
  userCount: number;
}

/** Everything the metrics need about one customer. */
export interface CustomerRows {
  id: string;
  /** The customer row with invalid fields removed (defaults applied to flags). */
  customer: Partial<Customer> & { id: string };
  /** Sorted by start (unstartable contracts last). */
  contracts: PContract[];
  /** Merged active intervals [from, to) of the recurring contracts, ascending and disjoint. */
  activeIntervals: { from: number; to: number }[];
  activities: PActivity[];
  /** Sorted ascending done days (for lastInteraction on any day). */
  doneDays: number[];
  /** Valid surveys by kind, each sorted by day. */
  surveys: { nps: PSurvey[]; csat: PSurvey[]; ces: PSurvey[] };
  invoices: PInvoice[];
  tickets: PTicket[];
  usage: PUsage;
  sponsor: Sponsor | null;
}

export interface Model {
  settings: Settings;
  customers: Map<string, CustomerRows>;
  /** Rows whose customerId does not name an existing customer: ignored by the metrics. */
  orphans: { table: TableName; rowId: string }[];
}

export interface RowsOf {
  contracts: Contract[];
  activities: Activity[];
  surveys: Survey[];
  invoices: Invoice[];
  tickets: Ticket[];
  usage: Usage[];
  contacts: Contact[];
}

// Field descriptors, looked up once.
const F = {
  customers: fieldsOf('customers'),
  contracts: fieldsOf('contracts'),
  activities: fieldsOf('activities'),
  surveys: fieldsOf('surveys'),
  invoices: fieldsOf('invoices'),
  usage: fieldsOf('usage'),
};

const clean = (f: FieldDef, v: unknown) => cleanValue(f, v);
const num = (f: FieldDef, v: unknown, d = 0): number => {
  const c = cleanValue(f, v);
  return typeof c === 'number' ? c : d;
};
const text = (f: FieldDef, v: unknown): string | null => {
  const c = cleanValue(f, v);
  return typeof c === 'string' ? c : null;
};

function prepareContract(r: Contract): PContract {
  const f = F.contracts;
  const model = clean(f.model, r.model) as PContract['model'] | undefined;
  const value = num(f.value, r.value);
  const billingPeriodMonths = num(f.billingPeriodMonths, r.billingPeriodMonths, 1);
  const start = parseDay(r.startDate);
  const end = parseDay(r.endDate);
  const canceled = parseDay(r.canceledAt);
  const autoRenew = clean(f.autoRenew, r.autoRenew) === true;
  const recurring = model === 'recurring';
  let from = 0, to = 0;
  if (recurring && start !== null) {
    // Active iff start ≤ X, X < canceledAt, and (X ≤ endDate or autoRenew).
    from = start;
    to = Infinity;
    if (canceled !== null) to = Math.min(to, canceled);
    if (end !== null && !autoRenew) to = Math.min(to, end + 1);
  }
  return {
    id: idOf(r),
    model: model ?? null,
    value,
    billingPeriodMonths,
    monthly: recurring ? value / billingPeriodMonths : 0,
    setupFee: num(f.setupFee, r.setupFee),
    licenses: num(f.licenses, r.licenses),
    start,
    end,
    autoRenew,
    canceled,
    product: text(f.product, r.product),
    from,
    to,
  };
}

function mergeIntervals(contracts: PContract[]): { from: number; to: number }[] {
  const iv = contracts.filter((c) => c.from < c.to).map((c) => ({ from: c.from, to: c.to }));
  iv.sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const i of iv) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else out.push({ ...i });
  }
  return out;
}

function prepareSurveys(rows: Survey[]): CustomerRows['surveys'] {
  const out: CustomerRows['surveys'] = { nps: [], csat: [], ces: [] };
  const f = F.surveys;
  for (const r of rows) {
    const kind = clean(f.kind, r.kind) as keyof typeof surveyScoreRange | undefined;
    const day = parseDay(r.date);
    const score = clean(f.score, r.score);
    if (!kind || day === null || typeof score !== 'number') continue;
    const [lo, hi] = surveyScoreRange[kind];
    if (score < lo || score > hi) continue; // out of the kind's scale: invalid, ignored
    out[kind].push({ id: idOf(r), day, score });
  }
  out.nps.sort((a, b) => a.day - b.day);
  out.csat.sort((a, b) => a.day - b.day);
  out.ces.sort((a, b) => a.day - b.day);
  return out;
}

// Scratch buffers for prepareUsage, grown on demand and reused across customers: per-row
// typed arrays allocated per customer cost more (off-heap allocation, GC) than the work.
let sDay = new Int32Array(1024), sAct = new Float64Array(1024), sUser = new Int32Array(1024), sKeys = new Float64Array(1024);
let sSeen = new Int32Array(64);

function prepareUsage(rows: Usage[]): PUsage {
  const f = F.usage;
  const n = rows.length;
  if (n > sDay.length) {
    const size = Math.max(n, sDay.length * 2);
    sDay = new Int32Array(size); sAct = new Float64Array(size); sUser = new Int32Array(size); sKeys = new Float64Array(size);
  }
  const day = sDay, act = sAct, user = sUser;
  // Day, actions and interned user of every row, then one numeric sort of day·n + index
  // keys (exact in a double for any calendar day and realistic n): no comparator sort.
  const userIndex = new Map<string, number>();
  let valid = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const d = parseDay(r.date);
    if (d === null) continue;
    const a = num(f.actions, r.actions);
    const u = typeof r.userId === 'string' && r.userId !== '' ? r.userId : null;
    let ui = -1;
    if (a > 0 && u !== null) {
      const known = userIndex.get(u);
      if (known === undefined) userIndex.set(u, (ui = userIndex.size));
      else ui = known;
    }
    day[i] = d;
    act[i] = a;
    user[i] = ui;
    sKeys[valid++] = d * n + i;
  }
  const keys = sKeys.subarray(0, valid).sort();
  if (userIndex.size > sSeen.length) sSeen = new Int32Array(Math.max(userIndex.size, sSeen.length * 2));
  const seenOn = sSeen.fill(-1, 0, userIndex.size); // last day slot each user was listed in
  const days: number[] = [], actions: number[] = [], userStart: number[] = [], users: number[] = [];
  let j = -1;
  for (let k = 0; k < valid; k++) {
    const key = keys[k];
    const i = key - Math.floor(key / n) * n;
    if (j < 0 || days[j] !== day[i]) {
      j++;
      days.push(day[i]);
      actions.push(0);
      userStart.push(users.length);
    }
    actions[j] += act[i];
    const u = user[i];
    if (u >= 0 && seenOn[u] !== j) {
      seenOn[u] = j;
      users.push(u);
    }
  }
  userStart.push(users.length);
  return { days, actions, userStart, users, userCount: userIndex.size };
}

const customerFields = Object.entries(F.customers);

function cleanCustomer(r: Customer): CustomerRows['customer'] {
  const out: Record<string, unknown> = { id: idOf(r) };
  for (const [k, f] of customerFields) {
    const v = cleanValue(f, (r as unknown as Record<string, unknown>)[k]);
    if (v !== undefined) out[k] = v;
  }
  return out as CustomerRows['customer'];
}

/** One customer's bucket from its rows (rows of other customers must not be passed). */
export function prepareCustomer(customer: Customer, rows: RowsOf, _settings?: Settings): CustomerRows {
  const contracts = rows.contracts.map(prepareContract);
  contracts.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity));
  const fa = F.activities;
  const activities: PActivity[] = rows.activities.map((r) => ({
    id: idOf(r),
    owner: text(fa.owner, r.owner),
    due: parseDay(r.dueDate),
    done: parseDay(r.doneAt),
  }));
  const doneDays: number[] = [];
  for (const a of activities) if (a.done !== null) doneDays.push(a.done);
  doneDays.sort((x, y) => x - y);
  const fi = F.invoices;
  const invoices: PInvoice[] = rows.invoices.map((r) => ({
    id: idOf(r),
    issue: parseDay(r.issueDate),
    due: parseDay(r.dueDate),
    amount: num(fi.amount, r.amount),
    paid: parseDay(r.paidAt),
  }));
  const tickets: PTicket[] = rows.tickets.map((r) => ({
    id: idOf(r),
    opened: parseDay(r.openedAt),
    closed: parseDay(r.closedAt),
    sla: parseDay(r.slaDueAt),
  }));
  return {
    id: idOf(customer),
    customer: cleanCustomer(customer),
    contracts,
    activeIntervals: mergeIntervals(contracts),
    activities,
    doneDays,
    surveys: prepareSurveys(rows.surveys),
    invoices,
    tickets,
    usage: prepareUsage(rows.usage),
    sponsor: sponsorOf(rows.contacts),
  };
}

type ChildTable = keyof RowsOf;

/** Rows of one table bucketed by customer index (a monomorphic loop per table). */
function bucket<T>(table: ChildTable, rows: readonly T[] | undefined, index: Map<string, number>, n: number, orphans: Model['orphans']): T[][] {
  const out: T[][] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = [];
  for (const r of rows ?? []) {
    if (!r || typeof r !== 'object') continue;
    const cid = (r as { customerId?: unknown }).customerId;
    const k = typeof cid === 'string' ? index.get(cid) : undefined;
    if (k !== undefined) out[k].push(r);
    else orphans.push({ table, rowId: idOf(r as { id?: unknown }) });
  }
  return out;
}

/** Group every table's rows by customer; rows without an existing customer become orphans. */
export function prepare(data: WorkbookData): Model {
  const settings = resolveSettings(data.settings);
  const index = new Map<string, number>();
  const customers: Customer[] = [];
  for (const c of data.customers ?? []) {
    if (!c || typeof c !== 'object' || typeof c.id !== 'string' || index.has(c.id)) continue; // first row of an id wins
    index.set(c.id, customers.length);
    customers.push(c);
  }
  const n = customers.length;
  const orphans: Model['orphans'] = [];
  const contracts = bucket('contracts', data.contracts, index, n, orphans);
  const activities = bucket('activities', data.activities, index, n, orphans);
  const surveys = bucket('surveys', data.surveys, index, n, orphans);
  const invoices = bucket('invoices', data.invoices, index, n, orphans);
  const tickets = bucket('tickets', data.tickets, index, n, orphans);
  const usage = bucket('usage', data.usage, index, n, orphans);
  const contacts = bucket('contacts', data.contacts, index, n, orphans);
  const out = new Map<string, CustomerRows>();
  for (let k = 0; k < n; k++) {
    const rows: RowsOf = {
      contracts: contracts[k], activities: activities[k], surveys: surveys[k], invoices: invoices[k],
      tickets: tickets[k], usage: usage[k], contacts: contacts[k],
    };
    out.set(customers[k].id, prepareCustomer(customers[k], rows, settings));
  }
  return { settings, customers: out, orphans };
}
