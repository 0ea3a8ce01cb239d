// A hand-written Dashboard for the dashboard UI's unit tests: every leaf a distinct, easy number.
import { tallies, type Dashboard, type MrrMovements, type SeriesPoint, type TallyFigures } from '../../core/index.js';

/** Every figure a catalog tally writes, numbered from 100 (the literal below overrides the ones it names). */
function tallyFigures(): TallyFigures {
  const out: Record<string, Record<string, number>> = {};
  let next = 100;
  for (const t of tallies) {
    const f: { field: string; count?: string; weight?: string } = t.figure;
    const o = (out[f.field] ??= {});
    if (f.count) o[f.count] = next++;
    if (f.weight) o[f.weight] = next++;
  }
  return out as unknown as TallyFigures;
}

export const movements = (o: Partial<MrrMovements> = {}): MrrMovements => ({
  opening: 0, new: 0, expansion: 0, contraction: 0, churned: 0, reactivation: 0, closing: 0, ...o,
});

/** 12 months 2023-04 … 2024-03; month k (0-based) has mrr 1000·(k+1), health 50+k, churnRate k, nps k−5 (null for k = 0). */
export function seriesFixture(): SeriesPoint[] {
  return Array.from({ length: 12 }, (_, k) => {
    const y = k < 9 ? 2023 : 2024;
    const m = ((k + 3) % 12) + 1;
    return {
      month: `${y}-${String(m).padStart(2, '0')}`,
      health: 50 + k,
      mrr: 1000 * (k + 1),
      movements: movements({ opening: 1000 * k, new: 100, expansion: 50, reactivation: 25, contraction: 30, churned: 45, closing: 1000 * (k + 1) }),
      upsell: 50,
      churnRate: k,
      nps: k === 0 ? null : k - 5,
    };
  });
}

export function dashboardFixture(): Dashboard {
  return {
    ...tallyFigures(),
    customers: 1, activeCustomers: 2, mrr: 3, arr: 4, arpa: 5, healthScore: 6, nps: 7, npsOverall: 8, csat: 9,
    ltv: 10, lifetimeMonths: 11, ltvProjected: null,
    mrrMovements: { opening: 12, new: 13, expansion: 14, contraction: 15, churned: 16, reactivation: 17, closing: 18 },
    upsell: 19, downsell: 20, mrrChurn: 21, mrrChurnPct: 22, netMrrChurn: 23, netMrrChurnPct: 24, nrr: 25, grr: 26,
    quickRatio: 27, logoChurn: 28, churnRate: 29,
    newContracts: { count: 30, mrr: 31 }, endingContracts: { count: 32, mrr: 33 },
    transactionalRevenue: { year: 34, month: 35 },
    churnRisk: ['c1', 'c2', 'c3'], upsellOpportunities: ['c4'],
    tasks: { scheduled: 36, late: 37 },
    tickets: { opened: 38, finished: 39, pending: 40, finishedPct: 41, pendingPct: 42 },
    invoices: { due: 43, received: 44, toBeDue: 45, overdue: 46, receivedPct: 47, toBeDuePct: 48, overduePct: 49 },
    series: seriesFixture(),
  };
}
