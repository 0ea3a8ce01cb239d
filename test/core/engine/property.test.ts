// Property: whatever random inserts, updates, deletes, garbage writes and settings edits
// (formula columns included: random formulas over fields, metrics and each other) two
// replicas make, and in whatever order they receive each other's updates, the
// incremental engine on each replica equals a full recompute on that replica's snapshot:
// computeCustomerMetrics and computeDashboard, deep equality, for two as-of dates and
// several filters.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { openWorkbook, type Workbook } from '../../../core/doc/index.js';
import { chunkedTables, editKey, editsName, rowsName } from '../../../core/doc/layout.js';
import { createDerivation, type Derivation } from '../../../core/engine/index.js';
import { computeCustomerMetrics, computeDashboard, deriveCustomers, prepare } from '../../../core/metrics/index.js';
import { dashboardDetailFrom } from '../../../core/catalog/index.js';
import { fieldsOf, tableNames, type FieldDef, type TableName } from '../../../core/schema.js';
import type { DashboardFilter } from '../../../core/types.js';

const AS_OF = '2024-03-15';
const AS_OF_2 = '2024-02-29'; // leap day, other month: other windows and series
const CUSTOMERS = ['c0', 'c1', 'c2', 'c3', 'c4'];
const ROW_IDS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9'];
const CONTACTS = ['r0', 'r1', 'r2'];

/** ISO date `offset` days from AS_OF (dates cluster around the evaluation windows). */
const dateAt = (offset: number): string => new Date(Date.UTC(2024, 2, 15 + offset)).toISOString().slice(0, 10);
const dateArb = fc.oneof(
  fc.integer({ min: -70, max: 20 }).map(dateAt), // windows of D − 59 … D
  fc.integer({ min: -420, max: 120 }).map(dateAt), // month ends, contract terms
);

const numbers: Record<string, readonly number[]> = {
  value: [0, 120, 100, 350.5, 1000],
  billingPeriodMonths: [1, 3, 6, 12],
  setupFee: [0, 50, 99.9],
  licenses: [0, 1, 3, 10],
  score: [0, 1, 3, 4, 5, 6, 7, 9, 10],
  amount: [0, 100, 250.5],
  actions: [0, 1, 2, 5, 20],
};
const texts = ['Ana', 'Bruno', 'SaaS', 'Comércio', 'Plano A', 'ana@x.com', 'u1', 'u2', 'u3'];

function valueArb(table: TableName, field: string, f: FieldDef): fc.Arbitrary<unknown> {
  if (field === 'customerId') return fc.constantFrom(...CUSTOMERS);
  switch (f.kind) {
    case 'date':
      return dateArb;
    case 'number':
      return fc.constantFrom(...(numbers[field] ?? [0, 1, 2]));
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...f.values);
    case 'ref':
      return fc.constantFrom(...CONTACTS);
    case 'text':
      return table === 'usage' || field === 'owner' ? fc.constantFrom('u1', 'u2', 'Ana') : fc.constantFrom(...texts);
  }
}

/** Garbage a buggy peer or an old version could store. */
const garbageArb = fc.constantFrom<unknown>('not-a-date', '2024-02-30', -5, 1.5, 'abc', true, 7, { x: 1 }, [1, 2], '');

/** Contracts biased towards recurring ones running on D, so that most customers are active. */
const contractFields: Record<string, fc.Arbitrary<unknown>> = {
  model: fc.constantFrom('recurring', 'recurring', 'recurring', 'one-off'),
  startDate: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -420, max: -5 }).map(dateAt) }, { weight: 1, arbitrary: dateArb }),
  endDate: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: -60, max: 200 }).map(dateAt) }, { weight: 2, arbitrary: fc.constant(undefined) }),
  canceledAt: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: -60, max: 20 }).map(dateAt) }, { weight: 5, arbitrary: fc.constant(undefined) }),
};

/** A row: every required field, and each optional one with probability ½. */
function rowArb(table: TableName): fc.Arbitrary<Record<string, unknown>> {
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  const optional: string[] = [];
  for (const [name, f] of Object.entries(fields)) {
    rec[name] = (table === 'contracts' && contractFields[name]) || valueArb(table, name, f);
    if (!f.required) optional.push(name);
  }
  return fc.record(rec, { requiredKeys: Object.keys(fields).filter((k) => !optional.includes(k)) });
}

/** Random formulas (pt-BR syntax, the default locale) over fields, metrics, other formula
 *  columns (cycles and missing ones included) and the functions that read dates and text. */
const formulaArb: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('mrr', 'healthScore', '[Health score]', 'segment', 'renewalDate', 'indicators.nps', 'daysToRenewal', 'name',
      'registeredAt', 'riskFlag', 'nps', 'situation', 'variation7d', 'HOJE()', '1', '0', '2,5', '"SaaS"', 'a', '[Col B]', 'c', 'gone'),
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '^', '&', '=', '<>', '<', '>='), tie('expr')).map(([l, op, r]) => `(${l}${op}${r})`),
    fc.tuple(fc.constantFrom('SE', 'IF', 'DAYS', 'MAX', 'CONCAT', 'E', 'IFERROR', 'ARRED', 'EDATE', 'LEN', 'ISBLANK', 'SES'), tie('expr'), tie('expr'), tie('expr'))
      .map(([f, x, y, z]) => {
        const arity: Record<string, number> = { SE: 3, IF: 2, DAYS: 2, MAX: 3, CONCAT: 2, E: 2, IFERROR: 2, ARRED: 2, EDATE: 2, LEN: 1, ISBLANK: 1, SES: 2 };
        return `${f}(${[x, y, z].slice(0, arity[f]).join(';')})`;
      }),
  ),
})).expr;

/** 0–3 formula columns a, b, c ("Col A"…), which may read each other. */
const customColumnsArb = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), formulaArb), { maxLength: 3 })
  .map((cols) => [...new Map(cols).entries()].map(([id, formula]) => ({ id, label: `Col ${id.toUpperCase()}`, formula })));

type Op =
  | { kind: 'insert'; who: number; table: TableName; id: string; row: Record<string, unknown> }
  | { kind: 'update'; who: number; table: TableName; id: string; patch: Record<string, unknown> }
  | { kind: 'remove'; who: number; table: TableName; id: string }
  | { kind: 'garbage'; who: number; table: TableName; id: string; field: string; value: unknown; whole: boolean }
  | { kind: 'settings'; who: number; patch: Record<string, unknown> }
  | { kind: 'deliver'; to: number; pick: number; count: number }
  | { kind: 'batch'; who: number; ops: Op[] };

// Rows of customers and contracts are the ones that move engagement ranks: weigh them up.
const tableArb = fc.constantFrom<TableName>(...tableNames, 'contracts', 'usage', 'usage', 'contracts');
const idFor = (table: TableName, i: number) => (table === 'customers' ? CUSTOMERS : ROW_IDS)[i % (table === 'customers' ? CUSTOMERS.length : ROW_IDS.length)];
const who = fc.integer({ min: 0, max: 1 });

const singleArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(who, tableArb, fc.nat(), fc.nat()).chain(([w, table, i]) =>
      rowArb(table).map((row): Op => ({ kind: 'insert', who: w, table, id: idFor(table, i), row }))) },
  { weight: 4, arbitrary: fc.tuple(who, tableArb, fc.nat()).chain(([w, table, i]) => {
      const fields = fieldsOf(table) as Record<string, FieldDef>;
      return fc.constantFrom(...Object.keys(fields)).chain((field) =>
        fc.oneof({ weight: 4, arbitrary: (table === 'contracts' && contractFields[field]) || valueArb(table, field, fields[field]) }, { weight: 1, arbitrary: fc.constant(null) }).map((v): Op => ({ kind: 'update', who: w, table, id: idFor(table, i), patch: { [field]: v } })));
    }) },
  { weight: 2, arbitrary: fc.tuple(who, tableArb, fc.nat()).map(([w, table, i]): Op => ({ kind: 'remove', who: w, table, id: idFor(table, i) })) },

  { weight: 1, arbitrary: fc.tuple(who, tableArb, fc.nat(), garbageArb, fc.boolean()).chain(([w, table, i, value, whole]) =>
      fc.constantFrom(...Object.keys(fieldsOf(table))).map((field): Op => ({ kind: 'garbage', who: w, table, id: idFor(table, i), field, value, whole }))) },
  { weight: 1, arbitrary: fc.tuple(who, customColumnsArb).map(([w, customColumns]): Op => ({ kind: 'settings', who: w, patch: { customColumns } })) },
  { weight: 1, arbitrary: fc.tuple(who, fc.constantFrom<Record<string, unknown>>(
      { healthWeights: { engagement: 0 } },
      { healthWeights: { engagement: 50, support: 0 } },
      { npsWindowDays: 30 },
      { csatWindowDays: 10 },
      { tiers: [{ name: 'Big', minMrr: 300 }, { name: 'Small', minMrr: 0 }] },
      { healthBands: { red: 70, green: 90 } },
    )).map(([w, patch]): Op => ({ kind: 'settings', who: w, patch })) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('deliver' as const), to: who, pick: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }) },
);

/** Several writes of one replica in one transaction: one change event naming many rows and
 *  tables (e.g. a customer removed and re-created, a row moved and edited). */
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: singleArb },
  { weight: 1, arbitrary: fc.tuple(who, fc.array(singleArb.filter((o) => o.kind !== 'deliver' && o.kind !== 'settings'), { minLength: 2, maxLength: 5 }))
      .map(([w, ops]): Op => ({ kind: 'batch', who: w, ops })) },
);

const FILTERS: Array<{ filter?: DashboardFilter; user?: string }> = [
  {},
  { filter: { status: ['active'] }, user: 'Ana' },
  { filter: { segment: ['SaaS', ''], situation: ['neutral', 'risk'] } },
  { filter: { tier: ['Tier 2', 'Tech Touch', 'Small'], search: 'a' }, user: 'u1' },
  { filter: { custom: { a: ['saas', '#CYCLE!', 'true'], b: { min: 0 } } } },
];

interface Replica {
  wb: Workbook;
  engine: Derivation;
  /** Updates made elsewhere, not yet applied here. */
  inbox: Uint8Array[];
  /** The metrics as a listener learns them from change events alone (the worker's view). */
  heard: Map<string, unknown>;
  /** Ripples the engine left for later (replica 1 defers every one: rippleSync 0). */
  later: (() => void)[];
}

/** How many ripples were left for later over the run: the deferred path must be exercised. */
const deferred = { count: 0 };

/** Runs the ripples left for later; the events must then have told a listener everything. */
function settle(r: Replica): void {
  while (r.later.length) r.later.shift()!();
  expect(r.heard).toEqual(new Map(r.engine.metrics()));
}

type Base = Record<TableName, Record<string, unknown>[]>;

/** A starting workbook: 2 to 4 of the 5 customers and a few rows of every table (ids by position). */
const baseArb: fc.Arbitrary<Base> = fc.record(
  Object.fromEntries(tableNames.map((t) => {
    const [min, max] = t === 'customers' ? [2, 4] : t === 'contracts' ? [3, 8] : t === 'usage' ? [4, 10] : [0, 6];
    return [t, fc.array(rowArb(t), { minLength: min, maxLength: max, size: 'max' })];
  })) as Record<TableName, fc.Arbitrary<Record<string, unknown>[]>>,
);

/** Two replicas holding the base workbook, each with its engine, exchanging updates only through their inboxes. */
function setUp(base: Base, customColumns: { id: string; label: string; formula: string }[]): Replica[] {
  const docs = [new Y.Doc(), new Y.Doc()];
  const wb0 = openWorkbook(docs[0]);
  wb0.updateSettings({ customColumns });
  // Customers first, contacts before surveys (surveys reference contacts); rejected rows are simply absent.
  const order: TableName[] = ['customers', 'contacts', ...tableNames.filter((t) => t !== 'customers' && t !== 'contacts')];
  for (const t of order) base[t].forEach((row, i) => wb0.insert(t, { ...row, id: idFor(t, i) } as never));
  Y.applyUpdate(docs[1], Y.encodeStateAsUpdate(docs[0]));
  // Replica 1 keeps its chunked tables rowless, as the derivation worker keeps usage: its
  // reads decode the chunks, and its changes say what the rows were from the chunks too.
  const wbs = [wb0, openWorkbook(docs[1], { rowless: [...chunkedTables] })];
  const replicas: Replica[] = wbs.map((wb, i) => {
    const later: (() => void)[] = [];
    const engine = createDerivation(wb, i === 1 ? { asOf: AS_OF, later: (f) => { deferred.count++; later.push(f); }, rippleSync: 0 } : { asOf: AS_OF });
    const heard = new Map<string, unknown>(engine.metrics());
    engine.onChange(({ customers, all }) => {
      if (all) heard.clear();
      for (const id of all ? [...engine.metrics().keys()] : customers) {
        const m = engine.get(id);
        if (m) heard.set(id, m);
        else heard.delete(id);
      }
    });
    return { wb, engine, inbox: [], heard, later };
  });
  docs.forEach((doc, i) => doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') replicas[1 - i].inbox.push(u);
  }));
  return replicas;
}

/** Applies one op; writes the API rejects (validation) simply change nothing. */
function run(replicas: Replica[], op: Op): void {
  if (op.kind === 'deliver') {
    const r = replicas[op.to];
    for (let k = 0; k < op.count && r.inbox.length > 0; k++) {
      const [u] = r.inbox.splice(op.pick % r.inbox.length, 1); // out of order on purpose
      Y.applyUpdate(r.wb.doc, u, 'remote');
    }
    return;
  }
  const wb = replicas[op.who].wb;
  switch (op.kind) {
    case 'batch':
      wb.transact(() => op.ops.forEach((o) => run(replicas, { ...o, who: op.who } as Op)));
      return;
    case 'insert':
      wb.insert(op.table, { ...op.row, id: op.id } as never);
      return;
    case 'update':
      wb.update(op.table, op.id, op.patch);
      return;
    case 'remove':
      wb.remove(op.table, op.id);
      return;
    case 'settings':
      wb.updateSettings(op.patch as never);
      return;
    case 'garbage':
      // A peer that skips validation: an invalid cell edit, or a whole raw row (never for
      // usage, stored in chunks).
      wb.doc.transact(() => {
        if (op.whole && op.table !== 'usage') {
          const row: Record<string, unknown> = { [op.field]: op.value };
          if (op.table !== 'customers' && op.field !== 'customerId') row.customerId = CUSTOMERS[1];
          wb.doc.getMap(rowsName(op.table)).set(op.id, row);
        } else {
          wb.doc.getMap(editsName(op.table)).set(editKey(op.id, op.field), op.value);
        }
      }, 'peer');
  }
}

function expectMatches(r: Replica, asOf: string, filters = FILTERS.slice(0, 1)): void {
  const data = r.wb.snapshot();
  expect(r.engine.asOf).toBe(asOf);
  expect(r.engine.metrics()).toEqual(computeCustomerMetrics(data, asOf));
  for (const o of filters) expect(r.engine.dashboard(o)).toEqual(computeDashboard(data, { asOf, ...o }));
  // The lists and pie counts too (catalog/detail.ts), from a full derivation.
  const model = prepare(data);
  const derived = deriveCustomers(model, asOf);
  for (const o of filters) expect(r.engine.detail(o)).toEqual(dashboardDetailFrom(model, derived, { asOf, ...o }));
}

describe('incremental engine = full recompute (fast-check)', () => {
  it('holds after any sequence of edits on two replicas exchanging updates in any order', () => {
    let maxCustomers = 0;
    let formulaValues = 0;
    fc.assert(
      fc.property(baseArb, customColumnsArb, fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }), (base, columns, ops) => {
        const replicas = setUp(base, columns);
        ops.forEach((op, k) => {
          run(replicas, op);
          // Intermediate states too: every few steps, on the replica that moved.
          if (k % 6 === 5) for (const r of replicas) expectMatches(r, AS_OF);
          if (k % 4 === 3) for (const r of replicas) settle(r);
        });
        for (const r of replicas) expectMatches(r, AS_OF, FILTERS);
        // Deliver everything left (in reverse arrival order), then both converge and still match.
        for (const r of replicas) while (r.inbox.length) Y.applyUpdate(r.wb.doc, r.inbox.pop()!, 'remote');
        for (const r of replicas) expectMatches(r, AS_OF, FILTERS);
        expect(replicas[0].engine.metrics()).toEqual(replicas[1].engine.metrics());
        // The rowless replica reads the same rows as the one that keeps them (in its own order).
        const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        for (const t of tableNames) {
          expect(byId(replicas[1].wb.list(t))).toEqual(byId(replicas[0].wb.list(t)));
          expect(replicas[1].wb.count(t)).toBe(replicas[0].wb.count(t));
          for (const id of ROW_IDS) expect(replicas[1].wb.get(t, id)).toEqual(replicas[0].wb.get(t, id));
        }
        for (const r of replicas) settle(r);
        // A second as-of date on the same engine, then more edits under it.
        replicas[0].engine.setAsOf(AS_OF_2);
        expectMatches(replicas[0], AS_OF_2, FILTERS);
        for (const op of ops.slice(0, 8)) if (op.kind !== 'deliver') run(replicas, { ...op, who: 0 } as Op);
        expectMatches(replicas[0], AS_OF_2, FILTERS);
        for (const r of replicas) settle(r);
        maxCustomers = Math.max(maxCustomers, replicas[0].engine.metrics().size);
        for (const m of replicas[0].engine.metrics().values()) formulaValues += Object.keys(m.custom).length;
        for (const r of replicas) r.engine.dispose();
      }),
      { seed: Number(process.env.ENGINE_SEED ?? 20261122), numRuns: 200 },
    );
    expect(maxCustomers).toBeGreaterThanOrEqual(3); // the generator does reach multi-customer workbooks
    expect(deferred.count).toBeGreaterThan(20); // edits that moved neighbours' percentiles, left for later
    expect(formulaValues).toBeGreaterThan(100); // and formula columns are there to compare
  }, 180_000); // ~15 s of CPU; generous for a machine shared with other jobs
});
