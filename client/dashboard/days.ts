// Calendar helpers on ISO dates for the drill-down and the lists. ISO `YYYY-MM-DD` strings
// compare correctly as strings, so only shifting needs Date (UTC, no time zone drift).
import type { IsoDate } from '../../core/index.js';

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const parse = (d: IsoDate) => Date.parse(`${d}T00:00:00Z`);

export const addDays = (d: IsoDate, n: number): IsoDate => iso(parse(d) + n * 86_400_000);
export const monthStart = (d: IsoDate): IsoDate => `${d.slice(0, 7)}-01`;
export function monthEnd(d: IsoDate): IsoDate {
  const y = +d.slice(0, 4), m = +d.slice(5, 7);
  return iso(Date.UTC(y, m, 0)); // day 0 of the next month = last day of this one
}
export const yearStart = (d: IsoDate): IsoDate => `${d.slice(0, 4)}-01-01`;

/** Today in the viewer's local calendar (the as-of default). */
export function today(now = new Date()): IsoDate {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
