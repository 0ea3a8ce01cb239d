// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian). Metrics convert every
// ISO date once, then the hot loops compare integers. Pure calendar math: no time zones.
import type { IsoDate } from '../types.js';

/** A month as a unit of time (METRICS.md): 365.25 / 12 days. */
export const MONTH_DAYS = 30.4375;

/** Day number of a calendar date (month 1–12; day within the month). */
export function dayFromParts(y: number, m: number, d: number): number {
  return civilDay(y, m, d);
}

/** Day number of a valid ISO date (callers validate first; see `parseDay`). */
export function toDay(iso: IsoDate): number {
  return dayFromParts(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10));
}

/** Year, month (1–12) and day of month of a day number (integer civil-from-days, no Date). */
export function partsOf(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** ISO date of a day number. */
export function fromDay(day: number): IsoDate {
  const [y, m, d] = partsOf(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Day number from civil date parts, integer-only (days-from-civil); valid for any year ≥ 0. */
function civilDay(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * Day number of a value when it is a valid ISO date, else null (invalid = empty). Same
 * rule as `isIsoDate` in core/field.ts (tested to agree), parsed by char codes because it
 * runs for every date of every row.
 */
export function parseDay(v: unknown): number | null {
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return null;
  const y0 = digit(v, 0), y1 = digit(v, 1), y2 = digit(v, 2), y3 = digit(v, 3);
  const m0 = digit(v, 5), m1 = digit(v, 6), d0 = digit(v, 8), d1 = digit(v, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return null;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, m = m0 * 10 + m1, d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return civilDay(y, m, d);
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
