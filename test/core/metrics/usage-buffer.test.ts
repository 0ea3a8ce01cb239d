// prepare() carves every customer's usage arrays from one buffer sized beforehand;
// prepareCustomer() aggregates one customer's rows on its own. Both must give the same
// usage, and the same as a naive aggregation written here, for hostile rows too.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanValue, fieldsOf, prepare, prepareCustomer, type PUsage, type Usage, type WorkbookData } from '../../../core/index.js';
import { wb } from './helpers.js';

type Row = Record<string, unknown>;
const DAY_MS = 864e5;

/** Day number (days since 1970-01-01) of a valid YYYY-MM-DD, by Date arithmetic; null otherwise. */
function dayOf(v: unknown): number | null {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const t = new Date(0);
  t.setUTCFullYear(y, mo, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo && t.getUTCDate() === d ? t.getTime() / DAY_MS : null;
}

/** Per day ascending: Σ actions (capped at the largest double), users with actions > 0 once each, numbered by first appearance. */
function naiveUsage(rows: Row[]) {
  const valid = rows.map((r, i) => ({ r, i, day: dayOf(r.date) })).filter((x) => x.day !== null);
  valid.sort((a, b) => a.day! - b.day! || a.i - b.i);
  const days: number[] = [], actions: number[] = [], userStart: number[] = [], users: number[] = [];
  const local = new Map<string, number>();
  let today = new Set<number>();
  for (const { r, day } of valid) {
    if (days[days.length - 1] !== day) {
      days.push(day!);
      actions.push(0);
      userStart.push(users.length);
      today = new Set();
    }
    const c = cleanValue(fieldsOf('usage').actions, r.actions);
    const a = typeof c === 'number' ? c : 0;
    actions[actions.length - 1] = Math.min(actions[actions.length - 1] + a, Number.MAX_VALUE);
    if (!(a > 0) || typeof r.userId !== 'string' || r.userId === '') continue;
    if (!local.has(r.userId)) local.set(r.userId, local.size);
    const u = local.get(r.userId)!;
    if (!today.has(u)) {
      today.add(u);
      users.push(u);
    }
  }
  userStart.push(users.length);
  return { days, actions, userStart, users, userCount: local.size };
}

function expectSameUsage(got: PUsage, want: { days: ArrayLike<number>; actions: ArrayLike<number>; userStart: ArrayLike<number>; users: ArrayLike<number>; userCount: number }) {
  for (const f of ['days', 'actions', 'userStart', 'users'] as const) {
    expect(got[f].length, f).toBe(want[f].length);
    for (let i = 0; i < got[f].length; i++) if (!Object.is(got[f][i], want[f][i])) expect.fail(`${f}[${i}]: ${got[f][i]} ≠ ${want[f][i]}`);
  }
  expect(got.userCount).toBe(want.userCount);
}

/** Checks prepare(data)'s usage of every customer, and that all of it lies in one buffer, packed without gaps or overlaps. */
function checkUsage(data: WorkbookData) {
  const model = prepare(data);
  const views: ArrayBufferView[] = [];
  for (const c of data.customers) {
    const got = model.customers.get(c.id)!.usage;
    const own = data.usage.filter((r) => r && typeof r === 'object' && r.customerId === c.id);
    const single = prepareCustomer(c, { contracts: [], activities: [], surveys: [], invoices: [], tickets: [], usage: own, contacts: [] }).usage;
    expectSameUsage(got, single);
    expectSameUsage(got, naiveUsage(own as unknown as Row[]));
    views.push(got.days, got.actions, got.userStart, got.users);
  }
  if (views.length === 0) return;
  const buffer = views[0].buffer;
  for (const v of views) expect(v.buffer).toBe(buffer);
  const spans = views.filter((v) => v.byteLength > 0).map((v) => [v.byteOffset, v.byteOffset + v.byteLength]).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  expect(buffer.byteLength).toBe(views.reduce((s, v) => s + v.byteLength, 0));
  for (const c of data.customers) expect(model.customers.get(c.id)!.usage.actions.byteOffset % 8).toBe(0);
}

const ABSENT = Symbol('absent');
const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const date = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => iso(dayOf('2025-06-01')! + n)) },
  { weight: 1, arbitrary: fc.constantFrom('0001-01-01', '0000-02-29', '9999-12-31', '2024-02-29') }, // far apart
  { weight: 1, arbitrary: fc.constantFrom('2023-02-29', '2024-13-01', '2024-1-01', '', 'x', null, 20250601, ABSENT) },
);
const actions = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -2, max: 9 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e308, Number.MAX_VALUE, -5, 0.5, -0, '3', null, ABSENT) },
);
const userId = fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5', 'u1', 'u2', '', null, 7, ABSENT);

describe('usage carved from one buffer', () => {
  it('equals prepareCustomer and a naive aggregation, field by field (seeded)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }).chain((n) => {
        const ids = Array.from({ length: n }, (_, k) => `c${k}`);
        const row = fc.record({ id: fc.string({ maxLength: 3 }), customerId: fc.constantFrom(...ids, 'ghost', '', ABSENT), date, userId, actions })
          .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== ABSENT)));
        return fc.record({
          ids: fc.constant(ids),
          usage: fc.array(fc.oneof({ weight: 30, arbitrary: row }, { weight: 1, arbitrary: fc.constantFrom(null, 5) }), { maxLength: 150 }),
        });
      }), ({ ids, usage }) => {
        checkUsage(wb({ customers: ids.map((id) => ({ id, name: id })), usage }));
      }),
      { seed: 20261122, numRuns: 300 },
    );
  });

  it('holds past the scratch sizes: thousands of rows and users per customer', () => {
    const usage: Partial<Usage>[] = [];
    for (let i = 0; i < 9000; i++) {
      usage.push({ id: `r${i}`, customerId: `c${i % 3}`, date: iso(dayOf('2020-01-01')! + ((i * 7919) % 1500)), userId: `u${(i * 104729) % 2500}`, actions: i % 5 });
    }
    usage.push({ id: 'far', customerId: 'c1', date: '9999-12-31', userId: 'u1', actions: 2 }, { id: 'old', customerId: 'c1', date: '0001-01-01', userId: 'u2', actions: 1 });
    checkUsage(wb({ customers: [{ id: 'c0' }, { id: 'c1' }, { id: 'c2' }, { id: 'empty' }], usage }));
  });
});
