// The 12-month series: month keys across a year boundary, each month evaluated at its last
// day (D for the current month), movements opening on the previous month's last day.
import { describe, expect, it } from 'vitest';
import { computeDashboard } from '../../../core/metrics/dashboard.js';
import { customer, invoice, recurring, survey, workbook } from './dashboard-helpers.js';

// D = 2026-02-10: the series runs 2025-03 … 2026-02.
// X: 100/month from 2025-06-15, +50 from 2026-01-05; an NPS 10 on 2025-12-10.
// Y: 40/month since 2024, canceled 2025-09-15; one invoice overdue since 2024-12-01.
// Health (no usage, surveys aside, tickets or activities; engagement ties at 50):
//   X 5000/70 (financial 100); Y 4000/70 (financial 50); the NPS indicator (100) makes X
//   from December: (1500 + 1500 + 2000 + 20 × 100) / (70 + 20) = 7000/90.
const data = workbook({
  customers: [customer('X'), customer('Y')],
  contracts: [
    recurring('X', 100, '2025-06-15'),
    recurring('X', 50, '2026-01-05'),
    recurring('Y', 40, '2024-01-01', { canceledAt: '2025-09-15' }),
  ],
  surveys: [survey('X', 'nps', 10, '2025-12-10')],
  invoices: [invoice('Y', '2024-12-01', { issueDate: '2024-11-01' })],
});
const d = computeDashboard(data, { asOf: '2026-02-10' });
const none = { opening: 0, new: 0, expansion: 0, contraction: 0, churned: 0, reactivation: 0, closing: 0 };
const flat = (v: number) => ({ ...none, opening: v, closing: v });

describe('dashboard series', () => {
  it('has 12 months ending with the current one, across the year boundary', () => {
    expect(d.series.map((p) => p.month)).toEqual([
      '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08',
      '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02',
    ]);
  });

  it('mrr and movements per month', () => {
    expect(d.series.map((p) => p.mrr)).toEqual([40, 40, 40, 140, 140, 140, 100, 100, 100, 100, 150, 150]);
    expect(d.series.map((p) => p.movements)).toEqual([
      flat(40), flat(40), flat(40),
      { ...none, opening: 40, new: 100, closing: 140 },
      flat(140), flat(140),
      { ...none, opening: 140, churned: 40, closing: 100 },
      flat(100), flat(100), flat(100),
      { ...none, opening: 100, expansion: 50, closing: 150 },
      flat(150),
    ]);
    expect(d.series.map((p) => p.upsell)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 0]);
    expect(d.series[11].movements).toEqual(d.mrrMovements);
  });

  it('churn rate per month: logos active on the previous month end and not at this one', () => {
    // Mar–Jun: only Y active at the opening; Jul, Aug: both; Sep: Y churns (1 of 2); then X alone.
    expect(d.series.map((p) => p.churnRate)).toEqual([0, 0, 0, 0, 0, 0, 50, 0, 0, 0, 0, 0]);
  });

  it('health and nps per month, from the month-end evaluation', () => {
    const y = 4000 / 70, x = 5000 / 70, xNps = 7000 / 90;
    const expected = [y, y, y, (x + y) / 2, (x + y) / 2, (x + y) / 2, x, x, x, xNps, xNps, xNps];
    d.series.forEach((p, k) => expect(p.health).toBeCloseTo(expected[k], 9));
    expect(d.series.map((p) => p.nps)).toEqual([null, null, null, null, null, null, null, null, null, 100, 100, 100]);
  });

  it('ltvProjected = arpa / mean churn rate of Aug..Jan (0, 50, 0, 0, 0, 0)', () => {
    expect(d.arpa).toBe(150);
    expect(d.ltvProjected).toBeCloseTo(150 / (50 / 6 / 100), 6); // 1800
  });

  it('uses the selection as of D for every month', () => {
    // Y is inactive on D, so "active" drops it from the whole history.
    const active = computeDashboard(data, { asOf: '2026-02-10', filter: { status: ['active'] } });
    expect(active.series.map((p) => p.mrr)).toEqual([0, 0, 0, 100, 100, 100, 100, 100, 100, 100, 150, 150]);
  });

  it('evaluates February on its leap day', () => {
    // A contract ending 2024-02-29 is still active on Feb's last day and gone at March's.
    const leap = workbook({ customers: [customer('L')], contracts: [recurring('L', 100, '2023-06-01', { endDate: '2024-02-29' })] });
    const s = computeDashboard(leap, { asOf: '2024-03-31' }).series;
    expect(s.map((p) => p.month)[0]).toBe('2023-04');
    expect(s[10]).toMatchObject({ month: '2024-02', mrr: 100 });
    expect(s[11]).toMatchObject({ month: '2024-03', mrr: 0, churnRate: 100 });
    expect(s[11].movements.churned).toBe(100);
  });
});
