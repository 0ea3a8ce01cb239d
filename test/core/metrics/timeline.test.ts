// Timeline assembly (core/metrics/timeline.ts) and the Customer 360 data around it.
import { describe, expect, it } from 'vitest';
import {
  buildTimeline, computeCustomerMetrics, contractLines, createDerivation, filterTimeline, generateWorkbook, openTasks, openWorkbook,
  assembleCustomer360, prepare, parseDay, revenueMonths, tableLoadOrder, weekStart, type WorkbookData,
} from '../../../core/index.js';
import * as Y from 'yjs';
import { TL_AS_OF, TL_CUSTOMER, TL_EXPECTED, timelineRows } from '../../support/timeline-customer.js';

const rowsOf = (d: Omit<WorkbookData, 'settings'>) => ({
  contracts: d.contracts, activities: d.activities, surveys: d.surveys, invoices: d.invoices, tickets: d.tickets, usage: d.usage, contacts: d.contacts,
});

describe('buildTimeline', () => {
  it('a hand-built customer: every item, newest first, with its marks', () => {
    const items = buildTimeline(rowsOf(timelineRows()), TL_AS_OF);
    expect(items.map((i) => ({ kind: i.kind, date: i.date, key: i.key, marks: i.marks }))).toEqual(TL_EXPECTED);
  });

  it('carries what a person reads: survey comment and contact, weekly usage, states', () => {
    const items = buildTimeline(rowsOf(timelineRows()), TL_AS_OF);
    const survey = items.find((i) => i.kind === 'survey');
    expect(survey).toMatchObject({ survey: 'nps', score: 9, comment: 'Ótimo suporte', contact: null });
    // Week of 2026-06-08: ana (5) and bia (3) active, caio had 0 actions → 2 users, 8 actions.
    expect(items.find((i) => i.key === 'week:2026-06-08')).toMatchObject({ activeUsers: 2, actions: 8, weekEnd: '2026-06-14' });
    // Week of D (a Monday): only D's row; the 16th is after D.
    expect(items.find((i) => i.key === 'week:2026-06-15')).toMatchObject({ activeUsers: 1, actions: 2, weekEnd: '2026-06-15' });
    expect(items.find((i) => i.key === 'tlA4')).toMatchObject({ state: 'late', doneAt: null, dueDate: '2026-06-10' });
    expect(items.find((i) => i.key === 'tlI2')).toMatchObject({ state: 'paid', paidAt: '2026-04-09' });
    expect(items.find((i) => i.key === 'tlT1')).toMatchObject({ state: 'open', subject: 'Erro no login' });
  });

  it('invalid dates and values never throw: such rows are left out or read as empty', () => {
    const rows = rowsOf(timelineRows());
    const hostile = {
      ...rows,
      activities: [...rows.activities, { id: 'bad1', customerId: TL_CUSTOMER, title: 42 as unknown as string, dueDate: '2026-02-30' }],
      invoices: [...rows.invoices, { id: 'bad2', customerId: TL_CUSTOMER, issueDate: 'ontem', dueDate: '2026-05-01', amount: -5 }],
      surveys: [...rows.surveys, { id: 'bad3', customerId: TL_CUSTOMER, kind: 'csat' as const, date: '2026-05-01', score: 9 }],
      usage: [...rows.usage, { id: 'bad4', customerId: TL_CUSTOMER, date: '2026-06-09', userId: 'x', actions: 'many' as unknown as number }],
    };
    const items = buildTimeline(hostile, TL_AS_OF);
    expect(items.find((i) => i.key === 'bad1')).toBeUndefined(); // no valid date at all
    // Invalid issue date: dated by its due date, amount invalid → 0, overdue (due before D, unpaid).
    expect(items.find((i) => i.key === 'bad2')).toMatchObject({ date: '2026-05-01', amount: 0, marks: ['overdue'] });
    expect(items.find((i) => i.key === 'bad3')).toBeUndefined(); // CSAT 9 is off its 1–5 scale
    expect(items.find((i) => i.key === 'week:2026-06-08')).toMatchObject({ actions: 8 });
    expect(() => buildTimeline(rows, '2026-13-01')).toThrow(RangeError);
  });

  it('filters by kind, date range and marks', () => {
    const items = buildTimeline(rowsOf(timelineRows()), TL_AS_OF);
    expect(filterTimeline(items, { kinds: ['invoice'] }).map((i) => i.key)).toEqual(['tlI1', 'tlI2']);
    expect(filterTimeline(items, { from: '2026-05-01', to: '2026-05-31' }).map((i) => i.key)).toEqual(['tlK2:canceled', 'tlS1', 'tlI1']);
    expect(filterTimeline(items, { markedOnly: true }).map((i) => i.key)).toEqual(['tlA4', 'tlA2', 'tlT1', 'tlI1']);
    expect(filterTimeline(items, { kinds: [], from: 'garbage' })).toHaveLength(items.length);
  });

  it('weeks start on Monday', () => {
    expect(weekStart(parseDay('2026-06-15')!)).toBe(parseDay('2026-06-15'));
    expect(weekStart(parseDay('2026-06-21')!)).toBe(parseDay('2026-06-15'));
    expect(weekStart(parseDay('1970-01-01')!)).toBe(parseDay('1969-12-29'));
  });

  it('on a demo portfolio the marks agree with the metrics for every customer', () => {
    const asOf = '2026-06-15';
    const data = generateWorkbook({ seed: 7, customers: 60, today: asOf });
    const metrics = computeCustomerMetrics(data, asOf);
    const by = <T extends { customerId?: unknown }>(rows: T[], id: string) => rows.filter((r) => r.customerId === id);
    let marked = 0;
    for (const c of data.customers) {
      const items = buildTimeline({
        contracts: by(data.contracts, c.id), activities: by(data.activities, c.id), surveys: by(data.surveys, c.id), invoices: by(data.invoices, c.id),
        tickets: by(data.tickets, c.id), usage: by(data.usage, c.id), contacts: by(data.contacts, c.id),
      }, asOf);
      const m = metrics.get(c.id)!;
      const count = (mark: string) => items.filter((i) => i.marks.includes(mark as never)).length;
      expect(count('late'), c.id).toBe(m.lateActivities);
      expect(count('overdue'), c.id).toBe(m.overdueInvoices);
      expect(count('above-sla'), c.id).toBe(m.ticketsAboveSla);
      marked += count('late') + count('overdue') + count('above-sla');
      for (let i = 1; i < items.length; i++) expect(items[i - 1].date >= items[i].date).toBe(true);
    }
    expect(marked).toBeGreaterThan(0); // the demo has late tasks, overdue invoices or tickets above SLA
  });
});

describe('Customer 360 data', () => {
  it('revenue by month with movements, contracts with term and renewal, open tasks', () => {
    const data = { ...timelineRows() } as WorkbookData;
    const rows = prepare(data).customers.get(TL_CUSTOMER)!;
    const D = parseDay(TL_AS_OF)!;
    // By hand: Jan 1000 (new), Feb 1300 (expansion), Mar–Apr 1300, May 1000 (tlK2 canceled on the 20th: contraction), Jun 1000.
    expect(revenueMonths(rows, D).map((m) => [m.month, m.mrr, m.movement])).toEqual([
      ['2026-01', 1000, 'new'], ['2026-02', 1300, 'expansion'], ['2026-03', 1300, null], ['2026-04', 1300, null], ['2026-05', 1000, 'contraction'], ['2026-06', 1000, null],
    ]);
    const lines = contractLines(rows, D);
    expect(lines.map((l) => [l.id, l.state, l.canceledAt, l.renewal])).toEqual([['tlK1', 'active', null, null], ['tlK2', 'canceled', '2026-05-20', null]]);
    expect(openTasks(data.activities, D).map((t) => [t.id, t.late])).toEqual([['tlA2', true], ['tlA4', true], ['tlA3', false]]);
  });

  it("the engine's customer view: health series from the engine, metrics equal to computeCustomerMetrics", () => {
    const data = generateWorkbook({ seed: 3, customers: 30, today: '2026-06-15' });
    const wb = openWorkbook(new Y.Doc());
    wb.transact(() => {
      for (const t of tableLoadOrder) if ((data as unknown as Record<string, unknown[]>)[t].length) wb.insertMany(t, (data as unknown as Record<string, never[]>)[t]);
    });
    const d = createDerivation(wb, { asOf: '2026-06-15' });
    const expected = computeCustomerMetrics(wb.snapshot(), '2026-06-15');
    const id = data.customers[4].id;
    const view = assembleCustomer360(d.customer(id)!, '2026-06-15');
    expect(view.metrics).toEqual(expected.get(id));
    // One point per evaluation day, D last, its score the health score on D.
    expect(view.health.at(-1)).toEqual({ date: '2026-06-15', score: expected.get(id)!.healthScore });
    expect(view.health.length).toBe(d.derived().days.length);
    expect(view.health.map((p) => p.score)).toEqual([...d.derived().health.get(id)!].map((h) => (Number.isNaN(h) ? null : h)));
    expect(view.contacts.every((c) => c.customerId === id)).toBe(true);
    expect(d.customer('no-such-customer')).toBeUndefined();
    d.dispose();
  });
});
