// The incremental derivation: every customer's metrics and the dashboard, kept current
// as the workbook doc changes, recomputing only what an edit can affect.
//
// Data flows one way: doc change event → dirty customers (RowIndex) → their CustomerRows
// and CustomerDays (metrics building blocks) → per-day engagement ranks (DayRank) →
// re-finish the customers whose inputs or percentiles moved → listeners get the ids whose
// CustomerMetrics actually differ. docs/engine.md explains the costs.
import type { Workbook, WorkbookChange } from '../doc/index.js';
import { Emitter } from '../emitter.js';
import {
  HISTORY_DAYS,
  LONG_HEALTH_DAYS,
  customerDays,
  dashboardFrom,
  warmDashboard,
  evaluationDays,
  finishInto,
  prepareWithRowIds,
  healthInto,
  intensityInto,
  percentileOf,
  refinishEngagement,
  prepareCustomer,
  refreshCustomer,
  type CustomerDays,
  type CustomerSource,
  type CustomerRows,
  type Derived,
  type Model,
  type ListOrder,
  type RowIdsOf,
  type RowsOf,
} from '../metrics/index.js';
import type { Customer } from '../schema.js';
import { drillIds } from '../catalog/drill.js';
import { dashboardDetailFrom, warmDetail, type DashboardDetail } from '../catalog/detail.js';
import { type CustomerMetrics, type Dashboard, type DashboardFilter, type WorkbookSource } from '../types.js';
import { sameMetrics } from './equal.js';
import { dashboardKey } from './snapshot.js';
import { DayRank } from './rank.js';
import { DaySeries } from '../metrics/day-series.js';
import { ORDERED_TABLES, RowIndex, ownerOf, type ChildTable, type PreviousOwner } from './rowIndex.js';

export interface DerivationChange {
  /** Customers whose CustomerMetrics differ from before (including removed ones). */
  customers: string[];
  /** True after a global recompute (as-of date or settings changed, or a bulk change). */
  all: boolean;
}

export interface Derivation {
  readonly asOf: string;
  /** Moves the evaluation date: every customer is re-evaluated (rows are not re-read). */
  setAsOf(asOf: string): void;
  metrics(): ReadonlyMap<string, CustomerMetrics>;
  get(customerId: string): CustomerMetrics | undefined;
  /** The derived state `dashboardFrom` reads (live: do not mutate). */
  derived(): Derived;
  /** One customer's rows, metrics and health series as the engine keeps them (Customer 360);
   *  reads only that customer's rows (the row index), never the whole workbook. */
  customer(customerId: string): CustomerSource | undefined;
  /** One customer's daily health on each of the `span` days ending on D (at most
   *  LONG_HEALTH_DAYS; NaN = none), computed on request with the same per-day health and
   *  the same engagement ranking as the kept 60-day history, which it equals on those days. */
  longHealth(customerId: string, span?: number): { days: number[]; health: Float64Array } | undefined;
  /** Memoized per options until the next change. */
  dashboard(options?: { filter?: DashboardFilter; user?: string }): Dashboard;
  /** Ids of the customers behind a dashboard figure's drill key (catalog), under the same filter and user. */
  drill(key: string, options?: { filter?: DashboardFilter; user?: string }): string[];
  /** The dashboard's lists and pie counts (catalog/detail.ts) under the same filter and user; memoized like `dashboard`. */
  detail(options?: { filter?: DashboardFilter; user?: string }): DashboardDetail;
  /**
   * Does part of the work `dashboard` and `detail` would do for these options while `more()`
   * says so (at least a block of customers per call); true once both are ready to answer
   * without folding. Lets an owner that must stay responsive (the worker, between edits)
   * prepare them in slices.
   */
  warm(options: { filter?: DashboardFilter; user?: string }, more: () => boolean): boolean;
  onChange(listener: (e: DerivationChange) => void): () => void;
  dispose(): void;
}

export interface DerivationOptions {
  asOf: string;
  /**
   * Where a large ripple may wait: the owner's next task (the browser's worker passes a
   * zero-delay timer). A customer turning active or inactive on a day moves every active
   * customer's engagement percentile that day; re-finishing 10,000 of them takes ~100 ms,
   * which would hold up the edited customer's own metrics. With `later`, an edit re-finishes
   * at once at most `rippleSync` such neighbours and leaves the rest to the function it hands
   * `later`, which reports them in a change event of their own. Every read (get, metrics,
   * customer, dashboard…) sees them current meanwhile. Without `later`, nothing waits.
   */
  later?: (settle: () => void) => void;
  rippleSync?: number;
}

/** Default `rippleSync`: a few milliseconds of re-finishing. */
const RIPPLE_SYNC = 256;

/** Above max(BULK_MIN, customers / 8) dirty customers, one change is recomputed in full. */
const BULK_MIN = 64;

const CHILD_TABLES: ChildTable[] = ['contracts', 'activities', 'surveys', 'invoices', 'tickets', 'usage', 'contacts'];
const NO_TABLES: ReadonlySet<ChildTable> = new Set();

/** What the engine keeps per customer between edits. */
interface Entry {
  id: string;
  /** Small integer standing for the customer in the day ranks. */
  key: number;
  rows: CustomerRows;
  days: CustomerDays;
  /** Its health per evaluation day (NaN = null), updated in place; `derived.health` holds a copy (a new object per change, as the dashboard's folds compare). */
  hist: Float64Array;
  /** Its current metrics (= derived.metrics.get(id)); undefined until first finished. */
  metrics: CustomerMetrics | undefined;
  /** `hist` is newer than `derived.health` (queued in `unpublished`). */
  unpublished: boolean;
}

export function createDerivation(workbook: Workbook, opts: DerivationOptions): Derivation {
  let asOf = opts.asOf;
  const rippleSync = opts.later ? opts.rippleSync ?? RIPPLE_SYNC : Infinity;
  let days: number[] = [];
  let model!: Model;
  let ranks: DayRank[] = [];
  let derived!: Derived;
  // Per-customer row ids only: a changed row's previous owner comes from the doc's change event.
  const index = new RowIndex();
  const entries = new Map<string, Entry>();
  /** Entry by rank key (keys are never reused). */
  let byKey: (Entry | undefined)[] = [];
  let dashboards = new Map<string, Dashboard>();
  let details = new Map<string, DashboardDetail>();
  /** Engagement percentile per customer key and evaluation day (NaN = not active, read as
   *  null by finishCustomer): one flat buffer, so patching a neighbour allocates nothing. */
  let engagement = new Float64Array(0);
  /** Customers whose health on some month end before the history is out of date (their metrics are not). */
  const staleHealth = new Set<Entry>();
  /** Neighbours whose percentile on a history day an edit moved, not re-finished yet (see `rippleSync`),
   *  and the ids re-finished on a read since, whose change is still to be reported. */
  const ripple = { waiting: new Set<Entry>(), changed: new Set<string>(), scheduled: false };
  /** Re-finishes a waiting neighbour; its id goes to `ripple.changed` when its metrics changed. */
  const refinishWaiting = (e: Entry) => {
    if (refinish(e)) ripple.changed.add(e.id);
    staleHealth.delete(e);
  };
  /**
   * Percentile walks an edit left for later (its reach was above `rippleSync`): on a day in
   * `everyone` every active customer's percentile may have moved; on a range's day, those of
   * the customers whose intensity lies between a moved customer's old and new one. Walked
   * with the ranks as they are then: a customer whose percentile moved since its own was
   * computed still has the intensity that put it in a range (had it changed, it was ranked
   * whole). At 100,000 customers a walk over a run of equal intensities (no usage) on every
   * day of the usage window was most of a slow usage edit (~30–130 ms).
   */
  const walks = { everyone: new Set<number>(), ranges: [] as Array<[day: number, lo: number, hi: number]> };
  const walksPending = () => walks.everyone.size > 0 || walks.ranges.length > 0;
  /** Records that `key`'s percentile on `day` is `p`; a change makes the customer wait for its re-finish. */
  const patchPercentile = (key: number, day: number, p: number) => {
    const at = key * days.length + day;
    if (engagement[at] === p) return;
    engagement[at] = p;
    const e = byKey[key]!;
    if (day < days.length - HISTORY_DAYS) staleHealth.add(e);
    else ripple.waiting.add(e);
  };
  const runWalks = () => {
    if (!walksPending()) return;
    let day = 0;
    const touch = (key: number, p: number) => patchPercentile(key, day, p);
    for (const d of walks.everyone) ranks[(day = d)].forEachPercentile(touch);
    for (const [d, lo, hi] of walks.ranges) if (!walks.everyone.has(d)) ranks[(day = d)].forEachPercentile(touch, lo, hi);
    clearWalks();
  };
  const clearWalks = () => {
    walks.everyone.clear();
    walks.ranges.length = 0;
  };
  /** One customer's share of the waiting walks: its percentile on each day a walk would visit it. */
  const walkOne = (e: Entry) => {
    const cd = e.days;
    const visit = (d: number) => cd.active[d] && patchPercentile(e.key, d, ranks[d].percentile(cd.intensity[d]));
    for (const d of walks.everyone) visit(d);
    for (const [d, lo, hi] of walks.ranges) if (!walks.everyone.has(d) && cd.intensity[d] >= lo && cd.intensity[d] <= hi) visit(d);
  };
  /** One customer brought current (a read of it while its neighbours' ripple waits). */
  const catchUpOne = (id: string) => {
    const e = entries.get(id);
    if (!e) return;
    if (walksPending()) walkOne(e);
    if (ripple.waiting.delete(e)) refinishWaiting(e);
  };
  const catchUp = () => {
    runWalks();
    // An entry rebuilt since is already current (and no longer the customer's entry).
    for (const e of ripple.waiting) if (entries.get(e.id) === e) refinishWaiting(e);
    ripple.waiting.clear();
  };
  /** Customers re-finished by refinishEngagement: `entry.hist` is current, `derived.health` not yet. */
  const unpublished: Entry[] = [];
  const queuePublish = (e: Entry) => {
    if (e.unpublished) return;
    e.unpublished = true;
    unpublished.push(e);
  };
  /** Brings `derived.health` up to date (only the dashboard reads it): re-finishes the
   *  stale month ends, then copies the series of the re-finished customers. */
  const refreshHealth = () => {
    catchUp();
    for (const e of staleHealth) if (entries.get(e.id) === e) refinish(e);
    staleHealth.clear();
    // The copies in one buffer: one allocation (see day-series.ts), 100,000 of them at load.
    const live = unpublished.filter((e) => e.unpublished && entries.get(e.id) === e);
    const n = days.length;
    const copies = new Float64Array(live.length * n);
    live.forEach((e, j) => {
      const copy = copies.subarray(j * n, (j + 1) * n);
      copy.set(e.hist);
      derived.health.set(e.id, copy);
    });
    for (const e of unpublished) e.unpublished = false;
    unpublished.length = 0;
  };
  /** A dashboard-level answer (figures or their lists), computed once per request (filter, user) until the next change. */
  const memoByRequest = <T,>(memo: Map<string, T>, options: { filter?: DashboardFilter; user?: string }, compute: (o: { asOf: string; filter?: DashboardFilter; user?: string }) => T): T => {
    const key = dashboardKey(options.filter, options.user);
    let v = memo.get(key);
    if (v === undefined) {
      refreshHealth();
      memo.set(key, (v = compute({ asOf, filter: options.filter, user: options.user })));
    }
    return v;
  };
  const changes = new Emitter<DerivationChange>(); // one faulty view must not starve the others
  /** Set by apply when it recomputed everything (reported as all = true). */
  let bulk = false;
  /** Built on the first longHealth request, dropped by every global recompute: each
   *  customer's engagement ranking input (intensity, NaN = not active) on the days of the
   *  last LONG_HEALTH_DAYS that are not evaluation days (those have their ranks in
   *  `engagement` already). Day-major, `cap` keys per day: a percentile is one contiguous
   *  count. Edited customers are re-read lazily (`dirty` keys), before the next request. */
  let long: { days: number[]; cap: number; values: Float64Array; dirty: Set<number> } | null = null;

  /** Where a new entry's series go: every customer's at once in a global recompute (day-series.ts), else a slot of its own. */
  let batch: DaySeries | null = null;
  const newEntry = (id: string, rows: CustomerRows, key = byKey.length): Entry => {
    const slot = batch ? batch.take() : DaySeries.single(days.length);
    const e: Entry = { id, key, rows, days: customerDays(rows, days, model.settings, slot), hist: slot.hist, metrics: undefined, unpublished: false };
    byKey[key] = e;
    const need = (key + 1) * days.length;
    if (need > engagement.length) {
      const grown = new Float64Array(Math.max(need, 2 * engagement.length));
      grown.set(engagement);
      engagement = grown;
    }
    return e;
  };

  /** Recomputes a customer's percentile on every day from the ranks. */
  const rankWhole = (e: Entry) => {
    const n = days.length, off = e.key * n, cd = e.days;
    for (let i = 0; i < n; i++) engagement[off + i] = cd.active[i] ? ranks[i].percentile(cd.intensity[i]) : NaN;
  };

  /** Finishes one customer into `derived` (its health series copied to `derived` lazily); true when its metrics differ from `before`. */
  function finish(e: Entry, before: CustomerMetrics | undefined): boolean {
    const m = finishInto(e.days, engagement, model.settings, e.hist, e.key * days.length);
    derived.metrics.set(e.id, m);
    e.metrics = m;
    queuePublish(e);
    return before === undefined || !sameMetrics(before, m);
  }

  /** Re-finishes a customer whose CustomerDays are unchanged and only its percentiles moved
   *  (rank neighbour, stale month-end health); true when its metrics changed. Its health
   *  series is copied to `derived` lazily (refreshHealth). */
  function refinish(e: Entry): boolean {
    const n = days.length;
    const prev = e.metrics!;
    const m = refinishEngagement(e.days, engagement, model.settings, prev, e.hist, e.key * n);
    queuePublish(e);
    if (m === prev) return false;
    e.metrics = m;
    derived.metrics.set(e.id, m);
    return true; // a new object only when a recomputed field differs (Object.is), as sameMetrics would say
  }

  // ---- global recompute (load, settings change, as-of change) ----------------------------

  /** Re-evaluates every customer of `model` on `asOf`; returns the ids whose metrics changed. */
  function evaluateAll(): string[] {
    const before = derived?.metrics ?? new Map<string, CustomerMetrics>();
    days = evaluationDays(asOf);
    long = null;
    entries.clear();
    staleHealth.clear();
    ripple.waiting.clear(); // every customer is finished anew, and the change is `all`
    ripple.changed.clear();
    clearWalks();
    unpublished.length = 0;
    byKey = [];
    const n = days.length;
    engagement = new Float64Array(model.customers.size * n).fill(NaN); // the stride (day count) may differ
    batch = new DaySeries(model.customers.size, n);
    for (const [cid, rows] of model.customers) entries.set(cid, newEntry(cid, rows));
    batch = null;
    // Each day's members and intensities, gathered customer by customer (each customer's
    // days are contiguous: one pass over memory instead of one per day), keys ascending.
    const count = new Int32Array(n);
    for (const e of byKey) for (let i = 0; i < n; i++) if (e!.days.active[i]) count[i]++;
    const memberKeys = days.map((_, i) => new Array<number>(count[i]));
    const memberVals = days.map((_, i) => new Float64Array(count[i]));
    count.fill(0);
    for (const e of byKey) {
      const cd = e!.days;
      for (let i = 0; i < n; i++) if (cd.active[i]) {
        memberKeys[i][count[i]] = e!.key;
        memberVals[i][count[i]++] = cd.intensity[i];
      }
    }
    ranks = days.map((_, i) => {
      const rank = DayRank.fromValues(memberKeys[i], memberVals[i]);
      rank.forEachPercentile((key, p) => { engagement[key * n + i] = p; }); // one walk per day, no search per customer
      return rank;
    });
    derived = { asOf, days, metrics: new Map(), health: new Map() };
    const changed: string[] = [];
    for (const e of entries.values()) if (finish(e, before.get(e.id))) changed.push(e.id);
    for (const cid of before.keys()) if (!entries.has(cid)) changed.push(cid);
    return changed;
  }

  /** Reads the whole workbook again (first load, settings change). */
  function load(data: WorkbookSource): string[] {
    // The row index comes out of prepare's own bucketing (no second pass over 1.5 M rows).
    index.clear();
    const ids: RowIdsOf = {};
    const listed: ListOrder = {};
    for (const table of ORDERED_TABLES) listed[table] = [];
    const owners: (string | undefined)[] = [];
    const m = prepareWithRowIds(data, ids, listed, owners);
    const cids = [...m.customers.keys()];
    for (const table of CHILD_TABLES) {
      const lists = ids[table]!;
      for (let k = 0; k < cids.length; k++) index.addMembers(table, cids[k], lists[k]);
      // Rows naming no existing customer stay indexed under the id they name (they join it if it is created).
      m.orphans.forEach((o, i) => {
        if (o.table === table) index.addMembers(table, owners[i], [o.rowId]);
      });
      if (ORDERED_TABLES.has(table)) index.sequence(table, listed[table]!);
    }
    // Orphans are rarely read (validation views): computed on demand from the index, not per edit.
    model = { settings: m.settings, customers: m.customers } as Model;
    Object.defineProperty(model, 'orphans', {
      enumerable: true,
      get: () => CHILD_TABLES.flatMap((table) => index.orphans(table, (id) => model.customers.has(id)).map((rowId) => ({ table, rowId }))),
    });
    return evaluateAll();
  }

  // ---- incremental update -----------------------------------------------------------------

  /** A customer's rows of every child table, or of the `only` ones (the others left empty). */
  function rowsOf(cid: string, only?: ReadonlySet<ChildTable>): RowsOf {
    const out = {} as Record<ChildTable, unknown[]>;
    for (const table of CHILD_TABLES) {
      const list: unknown[] = [];
      out[table] = list;
      if (only && !only.has(table)) continue;
      for (const id of index.rowsOf(table, cid)) {
        const row = workbook.get(table, id);
        if (row) list.push(row);
      }
      out[table] = list;
    }
    return out as unknown as RowsOf;
  }

  function apply(change: WorkbookChange): string[] {
    // Settings reach every customer (windows, weights, tiers): read everything again.
    if (change.settings) return load(workbook.source());

    // 1. Dirty customers: changed customer rows, and the old and new owner of every changed row.
    //    Customers first, in event order: new customers then join the model in list order.
    const dirty = new Set<string>();
    /** The child tables whose rows changed, per customer (its other tables' parts are kept). */
    const touched = new Map<string, Set<ChildTable>>();
    const markRows = (cid: string | undefined, table: ChildTable) => {
      if (cid === undefined) return;
      dirty.add(cid);
      const t = touched.get(cid);
      if (t) t.add(table);
      else touched.set(cid, new Set([table]));
    };
    const ct = change.tables.customers;
    if (ct) for (const id of [...ct.upserted, ...ct.removed]) dirty.add(id);
    for (const table of CHILD_TABLES) {
      const t = change.tables[table];
      if (!t) continue;
      const before = change.before?.[table];
      // A workbook that does not say what the rows were: the index cannot follow, read everything again.
      if (!before) {
        bulk = true;
        return load(workbook.source());
      }
      const previous = (id: string): PreviousOwner => {
        const row = before.get(id);
        return { existed: row !== undefined, owner: row === undefined ? undefined : ownerOf(row) };
      };
      for (const id of t.upserted) {
        const row = workbook.get(table, id);
        const next = row ? ownerOf(row) : undefined;
        const prev = previous(id);
        if (row) index.move(table, id, prev, next);
        else index.drop(table, id, prev);
        markRows(prev.owner, table);
        markRows(next, table);
      }
      for (const id of t.removed) {
        const prev = previous(id);
        index.drop(table, id, prev);
        markRows(prev.owner, table);
      }
    }
    if (dirty.size === 0) return [];
    // A bulk change (import, big remote batch) touching many customers: re-ranking them one
    // by one would be a splice storm (customers × days array moves); recompute everything
    // from the refreshed model instead, which costs one full derivation.
    if (dirty.size > Math.max(BULK_MIN, entries.size / 8)) {
      for (const cid of dirty) refreshRows(cid, touched.get(cid) ?? NO_TABLES);
      bulk = true;
      return evaluateAll();
    }

    // 2. Rebuild the dirty customers and move them in the per-day ranks.
    const changed = new Set<string>();
    const countChanged: boolean[] = new Array(days.length).fill(false); // n of active customers changed that day
    const ranges: Array<[day: number, lo: number, hi: number]> = [];
    const move = (key: number, old: CustomerDays | undefined, next: CustomerDays | undefined) => {
      for (let i = 0; i < days.length; i++) {
        const oa = !!old?.active[i], na = !!next?.active[i];
        const ov = old?.intensity[i] ?? 0, nv = next?.intensity[i] ?? 0;
        if (oa === na && (!oa || ov === nv)) continue;
        // Out of sync would mean wrong percentiles from now on: throw, and the subscriber rebuilds.
        if (oa && !ranks[i].remove(key, ov)) throw new Error(`engine: customer key ${key} missing from the ranking of day ${days[i]}`);
        if (na) ranks[i].insert(key, nv);
        if (oa !== na) countChanged[i] = true;
        else ranges.push([i, Math.min(ov, nv), Math.max(ov, nv)]);
      }
    };
    const rebuilt: Entry[] = [];
    for (const cid of dirty) {
      const old = entries.get(cid);
      const rows = refreshRows(cid, touched.get(cid) ?? NO_TABLES);
      if (!rows) {
        if (!old) continue; // rows naming a customer that does not exist: orphans, no metrics
        move(old.key, old.days, undefined);
        entries.delete(cid);
        byKey[old.key] = undefined;
        long?.dirty.add(old.key);
        derived.metrics.delete(cid);
        derived.health.delete(cid);
        changed.add(cid);
        continue;
      }
      const next = newEntry(cid, rows, old?.key);
      move(next.key, old?.days, next.days);
      entries.set(cid, next);
      rebuilt.push(next);
      long?.dirty.add(next.key);
    }

    // 3. Percentiles that can have moved: on a day whose n changed, every active customer's;
    //    otherwise only those between a moved customer's old and new intensity. Other
    //    customers' engagement is patched day by day; the rebuilt ones are recomputed whole.
    //    A neighbour moved only on month ends before the 60-day history keeps its metrics
    //    (they read D and the history); only its health on those month ends, which the
    //    dashboard series reads, is stale: it is refreshed lazily, before the next
    //    dashboard() / derived().
    //    The walks go to `walks`; they run now when nothing waits already and they visit at
    //    most `rippleSync` customers (two binary searches a range), else with the ripple.
    //    A rebuilt customer's percentiles, computed whole with the same ranks, are unchanged
    //    by the walks; the neighbours whose percentile moved go to `ripple.waiting`.
    for (const e of rebuilt) rankWhole(e);
    const waitedBefore = walksPending();
    let reach = 0;
    for (let i = 0; i < days.length && reach <= rippleSync; i++) if (countChanged[i]) reach += ranks[i].size;
    for (const [i, lo, hi] of ranges) if (reach <= rippleSync && !countChanged[i]) reach += ranks[i].countIn(lo, hi);
    for (let i = 0; i < days.length; i++) if (countChanged[i]) walks.everyone.add(i);
    for (const r of ranges) if (!countChanged[r[0]]) walks.ranges.push(r);
    if (!waitedBefore && reach <= rippleSync) runWalks();

    // 4. Re-finish the rebuilt customers and the neighbours whose percentile moved;
    //    report those whose metrics changed.
    for (const e of rebuilt) if (finish(e, derived.metrics.get(e.id))) changed.add(e.id);
    for (const e of rebuilt) staleHealth.delete(e);
    if (walksPending() || ripple.waiting.size > rippleSync) {
      if (!ripple.scheduled) {
        ripple.scheduled = true;
        opts.later!(settle);
      }
    } else {
      catchUp();
      for (const id of ripple.changed) changed.add(id);
      ripple.changed.clear();
    }
    return [...changed];
  }

  /**
   * Re-reads one customer's rows into the model; undefined (and dropped) when the customer is
   * gone. Of a customer already in the model only the `changed` tables are read again: a
   * rowless replica decodes rows from the chunks on every read, and usage alone is two
   * thirds of a customer's rows.
   */
  function refreshRows(cid: string, changed: ReadonlySet<ChildTable>): CustomerRows | undefined {
    const customer = workbook.get('customers', cid) as Customer | undefined;
    if (!customer) {
      model.customers.delete(cid);
      return undefined;
    }
    const old = model.customers.get(cid);
    const rows = old ? refreshCustomer(old, customer, rowsOf(cid, changed), changed) : prepareCustomer(customer, rowsOf(cid), model.settings);
    model.customers.set(cid, rows);
    return rows;
  }

  // ---- long health series (on request) ------------------------------------------------------

  /** The long ranking inputs, built or brought up to date. */
  function longInputs(): NonNullable<typeof long> {
    const D = days[days.length - 1];
    if (!long) {
      const kept = new Set(days);
      const ld: number[] = [];
      for (let x = D - LONG_HEALTH_DAYS + 1; x <= D; x++) if (!kept.has(x)) ld.push(x);
      const cap = byKey.length;
      long = { days: ld, cap, values: new Float64Array(ld.length * cap).fill(NaN), dirty: new Set() };
      for (const e of byKey) if (e) intensityInto(e.rows, ld, long.values, e.key, cap);
      return long;
    }
    if (byKey.length > long.cap) {
      // New customers took new keys: widen every day's row.
      const cap = Math.max(byKey.length + 256, Math.ceil(1.25 * long.cap)), n = long.days.length;
      const values = new Float64Array(n * cap).fill(NaN);
      for (let i = 0; i < n; i++) values.set(long.values.subarray(i * long.cap, (i + 1) * long.cap), i * cap);
      long.values = values;
      long.cap = cap;
    }
    for (const key of long.dirty) {
      const e = byKey[key];
      if (e) intensityInto(e.rows, long.days, long.values, key, long.cap);
      else for (let i = 0; i < long.days.length; i++) long.values[i * long.cap + key] = NaN;
    }
    long.dirty.clear();
    return long;
  }

  function longHealth(id: string, span = LONG_HEALTH_DAYS): { days: number[]; health: Float64Array } | undefined {
    catchUpOne(id); // its percentiles on the evaluation days are read below
    const e = entries.get(id);
    if (!e) return undefined;
    const len = Math.max(1, Math.min(LONG_HEALTH_DAYS, Math.floor(span) || 1));
    const n = days.length, D = days[n - 1];
    const out: number[] = [];
    for (let x = D - len + 1; x <= D; x++) out.push(x);
    // The customer's own per-day evaluation on those days: the function the engine keeps for its evaluation days.
    const cd = customerDays(e.rows, out, model.settings);
    const p = new Float64Array(len).fill(NaN);
    const keptAt = new Map<number, number>();
    days.forEach((x, i) => keptAt.set(x, i));
    let L: NonNullable<typeof long> | null = null;
    let li = 0;
    for (let i = 0; i < len; i++) {
      if (!cd.active[i]) continue;
      const k = keptAt.get(out[i]);
      if (k !== undefined) {
        p[i] = engagement[e.key * n + k]; // the engine's own rank of that day
        continue;
      }
      // A day without a kept rank: count the customers active that day below, at and above
      // its intensity (METRICS.md's percentile; percentileIn's counts, without sorting), then
      // take the customer itself out of them (NaN, not active, is in none).
      L ??= longInputs();
      while (L.days[li] < out[i]) li++;
      const x = cd.intensity[i], vals = L.values, row = li * L.cap;
      let less = 0, equal = 0, greater = 0;
      for (let j = row, end = row + L.cap; j < end; j++) {
        const v = vals[j];
        if (v < x) less++;
        else if (v === x) equal++;
        else if (v > x) greater++;
      }
      const own = vals[row + e.key]; // = x: re-read with the customer's rows above
      if (own < x) less--;
      else if (own === x) equal--;
      else if (own > x) greater--;
      p[i] = percentileOf(less, equal, less + equal + greater + 1);
    }
    const health = new Float64Array(len);
    healthInto(cd, p, model.settings, health);
    return { days: out, health };
  }

  // ---- wiring ----------------------------------------------------------------------------

  const emit = (customers: string[], all: boolean) => {
    dashboards = new Map();
    details = new Map();
    if (customers.length === 0 && !all) return;
    changes.emit({ customers, all });
  };

  /** The waiting ripple re-finished and reported (handed to `later`). */
  function settle() {
    ripple.scheduled = false;
    catchUp();
    if (ripple.changed.size === 0) return;
    const ids = [...ripple.changed];
    ripple.changed.clear();
    emit(ids, false);
  }

  load(workbook.source());
  const unsubscribe = workbook.subscribe((change) => {
    let changed: string[];
    bulk = change.settings;
    try {
      changed = apply(change);
    } catch (err) {
      // A bug in an incremental step must not leave the engine half-updated: rebuild from
      // the doc (always correct), then let the doc report the error (it rethrows listener errors).
      emit(load(workbook.source()), true);
      throw err;
    }
    emit(changed, bulk);
  });

  return {
    get asOf() {
      return asOf;
    },
    setAsOf(next: string) {
      if (next === asOf) return;
      evaluationDays(next); // an invalid date throws here (RangeError), before anything changes
      asOf = next;
      emit(evaluateAll(), true);
    },
    metrics: () => {
      catchUp();
      return derived.metrics;
    },
    get: (id) => {
      catchUpOne(id);
      return derived.metrics.get(id);
    },
    derived() {
      refreshHealth();
      return derived;
    },
    customer(id) {
      catchUpOne(id);
      const e = entries.get(id);
      if (!e || !e.metrics) return undefined;
      // Its health on a month end before the history may lag behind a neighbour's edit.
      if (staleHealth.delete(e)) refinish(e);
      return { rows: e.rows, raw: rowsOf(id), metrics: e.metrics, days, health: e.hist };
    },
    longHealth,
    dashboard: (options = {}) => memoByRequest(dashboards, options, (o) => dashboardFrom(model, derived, o)),
    drill(key, options = {}) {
      refreshHealth();
      return drillIds(model, derived, key, { asOf, filter: options.filter, user: options.user });
    },
    detail: (options = {}) => memoByRequest(details, options, (o) => dashboardDetailFrom(model, derived, o)),
    warm(options, more) {
      const key = dashboardKey(options.filter, options.user);
      if (dashboards.has(key) && details.has(key)) return true;
      refreshHealth();
      const o = { asOf, filter: options.filter, user: options.user };
      return (dashboards.has(key) || warmDashboard(model, derived, o, more)) && (details.has(key) || warmDetail(model, derived, o, more));
    },
    onChange: (listener) => changes.on(listener),
    dispose() {
      unsubscribe();
      changes.clear();
      dashboards = new Map();
      details = new Map();
    },
  };
}
