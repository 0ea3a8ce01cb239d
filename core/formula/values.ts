// The values a formula computes with, Excel style: numbers, text, booleans, blanks, dates
// and errors. Errors are values (never exceptions): an operation given an error returns
// it, so `IFERROR` can catch it further up.
import { dayFromParts, fromDay, parseDay, partsOf } from '../metrics/calendar.js';

export type ErrorCode = '#DIV/0!' | '#VALUE!' | '#NAME?' | '#REF!' | '#N/A' | '#CYCLE!';
export const ERROR_CODES: readonly ErrorCode[] = ['#DIV/0!', '#VALUE!', '#NAME?', '#REF!', '#N/A', '#CYCLE!'];

/** An error value as `metrics.custom[id]` holds it. */
export interface FormulaError { readonly error: ErrorCode }

/** One error object per code, frozen: equal errors are the same object (cheap equality). */
const ERRORS = Object.fromEntries(ERROR_CODES.map((c) => [c, Object.freeze({ error: c })])) as Record<ErrorCode, FormulaError>;
export const err = (code: ErrorCode): FormulaError => ERRORS[code];
export const isError = (v: unknown): v is FormulaError =>
  typeof v === 'object' && v !== null && typeof (v as { error?: unknown }).error === 'string' && (ERROR_CODES as readonly string[]).includes((v as FormulaError).error);

/** A calendar date inside a formula: its day number (days since 1970-01-01). */
export interface DateValue { readonly day: number }
export const dateOf = (day: number): DateValue => ({ day });
export const isDate = (v: Value): v is DateValue => typeof v === 'object' && v !== null && 'day' in v;

/** A value during evaluation; `null` is a blank (an empty field, a metric without a value). */
export type Value = number | string | boolean | null | DateValue | FormulaError;

/** A formula column's value on one customer, as `metrics.custom[id]` holds it: dates as ISO strings. */
export type CustomValue = number | string | boolean | null | FormulaError;

/** Excel's serial number of 1970-01-01: dates used as plain numbers read as Excel serials. */
export const SERIAL_OFFSET = 25569;

/** Valid date range of formulas (Excel's: 1900-01-01 … 9999-12-31). */
const MIN_DAY = dayFromParts(1900, 1, 1);
const MAX_DAY = dayFromParts(9999, 12, 31);
export const dateInRange = (day: number): Value => (Number.isInteger(day) && day >= MIN_DAY && day <= MAX_DAY ? dateOf(day) : err('#VALUE!'));

/** The number format of the workbook locale: decimal comma (pt-BR, es…) or point (en). */
export interface Syntax {
  /** Argument separator in function calls. */
  sep: ',' | ';';
  decimal: '.' | ',';
  /** Text of TRUE/FALSE when converted to text. */
  trueText: string;
  falseText: string;
}
export const EN_SYNTAX: Syntax = { sep: ',', decimal: '.', trueText: 'TRUE', falseText: 'FALSE' };
export const PT_SYNTAX: Syntax = { sep: ';', decimal: ',', trueText: 'VERDADEIRO', falseText: 'FALSO' };

/** The syntax of a workbook locale: `;` and decimal comma where the locale writes 1,5 (pt-BR, es-ES, de…). */
export function syntaxOf(locale: string): Syntax {
  if (/^pt\b/i.test(locale)) return PT_SYNTAX;
  try {
    const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
    return decimal === ',' ? { ...PT_SYNTAX, trueText: 'TRUE', falseText: 'FALSE' } : EN_SYNTAX;
  } catch {
    return EN_SYNTAX;
  }
}

/** Non-finite results (overflow) are #VALUE!: no formula value is ever NaN or Infinity. */
export const num = (x: number): Value => (Number.isFinite(x) ? x : err('#VALUE!'));

/** Text written as a number: "12", " 1.5 ", "1,5" with a decimal comma, "-3e2", "50%". */
export function parseNumberText(s: string, syntax: Syntax): number | null {
  let t = s.trim();
  if (t === '') return null;
  let scale = 1;
  if (t.endsWith('%')) {
    scale = 0.01;
    t = t.slice(0, -1).trim();
  }
  if (syntax.decimal === ',') {
    if (t.includes('.')) return null;
    t = t.replace(',', '.');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const x = Number(t) * scale;
  return Number.isFinite(x) ? x : null;
}

/** A value as a number (arithmetic): blank 0, TRUE 1, dates their Excel serial, numeric text parsed. */
export function toNumber(v: Value, syntax: Syntax): number | FormulaError {
  if (typeof v === 'number') return v;
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const d = parseDay(v.trim());
    if (d !== null) return d + SERIAL_OFFSET;
    return parseNumberText(v, syntax) ?? err('#VALUE!');
  }
  if (isDate(v)) return v.day + SERIAL_OFFSET;
  return v;
}

/** A value as a day number (date functions): dates, ISO text, or Excel serials. */
export function toDay(v: Value, syntax: Syntax): number | FormulaError {
  if (isDate(v)) return v.day;
  if (typeof v === 'string') {
    const d = parseDay(v.trim());
    if (d !== null) return d;
  }
  if (v === null) return err('#VALUE!');
  const n = toNumber(v, syntax);
  if (typeof n !== 'number') return n;
  const day = Math.floor(n) - SERIAL_OFFSET;
  return dateInRange(day) === err('#VALUE!') ? err('#VALUE!') : day;
}

/** Excel's general number format: up to 15 significant digits, the locale's decimal separator. */
export function numberText(x: number, syntax: Syntax): string {
  let s = String(Number(x.toPrecision(15)));
  if (s.includes('e')) s = s.toUpperCase();
  return syntax.decimal === ',' ? s.replace('.', ',') : s;
}

/** A value as text (`&`, text functions). Dates read as ISO dates (use TEXT for other layouts). */
export function toText(v: Value, syntax: Syntax): string | FormulaError {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'number') return numberText(v, syntax);
  if (typeof v === 'boolean') return v ? syntax.trueText : syntax.falseText;
  if (isDate(v)) return fromDay(v.day);
  return v;
}

/** A value as a boolean (conditions): numbers ≠ 0 are TRUE, blank is FALSE, TRUE/FALSE text too. */
export function toBool(v: Value): boolean | FormulaError {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const u = v.trim().toUpperCase();
    if (u === 'TRUE' || u === 'VERDADEIRO') return true;
    if (u === 'FALSE' || u === 'FALSO') return false;
    return err('#VALUE!');
  }
  if (isDate(v)) return true;
  return v;
}

/** The value stored in `metrics.custom[id]`. */
export function toCustomValue(v: Value): CustomValue {
  if (isDate(v)) return fromDay(v.day);
  if (typeof v === 'number' && !Number.isFinite(v)) return err('#VALUE!');
  return v;
}

export const yearMonthDay = (day: number) => partsOf(day);
