// Small builders so each test states only the rows that matter to it.
import type { CustomerMetrics, WorkbookData } from '../../../core/index.js';
import { computeCustomerMetrics } from '../../../core/index.js';

type Rows = { [K in keyof WorkbookData]?: unknown };

/** A workbook from loosely typed rows (tests feed invalid values on purpose). */
export function wb(rows: Rows): WorkbookData {
  return {
    customers: [], contracts: [], activities: [], surveys: [], invoices: [], tickets: [], usage: [], contacts: [],
    ...(rows as Partial<WorkbookData>),
  };
}

let seq = 0;
const id = (p: string) => `${p}${++seq}`;

/** A recurring contract of customer c (monthly billing unless stated). */
export const recurring = (customerId: string, o: Record<string, unknown> = {}) => ({
  id: id('k'), customerId, model: 'recurring', value: 100, startDate: '2023-01-01', ...o,
});
export const oneOff = (customerId: string, o: Record<string, unknown> = {}) => ({
  id: id('k'), customerId, model: 'one-off', value: 100, startDate: '2023-01-01', ...o,
});
export const customer = (cid: string, o: Record<string, unknown> = {}) => ({ id: cid, name: `Customer ${cid}`, ...o });
export const row = (prefix: string, customerId: string, o: Record<string, unknown>) => ({ id: id(prefix), customerId, ...o });

/** Metrics of one customer. */
export function metricsOf(data: WorkbookData, asOf: string, cid = 'c1'): CustomerMetrics {
  const m = computeCustomerMetrics(data, asOf).get(cid);
  if (!m) throw new Error(`no metrics for ${cid}`);
  return m;
}
