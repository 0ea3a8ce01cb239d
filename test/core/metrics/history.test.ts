// The health history is "the health score evaluated as of X" for every evaluation day X:
// the sliding-window derivation must agree with a fresh evaluation at X.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeCustomerMetrics, deriveCustomers, fromDay, npsCounts, npsOf, npsSeries, prepare, toDay, usageSeriesInto } from '../../../core/index.js';
import { usage30dOn } from '../../support/metrics-reference.js';
import { wb } from './helpers.js';

const D = '2024-03-15';
const dayIn = (from: string, span: number) => fc.integer({ min: 0, max: span }).map((n) => fromDay(toDay(from) + n));
const cid = fc.constantFrom('c1', 'c2', 'c3');
const rowOf = (fields: Record<string, fc.Arbitrary<unknown>>) => fc.record({ id: fc.string({ maxLength: 3 }), customerId: cid, ...fields });

const workbook = fc.record({
  contracts: fc.array(rowOf({
    model: fc.constant('recurring'), value: fc.nat(900), licenses: fc.nat(4), startDate: dayIn('2023-01-01', 400),
    endDate: fc.option(dayIn('2023-06-01', 350), { nil: undefined }), autoRenew: fc.boolean(), canceledAt: fc.option(dayIn('2023-10-01', 200), { nil: undefined }),
  }), { maxLength: 6 }),
  activities: fc.array(rowOf({ title: fc.constant('t'), dueDate: dayIn('2023-09-01', 200), doneAt: fc.option(dayIn('2023-09-01', 200), { nil: undefined }) }), { maxLength: 8 }),
  surveys: fc.array(rowOf({ kind: fc.constant('nps'), date: dayIn('2023-01-01', 440), score: fc.integer({ min: 0, max: 10 }) }), { maxLength: 8 }),
  invoices: fc.array(rowOf({ issueDate: dayIn('2023-09-01', 200), dueDate: dayIn('2023-09-01', 200), amount: fc.nat(50), paidAt: fc.option(dayIn('2023-09-01', 200), { nil: undefined }) }), { maxLength: 6 }),
  tickets: fc.array(rowOf({ openedAt: dayIn('2023-09-01', 200), closedAt: fc.option(dayIn('2023-09-01', 200), { nil: undefined }), slaDueAt: dayIn('2023-09-01', 200) }), { maxLength: 6 }),
  usage: fc.array(rowOf({ date: dayIn('2023-03-01', 380), userId: fc.constantFrom('a', 'b', 'c'), actions: fc.nat(6) }), { maxLength: 40 }),
});

describe('health history', () => {
  it('equals the health score evaluated as of each evaluation day', () => {
    fc.assert(
      fc.property(workbook, fc.constantFrom(0, 5, 30, 59, 60, 65), (tables, back) => {
        const data = wb({ customers: [{ id: 'c1', name: 'A' }, { id: 'c2', name: 'B' }, { id: 'c3', name: 'C' }], ...tables });
        const derived = deriveCustomers(prepare(data), D);
        const i = Math.min(back, derived.days.length - 1);
        const x = derived.days[derived.days.length - 1 - i];
        const asOfX = computeCustomerMetrics(data, fromDay(x));
        for (const id of ['c1', 'c2', 'c3']) {
          const h = derived.health.get(id)![derived.days.length - 1 - i]; // NaN = no score
          expect(Number.isNaN(h) ? null : h).toBe(asOfX.get(id)!.healthScore);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('sliding windows', () => {
  it('npsSeries and usageSeriesInto equal per-day evaluation', () => {
    fc.assert(
      fc.property(workbook, (tables) => {
        const data = wb({ customers: [{ id: 'c1', name: 'A' }], ...tables });
        const rows = prepare(data).customers.get('c1')!;
        const days = Array.from({ length: 40 }, (_, k) => toDay('2023-12-01') + 3 * k);
        const nps = npsSeries(rows.surveys.nps, days, 90);
        const usage = usageSeriesInto({ actions: [] as number[], activeUsers: [] as number[] }, rows.usage, days);
        days.forEach((x, k) => {
          expect(Number.isNaN(nps[k]) ? null : nps[k]).toBe(npsOf(npsCounts(rows.surveys.nps, x, 90)));
          const direct = usage30dOn(rows.usage, x);
          expect([usage.actions[k], usage.activeUsers[k]]).toEqual([direct.actions, direct.activeUsers]);
        });
      }),
      { numRuns: 150 },
    );
  });
});
