// Bad input: rows pointing nowhere, invalid values, garbage. Never a throw, never NaN.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeCustomerMetrics, prepare, resolveSettings, type CustomerMetrics } from '../../../core/index.js';
import { healthScoreOf } from '../../support/metrics-reference.js';
import { customer, metricsOf, recurring, row, wb } from './helpers.js';

const D = '2024-03-15';

describe('prepare', () => {
  it('lists rows whose customer is missing as orphans and leaves them out of the metrics', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [recurring('c1', { value: 100 }), { id: 'k-orphan', customerId: 'ghost', model: 'recurring', value: 999, startDate: '2023-01-01' }],
      invoices: [{ id: 'i-orphan', customerId: 42, issueDate: '2024-01-01', dueDate: '2024-01-02', amount: 5 }],
      usage: [{ id: 'u-orphan', date: '2024-03-01', userId: 'x', actions: 3 }],
    });
    const model = prepare(data);
    expect(model.orphans).toEqual([
      { table: 'contracts', rowId: 'k-orphan' },
      { table: 'invoices', rowId: 'i-orphan' },
      { table: 'usage', rowId: 'u-orphan' },
    ]);
    const all = computeCustomerMetrics(data, D);
    expect([...all.keys()]).toEqual(['c1']);
    expect(all.get('c1')!.mrr).toBe(100);
    expect(all.get('c1')!.tcv).toBe(0);
  });

  it('keeps a customer whose name is invalid (validation reports it; its numbers still count)', () => {
    const data = wb({ customers: [{ id: 'c1', name: 123 }, { id: 'c2' }], contracts: [recurring('c1', { value: 70 })] });
    const model = prepare(data);
    expect(model.customers.get('c1')!.customer.name).toBeUndefined();
    expect(metricsOf(data, D).mrr).toBe(70);
    expect(metricsOf(data, D, 'c2').status).toBe('inactive');
  });

  it('treats invalid field values as empty or default', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [
        recurring('c1', { value: 'abc' }), // active, worth 0
        recurring('c1', { value: 300, billingPeriodMonths: 5 }), // invalid period → default 1
        recurring('c1', { value: 40, startDate: '2024-13-01' }), // never starts
        recurring('c1', { value: 8, endDate: '2024-02-30', licenses: -3 }), // invalid end → open; licenses → 0
        recurring('c1', { value: 1, canceledAt: 'yesterday', autoRenew: 'yes' }), // invalid cancel → none
        { id: 'k-model', customerId: 'c1', model: 'monthly', value: 1000, setupFee: 10, startDate: '2023-01-01' }, // unknown model: only the fee
      ],
      invoices: [row('i', 'c1', { issueDate: '2024-01-01', dueDate: '2024-01-02', amount: -5 })], // invalid amount → 0, still overdue
      activities: [row('a', 'c1', { title: 'x', dueDate: '2024-02-31', doneAt: 20240301 })], // both dates invalid: pending, not late
      usage: [row('u', 'c1', { date: '2024-03-10', userId: 'x', actions: 2.5 }), row('u', 'c1', { date: '2024-03-10', userId: 7, actions: 3 })],
    });
    const m = metricsOf(data, D);
    expect(m.mrr).toBe(0 + 300 + 8 + 1);
    expect(m.licenses).toBe(0);
    expect(m.tcv).toBe(0);
    expect(m.overdueInvoices).toBe(1);
    expect([m.pendingActivities, m.lateActivities, m.lastInteraction]).toEqual([1, 0, null]);
    expect([m.actions30d, m.activeUsers30d]).toEqual([3, 0]); // 2.5 is not an integer; userId 7 is not text
    expect(m.ltv).toBeGreaterThanOrEqual(10); // the unknown-model contract still adds its setup fee
  });

  it('keeps the first of two customer rows with the same id', () => {
    const data = wb({ customers: [customer('c1', { segment: 'SaaS' }), customer('c1', { segment: 'Indústria' })] });
    expect(prepare(data).customers.get('c1')!.customer.segment).toBe('SaaS');
  });
});

describe('garbage in, no NaN or Infinity out', () => {
  const dateish = fc.oneof(
    fc.constantFrom('2024-02-29', '2024-03-15', '2023-12-31', '2024-01-31', '2024-13-01', '2023-02-29', '', 'x'),
    fc.integer({ min: 0, max: 900 }).map((n) => new Date(Date.UTC(2022, 6, 1) + n * 864e5).toISOString().slice(0, 10)),
    fc.anything(),
  );
  const numberish = fc.oneof(fc.integer({ min: -5, max: 50 }), fc.double(), fc.constantFrom(1, 3, 6, 12, 0), fc.anything());
  const cid = fc.constantFrom('c1', 'c2', 'c3', 'ghost', '', 7 as unknown as string);
  const anyRow = fc.record({
    id: fc.oneof(fc.string({ maxLength: 3 }), fc.anything()),
    customerId: cid,
    model: fc.constantFrom('recurring', 'one-off', 'bad', undefined),
    kind: fc.constantFrom('nps', 'csat', 'ces', 'bad'),
    role: fc.constantFrom('sponsor', 'user', undefined),
    value: numberish, billingPeriodMonths: numberish, setupFee: numberish, licenses: numberish, amount: numberish, score: numberish, actions: numberish,
    startDate: dateish, endDate: dateish, canceledAt: dateish, autoRenew: fc.oneof(fc.boolean(), fc.anything()),
    dueDate: dateish, doneAt: dateish, date: dateish, issueDate: dateish, paidAt: dateish, openedAt: dateish, closedAt: dateish, slaDueAt: dateish,
    createdAt: dateish, active: fc.oneof(fc.boolean(), fc.anything()), userId: fc.oneof(fc.constantFrom('u1', 'u2'), fc.anything()),
    name: fc.anything(), email: fc.anything(), phone: fc.anything(),
  }, { requiredKeys: ['id', 'customerId'] });
  const rows = fc.array(anyRow, { maxLength: 12 });

  function finite(m: CustomerMetrics): boolean {
    const nums = [m.mrr, m.arr, m.licenses, m.daysToRenewal, m.ltv, m.lifetimeMonths, m.tcv, m.overdueInvoices, m.ticketsAboveSla,
      m.pendingActivities, m.lateActivities, m.activeUsers30d, m.actions30d, m.nps, m.csat, m.ces, m.engagementScore, m.healthScore,
      m.variation7d, m.variation15d, m.variation30d, ...Object.values(m.indicators)];
    return nums.every((v) => v === null || Number.isFinite(v));
  }

  it('never throws and never returns NaN/Infinity', () => {
    fc.assert(
      fc.property(
        fc.record({ contracts: rows, activities: rows, surveys: rows, invoices: rows, tickets: rows, usage: rows, contacts: rows }),
        fc.oneof(fc.constant(undefined), fc.anything(), fc.record({ healthWeights: fc.anything(), npsWindowDays: fc.anything(), tiers: fc.anything() })),
        fc.constantFrom('2024-03-15', '2024-02-29', '2023-12-31'),
        (tables, settings, asOf) => {
          const data = wb({ customers: [customer('c1'), customer('c2'), { id: 'c3', name: null }], ...tables, settings });
          const all = computeCustomerMetrics(data, asOf);
          expect(all.size).toBe(3);
          for (const m of all.values()) {
            expect(finite(m)).toBe(true);
            if (m.healthScore !== null) expect(m.healthScore).toBeGreaterThanOrEqual(0);
            if (m.healthScore !== null) expect(m.healthScore).toBeLessThanOrEqual(100);
            // The score is exactly the weighted mean of the indicators it reports.
            expect(healthScoreOf(m.indicators, resolveSettings(settings).healthWeights)).toBe(m.healthScore);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('treats absurd amounts (above MAX_MONEY / MAX_COUNT) as invalid, hence empty, never as Infinity', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [recurring('c1', { value: 1e308, licenses: 1 }), recurring('c1', { value: 1e308 })],
      invoices: [row('i', 'c1', { issueDate: '2024-01-01', dueDate: '2024-01-02', amount: 1e308, paidAt: '2024-01-02' }), row('i', 'c1', { issueDate: '2024-01-01', dueDate: '2024-01-02', amount: 1e308, paidAt: '2024-01-02' })],
      usage: [row('u', 'c1', { date: '2024-03-01', userId: 'a', actions: 1e308 }), row('u', 'c1', { date: '2024-03-02', userId: 'a', actions: 1e308 })],
    });
    const m = metricsOf(data, D);
    expect([m.mrr, m.arr, m.ltv, m.tcv, m.actions30d]).toEqual([0, 0, 0, 0, 0]);
    expect(m.healthScore).not.toBeNull();
  });

  it('rejects an invalid asOf with a clear message (an API argument, not workbook data)', () => {
    expect(() => computeCustomerMetrics(wb({}), '2024-02-30')).toThrow(/asOf must be a calendar date/);
  });
});
