// Tiny builders for hand-written dashboard fixtures: every test spells out its rows.
import type { Activity, Contract, Customer, Invoice, Survey, Ticket } from '../../../core/schema.js';
import type { WorkbookData } from '../../../core/types.js';

export function workbook(parts: Partial<WorkbookData>): WorkbookData {
  return {
    customers: [],
    contracts: [],
    activities: [],
    surveys: [],
    invoices: [],
    tickets: [],
    usage: [],
    contacts: [],
    ...parts,
  };
}

export const customer = (id: string, extra: Partial<Customer> = {}): Customer => ({ id, name: `Customer ${id}`, ...extra });

let seq = 0;
const nextId = (p: string) => `${p}${++seq}`;

/** A recurring contract: `value` per billing period (monthly unless billingPeriodMonths says otherwise). */
export const recurring = (customerId: string, value: number, startDate: string, extra: Partial<Contract> = {}): Contract => ({
  id: nextId('k'),
  customerId,
  model: 'recurring',
  value,
  startDate,
  ...extra,
});

export const oneOff = (customerId: string, value: number, startDate: string, extra: Partial<Contract> = {}): Contract => ({
  id: nextId('k'),
  customerId,
  model: 'one-off',
  value,
  startDate,
  ...extra,
});

export const activity = (customerId: string, extra: Partial<Activity> = {}): Activity => ({
  id: nextId('a'),
  customerId,
  title: 'Call',
  ...extra,
});

export const survey = (customerId: string, kind: Survey['kind'], score: number, date: string): Survey => ({
  id: nextId('s'),
  customerId,
  kind,
  score,
  date,
});

export const invoice = (customerId: string, dueDate: string, extra: Partial<Invoice> = {}): Invoice => ({
  id: nextId('i'),
  customerId,
  issueDate: '2025-01-01',
  dueDate,
  amount: 100,
  ...extra,
});

export const ticket = (customerId: string, openedAt: string, extra: Partial<Ticket> = {}): Ticket => ({
  id: nextId('t'),
  customerId,
  openedAt,
  ...extra,
});
