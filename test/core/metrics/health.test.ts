import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultSettings, healthBandOf, healthBreakdown, percentileIn, relationshipIndicator } from '../../../core/index.js';
import { engagementPercentiles, healthScoreOf } from '../../support/metrics-reference.js';
import { customer, metricsOf, recurring, row, wb } from './helpers.js';

const D = '2024-03-15';
const W = defaultSettings.healthWeights;

describe('engagement percentile', () => {
  it('ranks intensity (actions per license) with ties counted half', () => {
    const data = wb({
      customers: [customer('a'), customer('b'), customer('c'), customer('z')],
      contracts: [
        recurring('a', { licenses: 1 }),
        recurring('b', { licenses: 2 }),
        recurring('c', { licenses: 0 }), // max(1, 0) = 1
        recurring('z', { endDate: '2024-01-31' }), // inactive on D: not ranked
      ],
      usage: [
        row('u', 'a', { date: '2024-03-10', userId: 'x', actions: 10 }), // 10 / 1 = 10
        row('u', 'b', { date: '2024-03-10', userId: 'x', actions: 20 }), // 20 / 2 = 10
        row('u', 'z', { date: '2024-03-10', userId: 'x', actions: 99 }),
      ],
    });
    // n = 3; a: less 1 (c), equal 1 (b) → 100 × 1.5 / 2 = 75; c: 0
    expect(metricsOf(data, D, 'a').indicators.engagement).toBe(75);
    expect(metricsOf(data, D, 'b').engagementScore).toBe(50);
    expect(metricsOf(data, D, 'c').indicators.engagement).toBe(0);
    expect(metricsOf(data, D, 'c').engagementScore).toBe(-100);
    expect(metricsOf(data, D, 'z').engagementScore).toBeNull();
  });

  it('gives 50 (score 0) to a lone active customer', () => {
    const m = metricsOf(wb({ customers: [customer('c1')], contracts: [recurring('c1')] }), D);
    expect(m.indicators.engagement).toBe(50);
    expect(m.engagementScore).toBe(0);
  });

  it('agrees with counting less and equal one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0.5, 1, 2, 3, 7.25, 100), { minLength: 1, maxLength: 40 }), fc.nat(39), (values, pick) => {
        const x = values[pick % values.length];
        const less = values.filter((v) => v < x).length;
        const equal = values.filter((v) => v === x).length - 1;
        const expected = values.length === 1 ? 50 : (100 * (less + 0.5 * equal)) / (values.length - 1);
        expect(percentileIn(Float64Array.from(values).sort(), x)).toBe(expected);
      }),
    );
  });

  it('computes percentiles from sorted intensities', () => {
    const sorted = Float64Array.from([1, 2, 2, 2, 5]);
    expect(percentileIn(sorted, 1)).toBe(0);
    expect(percentileIn(sorted, 2)).toBe((100 * (1 + 0.5 * 2)) / 4);
    expect(percentileIn(sorted, 5)).toBe(100);
    const all = [
      { active: [true, false], intensity: [3, 0] },
      { active: [true, true], intensity: [3, 7] },
    ];
    expect(engagementPercentiles(all, 2)).toEqual([[50, null], [50, 50]]);
  });
});

describe('indicators and score', () => {
  it('combines the six indicators of one customer, worked by hand', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [recurring('c1', { licenses: 4 })],
      usage: [row('u', 'c1', { date: '2024-03-01', userId: 'x', actions: 5 })],
      tickets: [row('t', 'c1', { openedAt: '2024-03-01', slaDueAt: '2024-03-10' })],
      invoices: [row('i', 'c1', { issueDate: '2024-02-01', dueDate: '2024-03-01', amount: 10 })],
      activities: [row('a', 'c1', { title: 'call', doneAt: '2024-01-30' })], // 45 days before D
    });
    const m = metricsOf(data, D);
    expect(m.indicators).toEqual({ engagement: 50, adoption: 25, nps: null, support: 75, financial: 50, relationship: 75 });
    // nps is null: its weight drops out. (30·50 + 10·25 + 15·75 + 20·50 + 5·75) / 80
    expect(m.healthScore).toBe(4250 / 80);
    expect(m.healthBand).toBe('yellow');
  });

  it('maps nps −100..100 onto 0..100 and floors support and financial at 0', () => {
    const data = wb({
      customers: [customer('c1')],
      contracts: [recurring('c1')],
      surveys: [row('s', 'c1', { kind: 'nps', date: '2024-03-01', score: 10 }), row('s', 'c1', { kind: 'nps', date: '2024-03-02', score: 8 })],
      tickets: [1, 2, 3, 4, 5].map(() => row('t', 'c1', { openedAt: '2024-03-01', slaDueAt: '2024-03-02' })),
      invoices: [1, 2, 3].map(() => row('i', 'c1', { issueDate: '2024-02-01', dueDate: '2024-03-01', amount: 1 })),
    });
    const m = metricsOf(data, D);
    expect(m.nps).toBe(50);
    expect(m.indicators.nps).toBe(75);
    expect(m.indicators.support).toBe(0);
    expect(m.indicators.financial).toBe(0);
    expect(m.indicators.adoption).toBeNull(); // no licenses
    expect(m.indicators.relationship).toBe(0); // never interacted
  });

  it('scales relationship linearly between 30 and 90 days', () => {
    expect(relationshipIndicator(null, 100)).toBe(0);
    expect(relationshipIndicator(70, 100)).toBe(100); // g = 30
    expect(relationshipIndicator(40, 100)).toBe(50); // g = 60
    expect(relationshipIndicator(10, 100)).toBe(0); // g = 90
    expect(relationshipIndicator(99, 100)).toBe(100);
  });

  it('skips null indicators and zero weights, null when nothing counts', () => {
    const ind = { engagement: 80, adoption: null, nps: 40, support: 100, financial: null, relationship: 0 };
    expect(healthScoreOf(ind, W)).toBe((30 * 80 + 20 * 40 + 15 * 100 + 5 * 0) / 70);
    const w = { ...W, engagement: 0, nps: 0, support: 0, relationship: 0 };
    expect(healthScoreOf(ind, w)).toBeNull();
    const allNull = { engagement: null, adoption: null, nps: null, support: null, financial: null, relationship: null };
    expect(healthScoreOf(allNull, W)).toBeNull();
  });

  it('explains the score: contributions add up to it', () => {
    const ind = { engagement: 80, adoption: null, nps: 40, support: 100, financial: 50, relationship: 0 };
    const lines = healthBreakdown(ind, W);
    expect(lines.find((l) => l.indicator === 'engagement')).toEqual({ indicator: 'engagement', value: 80, weight: 30, contribution: (30 * 80) / 90 });
    expect(lines.find((l) => l.indicator === 'adoption')).toEqual({ indicator: 'adoption', value: null, weight: 10, contribution: 0 });
    const total = lines.reduce((s, l) => s + l.contribution, 0);
    expect(total).toBeCloseTo(healthScoreOf(ind, W)!, 12);
    expect(total).toBeCloseTo((2400 + 800 + 1500 + 1000) / 90, 12);
  });

  it('bands at red < 50 ≤ yellow < 75 ≤ green, and honours custom weights', () => {
    const bands = defaultSettings.healthBands;
    expect([healthBandOf(49.99, bands), healthBandOf(50, bands), healthBandOf(74.99, bands), healthBandOf(75, bands), healthBandOf(null, bands)])
      .toEqual(['red', 'yellow', 'yellow', 'green', null]);
    // Only relationship weighs: the score is the relationship indicator.
    const data = wb({
      customers: [customer('c1')],
      contracts: [recurring('c1')],
      activities: [row('a', 'c1', { title: 'x', doneAt: '2024-01-15' })], // g = 60 → 50
      settings: { healthWeights: { engagement: 0, nps: 0, financial: 0, support: 0, adoption: 0, relationship: 1 } },
    });
    expect(metricsOf(data, D).healthScore).toBe(50);
  });
});
