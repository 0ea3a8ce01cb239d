// Numbers as people type them: pt-BR "1.234,56", "R$ 1.234,56", "12%"; English
// "1,234.56". The locale is decided per column from its values (one value that can only
// be read one way decides: "1.234,56", "0,5" or "1,234.56"), and the workbook locale
// breaks the tie ("1.234" is 1234 in pt-BR, 1.234 in English).
import type { Lang } from '../schema.js';
import { parseNumber } from '../import.js';

export type NumberLocale = Lang;

/** What one text tells about the locale: 'pt-BR', 'en' or null (no evidence either way). */
export function numberEvidence(text: string): NumberLocale | null {
  const s = text.trim().replace(/[\s\u00a0]/g, '').replace(/^[-(]*(R\$|US\$|\$|€)?/i, '').replace(/[%)]$/, '');
  if (/^\d{1,3}(\.\d{3})+,\d+$/.test(s) || /^\d+,\d{1,2}$/.test(s) || /^\d+,\d{4,}$/.test(s)) return 'pt-BR';
  if (/^\d{1,3}(,\d{3})+\.\d+$/.test(s) || /^\d+\.\d{1,2}$/.test(s) || /^\d+\.\d{4,}$/.test(s)) return 'en';
  if (/^\d{1,3}(\.\d{3}){2,}$/.test(s)) return 'pt-BR'; // 1.234.567
  if (/^\d{1,3}(,\d{3}){2,}$/.test(s)) return 'en';
  return null;
}

/** The locale of a column: the majority of its unambiguous values, else the fallback. */
export function detectNumberLocale(values: Iterable<unknown>, fallback: NumberLocale): NumberLocale {
  let pt = 0, en = 0, seen = 0;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const e = numberEvidence(v);
    if (e === 'pt-BR') pt++;
    else if (e === 'en') en++;
    if (++seen > 5000) break; // enough evidence; a 1M-row column is not scanned twice
  }
  return pt === en ? fallback : pt > en ? 'pt-BR' : 'en';
}

/** A cell as a number: numbers stay, text is read in the column's locale. */
export function readNumber(v: unknown, locale: NumberLocale): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  // "12%" is 12: percentages are 0–100 in the workbook.
  return parseNumber(v, locale);
}
