// refinishEngagement is the engine's cheap re-finish for rank neighbours: same CustomerDays,
// percentiles moved on some days. It must give exactly what finishCustomer gives for the
// new percentiles, field for field, including when only one variation or the situation
// moves. Hand-built CustomerDays (the arithmetic is checked by hand in the first test).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { finishCustomer, healthSeries, refinishEngagement, resolveSettings, type CustomerDays, type CustomerRows } from '../../../core/metrics/index.js';

const N = 71; // 11 month ends + 60 history days
const settings = resolveSettings({});
const rows = {} as CustomerRows; // finishCustomer does not read the rows

function daysOf(active: boolean[], partial: number[], weight: number[]): CustomerDays {
  return {
    active: Uint8Array.from(active, Number),
    intensity: new Float64Array(active.length),
    partial: Float64Array.from(partial, (p, i) => (active[i] ? p : NaN)),
    weight: Float64Array.from(weight, (w, i) => (active[i] ? w : 0)),
    base: { status: 'active', mrr: 100, arr: 1200, licenses: 1, tier: null, lastPurchase: null, renewalDate: null, daysToRenewal: null, ltv: 0,
      lifetimeMonths: 0, tcv: 0, overdueInvoices: 0, ticketsAboveSla: 0, pendingActivities: 0, lateActivities: 0, lastInteraction: null,
      activeUsers30d: 0, actions30d: 0, nps: null, csat: null, ces: null, sponsor: null } as CustomerDays['base'], // the fields finishing copies as is
    indicatorsOnD: { adoption: 50, nps: null, support: 100, financial: 100, relationship: 100 },
    customer: { id: 'c1' },
    day: 20779,
  };
}

describe('refinishEngagement', () => {
  it('recomputes health on the days whose percentile moved and shares the rest', () => {
    // Every day: partial 300 over weight 4; default engagement weight 30, percentile 50 → (300 + 30·50) / 34.
    const cd = daysOf(new Array(N).fill(true), new Array(N).fill(300), new Array(N).fill(4));
    expect(settings.healthWeights.engagement).toBe(30);
    const before = new Array(N).fill(50);
    const prev = finishCustomer(rows, cd, before, '2026-11-22', settings);
    const after = before.slice();
    after[N - 1] = 80; // D only: (300 + 30·80) / 34
    const hist = Float64Array.from(prev.health, (h) => h ?? NaN);
    const m = refinishEngagement(cd, after, settings, prev.metrics, hist);
    expect(hist[N - 1]).toBe(2700 / 34);
    expect(hist[N - 2]).toBe(1800 / 34);
    expect(m.healthScore).toBe(2700 / 34);
    expect(m.indicators.engagement).toBe(80);
    expect(m.engagementScore).toBe(60);
    expect(prev.metrics.healthScore).toBe(1800 / 34); // prev is not mutated
    // Nothing moved: the very same object comes back.
    expect(refinishEngagement(cd, before, settings, prev.metrics, Float64Array.from(prev.health, (h) => h ?? NaN))).toBe(prev.metrics);
    // Inactive days are null in the boxed series.
    expect(healthSeries(new Float64Array([NaN, 12.5]))).toEqual([null, 12.5]);
  });

  it('equals finishCustomer for any percentile change', () => {
    const day = fc.record({
      active: fc.boolean(),
      partial: fc.constantFrom(0, 100, 250, 300, 375.5),
      weight: fc.constantFrom(0, 1, 2, 4),
      p: fc.constantFrom(0, 12.5, 50, 50, 50, 87.5, 100, NaN),
    });
    fc.assert(
      fc.property(
        fc.array(day, { minLength: N, maxLength: N }),
        fc.array(fc.record({ at: fc.integer({ min: 0, max: N - 1 }), p: fc.constantFrom(0, 25, 50, 99, 100, NaN) }), { maxLength: 6 }),
        fc.constantFrom(0, 2, 30),
        (ds, moves, we) => {
          const s = { ...settings, healthWeights: { ...settings.healthWeights, engagement: we } };
          const cd = daysOf(ds.map((d) => d.active), ds.map((d) => d.partial), ds.map((d) => d.weight));
          const before = ds.map((d) => d.p);
          const after = before.slice();
          for (const m of moves) after[m.at] = m.p;
          const prev = finishCustomer(rows, cd, before, '2026-11-22', s);
          const prevCopy = structuredClone(prev);
          const hist = Float64Array.from(prev.health, (h) => h ?? NaN);
          // The engine passes its flat buffer and where this customer starts in it.
          const flat = new Float64Array(3 + N + 2).fill(77);
          flat.set(after, 3);
          const m = refinishEngagement(cd, flat, s, prev.metrics, hist, 3);
          const want = finishCustomer(rows, cd, after, '2026-11-22', s);
          expect(m).toEqual(want.metrics);
          expect(healthSeries(hist)).toEqual(want.health);
          expect(prev).toEqual(prevCopy);
        },
      ),
      { numRuns: 2000, seed: 9 },
    );
  });
});
