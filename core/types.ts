// Shared types of the domain contract (METRICS.md). Field names here are fixed by the
// contract: the grid, the dashboard, the benchmarks and the tests all read them.
import type { TallyFigures } from './catalog/figures.js';
import type { Activity, Contact, Contract, Customer, Invoice, Label, Survey, Ticket, Usage, TableName } from './schema.js';
import type { CustomValue } from './formula/values.js';

export type { TableName };

/** ISO calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

export interface Tier { name: string; minMrr: number }

export interface HealthWeights {
  engagement: number;
  nps: number;
  financial: number;
  support: number;
  adoption: number;
  relationship: number;
}
export type IndicatorName = keyof HealthWeights;

/** A formula column of the Customers sheet (docs/formulas.md): its formula in the workbook locale's syntax. */
export interface CustomColumn {
  id: string;
  label: string;
  formula: string;
  format?: 'number' | 'money' | 'percent' | 'date' | 'text';
}

export interface Settings {
  healthWeights: HealthWeights;
  healthBands: { red: number; green: number };
  npsWindowDays: number;
  csatWindowDays: number;
  cesWindowDays: number;
  tiers: Tier[];
  scheduledTaskDays: number;
  currency: string;
  locale: string;
  customColumns: CustomColumn[];
}

export const defaultSettings: Settings = {
  healthWeights: { engagement: 30, nps: 20, financial: 20, support: 15, adoption: 10, relationship: 5 },
  healthBands: { red: 50, green: 75 },
  npsWindowDays: 365,
  csatWindowDays: 90,
  cesWindowDays: 90,
  tiers: [
    { name: 'Tier 1', minMrr: 10000 },
    { name: 'Tier 2', minMrr: 2000 },
    { name: 'Tech Touch', minMrr: 0 },
  ],
  scheduledTaskDays: 7,
  currency: 'BRL',
  locale: 'pt-BR',
  customColumns: [],
};

/** A plain snapshot of a workbook. Rows may carry invalid values (bad peer, import): metrics ignore those fields. */
export interface WorkbookData {
  customers: Customer[];
  contracts: Contract[];
  activities: Activity[];
  surveys: Survey[];
  invoices: Invoice[];
  tickets: Ticket[];
  usage: Usage[];
  contacts: Contact[];
  settings?: Partial<Settings>;
}

/**
 * A table's rows as the derivation reads them, once, in list order: an array, or batches of
 * rows made as they are read and dropped after (a rowless table decodes them chunk by chunk:
 * at 100,000 customers its 14.5M rows were otherwise all alive at once, promoted and marked
 * by every full collection of the load). `length`: the number of rows the batches hold (readers
 * size their arrays by it, and grow them should it understate).
 */
export type RowSource<R> = readonly R[] | RowBatches<R>;

export interface RowBatches<R> {
  readonly length: number;
  batches(fn: (rows: readonly R[]) => void): void;
}

/** The rows of a source, a batch at a time (an array is one batch). */
export function eachBatch<R>(rows: RowSource<R> | undefined, fn: (rows: readonly R[]) => void): void {
  if (rows === undefined) return;
  if (Array.isArray(rows)) fn(rows);
  else (rows as RowBatches<R>).batches(fn);
}

/** A workbook as the derivation reads it at load: WorkbookData, or each table a RowSource. */
export type WorkbookSource = { [K in Exclude<keyof WorkbookData, 'settings'>]: RowSource<WorkbookData[K][number]> } & { settings?: Partial<Settings> };

export type HealthBand = 'red' | 'yellow' | 'green';
export type Situation = 'risk' | 'opportunity' | 'neutral';
export type CustomerStatus = 'active' | 'inactive';

export type Indicators = Record<IndicatorName, number | null>;

export interface Sponsor { name: string; email: string | null; phone: string | null }

/** METRICS.md's customer columns, one field per entry of core/catalog/columns.ts (its single declaration). */
export type CustomerMetrics = import('./catalog/columns.js').CustomerMetricsOf;

export interface DashboardFilter {
  segment?: string[];
  plan?: string[];
  phase?: string[];
  csOwner?: string[];
  csm?: string[];
  tier?: string[];
  situation?: Situation[];
  status?: CustomerStatus[];
  /** Free text, matched (case- and accent-insensitive) against name and externalId. */
  search?: string;
  /** Formula columns by id: accepted values, or a numeric range (core/formula/filter.ts). */
  custom?: Record<string, string[] | { min?: number; max?: number }>;
}

export interface DashboardOptions {
  asOf: IsoDate;
  filter?: DashboardFilter;
  /** Matched to activity `owner` for `tasks`. */
  user?: string;
}

export interface MrrMovements {
  opening: number;
  new: number;
  expansion: number;
  contraction: number;
  churned: number;
  reactivation: number;
  closing: number;
}

export interface SeriesPoint {
  month: string; // 'YYYY-MM'
  health: number | null;
  mrr: number;
  movements: MrrMovements;
  upsell: number;
  churnRate: number | null;
  nps: number | null;
}

/** METRICS.md's dashboard; the row-counting figures also come typed from core/catalog/figures.ts (their single declaration). */
export interface Dashboard extends TallyFigures {
  customers: number;
  activeCustomers: number;
  mrr: number;
  arr: number;
  arpa: number | null;
  healthScore: number | null;
  nps: number | null;
  npsOverall: number | null;
  csat: number | null;
  ltv: number | null;
  lifetimeMonths: number | null;
  ltvProjected: number | null;
  mrrMovements: MrrMovements;
  upsell: number;
  downsell: number;
  mrrChurn: number;
  mrrChurnPct: number | null;
  netMrrChurn: number;
  netMrrChurnPct: number | null;
  nrr: number | null;
  grr: number | null;
  quickRatio: number | null;
  logoChurn: number;
  churnRate: number | null;
  newContracts: { count: number; mrr: number };
  endingContracts: { count: number; mrr: number };
  transactionalRevenue: { year: number; month: number };
  churnRisk: string[];
  upsellOpportunities: string[];
  tasks: { scheduled: number; late: number };
  tickets: { opened: number; finished: number; pending: number; finishedPct: number | null; pendingPct: number | null };
  invoices: {
    due: number;
    received: number;
    toBeDue: number;
    overdue: number;
    receivedPct: number | null;
    toBeDuePct: number | null;
    overduePct: number | null;
  };
  series: SeriesPoint[];
}

/** One problem of one row. `field` is null for row-level problems (e.g. a missing customer). */
export interface ValidationIssue {
  table: TableName | 'settings';
  rowId: string;
  field: string | null;
  code: 'required' | 'type' | 'range' | 'enum' | 'date' | 'integer' | 'reference' | 'unknown-table' | 'duplicate-id' | 'readonly';
  /** For developers and the API (English, names the table, row id and field key). */
  message: string;
  /** For people, in both interface languages: the field by its label, never a row id (core/messages.ts). */
  text: Label;
}

export type Result<T = void> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };
