// Activities, invoices, tickets, usage and contacts: the operational columns.
import { describe, expect, it } from 'vitest';
import { customer, metricsOf, recurring, row, wb } from './helpers.js';

const D = '2024-03-15';

describe('activities', () => {
  it('counts pending (not done by D) and late (pending, due before D), and the last interaction', () => {
    const data = wb({
      customers: [customer('c1')],
      activities: [
        row('a', 'c1', { title: 'done early', dueDate: '2024-03-01', doneAt: '2024-03-02' }),
        row('a', 'c1', { title: 'done on D', dueDate: '2024-03-10', doneAt: '2024-03-15' }),
        row('a', 'c1', { title: 'done after D', dueDate: '2024-03-01', doneAt: '2024-03-20' }), // pending + late on D
        row('a', 'c1', { title: 'due today', dueDate: '2024-03-15' }), // pending, not late
        row('a', 'c1', { title: 'overdue', dueDate: '2024-02-29' }), // pending + late
        row('a', 'c1', { title: 'no due date' }), // pending, never late
      ],
    });
    const m = metricsOf(data, D);
    expect(m.pendingActivities).toBe(4);
    expect(m.lateActivities).toBe(2);
    expect(m.lastInteraction).toBe('2024-03-15');
    expect(metricsOf(data, '2024-03-14').lastInteraction).toBe('2024-03-02');
    expect(metricsOf(data, '2024-03-01').lastInteraction).toBeNull();
  });
});

describe('invoices', () => {
  it('sums issued amounts (tcv) and counts unpaid invoices due before D', () => {
    const data = wb({
      customers: [customer('c1')],
      invoices: [
        row('i', 'c1', { issueDate: '2024-02-01', dueDate: '2024-03-14', amount: 100 }), // overdue
        row('i', 'c1', { issueDate: '2024-02-01', dueDate: '2024-03-15', amount: 200 }), // due today: not overdue
        row('i', 'c1', { issueDate: '2024-02-01', dueDate: '2024-03-01', amount: 300, paidAt: '2024-03-15' }), // paid by D
        row('i', 'c1', { issueDate: '2024-02-01', dueDate: '2024-03-01', amount: 400, paidAt: '2024-03-16' }), // paid after D: overdue
        row('i', 'c1', { issueDate: '2024-03-16', dueDate: '2024-04-01', amount: 500 }), // issued after D
      ],
    });
    const m = metricsOf(data, D);
    expect(m.tcv).toBe(1000);
    expect(m.overdueInvoices).toBe(2);
  });
});

describe('tickets', () => {
  it('counts tickets open on D whose SLA is past', () => {
    const data = wb({
      customers: [customer('c1')],
      tickets: [
        row('t', 'c1', { openedAt: '2024-03-01', slaDueAt: '2024-03-14' }), // counts
        row('t', 'c1', { openedAt: '2024-03-01', slaDueAt: '2024-03-15' }), // SLA due today: not yet
        row('t', 'c1', { openedAt: '2024-03-01', slaDueAt: '2024-03-05', closedAt: '2024-03-15' }), // closed on D
        row('t', 'c1', { openedAt: '2024-03-01', slaDueAt: '2024-03-05', closedAt: '2024-03-16' }), // still open on D: counts
        row('t', 'c1', { openedAt: '2024-03-01' }), // no SLA
        row('t', 'c1', { openedAt: '2024-03-16', slaDueAt: '2024-03-01' }), // opened after D
      ],
    });
    expect(metricsOf(data, D).ticketsAboveSla).toBe(2);
  });
});

describe('usage (30-day window)', () => {
  it('sums actions and counts distinct users with actions > 0 in [D − 29, D]', () => {
    const data = wb({
      customers: [customer('c1')],
      usage: [
        row('u', 'c1', { date: '2024-02-14', userId: 'ana', actions: 7 }), // D − 30: outside
        row('u', 'c1', { date: '2024-02-15', userId: 'bia', actions: 5 }), // D − 29 (leap Feb): inside
        row('u', 'c1', { date: '2024-03-01', userId: 'bia', actions: 0 }),
        row('u', 'c1', { date: '2024-03-10', userId: 'caio', actions: 0 }), // row but no actions: not active
        row('u', 'c1', { date: '2024-03-15', userId: 'davi', actions: 3 }),
        row('u', 'c1', { date: '2024-03-15', userId: 'davi', actions: 1 }),
        row('u', 'c1', { date: '2024-03-16', userId: 'eva', actions: 9 }), // after D
      ],
    });
    const m = metricsOf(data, D);
    expect(m.actions30d).toBe(9);
    expect(m.activeUsers30d).toBe(2); // bia, davi
    const empty = metricsOf(wb({ customers: [customer('c1')] }), D);
    expect([empty.actions30d, empty.activeUsers30d]).toEqual([0, 0]);
  });
});

describe('sponsor', () => {
  it('takes the first active sponsor by createdAt (empty last), then id', () => {
    const data = wb({
      customers: [customer('c1')],
      contacts: [
        { id: 'p1', customerId: 'c1', name: 'No date', role: 'sponsor' },
        { id: 'p2', customerId: 'c1', name: 'Inactive', role: 'sponsor', createdAt: '2020-01-01', active: false },
        { id: 'p4', customerId: 'c1', name: 'Zeca', role: 'sponsor', createdAt: '2022-05-01', email: 'z@x.com' },
        { id: 'p3', customerId: 'c1', name: 'Yara', role: 'sponsor', createdAt: '2022-05-01', phone: '+55 11 90000-0000' },
        { id: 'p5', customerId: 'c1', name: 'Champion', role: 'champion', createdAt: '2019-01-01' },
      ],
    });
    expect(metricsOf(data, D).sponsor).toEqual({ name: 'Yara', email: null, phone: '+55 11 90000-0000' });
  });

  it('puts contacts without createdAt last and is null without sponsors', () => {
    const data = wb({
      customers: [customer('c1'), customer('c2')],
      contacts: [
        { id: 'a', customerId: 'c1', name: 'Undated', role: 'sponsor' },
        { id: 'b', customerId: 'c1', name: 'Dated', role: 'sponsor', createdAt: '2024-01-01', email: 'd@x.com' },
        { id: 'c', customerId: 'c2', name: 'User', role: 'user' },
      ],
    });
    expect(metricsOf(data, D).sponsor).toEqual({ name: 'Dated', email: 'd@x.com', phone: null });
    expect(metricsOf(data, D, 'c2').sponsor).toBeNull();
  });
});

describe('surveys', () => {
  it('computes NPS over (D − 365, D]', () => {
    const data = wb({
      customers: [customer('c1')],
      surveys: [
        row('s', 'c1', { kind: 'nps', date: '2023-03-16', score: 0 }), // D − 365 (2024 is leap): outside
        row('s', 'c1', { kind: 'nps', date: '2023-03-17', score: 10 }),
        row('s', 'c1', { kind: 'nps', date: '2024-01-01', score: 9 }),
        row('s', 'c1', { kind: 'nps', date: '2024-02-29', score: 7 }), // passive
        row('s', 'c1', { kind: 'nps', date: '2024-03-15', score: 3 }),
        row('s', 'c1', { kind: 'nps', date: '2024-03-16', score: 0 }), // after D
      ],
    });
    expect(metricsOf(data, D).nps).toBe(25); // (2 promoters − 1 detractor) / 4 × 100
  });

  it('computes CSAT (share ≥ 4) and CES (mean) over 90 days', () => {
    const data = wb({
      customers: [customer('c1')],
      surveys: [
        row('s', 'c1', { kind: 'csat', date: '2023-12-16', score: 5 }), // D − 90: outside
        row('s', 'c1', { kind: 'csat', date: '2023-12-17', score: 5 }),
        row('s', 'c1', { kind: 'csat', date: '2024-01-10', score: 4 }),
        row('s', 'c1', { kind: 'csat', date: '2024-02-10', score: 3 }),
        row('s', 'c1', { kind: 'csat', date: '2024-03-15', score: 1 }),
        row('s', 'c1', { kind: 'ces', date: '2024-01-10', score: 2 }),
        row('s', 'c1', { kind: 'ces', date: '2024-02-10', score: 5 }),
        row('s', 'c1', { kind: 'ces', date: '2024-03-10', score: 6 }),
      ],
    });
    const m = metricsOf(data, D);
    expect(m.csat).toBe(50);
    expect(m.ces).toBeCloseTo(13 / 3, 12);
  });

  it('gives null for empty windows and honours window settings', () => {
    const data = wb({
      customers: [customer('c1')],
      surveys: [row('s', 'c1', { kind: 'nps', date: '2024-01-01', score: 10 }), row('s', 'c1', { kind: 'csat', date: '2023-06-01', score: 5 })],
      settings: { npsWindowDays: 30 },
    });
    const m = metricsOf(data, D);
    expect([m.nps, m.csat, m.ces]).toEqual([null, null, null]);
  });

  it('ignores scores outside the kind\'s scale and unknown kinds', () => {
    const data = wb({
      customers: [customer('c1')],
      surveys: [
        row('s', 'c1', { kind: 'csat', date: '2024-03-01', score: 8 }), // csat is 1–5
        row('s', 'c1', { kind: 'ces', date: '2024-03-01', score: 0 }), // ces is 1–7
        row('s', 'c1', { kind: 'nps', date: '2024-03-01', score: 'abc' }),
        row('s', 'c1', { kind: 'nps', date: '2024-03-01', score: 9.5 }), // not an integer
        row('s', 'c1', { kind: 'nsp', date: '2024-03-01', score: 9 }),
        row('s', 'c1', { kind: 'nps', date: '2024-13-01', score: 9 }),
        row('s', 'c1', { kind: 'nps', date: '2024-03-01', score: 6 }), // the only valid one
      ],
    });
    const m = metricsOf(data, D);
    expect([m.nps, m.csat, m.ces]).toEqual([-100, null, null]);
  });
});

describe('a customer with contracts but nothing else', () => {
  it('still has well-defined operational columns', () => {
    const m = metricsOf(wb({ customers: [customer('c1')], contracts: [recurring('c1')] }), D);
    expect(m).toMatchObject({ tcv: 0, overdueInvoices: 0, ticketsAboveSla: 0, pendingActivities: 0, lateActivities: 0, lastInteraction: null, nps: null, csat: null, ces: null, sponsor: null });
  });
});
