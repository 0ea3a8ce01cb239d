// Calendar arithmetic on day numbers (days since 1970-01-01, UTC). Metrics convert every
// ISO date once, then the hot loops compare integers. Pure calendar math: no time zones.
import type { IsoDate } from '../types.js';
import { isIsoDate } from '../field.js';

const MS_PER_DAY = 86_400_000;

/** A month as a unit of time (METRICS.md): 365.25 / 12 days. */
export const MONTH_DAYS = 30.4375;

/** Day number of a calendar date (month 1–12). Years 0–99 are not shifted to 19xx. */
export function dayFromParts(y: number, m: number, d: number): number {
  if (y >= 100) return Date.UTC(y, m - 1, d) / MS_PER_DAY;
  const t = new Date(Date.UTC(2000, m - 1, d));
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / MS_PER_DAY);
}

/** Day number of a valid ISO date (callers validate first; see `parseDay`). */
export function toDay(iso: IsoDate): number {
  return dayFromParts(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10));
}

/** Year, month (1–12) and day of month of a day number. */
export function partsOf(day: number): [number, number, number] {
  const t = new Date(day * MS_PER_DAY);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** ISO date of a day number. */
export function fromDay(day: number): IsoDate {
  const [y, m, d] = partsOf(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

// Rows repeat the same few hundred dates (usage has one row per user per day): memoize.
const dayCache = new Map<string, number | null>();

/** Day number of a value when it is a valid ISO date, else null (invalid = empty). */
export function parseDay(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  let d = dayCache.get(v);
  if (d === undefined) {
    d = isIsoDate(v) ? toDay(v) : null;
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(v, d);
  }
  return d;
}

/** days(a, b) = b − a in calendar days. */
export function days(a: IsoDate, b: IsoDate): number {
  return toDay(b) - toDay(a);
}

const MONTH_LENGTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Number of days of month m (1–12) of year y. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_LENGTH[m - 1];
}

/**
 * `day` plus n calendar months, clamping the day of month to the target month's length
 * (Jan 31 + 1 month = Feb 28/29), exactly as date-fns `addMonths` does.
 */
export function addMonthsDay(day: number, n: number): number {
  const [y, m, d] = partsOf(day);
  const idx = y * 12 + (m - 1) + n;
  const ty = Math.floor(idx / 12), tm = idx - ty * 12 + 1;
  return dayFromParts(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/** ISO-date form of `addMonthsDay`. */
export function addMonths(iso: IsoDate, n: number): IsoDate {
  return fromDay(addMonthsDay(toDay(iso), n));
}

/** First day of the day's month. */
export function monthStart(day: number): number {
  const [y, m] = partsOf(day);
  return dayFromParts(y, m, 1);
}

/** Last day of the day's month. */
export function monthEnd(day: number): number {
  const [y, m] = partsOf(day);
  return dayFromParts(y, m, daysInMonth(y, m));
}

/** 'YYYY-MM' of a day number. */
export function monthKey(day: number): string {
  return fromDay(day).slice(0, 7);
}
