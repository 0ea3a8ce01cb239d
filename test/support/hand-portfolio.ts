// A small hand-made portfolio shared by the drill-down and dashboard-list tests
// (test/core/catalog/): every expected value in them is worked out by hand from METRICS.md on it
// (D = 2024-03-15, S = 2024-03-01, O = 2024-02-29, M = 2024-03-31).
import type { Activity, Contract, Customer, Invoice, Ticket } from '../../core/index.js';

export const customers: Customer[] = [
  { id: 'a', name: 'Alfa Ltda', segment: 'SaaS', externalId: '12.345.678/0001-95' },
  { id: 'b', name: 'Beta ME', segment: 'SaaS' },
  { id: 'c', name: 'Gama S.A.', segment: 'Indústria' },
  { id: 'd', name: 'Delta', segment: 'Indústria' },
  { id: 'e', name: 'Épsilon', segment: 'Comércio' },
  { id: 'f', name: 'Zeta', segment: 'Comércio' },
  { id: 'g', name: 'Eta', segment: 'Serviços' },
  { id: 'h', name: 'Teta', segment: 'Serviços' },
];

const k = (id: string, customerId: string, o: Partial<Contract>): Contract =>
  ({ id, customerId, model: 'recurring', value: 0, startDate: '2023-01-01', ...o }) as Contract;

export const contracts: Contract[] = [
  k('k1', 'a', { value: 1000 }), // a: 1000 on O and on D → no movement
  k('k2', 'b', { value: 500, startDate: '2023-06-01', canceledAt: '2024-03-10' }), // b: 500 → 0: churned, logo churn
  k('k3', 'c', { value: 300, startDate: '2024-03-05', setupFee: 200 }), // c: new customer, new contract, setup fee this month
  k('k4', 'd', { value: 100, endDate: '2023-12-31' }), // d: inactive on O …
  k('k5', 'd', { value: 150, startDate: '2024-03-02' }), // … back this month: reactivation
  k('k6', 'e', { value: 1200, billingPeriodMonths: 3 }), // e: 400/month …
  k('k7', 'e', { value: 200, startDate: '2024-03-01' }), // … + 200 from S: expansion 400 → 600
  k('k8', 'f', { value: 1000, canceledAt: '2024-03-14' }), // f: 1600 → 600: contraction
  k('k9', 'f', { value: 600, startDate: '2023-05-01' }),
  k('k10', 'g', { value: 800, endDate: '2024-03-20' }), // g: ends this month, no auto-renew: ending contract
  k('k11', 'g', { model: 'one-off', value: 5000, startDate: '2024-01-10' }), // g: one-off this year, not this month
  k('k12', 'h', { model: 'recurring', value: 'abc' as unknown as number, startDate: '2024-13-01' }), // h: invalid → counts nowhere
];

export const activities: Activity[] = [
  { id: 't1', customerId: 'a', title: 'Call', owner: ' ana  SOUZA ', dueDate: '2024-03-10' }, // late (owner folded)
  { id: 't2', customerId: 'b', title: 'QBR', owner: 'Ana Souza', dueDate: '2024-03-20' }, // scheduled (≤ D + 7 = 03-22)
  { id: 't3', customerId: 'c', title: 'Other', owner: 'Bruno', dueDate: '2024-03-16' }, // someone else's
  { id: 't4', customerId: 'd', title: 'Done', owner: 'Ana Souza', dueDate: '2024-03-01', doneAt: '2024-03-02' }, // done
  { id: 't5', customerId: 'e', title: 'Later', owner: 'Ana Souza', dueDate: '2024-03-23' }, // beyond the horizon
  { id: 't6', customerId: 'h', title: 'Late too', owner: 'Ana Souza', dueDate: '2024-02-01', doneAt: '2024-03-20' }, // done after D: still late
];

export const tickets: Ticket[] = [
  { id: 'x1', customerId: 'a', openedAt: '2024-03-02', closedAt: '2024-03-05' }, // opened + finished
  { id: 'x2', customerId: 'h', openedAt: '2024-03-10' }, // opened, pending
  { id: 'x3', customerId: 'b', openedAt: '2024-02-28' }, // last month
  { id: 'x4', customerId: 'c', openedAt: '2024-03-16' }, // after D
];

export const invoices: Invoice[] = [
  { id: 'i1', customerId: 'a', issueDate: '2024-02-20', dueDate: '2024-03-05', amount: 10, paidAt: '2024-03-04' }, // received
  { id: 'i2', customerId: 'b', issueDate: '2024-02-20', dueDate: '2024-03-10', amount: 10 }, // overdue
  { id: 'i3', customerId: 'h', issueDate: '2024-02-20', dueDate: '2024-03-25', amount: 10 }, // to be due
  { id: 'i4', customerId: 'c', issueDate: '2024-03-01', dueDate: '2024-04-02', amount: 10 }, // next month
  { id: 'i5', customerId: 'e', issueDate: '2024-02-20', dueDate: '2024-03-12', amount: 10, paidAt: '2024-03-20' }, // paid after D: overdue
];
