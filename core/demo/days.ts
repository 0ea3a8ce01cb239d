// Calendar arithmetic on day numbers (days since 1970-01-01, UTC). The generator works in
// integers and formats ISO strings only when writing a row; formatting is cached because
// a million usage rows share a few hundred distinct dates.

const MS_PER_DAY = 86_400_000;

/** Day number of an ISO date `YYYY-MM-DD` (no validation: callers check with isIsoDate). */
export function dayOf(iso: string): number {
  return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / MS_PER_DAY;
}

const isoCache = new Map<number, string>();
/** ISO date of a day number. */
export function isoOf(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoCache.size < 20_000) isoCache.set(day, s);
  }
  return s;
}

/** The day n calendar months after `day`, the day of month clamped to the target month's length. */
export function addMonths(day: number, n: number): number {
  const d = new Date(day * MS_PER_DAY);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + n;
  const y = Math.floor(total / 12), m = total - y * 12;
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastOfMonth)) / MS_PER_DAY;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;
