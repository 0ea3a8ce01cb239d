// The one object every view of the app receives. The dashboard (client/dashboard/) and
// the sheets code against this interface only; main.tsx builds it.
import type { Accessor } from 'solid-js';
import type { Translator } from './i18n/catalog.js';
import type { BulkWrite } from './bulk.js';
import type {
  Customer360,
  CustomerMetrics,
  Dashboard,
  DashboardDetail,
  DashboardFilter,
  HealthHistory,
  Lang,
  Settings,
  TableName,
  Workbook,
} from '../core/index.js';

export type { Lang };

/** A tab of the workbook: one per table, plus the dashboard and the settings. */
export type SheetId = TableName | 'dashboard' | 'settings';

export interface OpenSheetOptions {
  /** Show only these customers (Customers sheet) or rows of these customers (other sheets). */
  customerIds?: string[];
  /** Shown in the removable "filtered: <label>" chip. */
  label?: string;
}

export interface AppContext {
  workbookId: string;
  workbook: Workbook;
  /** Viewer token: nothing is editable. */
  readOnly: boolean;
  lang: Accessor<Lang>;
  setLang(l: Lang): void;
  /** A message of the catalog (client/i18n) in the current language; keys and `{name}` params are typed. */
  t: Translator;
  /** Intl formatting in the current language and the workbook currency. */
  fmt: Formatters;
  settings: Accessor<Settings>;
  /** Display name of this person (token name claim, changeable). */
  user: Accessor<string>;
  /** One as-of date (YYYY-MM-DD) for the whole app, kept in ?asOf= (default: today). */
  asOf: Accessor<string>;
  setAsOf(d: string): void;
  /** Worker-backed derivation of the metrics. */
  derivation: DerivationClient;
  /** True once the stored workbook (IndexedDB) is in the document; views painted from the
   * derived cache before that show no row data (names, lists). */
  localReady: Accessor<boolean>;
  /** A view tells the app it painted its first figures: the stored workbook, whose loading
   * blocks the main thread for seconds at 10,000 customers, is loaded after that paint. */
  firstPaint(): void;
  openSheet(sheet: SheetId, opts?: OpenSheetOptions): void;
  /** Opens the customer's page (Customer 360) as a new history entry. */
  openCustomer(customerId: string): void;
  /** Address of the customer's page (for links: a middle-click opens it in a new tab). */
  customerHref(customerId: string): string;
  /** An import being applied: views behind its dialog hold their repaints (client/bulk.ts). */
  bulk?: BulkWrite;
  /** The next change is an undo step of its own (a command: deleting rows, restoring from the history). */
  newUndoStep?(): void;
}

export interface DerivationClient {
  /** Latest metrics known on the main thread (empty until the worker's first answer). */
  metrics(): ReadonlyMap<string, CustomerMetrics>;
  dashboard(opts: { filter?: DashboardFilter; user?: string }): Promise<Dashboard>;
  /** One customer's page data, computed by the worker (null: no such customer). */
  customer(id: string): Promise<Customer360 | null>;
  /** One customer's daily health over the last 365 days: the engine's long series, computed on request (null: no such customer). */
  health(id: string): Promise<HealthHistory | null>;
  /** Ids of the customers behind a dashboard figure (a catalog drill key), answered by the derivation. */
  drill(key: string, opts: { filter?: DashboardFilter; user?: string }): Promise<string[]>;
  /** The dashboard's lists and pie counts (core/catalog/detail.ts), answered by the derivation. */
  detail(opts: { filter?: DashboardFilter; user?: string }): Promise<DashboardDetail>;
  /** Called after metrics() changed: `customers` changed ids, `all` when everything may have. */
  onChange(cb: (e: { customers: string[]; all: boolean }) => void): () => void;
  /** True once the worker's first full metrics map arrived. */
  ready: Accessor<boolean>;
  /** Where metrics() comes from: nothing yet, the worker ('live'), or the cached last output:
   * not yet checked against the open document ('unverified'), derived from exactly it
   * ('cache'), or from another state of it ('stale'). */
  freshness: Accessor<Freshness>;
}

export type Freshness = 'none' | 'unverified' | 'cache' | 'stale' | 'live';

/** How a figure is read: money in the workbook currency, a count, a 0–100 percentage, a score… */
export type Unit = 'money' | 'count' | 'pct' | 'score' | 'nps' | 'ratio' | 'months';

/** Formatting in the workbook's locale and currency (client/i18n/format.ts); null/NaN show as "—". */
export interface Formatters {
  /** The locale numbers and dates are written in (Settings → locale), e.g. "pt-BR". */
  locale: string;
  currency: string;
  /** "," in pt-BR, "." in en-US: what an editor should accept and show. */
  decimalSeparator: string;
  groupSeparator: string;
  /** Money with the currency's minor units (cents): R$ 1.850,14; whole: R$ 1.850. */
  money(v: number | null | undefined, opts?: { whole?: boolean }): string;
  /** Short money for tight places: R$ 14,7 mi / R$14.7M. */
  moneyCompact(v: number | null | undefined): string;
  /** At most `digits` decimals (exactly, with fixed); signed shows + for positive values. */
  number(v: number | null | undefined, digits?: number, opts?: { fixed?: boolean; signed?: boolean }): string;
  /** A 0–100 percentage: 12,5%. */
  percent(v: number | null | undefined, digits?: number, opts?: { fixed?: boolean; signed?: boolean }): string;
  /** A value in its unit (months: the number only, the caller adds the word). */
  unit(v: number | null | undefined, unit: Unit): string;
  /** Compact money and counts (1,2 mi / 1.2M) for axes and narrow cards; other units as unit(). */
  compact(v: number | null | undefined, unit: Unit): string;
  /** ISO date → localized short date. */
  date(v: string | null | undefined): string;
  /** "2024-04" → "abr 24" / "Apr 24". */
  month(yyyyMm: string): string;
  /** A moment (epoch ms) as local date and time. */
  dateTime(ms: number, opts?: Intl.DateTimeFormatOptions): string;
}
