// Dates as files carry them: dd/mm/yyyy, dd/mm/yy, yyyy-mm-dd, dd/mm/yyyy hh:mm, Excel
// serial numbers and XLSX date cells. Day-first or month-first is decided per column: a
// first part above 12 proves day-first, a second part above 12 proves month-first; with no
// proof the workbook locale decides (pt-BR day-first, English month-first).
import { isIsoDate } from '../field.js';
import type { Lang } from '../schema.js';

export type DateOrder = 'dmy' | 'mdy';
/** An XLSX date cell, read as its calendar date (no time zone involved). */
export interface DateCell { date: string }
export const isDateCell = (v: unknown): v is DateCell => typeof v === 'object' && v !== null && typeof (v as DateCell).date === 'string';

const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)?$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
const ISO_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T ].*)?$/;

const pad = (n: number) => String(n).padStart(2, '0');

export function dateOrderEvidence(text: string): DateOrder | null {
  const m = SLASHED.exec(text.trim());
  if (!m) return null;
  const a = +m[1], b = +m[2];
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return null;
}

export function detectDateOrder(values: Iterable<unknown>, lang: Lang): DateOrder {
  let dmy = 0, mdy = 0, seen = 0;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const e = dateOrderEvidence(v);
    if (e === 'dmy') dmy++;
    else if (e === 'mdy') mdy++;
    if (++seen > 5000) break;
  }
  if (dmy === mdy) return lang === 'en' ? 'mdy' : 'dmy';
  return dmy > mdy ? 'dmy' : 'mdy';
}

/** Excel's day number (1900 system, with its phantom 29 Feb 1900) → ISO date. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const days = Math.floor(serial) - (serial >= 60 ? 1 : 0); // 60 is 1900-02-29, which never existed
  const t = Date.UTC(1899, 11, 31) + days * 86400000;
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A cell as an ISO date, or null when it is not one. */
export function readDate(v: unknown, order: DateOrder): string | null {
  if (isDateCell(v)) return isIsoDate(v.date) ? v.date : null;
  if (typeof v === 'number') return excelSerialToIso(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let m = ISO.exec(s) ?? ISO_SLASH.exec(s);
  if (m) {
    const iso = `${m[1]}-${pad(+m[2])}-${pad(+m[3])}`;
    return isIsoDate(iso) ? iso : null;
  }
  m = SLASHED.exec(s);
  if (m) {
    let y = +m[3];
    if (m[3].length === 2) y += y < 70 ? 2000 : 1900;
    const [d, mo] = order === 'dmy' ? [+m[1], +m[2]] : [+m[2], +m[1]];
    const iso = `${y}-${pad(mo)}-${pad(d)}`;
    return isIsoDate(iso) ? iso : null;
  }
  // A serial typed as text (a CSV saved from a sheet whose date column lost its format).
  if (/^\d{5}(\.\d+)?$/.test(s)) return excelSerialToIso(Number(s));
  return null;
}
