// A customer built by hand for the timeline tests (unit and browser): every kind of row,
// dated around D = 2026-06-15, with the timeline we expect worked out by hand below.
import type { WorkbookData } from '../../core/index.js';

export const TL_AS_OF = '2026-06-15';
export const TL_CUSTOMER = 'tlCustomer01';

export function timelineRows(): Omit<WorkbookData, 'settings'> {
  const c = TL_CUSTOMER;
  return {
    customers: [{ id: c, name: 'Linha do Tempo Ltda', externalId: '11.222.333/0001-81', csOwner: 'Ana Souza', segment: 'SaaS' }],
    contracts: [
      { id: 'tlK1', customerId: c, model: 'recurring', value: 1000, billingPeriodMonths: 1, startDate: '2026-01-10', product: 'Pulso Pro' },
      { id: 'tlK2', customerId: c, model: 'recurring', value: 300, billingPeriodMonths: 1, startDate: '2026-02-01', canceledAt: '2026-05-20', product: 'Add-on' },
    ],
    activities: [
      { id: 'tlA1', customerId: c, title: 'Kickoff', dueDate: '2026-01-15', doneAt: '2026-01-14', owner: 'Ana Souza' },
      { id: 'tlA2', customerId: c, title: 'QBR', dueDate: '2026-06-01', owner: 'Ana Souza' },
      { id: 'tlA3', customerId: c, title: 'Renewal call', dueDate: '2026-07-01', owner: 'Ana Souza' },
      { id: 'tlA4', customerId: c, title: 'Training', dueDate: '2026-06-10', doneAt: '2026-06-20', owner: 'Bruno Lima' },
    ],
    surveys: [{ id: 'tlS1', customerId: c, kind: 'nps', date: '2026-05-15', score: 9, comment: 'Ótimo suporte' }],
    invoices: [
      { id: 'tlI1', customerId: c, issueDate: '2026-05-01', dueDate: '2026-05-10', amount: 1300 },
      { id: 'tlI2', customerId: c, issueDate: '2026-04-01', dueDate: '2026-04-10', amount: 1300, paidAt: '2026-04-09' },
    ],
    tickets: [
      { id: 'tlT1', customerId: c, openedAt: '2026-06-01', slaDueAt: '2026-06-05', subject: 'Erro no login' },
      { id: 'tlT2', customerId: c, openedAt: '2026-03-01', closedAt: '2026-03-02', slaDueAt: '2026-03-03', subject: 'Dúvida' },
    ],
    usage: [
      { id: 'tlU1', customerId: c, date: '2026-06-08', userId: 'ana', actions: 5 },
      { id: 'tlU2', customerId: c, date: '2026-06-10', userId: 'bia', actions: 3 },
      { id: 'tlU3', customerId: c, date: '2026-06-10', userId: 'caio', actions: 0 },
      { id: 'tlU4', customerId: c, date: '2026-06-15', userId: 'ana', actions: 2 },
      { id: 'tlU5', customerId: c, date: '2026-06-16', userId: 'ana', actions: 7 },
    ],
    contacts: [{ id: 'tlC1', customerId: c, name: 'Carla Dias', role: 'sponsor', email: 'carla@example.com', phone: '+55 11 99999-0000' }],
  };
}

/** Worked out by hand: newest first; same day → activity, ticket, invoice, survey, contract, usage. */
export const TL_EXPECTED: { kind: string; date: string; key: string; marks: string[] }[] = [
  { kind: 'usage-summary', date: '2026-06-15', key: 'week:2026-06-15', marks: [] }, // 06-16 is after D
  { kind: 'activity', date: '2026-06-10', key: 'tlA4', marks: ['late'] }, // done after D: still late on D
  { kind: 'usage-summary', date: '2026-06-08', key: 'week:2026-06-08', marks: [] },
  { kind: 'activity', date: '2026-06-01', key: 'tlA2', marks: ['late'] },
  { kind: 'ticket', date: '2026-06-01', key: 'tlT1', marks: ['above-sla'] },
  { kind: 'contract', date: '2026-05-20', key: 'tlK2:canceled', marks: [] },
  { kind: 'survey', date: '2026-05-15', key: 'tlS1', marks: [] },
  { kind: 'invoice', date: '2026-05-01', key: 'tlI1', marks: ['overdue'] },
  { kind: 'invoice', date: '2026-04-01', key: 'tlI2', marks: [] },
  { kind: 'ticket', date: '2026-03-01', key: 'tlT2', marks: [] },
  { kind: 'contract', date: '2026-02-01', key: 'tlK2', marks: [] },
  { kind: 'activity', date: '2026-01-14', key: 'tlA1', marks: [] },
  { kind: 'contract', date: '2026-01-10', key: 'tlK1', marks: [] },
];
