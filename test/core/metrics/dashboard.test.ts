// computeDashboard on small hand-built workbooks. Every expected value is worked out in
// the comments from METRICS.md "Dashboard"; D = 2026-03-15 unless a test says otherwise,
// so S = 2026-03-01, O = 2026-02-28, M = 2026-03-31.
import { describe, expect, it } from 'vitest';
import { computeDashboard } from '../../../core/metrics/dashboard.js';
import { activity, customer, invoice, oneOff, recurring, survey, ticket, workbook } from './dashboard-helpers.js';

const asOf = '2026-03-15';

describe('MRR movements across the month boundary', () => {
  // A new:          o 0,   c 100  (first contract 03-05)                  → new 100
  // B expansion:    o 200, c 250  (+50 from 03-10)                         → expansion 50
  // C contraction:  o 400, c 100  (300 ends 03-10)                         → contraction 300
  // D churn:        o 150, c 0    (canceled 03-02)                         → churned 150
  // E reactivation: o 0,   c 90   (active in 2025, back on 03-01)          → reactivation 90
  // F quarterly 600/3 = 200, plus annual 1200/12 = 100 from 03-02: o 200, c 300 → expansion 100
  // G annual 2400/12 = 200 from 03-03, never active before               → new 200
  const data = workbook({
    customers: ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((id) => customer(id)),
    contracts: [
      recurring('A', 100, '2026-03-05'),
      recurring('B', 200, '2025-01-01'),
      recurring('B', 50, '2026-03-10'),
      recurring('C', 300, '2025-06-01', { endDate: '2026-03-10' }),
      recurring('C', 100, '2025-06-01'),
      recurring('D', 150, '2025-01-01', { canceledAt: '2026-03-02' }),
      recurring('E', 80, '2025-01-01', { endDate: '2025-12-31' }),
      recurring('E', 90, '2026-03-01'),
      recurring('F', 600, '2025-01-01', { billingPeriodMonths: 3 }),
      recurring('F', 1200, '2026-03-02', { billingPeriodMonths: 12 }),
      recurring('G', 2400, '2026-03-03', { billingPeriodMonths: 12 }),
      // A row whose customer does not exist: ignored by every figure.
      recurring('ghost', 9999, '2025-01-01'),
    ],
  });
  const d = computeDashboard(data, { asOf });

  it('classifies each customer into exactly one movement', () => {
    // opening = B 200 + C 400 + D 150 + F 200 = 950; closing = 100+250+100+0+90+300+200 = 1040
    expect(d.mrrMovements).toEqual({
      opening: 950,
      new: 300,
      expansion: 150,
      contraction: 300,
      churned: 150,
      reactivation: 90,
      closing: 1040,
    });
    expect(d.upsell).toBe(150);
    expect(d.downsell).toBe(300);
  });

  it('derives churn, retention and the quick ratio', () => {
    expect(d.mrrChurn).toBe(450); // 150 churned + 300 contraction
    expect(d.mrrChurnPct).toBeCloseTo((450 / 950) * 100, 9);
    expect(d.netMrrChurn).toBe(210); // 450 − 150 expansion − 90 reactivation
    expect(d.netMrrChurnPct).toBeCloseTo((210 / 950) * 100, 9);
    expect(d.nrr).toBeCloseTo((650 / 950) * 100, 9); // 950 + 150 − 300 − 150
    expect(d.grr).toBeCloseTo((500 / 950) * 100, 9); // 950 − 300 − 150
    expect(d.quickRatio).toBeCloseTo(1.2, 9); // (300 + 150 + 90) / 450
  });

  it('counts logos: active on O = B, C, D, F; of them only D is inactive on D', () => {
    expect(d.logoChurn).toBe(1);
    expect(d.churnRate).toBe(25);
  });

  it('sums mrr over the selected customers and ignores orphan rows', () => {
    expect(d.customers).toBe(7);
    expect(d.activeCustomers).toBe(6); // all but D
    expect(d.mrr).toBe(1040);
    expect(d.arr).toBe(12480);
    expect(d.arpa).toBeCloseTo(1040 / 6, 9);
  });

  it('counts new contracts only for customers never active before S', () => {
    // A (100) and G (2400/12 = 200); B, E and F were active before S.
    expect(d.newContracts).toEqual({ count: 2, mrr: 300 });
  });
});

describe('zero denominators give null, never NaN or Infinity', () => {
  it('an empty selection', () => {
    const d = computeDashboard(workbook({ customers: [customer('X')] }), { asOf });
    expect(d.customers).toBe(1);
    expect(d.activeCustomers).toBe(0);
    expect(d.mrr).toBe(0);
    expect(d.arpa).toBeNull();
    expect(d.mrrChurnPct).toBeNull();
    expect(d.netMrrChurnPct).toBeNull();
    expect(d.nrr).toBeNull();
    expect(d.grr).toBeNull();
    expect(d.quickRatio).toBeNull();
    expect(d.churnRate).toBeNull();
    expect(d.healthScore).toBeNull();
    expect(d.nps).toBeNull();
    expect(d.npsOverall).toBeNull();
    expect(d.csat).toBeNull();
    expect(d.ltv).toBeNull();
    expect(d.lifetimeMonths).toBeNull();
    expect(d.ltvProjected).toBeNull();
    expect(d.tickets).toEqual({ opened: 0, finished: 0, pending: 0, finishedPct: null, pendingPct: null });
    expect(d.invoices).toEqual({ due: 0, received: 0, toBeDue: 0, overdue: 0, receivedPct: null, toBeDuePct: null, overduePct: null });
    expect(JSON.stringify(d)).not.toMatch(/NaN|Infinity/);
  });

  it('only new MRR: nrr/grr have no opening, quick ratio has no churn', () => {
    const d = computeDashboard(workbook({ customers: [customer('A')], contracts: [recurring('A', 100, '2026-03-02')] }), { asOf });
    expect(d.mrrMovements.new).toBe(100);
    expect(d.nrr).toBeNull();
    expect(d.grr).toBeNull();
    expect(d.quickRatio).toBeNull();
    expect(d.mrrChurn).toBe(0);
  });

  it('only churn: quick ratio is 0, nrr and grr are 0', () => {
    const d = computeDashboard(
      workbook({ customers: [customer('A')], contracts: [recurring('A', 100, '2025-01-01', { canceledAt: '2026-03-10' })] }),
      { asOf },
    );
    expect(d.quickRatio).toBe(0);
    expect(d.nrr).toBe(0);
    expect(d.grr).toBe(0);
    expect(d.churnRate).toBe(100);
  });
});

describe('contracts of the month', () => {
  it('ending contracts: endDate in [S, M], not auto-renewing, not canceled before S', () => {
    const data = workbook({
      customers: [customer('A'), customer('B')],
      contracts: [
        recurring('A', 300, '2025-04-01', { endDate: '2026-03-31', billingPeriodMonths: 3 }), // in: 100/month
        recurring('A', 50, '2025-03-06', { endDate: '2026-03-05' }), // in: already ended this month
        recurring('A', 60, '2025-03-21', { endDate: '2026-03-20', autoRenew: true }), // out: renews
        recurring('B', 40, '2025-03-21', { endDate: '2026-03-20', canceledAt: '2026-02-15' }), // out: canceled before S
        recurring('B', 70, '2025-03-26', { endDate: '2026-03-25', canceledAt: '2026-03-01' }), // in: canceled on S, not before
        recurring('B', 80, '2025-04-02', { endDate: '2026-04-01' }), // out: next month
        oneOff('B', 500, '2026-03-01', { endDate: '2026-03-10' }), // out: not recurring
      ],
    });
    expect(computeDashboard(data, { asOf }).endingContracts).toEqual({ count: 3, mrr: 220 });
  });

  it('new contracts: recurring, startDate in [S, D], customer never active before S', () => {
    const data = workbook({
      customers: ['N1', 'N2', 'N3', 'N4', 'N5'].map((id) => customer(id)),
      contracts: [
        recurring('N1', 100, '2026-03-01'), // in
        recurring('N1', 1200, '2026-03-15', { billingPeriodMonths: 12 }), // in: 100/month, on D
        recurring('N2', 20, '2025-01-01', { endDate: '2025-06-30' }),
        recurring('N2', 500, '2026-03-02'), // out: N2 was active in 2025 (a reactivation)
        recurring('N3', 300, '2026-03-16'), // out: after D
        recurring('N4', 300, '2026-02-28'), // out: before S
        oneOff('N5', 900, '2026-03-05'), // out: one-off
      ],
    });
    expect(computeDashboard(data, { asOf }).newContracts).toEqual({ count: 2, mrr: 200 });
  });

  it('transactional revenue: one-off values and setup fees started this year, resp. this month, up to D', () => {
    const data = workbook({
      customers: [customer('A')],
      contracts: [
        oneOff('A', 500, '2026-01-10'), // year
        oneOff('A', 300, '2026-03-05'), // year + month
        recurring('A', 100, '2026-03-02', { setupFee: 50 }), // fee: year + month
        recurring('A', 100, '2026-02-01', { setupFee: 25 }), // fee: year
        oneOff('A', 1000, '2025-12-31'), // last year
        oneOff('A', 700, '2026-03-20', { setupFee: 10 }), // after D
      ],
    });
    expect(computeDashboard(data, { asOf }).transactionalRevenue).toEqual({ year: 875, month: 350 });
  });
});

describe('tickets and invoices of the month', () => {
  it('tickets opened in [S, D]; finished = closed by D', () => {
    const data = workbook({
      customers: [customer('A')],
      tickets: [
        ticket('A', '2026-03-02', { closedAt: '2026-03-05' }), // finished
        ticket('A', '2026-03-10'), // pending
        ticket('A', '2026-03-12', { closedAt: '2026-03-20' }), // closed after D: pending on D
        ticket('A', '2026-02-25', { closedAt: '2026-03-03' }), // opened last month
        ticket('A', '2026-03-16'), // opened after D
      ],
    });
    const t = computeDashboard(data, { asOf }).tickets;
    expect(t.opened).toBe(3);
    expect(t.finished).toBe(1);
    expect(t.pending).toBe(2);
    expect(t.finishedPct).toBeCloseTo(100 / 3, 9);
    expect(t.pendingPct).toBeCloseTo(200 / 3, 9);
  });

  it('invoices due in [S, M]: received by D, overdue before D, to be due from D on', () => {
    const data = workbook({
      customers: [customer('A')],
      invoices: [
        invoice('A', '2026-03-05', { paidAt: '2026-03-04' }), // received
        invoice('A', '2026-03-10'), // overdue
        invoice('A', '2026-03-15'), // due on D: to be due
        invoice('A', '2026-03-20', { paidAt: '2026-03-14' }), // received early
        invoice('A', '2026-03-25', { paidAt: '2026-03-18' }), // paid after D: to be due on D
        invoice('A', '2026-02-28'), // last month
        invoice('A', '2026-04-01'), // next month
      ],
    });
    expect(computeDashboard(data, { asOf }).invoices).toEqual({
      due: 5,
      received: 2,
      toBeDue: 2,
      overdue: 1,
      receivedPct: 40,
      toBeDuePct: 40,
      overduePct: 20,
    });
  });
});

describe('tasks for a user', () => {
  // scheduledTaskDays 7: scheduled = pending with dueDate in [03-15, 03-22]; late = dueDate < 03-15.
  const data = workbook({
    customers: [customer('A'), customer('B')],
    activities: [
      activity('A', { owner: 'Ana Souza', dueDate: '2026-03-15' }), // scheduled (today)
      activity('A', { owner: '  ana souza ', dueDate: '2026-03-22' }), // scheduled (last day), owner spacing/case ignored
      activity('A', { owner: 'Ana Souza', dueDate: '2026-03-23' }), // beyond the window
      activity('B', { owner: 'ÁNA SOUZA', dueDate: '2026-03-14' }), // late, accent and case ignored
      activity('B', { owner: 'Ána Souza', dueDate: '2026-03-10', doneAt: '2026-03-12' }), // done
      activity('B', { owner: 'Ana  Souza', dueDate: '2026-03-01', doneAt: '2026-03-20' }), // done after D: late
      activity('B', { owner: 'Ana Souza' }), // no due date: neither
      activity('B', { owner: 'Bruno Lima', dueDate: '2026-03-16' }), // someone else
      activity('B', { owner: 'Bruno Lima', dueDate: '2026-03-01' }), // someone else
    ],
  });

  it('matches the owner ignoring case, accents and spacing', () => {
    expect(computeDashboard(data, { asOf, user: 'ana souza' }).tasks).toEqual({ scheduled: 2, late: 2 });
    expect(computeDashboard(data, { asOf, user: 'Bruno Lima' }).tasks).toEqual({ scheduled: 1, late: 1 });
    expect(computeDashboard(data, { asOf, user: 'Carla' }).tasks).toEqual({ scheduled: 0, late: 0 });
  });

  it('without a user, counts the whole team', () => {
    expect(computeDashboard(data, { asOf }).tasks).toEqual({ scheduled: 3, late: 3 });
  });

  it('follows the scheduledTaskDays setting', () => {
    const d = computeDashboard({ ...data, settings: { scheduledTaskDays: 0 } }, { asOf, user: 'Ana Souza' });
    expect(d.tasks).toEqual({ scheduled: 1, late: 2 });
  });
});

describe('customer means', () => {
  it('nps is the mean of customer NPS; npsOverall pools every response in the window', () => {
    // N1: 9, 10, 0 → (2 − 1)/3 = 33.3…; N2: 7 → 0 (its 0 on D − 365 is outside (D − 365, D]).
    const data = workbook({
      customers: [customer('N1'), customer('N2'), customer('N3')],
      surveys: [
        survey('N1', 'nps', 9, '2026-03-15'),
        survey('N1', 'nps', 10, '2025-03-16'),
        survey('N1', 'nps', 0, '2026-01-01'),
        survey('N2', 'nps', 7, '2026-02-01'),
        survey('N2', 'nps', 0, '2025-03-15'),
        survey('N3', 'nps', 10, '2026-03-16'), // after D
        survey('N3', 'csat', 5, '2026-03-01'),
        survey('N2', 'csat', 3, '2026-03-01'),
        survey('N2', 'csat', 4, '2026-02-01'),
      ],
    });
    const d = computeDashboard(data, { asOf });
    expect(d.nps).toBeCloseTo((100 / 3 + 0) / 2, 9);
    expect(d.npsOverall).toBe(25); // 4 responses: promoters 2, detractors 1
    expect(d.csat).toBe(75); // N3 100, N2 50
  });

  it('ltv and lifetimeMonths average over customers ever active by D', () => {
    // L1: 100/month for 15 days (03-01..03-15). L3: 200/month for 5 days + setup 60.
    // L2 only bought a one-off: never active, left out of both means. L4 starts after D.
    const data = workbook({
      customers: ['L1', 'L2', 'L3', 'L4'].map((id) => customer(id)),
      contracts: [
        recurring('L1', 100, '2026-03-01'),
        oneOff('L2', 500, '2026-03-01'),
        recurring('L3', 200, '2026-03-11', { setupFee: 60 }),
        recurring('L4', 200, '2026-03-20'),
      ],
    });
    const d = computeDashboard(data, { asOf });
    const month = 30.4375;
    expect(d.ltv).toBeCloseTo((1500 / month + (1000 / month + 60)) / 2, 9);
    expect(d.lifetimeMonths).toBeCloseTo((15 + 5) / 2 / month, 9);
  });

  it('ltvProjected = arpa / mean churn rate of the 6 previous months; null when that mean is 0', () => {
    // Four customers at 100 since 2025; one cancels on 2026-03-10. D = 2026-07-15.
    // Monthly churn rates Jan..Jun 2026: 0, 0, 25, 0, 0, 0 → mean 25/6 %. arpa = 300 / 3 = 100.
    const churning = workbook({
      customers: ['A', 'B', 'C', 'E'].map((id) => customer(id)),
      contracts: [
        recurring('A', 100, '2025-01-01'),
        recurring('B', 100, '2025-01-01'),
        recurring('C', 100, '2025-01-01'),
        recurring('E', 100, '2025-01-01', { canceledAt: '2026-03-10' }),
      ],
    });
    const d = computeDashboard(churning, { asOf: '2026-07-15' });
    expect(d.arpa).toBe(100);
    expect(d.ltvProjected).toBeCloseTo(100 / (25 / 6 / 100), 6); // 2400
    // On 2026-03-20 the cancellation falls in the current month, not the 6 before it (Sep..Feb): mean 0.
    expect(computeDashboard(churning, { asOf: '2026-03-20' }).ltvProjected).toBeNull();
  });
});

describe('churn risk and upsell opportunities', () => {
  // Health of an active customer with no usage, surveys, tickets or activities (D = 03-15):
  // engagement 50 (all tie), support 100, relationship 0, adoption and nps null;
  // financial 100 − 50 × overdue. Weights 30/15/20/5 → (1500 + 1500 + 20 × financial) / 70.
  //   no overdue: 5000/70 ≈ 71.4 (yellow); two overdue: 3000/70 ≈ 42.9 (red).
  const data = workbook({
    customers: [customer('R1'), customer('R2', { riskFlag: true }), customer('R3', { riskFlag: true }), customer('R4'), customer('U1', { upsellFlag: true })],
    contracts: [
      recurring('R1', 100, '2025-01-01'),
      recurring('R2', 200, '2025-01-01'),
      recurring('R3', 300, '2025-01-01', { endDate: '2025-12-31' }), // inactive on D
      recurring('R4', 400, '2025-01-01'),
      recurring('U1', 50, '2025-01-01'),
    ],
    invoices: [invoice('R1', '2026-02-01'), invoice('R1', '2026-02-02')],
  });
  const d = computeDashboard(data, { asOf });

  it('flags active customers with red health or the manual flag, largest MRR first', () => {
    expect(d.churnRisk).toEqual(['R2', 'R1']);
  });

  it('lists manual upsell opportunities', () => {
    expect(d.upsellOpportunities).toEqual(['U1']);
  });

  it('averages the health of active customers only', () => {
    // R1 3000/70, R2, R4 and U1 5000/70; R3 inactive → null, left out.
    expect(d.healthScore).toBeCloseTo((3000 / 70 + 3 * (5000 / 70)) / 4, 9);
  });
});

describe('upsell opportunity from the situation', () => {
  it('lists a customer whose health and engagement are rising and green', () => {
    // Weights: engagement 30, financial 20, support 15, the rest 0. P and Q tie on usage
    // (none) until P starts using the product on D − 5 (03-10): from then P's engagement
    // percentile is 100 (score +100) and Q's 0. P's health goes from (30×50 + 2000 + 1500)/65
    // ≈ 76.9 (green) to 6500/65 = 100: rising, green, engagement rising and above 0 on D.
    // Q falls to 3500/65 ≈ 53.8: yellow, so neutral.
    const usage = ['10', '11', '12', '13', '14', '15'].map((d) => ({ id: `u${d}`, customerId: 'P', date: `2026-03-${d}`, userId: 'p1', actions: 10 }));
    const data = workbook({
      customers: [customer('P'), customer('Q')],
      contracts: [recurring('P', 100, '2025-01-01'), recurring('Q', 100, '2025-01-01')],
      usage,
      settings: { healthWeights: { engagement: 30, nps: 0, financial: 20, support: 15, adoption: 0, relationship: 0 } },
    });
    const d = computeDashboard(data, { asOf });
    expect(d.upsellOpportunities).toEqual(['P']);
    expect(d.churnRisk).toEqual([]);
    expect(computeDashboard(data, { asOf, filter: { situation: ['opportunity'] } }).customers).toBe(1);
  });
});

describe('bad rows never throw', () => {
  it('ignores invalid field values and keeps the rest', () => {
    const data = workbook({
      customers: [customer('A'), { id: 'B', name: 42 } as never],
      contracts: [
        recurring('A', 100, '2026-03-02'),
        recurring('A', 200, 'not a date'),
        { id: 'bad', customerId: 'B', model: 'weird', value: -5, startDate: '2026-02-30' } as never,
      ],
      tickets: [ticket('A', '2026-13-01')],
    });
    const d = computeDashboard(data, { asOf });
    expect(d.customers).toBe(2);
    expect(d.mrr).toBe(100);
    expect(d.tickets.opened).toBe(0);
  });
});
