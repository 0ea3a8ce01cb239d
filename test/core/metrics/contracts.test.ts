import { describe, expect, it } from 'vitest';
import { customerActiveOn, everActiveBy, mrrUnitsOn, prepare, toDay } from '../../../core/index.js';
import { customer, metricsOf, oneOff, recurring, wb } from './helpers.js';

const D = '2024-03-15';

describe('MRR, ARR, licenses, status', () => {
  it('divides value by the billing period (1/3/6/12) and sums active recurring contracts', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [
        recurring('c1', { value: 300, billingPeriodMonths: 3, licenses: 2 }), // 100/month
        recurring('c1', { value: 600, billingPeriodMonths: 6, licenses: 3 }), // 100/month
        recurring('c1', { value: 1200, billingPeriodMonths: 12, licenses: 5 }), // 100/month
        recurring('c1', { value: 250, licenses: 1 }), // monthly by default: 250
        oneOff('c1', { value: 9999, licenses: 50 }), // one-off: no MRR, no licenses
      ],
    });
    const m = metricsOf(data, D);
    expect(m.mrr).toBe(550);
    expect(m.arr).toBe(6600);
    expect(m.licenses).toBe(11);
    expect(m.status).toBe('active');
  });

  it('stops a canceled contract on its cancel day and a non-renewing one after its end day', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [
        recurring('c1', { value: 10, canceledAt: '2024-03-15' }), // X < canceledAt: not on the 15th
        recurring('c1', { value: 20, canceledAt: '2024-03-16' }), // still active on the 15th
        recurring('c1', { value: 40, endDate: '2024-03-14' }), // ended the day before
        recurring('c1', { value: 80, endDate: '2024-03-15' }), // last day: still active
        recurring('c1', { value: 160, endDate: '2024-01-31', autoRenew: true }), // renews: active
        recurring('c1', { value: 320, endDate: '2024-01-31', autoRenew: true, canceledAt: '2024-03-01' }), // renewal canceled
        recurring('c1', { value: 640, startDate: '2024-03-16' }), // not started yet
      ],
    });
    expect(metricsOf(data, D).mrr).toBe(20 + 80 + 160);
    expect(metricsOf(data, '2024-03-14').mrr).toBe(10 + 20 + 40 + 80 + 160);
  });

  it('handles a contract ending on a leap day', () => {
    const data = wb({ customers: [customer('c1')], contracts: [recurring('c1', { value: 100, endDate: '2024-02-29' })] });
    expect(metricsOf(data, '2024-02-29').mrr).toBe(100);
    expect(metricsOf(data, '2024-03-01').mrr).toBe(0);
    expect(metricsOf(data, '2024-03-01').status).toBe('inactive');
  });

  it('reports a customer without contracts as inactive with zero MRR and the lowest tier', () => {
    const m = metricsOf(wb({ customers: [customer('c1')] }), D);
    expect(m).toMatchObject({ status: 'inactive', mrr: 0, arr: 0, licenses: 0, tier: 'Tech Touch', lastPurchase: null, renewalDate: null, ltv: 0, lifetimeMonths: 0 });
    expect(m.healthScore).toBeNull();
    expect(m.engagementScore).toBeNull();
    expect(m.indicators).toEqual({ engagement: null, adoption: null, nps: null, support: null, financial: null, relationship: null });
  });

  it('picks the tier by MRR thresholds (≥ minMrr, highest first)', () => {
    const data = (v: number) => wb({ customers: [customer('c1')], contracts: [recurring('c1', { value: v })] });
    expect(metricsOf(data(10000), D).tier).toBe('Tier 1');
    expect(metricsOf(data(9999.99), D).tier).toBe('Tier 2');
    expect(metricsOf(data(2000), D).tier).toBe('Tier 2');
    expect(metricsOf(data(1999), D).tier).toBe('Tech Touch');
    const custom = wb({ customers: [customer('c1')], contracts: [recurring('c1', { value: 50 })], settings: { tiers: [{ name: 'Gold', minMrr: 100 }] } });
    expect(metricsOf(custom, D).tier).toBeNull(); // below every tier
  });

  it('finds the last purchase over all contracts started by D', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [recurring('c1', { startDate: '2023-05-01' }), oneOff('c1', { startDate: '2024-02-29' }), recurring('c1', { startDate: '2024-03-16' })],
    });
    expect(metricsOf(data, D).lastPurchase).toBe('2024-02-29');
  });

  it('exposes active / ever-active / MRR on a day for the dashboard', () => {
    const model = prepare(wb({ customers: [customer('c1')], contracts: [recurring('c1', { value: 90, billingPeriodMonths: 3, startDate: '2024-02-01', endDate: '2024-02-29' })] }));
    const rows = model.customers.get('c1')!;
    expect(mrrUnitsOn(rows, toDay('2024-02-15'))).toBe(30 * 1200); // 90 a quarter = 30 a month, in MRR units of 1/1200
    expect(customerActiveOn(rows, toDay('2024-01-31'))).toBe(false);
    expect(customerActiveOn(rows, toDay('2024-03-01'))).toBe(false);
    expect(everActiveBy(rows, toDay('2024-01-31'))).toBe(false);
    expect(everActiveBy(rows, toDay('2024-02-01'))).toBe(true);
    expect(everActiveBy(rows, toDay('2025-01-01'))).toBe(true);
  });
});

describe('LTV and lifetime', () => {
  it('sums realized recurring revenue by active days, one-off values and setup fees up to D', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [
        // 100/month active Jan 1 … Mar 15 2024: 31 + 29 + 15 = 75 days
        recurring('c1', { value: 300, billingPeriodMonths: 3, startDate: '2024-01-01', setupFee: 200 }),
        oneOff('c1', { value: 1000, startDate: '2024-02-01', setupFee: 50 }),
        oneOff('c1', { value: 5000, startDate: '2024-04-01', setupFee: 70 }), // after D: nothing
      ],
    });
    const m = metricsOf(data, D);
    expect(m.ltv).toBeCloseTo((100 * 75) / 30.4375 + 200 + 1000 + 50, 9);
    expect(m.lifetimeMonths).toBeCloseTo(75 / 30.4375, 12);
  });

  it('counts overlapping contracts once for lifetime and each for LTV; gaps are not lifetime', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [
        recurring('c1', { value: 10, startDate: '2023-01-01', endDate: '2023-01-10' }), // 10 days
        recurring('c1', { value: 20, startDate: '2023-01-06', endDate: '2023-01-20' }), // 15 days, overlaps 5
        recurring('c1', { value: 30, startDate: '2023-03-01', canceledAt: '2023-03-11' }), // Mar 1–10: 10 days
      ],
    });
    const m = metricsOf(data, '2023-12-31');
    expect(m.lifetimeMonths).toBeCloseTo((20 + 10) / 30.4375, 12); // Jan 1–20 + Mar 1–10
    expect(m.ltv).toBeCloseTo((10 * 10 + 20 * 15 + 30 * 10) / 30.4375, 9);
    expect(m.status).toBe('inactive');
  });
});
