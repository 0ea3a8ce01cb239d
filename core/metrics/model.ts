// The metrics' view of a workbook: rows sanitized once (invalid field = empty/default, via
// core/field.ts, the same check validation uses), dates turned into day numbers, rows
// grouped by customer and sorted so that the per-day loops are integer pointer walks.
// `prepareCustomer` builds one customer's bucket so the incremental engine can rebuild
// just that bucket after an edit; `prepare` parses whole tables in table order with the
// same per-row parsers and assembles every bucket the same way (a property test checks
// that both give equal buckets).
import { fieldsOf, type FieldDef, type Customer, type Contract, type Activity, type Survey, type Invoice, type Ticket, type Usage, type Contact, type TableName, surveyScoreRange } from '../schema.js';
import { cleanValue } from '../field.js';
import { eachBatch, type RowSource, type Settings, type Sponsor, type WorkbookData, type WorkbookSource } from '../types.js';
import { parseDay } from './calendar.js';
import { resolveSettings } from './settings.js';
import { sponsorOf } from './contacts.js';
import { idOf } from './ids.js';
import { saturate } from './numbers.js';
import { mrrUnits, toCents } from './money.js';

/** A contract with day numbers. `from`/`to` is its active interval [from, to) (recurring only). */
export interface PContract {
  id: string;
  /** null when the model is missing or invalid: the contract then adds only its setup fee. */
  model: 'recurring' | 'one-off' | null;
  /** The value in currency, rounded to the cent and capped (money.ts); `valueCents` exactly. */
  value: number;
  valueCents: number;
  billingPeriodMonths: number;
  /** value / billingPeriodMonths for recurring, 0 otherwise. */
  monthly: number;
  /** 12 × monthly in cents (a whole number): what MRR sums and compares, exactly. 0 unless recurring. */
  units: number;
  setupFee: number;
  setupFeeCents: number;
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

/** `title` is kept for the dashboard's task list (core/catalog/lists.ts). */
export interface PActivity { id: string; title: string; owner: string | null; due: number | null; done: number | null }
export interface PSurvey { id: string; day: number; score: number }
/** `amount` is rounded to the cent and capped (money.ts); `cents` is the same amount as a whole number. */
export interface PInvoice { id: string; issue: number | null; due: number | null; amount: number; cents: number; paid: number | null }
export interface PTicket { id: string; opened: number | null; closed: number | null; sla: number | null }

/**
 * Usage aggregated per day: ascending unique days, the day's Σ actions, the users with
 * actions > 0. Typed arrays: kept for every customer as long as the model, outside the V8
 * heap whose size bounds a browser tab (docs/performance.md). `prepare` carves all
 * customers' arrays from one ArrayBuffer: never transfer or detach `.buffer`.
 */
export interface PUsage {
  days: Int32Array;
  actions: Float64Array;
  /** users[userStart[i] .. userStart[i+1]): the (interned) users with a row with actions > 0 on days[i]. */
  userStart: Int32Array;
  users: Int32Array;
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

/** One customer's rows of every other table. */
export type RowsOf = Omit<WorkbookData, 'customers' | 'settings'>;

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
  const valueCents = toCents(num(f.value, r.value));
  const value = valueCents / 100;
  const setupFeeCents = toCents(num(f.setupFee, r.setupFee));
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
    valueCents,
    billingPeriodMonths,
    monthly: recurring ? value / billingPeriodMonths : 0,
    units: recurring ? mrrUnits(valueCents, billingPeriodMonths) : 0,
    setupFee: setupFeeCents / 100,
    setupFeeCents,
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

const customerFields = Object.entries(F.customers);

function cleanCustomer(r: Customer): CustomerRows['customer'] {
  const out: Record<string, unknown> = { id: idOf(r) };
  for (const [k, f] of customerFields) {
    const v = cleanValue(f, (r as unknown as Record<string, unknown>)[k]);
    if (v !== undefined) out[k] = v;
  }
  return out as CustomerRows['customer'];
}

type SurveyKind = keyof typeof surveyScoreRange;
type KindSurvey = PSurvey & { kind: SurveyKind };

/** A survey row as the metrics see it, or null when its kind, date or score is invalid. */
function parseSurvey(r: Survey): KindSurvey | null {
  const f = F.surveys;
  const kind = clean(f.kind, r.kind) as SurveyKind | undefined;
  const day = parseDay(r.date);
  const score = clean(f.score, r.score);
  if (!kind || day === null || typeof score !== 'number') return null;
  const [lo, hi] = surveyScoreRange[kind];
  if (score < lo || score > hi) return null; // out of the kind's scale: invalid, ignored
  return { id: idOf(r), day, score, kind };
}

function parseActivity(r: Activity): PActivity {
  return { id: idOf(r), title: text(F.activities.title, r.title) ?? '', owner: text(F.activities.owner, r.owner), due: parseDay(r.dueDate), done: parseDay(r.doneAt) };
}

function parseInvoice(r: Invoice): PInvoice {
  const cents = toCents(num(F.invoices.amount, r.amount));
  return { id: idOf(r), issue: parseDay(r.issueDate), due: parseDay(r.dueDate), amount: cents / 100, cents, paid: parseDay(r.paidAt) };
}

function parseTicket(r: Ticket): PTicket {
  return { id: idOf(r), opened: parseDay(r.openedAt), closed: parseDay(r.closedAt), sla: parseDay(r.slaDueAt) };
}

// ---- usage: columns of parsed rows, aggregated per customer per day ---------------------

const NO_DAY = -0x80000000;

/** Parsed usage rows as columns: day (NO_DAY when invalid), actions, user number (−1: no active user). */
interface UsageColumns { day: Int32Array; act: Float64Array; user: Int32Array }

/** The same columns with twice the room. */
function grownColumns(cols: UsageColumns): UsageColumns {
  const cap = cols.day.length * 2;
  const next: UsageColumns = { day: new Int32Array(cap), act: new Float64Array(cap), user: new Int32Array(cap) };
  next.day.set(cols.day);
  next.act.set(cols.act);
  next.user.set(cols.user);
  return next;
}

function parseUsageInto(cols: UsageColumns, i: number, r: Usage, users: Map<string, number>): void {
  const d = parseDay(r.date);
  const a = num(F.usage.actions, r.actions);
  cols.day[i] = d === null ? NO_DAY : d;
  cols.act[i] = a;
  let u = -1;
  if (a > 0 && typeof r.userId === 'string' && r.userId !== '') {
    const known = users.get(r.userId);
    if (known === undefined) users.set(r.userId, (u = users.size));
    else u = known;
  }
  cols.user[i] = u;
}

// Scratch reused across customers: per-customer typed arrays cost more than the work.
let sKeys = new Float64Array(1024);
let sLocal = new Int32Array(1024).fill(-1);
let sSeen = new Int32Array(1024);
let sStamp = new Float64Array(1024).fill(-1);
let sGroup = 0; // numbers each customer's each day; a double never wraps, so stamps need no reset

/**
 * Puts the rows idx[from..to) that have a valid day in day, then row, order at idx[from..)
 * and returns how many they are. A plain numeric sort of day·M + row keys (exact in a
 * double) is much cheaper than a comparator sort.
 */
function sortByDay(cols: UsageColumns, idx: Int32Array, from: number, to: number): number {
  const M = cols.day.length;
  if (to - from > sKeys.length) sKeys = new Float64Array(Math.max(to - from, sKeys.length * 2));
  let valid = 0;
  for (let k = from; k < to; k++) {
    const i = idx[k];
    if (cols.day[i] !== NO_DAY) sKeys[valid++] = cols.day[i] * M + i;
  }
  const keys = sKeys.subarray(0, valid).sort();
  for (let k = 0; k < valid; k++) idx[from + k] = keys[k] - Math.floor(keys[k] / M) * M;
  return valid;
}

/** Sizes of one customer's PUsage: distinct days and (day, user) entries of sorted rows idx[from..to). */
function countUsage(cols: UsageColumns, idx: Int32Array, from: number, to: number, userSpace: number): { days: number; entries: number } {
  if (userSpace > sStamp.length) sStamp = new Float64Array(Math.max(userSpace, sStamp.length * 2)).fill(-1);
  let days = 0, entries = 0;
  for (let k = from, last = NO_DAY; k < to; k++) {
    const i = idx[k];
    if (cols.day[i] !== last) {
      last = cols.day[i];
      days++;
      sGroup++;
    }
    const g = cols.user[i];
    if (g >= 0 && sStamp[g] !== sGroup) {
      sStamp[g] = sGroup;
      entries++;
    }
  }
  return { days, entries };
}

/**
 * Customers' PUsage arrays carved from one buffer of exactly the given totals: one
 * ArrayBuffer per workbook instead of four per customer (V8 starts a full collection
 * every ~64 MB of such memory; see day-series.ts).
 */
class UsageBuffer {
  private readonly actions: Float64Array;
  private readonly days: Int32Array;
  private readonly userStart: Int32Array;
  private readonly users: Int32Array;
  private d = 0;
  private s = 0;
  private u = 0;

  constructor(days: number, customers: number, entries: number) {
    // The doubles first (8-byte aligned); userStart has one more entry per customer.
    const buffer = new ArrayBuffer(days * 8 + (2 * days + customers + entries) * 4);
    this.actions = new Float64Array(buffer, 0, days);
    this.days = new Int32Array(buffer, days * 8, days);
    this.userStart = new Int32Array(buffer, days * 12, days + customers);
    this.users = new Int32Array(buffer, days * 16 + customers * 4, entries);
  }

  take(days: number, entries: number): PUsage {
    const { d, s, u } = this;
    this.d += days;
    this.s += days + 1;
    this.u += entries;
    return {
      days: this.days.subarray(d, this.d),
      actions: this.actions.subarray(d, this.d),
      userStart: this.userStart.subarray(s, this.s),
      users: this.users.subarray(u, this.u),
      userCount: 0,
    };
  }
}

/**
 * Aggregates sorted rows idx[from..to) (sortByDay) into `out`, sized by countUsage; users
 * are renumbered locally (0..userCount−1) in order of first appearance.
 */
function aggregateUsage(cols: UsageColumns, idx: Int32Array, from: number, to: number, userSpace: number, out: PUsage): PUsage {
  if (userSpace > sLocal.length) sLocal = new Int32Array(Math.max(userSpace, sLocal.length * 2)).fill(-1);
  const { days, actions, userStart, users } = out;
  let userLen = 0;
  const touched: number[] = [];
  let j = -1;
  for (let k = from; k < to; k++) {
    const i = idx[k];
    const d = cols.day[i];
    if (j < 0 || days[j] !== d) {
      j++;
      days[j] = d;
      userStart[j] = userLen;
    }
    actions[j] = saturate(actions[j] + cols.act[i]);
    const g = cols.user[i];
    if (g < 0) continue;
    let u = sLocal[g];
    if (u < 0) {
      u = sLocal[g] = touched.length;
      touched.push(g);
      if (u >= sSeen.length) {
        const grown = new Int32Array(sSeen.length * 2);
        grown.set(sSeen);
        sSeen = grown;
      }
      sSeen[u] = -1;
    }
    if (sSeen[u] !== j) {
      sSeen[u] = j; // list each user once per day
      users[userLen++] = u;
    }
  }
  userStart[j + 1] = userLen;
  for (const g of touched) sLocal[g] = -1;
  out.userCount = touched.length;
  return out;
}

/** One customer's usage rows aggregated per day. */
function prepareUsage(rows: Usage[]): PUsage {
  const n = rows.length;
  const cols: UsageColumns = { day: new Int32Array(n), act: new Float64Array(n), user: new Int32Array(n) };
  const users = new Map<string, number>();
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    parseUsageInto(cols, i, rows[i], users);
    idx[i] = i;
  }
  const valid = sortByDay(cols, idx, 0, n);
  const size = countUsage(cols, idx, 0, valid, users.size);
  const out = new UsageBuffer(size.days, 1, size.entries).take(size.days, size.entries);
  return aggregateUsage(cols, idx, 0, valid, users.size, out);
}

// ---- one customer -------------------------------------------------------------------------

/** A customer's rows once each row is parsed (what `assemble` needs). */
interface ParsedRows {
  contracts: PContract[];
  activities: PActivity[];
  surveys: (KindSurvey | null)[];
  invoices: PInvoice[];
  tickets: PTicket[];
  usage: PUsage;
  contacts: Contact[];
}

const byDay = (a: PSurvey, b: PSurvey) => a.day - b.day;

function assemble(customer: Customer, p: ParsedRows): CustomerRows {
  const contracts = p.contracts.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity));
  const doneDays: number[] = [];
  for (const a of p.activities) if (a.done !== null) doneDays.push(a.done);
  doneDays.sort((x, y) => x - y);
  const surveys: CustomerRows['surveys'] = { nps: [], csat: [], ces: [] };
  for (const s of p.surveys) if (s) surveys[s.kind].push({ id: s.id, day: s.day, score: s.score });
  surveys.nps.sort(byDay);
  surveys.csat.sort(byDay);
  surveys.ces.sort(byDay);
  return {
    id: idOf(customer),
    customer: cleanCustomer(customer),
    contracts,
    activeIntervals: mergeIntervals(contracts),
    activities: p.activities,
    doneDays,
    surveys,
    invoices: p.invoices,
    tickets: p.tickets,
    usage: p.usage,
    sponsor: sponsorOf(p.contacts),
  };
}

/** One customer's bucket from its rows (rows of other customers must not be passed). */
export function prepareCustomer(customer: Customer, rows: RowsOf, _settings?: Settings): CustomerRows {
  return assemble(customer, {
    contracts: rows.contracts.map(prepareContract),
    activities: rows.activities.map(parseActivity),
    surveys: rows.surveys.map(parseSurvey),
    invoices: rows.invoices.map(parseInvoice),
    tickets: rows.tickets.map(parseTicket),
    usage: prepareUsage(rows.usage),
    contacts: rows.contacts,
  });
}

/**
 * A customer's bucket after a change: its customer row and the tables in `changed` read
 * again from `rows` (the other tables' rows may be left empty), each other table's parts
 * kept from `old`. Each part of a bucket is decided by one table's rows alone.
 */
export function refreshCustomer(old: CustomerRows, customer: Customer, rows: RowsOf, changed: ReadonlySet<keyof RowsOf>): CustomerRows {
  const next = prepareCustomer(customer, rows);
  if (!changed.has('contracts')) {
    next.contracts = old.contracts;
    next.activeIntervals = old.activeIntervals;
  }
  if (!changed.has('activities')) {
    next.activities = old.activities;
    next.doneDays = old.doneDays;
  }
  if (!changed.has('surveys')) next.surveys = old.surveys;
  if (!changed.has('invoices')) next.invoices = old.invoices;
  if (!changed.has('tickets')) next.tickets = old.tickets;
  if (!changed.has('usage')) next.usage = old.usage;
  if (!changed.has('contacts')) next.sponsor = old.sponsor;
  return next;
}

// ---- the whole workbook --------------------------------------------------------------------

/**
 * Parses a table's rows in table order and buckets them by customer index. Table order
 * matters: rows lie in memory in the order they were created, and visiting 1M rows
 * customer by customer instead was measured 15× slower (cache misses).
 */
function parseTable<R, P>(table: keyof RowsOf, rows: RowSource<R> | undefined, index: Map<string, number>, n: number, orphan: OrphanSink, parse: (r: R) => P, ids?: RowIdsOf, listed?: ListOrder): P[][] {
  // One pass in list order, a batch at a time: each row's customer and parsed form (a
  // batch's rows are dropped after it: a rowless table makes them as it is read); then
  // exact-size arrays per customer (growing 10,000 arrays by push leaves a trail of garbage).
  const every = listed?.[table];
  const owner = new GrowingInt32(rows?.length ?? 0);
  const parsed: P[] = [];
  const rowIds: string[] = [];
  const count = new Int32Array(n);
  eachBatch(rows, (batch) => {
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i] as R & { id?: unknown; customerId?: unknown };
      if (!r || typeof r !== 'object') continue;
      if (every) every.push(r.id as string);
      const cid = r.customerId;
      const k = typeof cid === 'string' ? index.get(cid) : undefined;
      if (k === undefined) {
        orphan(table, r);
        continue;
      }
      owner.push(k);
      count[k]++;
      if (ids) rowIds.push(r.id as string);
      parsed.push(parse(r));
    }
  });
  const out: P[][] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = new Array(count[k]);
  const idOut: string[][] | null = ids ? (ids[table] = new Array(n)) : null;
  if (idOut) for (let k = 0; k < n; k++) idOut[k] = new Array(count[k]);
  const fill = new Int32Array(n);
  const owners = owner.values;
  for (let i = 0; i < owners.length; i++) {
    const k = owners[i];
    if (idOut) idOut[k][fill[k]] = rowIds[i];
    out[k][fill[k]++] = parsed[i];
  }
  return out;
}

/** An Int32Array that grows when pushed past its capacity (a row source's length is a hint). */
class GrowingInt32 {
  private data: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.size === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = v;
  }
  get values(): Int32Array {
    return this.data.subarray(0, this.size);
  }
}

/** Usage of every customer: one pass in table order into columns, a counting sort by customer, then per-customer aggregation. */
function parseUsageTable(rows: RowSource<Usage> | undefined, index: Map<string, number>, n: number, orphan: OrphanSink, ids?: RowIdsOf): PUsage[] {
  // One pass in list order into columns, a batch at a time (a batch's rows are dropped
  // after it: a rowless table makes them as it is read), over the rows of a known customer.
  const capacity = Math.max(16, rows?.length ?? 0);
  const state = { cols: { day: new Int32Array(capacity), act: new Float64Array(capacity), user: new Int32Array(capacity) } as UsageColumns };
  const owner = new GrowingInt32(capacity);
  const rowIds: string[] = [];
  const users = new Map<string, number>();
  const count = new Int32Array(n + 1);
  eachBatch(rows, (batch) => {
    for (let j = 0; j < batch.length; j++) {
      const r = batch[j];
      if (!r || typeof r !== 'object') continue;
      const cid = r.customerId as unknown;
      const k = typeof cid === 'string' ? index.get(cid) : undefined;
      if (k === undefined) {
        orphan('usage', r);
        continue;
      }
      const i = owner.size;
      if (i === state.cols.day.length) state.cols = grownColumns(state.cols);
      owner.push(k);
      count[k + 1]++;
      if (ids) rowIds.push(r.id);
      parseUsageInto(state.cols, i, r, users);
    }
  });
  const cols = state.cols;
  const m = owner.size;
  const owners = owner.values;
  for (let k = 0; k < n; k++) count[k + 1] += count[k]; // count[k] = start of customer k
  const start = count.slice();
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[start[owners[i]]++] = i;
  if (ids) { // in list order: before sortByDay reorders `order`
    const idOut: string[][] = (ids.usage = new Array(n));
    for (let k = 0; k < n; k++) {
      const a = (idOut[k] = new Array<string>(count[k + 1] - count[k]));
      for (let j = count[k]; j < count[k + 1]; j++) a[j - count[k]] = rowIds[order[j]];
    }
  }
  // Sort and size every customer first, so that one buffer holds all their usage.
  const valid = new Int32Array(n), days = new Int32Array(n), entries = new Int32Array(n);
  let allDays = 0, allEntries = 0;
  for (let k = 0; k < n; k++) {
    valid[k] = sortByDay(cols, order, count[k], count[k + 1]);
    const size = countUsage(cols, order, count[k], count[k] + valid[k], users.size);
    allDays += days[k] = size.days;
    allEntries += entries[k] = size.entries;
  }
  const buffer = new UsageBuffer(allDays, n, allEntries);
  const out: PUsage[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = aggregateUsage(cols, order, count[k], count[k] + valid[k], users.size, buffer.take(days[k], entries[k]));
  return out;
}

/** Per child table, the row ids of each customer in `Model.customers` order (the rows each bucket was built from, in list order). */
export type RowIdsOf = { [T in keyof RowsOf]?: string[][] };

/** Every row id in list order, for the child tables given an array to fill (a rowless table is read once: nobody reads it again for them). */
export type ListOrder = { [T in keyof RowsOf]?: string[] };

/** Group every table's rows by customer; rows without an existing customer become orphans. */
export function prepare(data: WorkbookData): Model {
  return prepareWithRowIds(data, undefined);
}

/** A row naming no existing customer, as the parse meets it. */
type OrphanSink = (table: keyof RowsOf, row: object) => void;

/**
 * `prepare`, also filling `ids` with each customer's row ids per table (the incremental
 * engine's row index at load, at no extra pass over the rows), and `orphanOwners` with the
 * customer id each orphan names (undefined when not a string), in the order of `orphans`.
 */
export function prepareWithRowIds(data: WorkbookSource, ids: RowIdsOf | undefined, listed?: ListOrder, orphanOwners?: (string | undefined)[]): Model {
  const settings = resolveSettings(data.settings);
  const index = new Map<string, number>();
  const customers: Customer[] = [];
  eachBatch(data.customers, (rows) => {
    for (const c of rows) {
      if (!c || typeof c !== 'object' || typeof c.id !== 'string' || index.has(c.id)) continue; // first row of an id wins
      index.set(c.id, customers.length);
      customers.push(c);
    }
  });
  const n = customers.length;
  const orphans: Model['orphans'] = [];
  const orphan: OrphanSink = (table, r) => {
    orphans.push({ table, rowId: idOf(r) });
    if (orphanOwners) {
      const cid = (r as { customerId?: unknown }).customerId;
      orphanOwners.push(typeof cid === 'string' ? cid : undefined);
    }
  };
  const contracts = parseTable('contracts', data.contracts, index, n, orphan, prepareContract, ids, listed);
  const activities = parseTable('activities', data.activities, index, n, orphan, parseActivity, ids, listed);
  const surveys = parseTable('surveys', data.surveys, index, n, orphan, parseSurvey, ids, listed);
  const invoices = parseTable('invoices', data.invoices, index, n, orphan, parseInvoice, ids, listed);
  const tickets = parseTable('tickets', data.tickets, index, n, orphan, parseTicket, ids, listed);
  const usage = parseUsageTable(data.usage, index, n, orphan, ids);
  const contacts = parseTable('contacts', data.contacts, index, n, orphan, (r: Contact) => r, ids, listed);
  const out = new Map<string, CustomerRows>();
  for (let k = 0; k < n; k++) {
    out.set(customers[k].id, assemble(customers[k], {
      contracts: contracts[k], activities: activities[k], surveys: surveys[k], invoices: invoices[k],
      tickets: tickets[k], usage: usage[k], contacts: contacts[k],
    }));
  }
  return { settings, customers: out, orphans };
}
