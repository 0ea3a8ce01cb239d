// METRICS.md `computeCustomerMetrics`: the customer table's derived columns.
import type { CustomerMetrics, IsoDate, WorkbookData } from '../types.js';
import { prepare } from './model.js';
import { deriveCustomers } from './derive.js';

/** One CustomerMetrics per customer (keyed by id) on asOf, including the 60-day health history. */
export function computeCustomerMetrics(data: WorkbookData, asOf: IsoDate): Map<string, CustomerMetrics> {
  return deriveCustomers(prepare(data), asOf).metrics;
}
