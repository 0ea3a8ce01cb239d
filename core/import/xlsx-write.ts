// Sheets of typed cells → XLSX bytes (SheetJS, @e965/xlsx pinned). Numbers stay numbers,
// money gets a currency format, dates are real Excel dates (serial + date format), so
// Excel and Google Sheets sort and sum them.
import * as XLSX from '@e965/xlsx';

export type XCell = string | number | boolean | { date: string } | null | undefined;
export interface XSheet {
  name: string;
  header: string[];
  rows: XCell[][];
  /** Per column: 'money' (currency format), 'percent' or undefined. */
  formats?: ('money' | 'percent' | 'integer' | undefined)[];
}

/** ISO date → Excel serial (1900 system). */
export function isoToSerial(iso: string): number {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  const days = Math.round((t - Date.UTC(1899, 11, 31)) / 86400000);
  return days >= 60 ? days + 1 : days;
}

const CURRENCY_FORMATS: Record<string, string> = {
  BRL: '"R$" #,##0.00',
  USD: '"$"#,##0.00',
  EUR: '"€" #,##0.00',
};

export function writeXlsx(sheets: XSheet[], opts: { currency?: string; dateFormat?: string } = {}): Uint8Array {
  const wb = XLSX.utils.book_new();
  const money = CURRENCY_FORMATS[opts.currency ?? 'BRL'] ?? `"${opts.currency ?? ''}" #,##0.00`;
  const dateFmt = opts.dateFormat ?? 'yyyy-mm-dd';
  const used = new Set<string>();
  for (const s of sheets) {
    const data: XLSX.CellObject[][] = [s.header.map((h) => ({ t: 's', v: h }))];
    for (const r of s.rows) {
      const out: XLSX.CellObject[] = new Array(r.length);
      for (let c = 0; c < r.length; c++) {
        const v = r[c];
        if (v === null || v === undefined || v === '') out[c] = { t: 'z' } as XLSX.CellObject;
        else if (typeof v === 'number') {
          const f = s.formats?.[c];
          out[c] = Number.isFinite(v) ? { t: 'n', v, ...(f === 'money' ? { z: money } : f === 'percent' ? { z: '0.0"%"' } : {}) } : ({ t: 'z' } as XLSX.CellObject);
        } else if (typeof v === 'boolean') out[c] = { t: 'b', v };
        else if (typeof v === 'object') out[c] = { t: 'n', v: isoToSerial(v.date), z: dateFmt };
        else out[c] = { t: 's', v: v.length > 32767 ? v.slice(0, 32767) : v };
      }
      data.push(out);
    }
    const cols = Math.max(s.header.length, 1);
    const ws = { '!data': data, '!ref': XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, data.length - 1), c: cols - 1 } }) } as unknown as XLSX.WorkSheet;
    XLSX.utils.book_append_sheet(wb, ws, uniqueName(s.name, used));
  }
  return new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer);
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function uniqueName(name: string, used: Set<string>): string {
  const base = (name.replace(/[:\\/?*[\]]/g, ' ').trim() || 'Sheet').slice(0, 31);
  let n = base, i = 2;
  while (used.has(n.toLowerCase())) n = `${base.slice(0, 27)} (${i++})`;
  used.add(n.toLowerCase());
  return n;
}
