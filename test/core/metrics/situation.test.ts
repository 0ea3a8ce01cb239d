import { describe, expect, it } from 'vitest';
import { situationOf, variationOf, evaluationDays, fromDay } from '../../../core/index.js';
import { customer, metricsOf, recurring, row, wb } from './helpers.js';

const series = (...parts: [number, number | null][]) => parts.flatMap(([n, v]) => Array<number | null>(n).fill(v));

describe('situation', () => {
  it('flags risk when health falls (avg60 > avg7) and the band is red', () => {
    const h = series([53, 60], [7, 40]);
    expect(situationOf(h, series([60, 0]), 'red')).toBe('risk');
    expect(situationOf(h, series([60, 0]), 'yellow')).toBe('neutral');
    expect(situationOf(series([60, 40]), series([60, 0]), 'red')).toBe('neutral'); // flat
  });

  it('flags opportunity when health and engagement rise, band green and engagement above median', () => {
    const h = series([53, 70], [7, 90]);
    const rising = series([53, 10], [7, 30]);
    expect(situationOf(h, rising, 'green')).toBe('opportunity');
    expect(situationOf(h, series([53, -30], [7, -10]), 'green')).toBe('neutral'); // e(D) ≤ 0
    expect(situationOf(h, series([53, 40], [7, 30]), 'green')).toBe('neutral'); // engagement falling
    expect(situationOf(series([53, 95], [7, 90]), rising, 'green')).toBe('neutral'); // health falling
  });

  it('is neutral when any input is null', () => {
    expect(situationOf(series([60, null]), series([60, null]), null)).toBe('neutral');
    const h = series([53, 70], [7, 90]);
    expect(situationOf(h, series([53, 10], [6, 30], [1, null]), 'green')).toBe('neutral');
  });
});

describe('variation', () => {
  it('compares the mean of the last N days with the N days before', () => {
    const h = series([46, 50], [7, 64], [7, 80]);
    expect(variationOf(h, 7)).toBe(25); // 80 / 64
    // last 15 days: one 50, seven 64, seven 80; the 15 before: all 50
    expect(variationOf(h, 15)).toBeCloseTo(((50 + 7 * 64 + 7 * 80) / 15 / 50) * 100 - 100, 12);
  });

  it('skips null days and is null when a window is empty or the earlier mean is 0', () => {
    expect(variationOf(series([46, null], [7, 0], [7, 10]), 7)).toBeNull();
    expect(variationOf(series([53, null], [7, 10]), 7)).toBeNull();
    expect(variationOf(series([46, 50], [7, 50], [6, null], [1, 60]), 7)).toBe(20);
  });
});

describe('evaluation days', () => {
  it('covers D − 59 … D and the last day of the 11 previous months', () => {
    const days = evaluationDays('2024-03-15').map(fromDay);
    expect(days.at(-1)).toBe('2024-03-15');
    expect(days.at(-60)).toBe('2024-01-16');
    // Month ends of Apr 2023 … Feb 2024 (11 months); Jan 31 and Feb 29 fall inside the 60 days.
    expect(days.slice(0, 10)).toEqual([
      '2023-04-30', '2023-05-31', '2023-06-30', '2023-07-31', '2023-08-31', '2023-09-30', '2023-10-31', '2023-11-30', '2023-12-31', '2024-01-16',
    ]);
    expect(days).toContain('2024-01-31');
    expect(days).toContain('2024-02-29');
    expect(days.length).toBe(9 + 60);
    expect(new Set(days).size).toBe(days.length);
  });
});

describe('through computeCustomerMetrics', () => {
  // Only relationship weighs, so h(X) is the relationship indicator on X.
  const settings = { healthWeights: { engagement: 0, nps: 0, financial: 0, support: 0, adoption: 0, relationship: 1 } };
  const D = '2024-03-31';

  it('derives variation from the daily history', () => {
    // Last interaction on D − 40 (2024-02-20): before it h = 0, then 100 while g ≤ 30, then falling.
    const data = wb({ customers: [customer('c1')], contracts: [recurring('c1')], activities: [row('a', 'c1', { title: 'x', doneAt: '2024-02-20' })], settings });
    const m = metricsOf(data, D);
    const recent = (56 + 55 + 54 + 53 + 52 + 51 + 50) / 7 / 0.6; // g = 34…40
    const earlier = (4 * 100 + (59 + 58 + 57) / 0.6) / 7; // g = 27…33
    expect(m.variation7d).toBeCloseTo((recent / earlier) * 100 - 100, 9);
    expect(m.healthScore).toBeCloseTo(50 / 0.6, 12);
    expect(m.healthBand).toBe('green');
    expect(m.situation).toBe('neutral'); // falling but green; opportunity needs rising
  });

  it('flags a falling red customer as risk', () => {
    // Last interaction on D − 70: h is 100 for g ≤ 30 (D − 59 … D − 40), then falls to 33.3 on D.
    const data = wb({ customers: [customer('c1')], contracts: [recurring('c1')], activities: [row('a', 'c1', { title: 'x', doneAt: '2024-01-21' })], settings });
    const m = metricsOf(data, D);
    expect(m.healthScore).toBeCloseTo(20 / 0.6, 12);
    expect(m.healthBand).toBe('red');
    expect(m.situation).toBe('risk');
  });

  it('ignores inactive days in the history', () => {
    // Contract starts D − 6: only the last 7 days have a health score: no earlier window.
    const data = wb({ customers: [customer('c1')], contracts: [recurring('c1', { startDate: '2024-03-25' })], activities: [row('a', 'c1', { title: 'x', doneAt: '2024-03-25' })], settings });
    const m = metricsOf(data, D);
    expect(m.healthScore).toBe(100);
    expect(m.variation7d).toBeNull();
    expect(m.situation).toBe('neutral');
  });
});
