// Exact arithmetic (METRICS.md Conventions): money sums, differences and comparisons are
// exact, averages of equal values compare equal, and no metric is NaN or Infinity. Each
// property here fails on the float arithmetic this replaced (found by an independent
// re-implementation of METRICS.md): contract splits with equal totals, flat histories,
// 1e308 amounts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareMeans } from '../../../core/metrics/exact.js';
import { computeCustomerMetrics, computeDashboard, situationOf, variationOf, type Dashboard } from '../../../core/index.js';
import { customer, oneOff, recurring, row, wb } from './helpers.js';

const D = '2024-03-15'; // S = 2024-03-01, O = 2024-02-29
type Split = { cents: number; period: 1 | 3 | 6 | 12 }[];

/** MRR units (12 × monthly cents) of a split, computed here with integers. */
const unitsOf = (split: Split) => split.reduce((s, p) => s + (p.cents * 12) / p.period, 0);

/**
 * One customer whose contracts `opening` run until 2024-03-03 (so they make the opening MRR
 * on O and are gone on D), and `closing` from 2024-03-02 (the MRR on D).
 */
function portfolio(opening: Split, closing: Split) {
  const k = (p: Split[number], o: Record<string, unknown>) =>
    recurring('c1', { value: p.cents / 100, billingPeriodMonths: p.period, ...o });
  return wb({
    customers: [customer('c1')],
    contracts: [
      ...opening.map((p) => k(p, { startDate: '2023-06-01', canceledAt: '2024-03-03' })),
      ...closing.map((p) => k(p, { startDate: '2024-03-02' })),
    ],
  });
}

/** The same MRR units as annual contracts cut at random points (12 × cents = units for a 12-month period). */
const resplit = (units: number, cuts: number[]): Split => {
  const points = [...new Set(cuts.map((c) => Math.floor(c * units)))].filter((x) => x > 0 && x < units).sort((a, b) => a - b);
  const out: Split = [];
  let prev = 0;
  for (const p of [...points, units]) {
    out.push({ cents: p - prev, period: 12 });
    prev = p;
  }
  return out;
};

const partArb = fc.record({ cents: fc.integer({ min: 1, max: 5_000_000 }), period: fc.constantFrom<1 | 3 | 6 | 12>(1, 3, 6, 12) });
const splitArb = fc.array(partArb, { minLength: 1, maxLength: 5 });
const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 });

const money = (d: Dashboard) => ({
  mrr: d.mrr, arr: d.arr, mrrMovements: d.mrrMovements, upsell: d.upsell, downsell: d.downsell, mrrChurn: d.mrrChurn,
  mrrChurnPct: d.mrrChurnPct, netMrrChurn: d.netMrrChurn, netMrrChurnPct: d.netMrrChurnPct, nrr: d.nrr, grr: d.grr,
  quickRatio: d.quickRatio,
});

describe('money is exact', () => {
  it('10 + 4480 + 1510 per quarter is exactly 2000 a month, and Tier 2', () => {
    const m = computeCustomerMetrics(portfolio([], [
      { cents: 1000, period: 3 }, { cents: 448000, period: 3 }, { cents: 151000, period: 3 },
    ]), D).get('c1')!;
    expect(m.mrr).toBe(2000);
    expect(m.arr).toBe(24000);
    expect(m.tier).toBe('Tier 2');
  });

  it('200 + 300 per quarter replaced by 500 per quarter is no movement: no contraction, quick ratio null', () => {
    const d = computeDashboard(portfolio([{ cents: 20000, period: 3 }, { cents: 30000, period: 3 }], [{ cents: 50000, period: 3 }]), { asOf: D });
    expect(d.mrrMovements.contraction).toBe(0);
    expect(d.mrrMovements.expansion).toBe(0);
    expect(d.quickRatio).toBeNull();
    expect(d.nrr).toBe(100);
    expect(d.grr).toBe(100);
    // 100 + 50 a month written as 150 a month: the same.
    const e = computeDashboard(portfolio([{ cents: 10000, period: 1 }, { cents: 5000, period: 1 }], [{ cents: 15000, period: 1 }]), { asOf: D });
    expect([e.mrrMovements.contraction, e.mrrMovements.expansion, e.quickRatio, e.nrr]).toEqual([0, 0, null, 100]);
  });

  it('property: different contract splits of the same MRR give identical movements, tiers, NRR/GRR and quick ratio', () => {
    fc.assert(
      fc.property(splitArb, splitArb, cutsArb, cutsArb, (opening, closing, cutO, cutC) => {
        const o = unitsOf(opening), c = unitsOf(closing);
        const a = computeDashboard(portfolio(opening, closing), { asOf: D });
        const b = computeDashboard(portfolio(resplit(o, cutO), resplit(c, cutC)), { asOf: D });
        expect(money(b)).toEqual(money(a));
        const ma = computeCustomerMetrics(portfolio(opening, closing), D).get('c1')!;
        const mb = computeCustomerMetrics(portfolio(resplit(o, cutO), resplit(c, cutC)), D).get('c1')!;
        expect([mb.mrr, mb.arr, mb.tier]).toEqual([ma.mrr, ma.arr, ma.tier]);
        // And both equal the integer answer, rounded once.
        expect(a.mrr).toBe(c / 1200);
        expect(a.mrrMovements.opening).toBe(o / 1200);
        if (c >= o) expect(a.quickRatio === null || a.mrrMovements.contraction === 0).toBe(true);
        if (c === o) expect([a.mrrMovements.expansion, a.mrrMovements.contraction, a.quickRatio, a.nrr]).toEqual([0, 0, null, 100]);
        expect(ma.tier).toBe(c >= 10000 * 1200 ? 'Tier 1' : c >= 2000 * 1200 ? 'Tier 2' : 'Tech Touch');
      }),
      { numRuns: 300, seed: 9001 },
    );
  });

  it('sums invoices and transactional revenue in cents: 0.1 + 0.2 is 0.3', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [oneOff('c1', { value: 0.1, startDate: '2024-03-02' }), oneOff('c1', { value: 0.2, startDate: '2024-03-03', setupFee: 0.1 })],
      invoices: [row('i', 'c1', { issueDate: '2024-03-01', amount: 0.1 }), row('i', 'c1', { issueDate: '2024-03-01', amount: 0.2 })],
    });
    expect(computeCustomerMetrics(data, D).get('c1')!.tcv).toBe(0.3);
    expect(computeDashboard(data, { asOf: D }).transactionalRevenue).toEqual({ year: 0.4, month: 0.4 });
  });
});

describe('averages of equal values compare equal', () => {
  const flat = (v: number, n: number) => Array<number>(n).fill(v);

  it('property: a constant series has equal means over any two windows', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (v, a, b) => {
        const s = flat(v, 71);
        expect(compareMeans(s, 71 - a, 70, 71 - b, 70)).toBe(0);
      }),
      { numRuns: 2000, seed: 9002 },
    );
  });

  it('property: a flat history is neither risk nor opportunity, and its variation is exactly 0', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0.001, max: 100, noNaN: true }), (h, e) => {
        for (const band of ['red', 'yellow', 'green'] as const) expect(situationOf(flat(h, 71), flat(e, 71), band)).toBe('neutral');
        for (const n of [7, 15, 30]) expect(variationOf(flat(h, 71), n)).toBe(h === 0 ? null : 0);
      }),
      { numRuns: 1000, seed: 9003 },
    );
  });

  it('the float means of 60 and 7 copies of 5000/70 differ, and the exact comparison still says equal', () => {
    const v = 5000 / 70;
    const mean = (n: number) => flat(v, n).reduce((s, x) => s + x, 0) / n;
    // The fault this guards against: summed and divided as floats, 60 copies average above 7 copies.
    expect(mean(60)).toBeGreaterThan(mean(7));
    expect(compareMeans(flat(v, 60), 53, 59, 0, 59)).toBe(0);
    expect(situationOf(flat(v, 60), flat(10, 60), 'red')).toBe('neutral');
  });

  it('still sees a one-ulp difference on one day', () => {
    const s = flat(5000 / 70, 60);
    s[59] = s[59] + 2 ** -46; // one ulp of 71.4…
    expect(compareMeans(s, 53, 59, 0, 59)).toBe(1);
    s[59] = 5000 / 70 - 2 ** -46;
    expect(compareMeans(s, 53, 59, 0, 59)).toBe(-1);
  });

  it('property: a customer whose health is the same every day is neutral with 0 variation, whatever the weights', () => {
    // One active customer, nothing changing for months: engagement 50, support and financial 100,
    // relationship 0, no NPS or adoption. The score is a constant weighted mean; the bands put it
    // in red or green so that a last-bit difference between the means would show.
    fc.assert(
      fc.property(
        fc.record({ engagement: fc.integer({ min: 1, max: 97 }), support: fc.integer({ min: 0, max: 97 }), financial: fc.integer({ min: 0, max: 97 }), relationship: fc.integer({ min: 0, max: 97 }) }),
        fc.boolean(),
        (w, red) => {
          const bands = red ? { red: 100, green: 100 } : { red: 0, green: 0 };
          const data = wb({
            customers: [customer('c1')],
            contracts: [recurring('c1', { startDate: '2023-01-01' })],
            settings: { healthWeights: { ...w, nps: 0, adoption: 0 }, healthBands: bands },
          });
          const m = computeCustomerMetrics(data, D).get('c1')!;
          expect(m.healthBand).toBe(red ? 'red' : 'green');
          expect(m.situation).toBe('neutral');
          expect([m.variation7d, m.variation15d, m.variation30d]).toEqual(m.healthScore === 0 ? [null, null, null] : [0, 0, 0]);
        },
      ),
      { numRuns: 150, seed: 9004 },
    );
  });
});

describe('no metric is NaN or Infinity', () => {
  const numbersIn = (v: unknown, out: number[] = []): number[] => {
    if (typeof v === 'number') out.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) numbersIn(x, out);
    return out;
  };

  const hugeWorkbook = (huge: number) => wb({
    customers: [customer('c1'), customer('c2')],
    contracts: [
      recurring('c1', { value: huge, startDate: '2023-01-01', setupFee: huge, licenses: 3 }),
      recurring('c1', { value: huge, startDate: '2024-03-02', billingPeriodMonths: 3 }),
      recurring('c2', { value: huge, startDate: '2023-01-01', canceledAt: '2024-03-05' }),
      oneOff('c1', { value: huge, startDate: '2024-03-02', setupFee: huge }),
      oneOff('c2', { value: huge, startDate: '2024-01-02' }),
    ],
    invoices: [row('i', 'c1', { issueDate: '2024-01-01', dueDate: '2024-03-01', amount: huge }), row('i', 'c2', { issueDate: '2024-01-01', dueDate: '2024-03-20', amount: huge })],
  });

  for (const [huge, mrr, why] of [
    // Above the documented maximum (MAX_MONEY, core/field.ts): invalid, so counted as empty.
    [1e308, 0, 'invalid above the maximum, so empty'],
    // At the maximum: valid, and summed exactly (c1: 1e12 a month + 1e12 a quarter; c2 canceled on D).
    [1e12, 1e12 + 1e12 / 3, 'at the maximum, summed exactly'],
  ] as const) {
    it(`a workbook of ${huge} amounts gives finite customer metrics and a finite dashboard (${why})`, () => {
      const data = hugeWorkbook(huge);
      for (const m of computeCustomerMetrics(data, D).values()) for (const x of numbersIn(m)) expect(Number.isFinite(x)).toBe(true);
      const d = computeDashboard(data, { asOf: D });
      const all = numbersIn(d);
      expect(all.length).toBeGreaterThan(100);
      for (const x of all) expect(Number.isFinite(x)).toBe(true);
      expect(d.mrr).toBe(mrr);
    });
  }
});
