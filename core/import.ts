// Cell conversion shared by the grid (typing, pasting blocks copied from Excel / Google
// Sheets) and Customer 360's inline fields: cell text into a field's value by its kind.
// Files are imported by core/import/* (detection, mapping, the upsert plan). Every bad
// cell becomes a problem naming the field; nothing throws.
//
// Decisions:
// - Locale defaults to pt-BR (the primary market). Numbers are read leniently in either
//   locale: "1.234,56" and "1234,56" (pt-BR), "1,234.56" and "1234.56" (en); a lone
//   separator followed by exactly three digits is a thousands separator of the locale
//   ("1.234" is 1234 in pt-BR, 1.234 in en). "R$", "$", "€", spaces and "%" are ignored.
// - Dates: ISO (a time part is dropped), dd/mm/yyyy (also with - or .); in en, mm/dd/yyyy
//   when that is a real date, else dd/mm/yyyy. Two-digit years: 00–69 → 20xx, 70–99 → 19xx.
import Papa from 'papaparse';
import type { FieldDef, Lang } from './schema.js';
import { fieldProblem, isIsoDate } from './field.js';
import type { ValidationIssue } from './types.js';
import { foldWords } from './text.js';
import { codeMsg, msg, type Msg } from './messages.js';

/** A converted cell, or why not: `message` in English (logs, API), `text` for people (field label included). */
export type Coerced = { value: unknown } | { error: ValidationIssue['code']; message: string; text: Msg };

// ---- Cells -----------------------------------------------------------------------------

// Per locale: [decimal mark, grouping mark] and the patterns built from them (compiled once).
const numberPatterns = (dec: string, grp: string) => {
  const e = (c: string) => (c === '.' ? '\\.' : c);
  return {
    dec,
    grp,
    grouped: new RegExp(`^\\d{1,3}(${e(grp)}\\d{3})+(${e(dec)}\\d+)?$`),
    plain: new RegExp(`^\\d*(${e(dec)}\\d+)?$`),
    otherDecimal: new RegExp(`^\\d+${e(grp)}\\d+$`), // the other locale's decimal mark
    otherGrouped: new RegExp(`^\\d{1,3}(${e(dec)}\\d{3})+(${e(grp)}\\d+)?$`), // the other locale's grouping
  };
};
const NUMBER = { 'pt-BR': numberPatterns(',', '.'), en: numberPatterns('.', ',') } as const;

export function parseNumber(text: string, locale: Lang = 'pt-BR'): number | null {
  let s = text.trim().replace(/[\s\u00a0]/g, '').replace(/^(R\$|US\$|\$|€)/i, '').replace(/%$/, '');
  let neg = false;
  if (/^\(.*\)$/.test(s)) { neg = true; s = s.slice(1, -1); }
  if (s.startsWith('-')) { neg = !neg; s = s.slice(1); }
  s = s.replace(/^(R\$|US\$|\$|€)/i, '');
  const p = NUMBER[locale] ?? NUMBER['pt-BR'];
  let plain: string | null = null;
  if (p.grouped.test(s)) plain = s.split(p.grp).join('').replace(p.dec, '.');
  else if (s !== '' && p.plain.test(s)) plain = s.replace(p.dec, '.');
  else if (p.otherDecimal.test(s)) plain = s.replace(p.grp, '.');
  else if (p.otherGrouped.test(s)) plain = s.split(p.dec).join('').replace(p.grp, '.');
  else if (/^\d+(\.\d+)?e[+-]?\d+$/i.test(s)) plain = s;
  if (plain === null || plain === '' || plain === '.') return null;
  const n = Number(plain);
  return Number.isFinite(n) ? (neg ? -n : n) : null;
}

const pad = (n: number) => String(n).padStart(2, '0');
export function parseDate(text: string, locale: Lang = 'pt-BR'): string | null {
  const s = text.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) {
    const iso = `${m[1]}-${pad(+m[2])}-${pad(+m[3])}`;
    return isIsoDate(iso) ? iso : null;
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
  if (!m) return null;
  let y = +m[3];
  if (m[3].length === 2) y += y < 70 ? 2000 : 1900;
  const dmy = `${y}-${pad(+m[2])}-${pad(+m[1])}`;
  const mdy = `${y}-${pad(+m[1])}-${pad(+m[2])}`;
  if (locale === 'en' && isIsoDate(mdy)) return mdy;
  return isIsoDate(dmy) ? dmy : null;
}

const TRUE = new Set(['sim', 's', 'true', 't', '1', 'yes', 'y', 'verdadeiro', 'v', 'x']);
const FALSE = new Set(['nao', 'n', 'false', 'f', '0', 'no', 'falso']);

/** Converts one cell's text for a field. Empty text is `{ value: null }` (clears the cell). */
export function coerceCell(field: FieldDef, text: string, locale: Lang = 'pt-BR'): Coerced {
  const raw = typeof text === 'string' ? text : String(text ?? '');
  const s = raw.trim();
  if (s === '') return { value: null };
  const shown = JSON.stringify(s.length > 40 ? s.slice(0, 37) + '…' : s);
  const bad = (error: ValidationIssue['code'], message: string, v: unknown = s): Coerced => ({ error, message, text: codeMsg(field, error, v) });
  const checked = (v: unknown, what: string): Coerced => {
    const p = fieldProblem(field, v);
    return p === null ? { value: v } : bad(p, `${shown} ${what}`, v);
  };
  switch (field.kind) {
    case 'text':
      return { value: field.format === 'multiline' ? raw.replace(/\r\n/g, '\n') : s };
    case 'ref':
      return { value: s };
    case 'date': {
      const d = parseDate(s, locale);
      return d === null ? bad('date', `${shown} is not a date (use 31/12/2024 or 2024-12-31)`) : { value: d };
    }
    case 'boolean': {
      const n = foldWords(s);
      if (TRUE.has(n)) return { value: true };
      if (FALSE.has(n)) return { value: false };
      return bad('type', `${shown} is not yes/no (sim/não, true/false, 1/0)`);
    }
    case 'enum': {
      const n = foldWords(s);
      for (const v of field.values) {
        const labels = field.valueLabels?.[v];
        if (foldWords(v) === n || (labels && (foldWords(labels.en) === n || foldWords(labels['pt-BR']) === n))) return { value: v };
      }
      return bad('enum', `${shown} is not one of ${field.values.join(', ')}`);
    }
    case 'number': {
      const n = parseNumber(s, locale);
      if (n === null) return bad('type', `${shown} is not a number`);
      const range = field.min !== undefined && field.max !== undefined ? `between ${field.min} and ${field.max}` : field.min !== undefined ? `≥ ${field.min}` : `≤ ${field.max}`;
      const p = fieldProblem(field, n);
      if (p === 'integer') return bad(p, `${shown} is not a whole number`);
      if (p === 'range') return bad(p, `${shown} must be ${range}`, n);
      if (p === 'enum') return bad(p, `${shown} must be one of ${field.oneOf?.join(', ')}`, n);
      return checked(n, 'is not a valid number');
    }
  }
}

// ---- Blocks and files ------------------------------------------------------------------

/** A block copied from Excel / Google Sheets (tab-separated, quoted cells may hold newlines and tabs). */
export function parseTsvBlock(text: string): string[][] {
  if (typeof text !== 'string' || text === '') return [];
  const body = text.replace(/\r?\n$/, '');
  const res = Papa.parse<string[]>(body, { delimiter: '\t', quoteChar: '"', skipEmptyLines: false });
  return res.data.map((r) => r.map((c) => (c ?? '').replace(/\r\n/g, '\n')));
}
