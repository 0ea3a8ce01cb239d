// The spreadsheet functions formulas may call, each declared once with its English and
// pt-BR names (as Excel and Google Sheets spell them in each language) and its arity.
// Arguments arrive unevaluated (thunks): IF, IFS and IFERROR evaluate only what they need,
// as in Excel. Every function returns a value, errors included; none throws.
import type { Label } from '../schema.js';
import { addMonthsDay, dayFromParts } from '../metrics/calendar.js';
import {
  SERIAL_OFFSET, dateInRange, dateOf, err, isDate, isError, num, toBool, toDay, toNumber, toText, yearMonthDay,
  type FormulaError, type Syntax, type Value,
} from './values.js';
import { textFormat } from './text-format.js';

export interface EvalContext {
  syntax: Syntax;
  /** Workbook locale (month names of TEXT, text comparison). */
  locale: string;
  /** TODAY(): the as-of date's day number. */
  today: number;
  collator: Intl.Collator;
}

export type Thunk = () => Value;
type Impl = (args: Thunk[], cx: EvalContext) => Value;

export interface FunctionDef {
  names: { en: string; 'pt-BR': string };
  min: number;
  /** Infinity for a list (SUM, CONCAT…). */
  max: number;
  /** Arity rule beyond min/max (IFS takes pairs). */
  pairs?: boolean;
  impl: Impl;
  /** One line for the formula help. */
  help: Label;
}

const L = (en: string, pt: string): Label => ({ en, 'pt-BR': pt });

// ---- argument helpers -----------------------------------------------------------------

const number = (t: Thunk, cx: EvalContext) => toNumber(t(), cx.syntax);
const text = (t: Thunk, cx: EvalContext) => toText(t(), cx.syntax);
const int = (t: Thunk, cx: EvalContext): number | FormulaError => {
  const n = number(t, cx);
  return typeof n === 'number' ? Math.trunc(n) : n;
};
const chars = (s: string) => Array.from(s);

/** Numbers of a list function's arguments: blanks skipped; booleans, numeric text and dates (as serials) counted. */
function numbers(args: Thunk[], cx: EvalContext): { values: number[]; allDates: boolean } | FormulaError {
  const values: number[] = [];
  let allDates = true;
  for (const a of args) {
    const v = a();
    if (v === null) continue;
    const n = toNumber(v, cx.syntax);
    if (typeof n !== 'number') return n;
    if (!isDate(v)) allDates = false;
    values.push(n);
  }
  return { values, allDates: allDates && values.length > 0 };
}

/** MIN/MAX: a date when every value is a date (the earliest renewal), else a number; none gives 0. */
function extreme(args: Thunk[], cx: EvalContext, pick: (a: number, b: number) => number): Value {
  const r = numbers(args, cx);
  if (isError(r)) return r;
  if (r.values.length === 0) return 0;
  const x = r.values.reduce((a, b) => pick(a, b));
  return r.allDates ? dateOf(x - SERIAL_OFFSET) : num(x);
}

/** Booleans of AND/OR: blanks skipped, at least one value required. */
function booleans(args: Thunk[]): boolean[] | FormulaError {
  const out: boolean[] = [];
  for (const a of args) {
    const v = a();
    if (v === null) continue;
    const b = toBool(v);
    if (typeof b !== 'boolean') return b;
    out.push(b);
  }
  return out.length ? out : err('#VALUE!');
}

// ---- rounding: Excel rounds the decimal number it shows (15 significant digits) --------

/** x × 10^k without binary drift (2.675 × 100 = 267.5, not 267.49999999999997). */
function shift(x: number, k: number): number {
  const [m, e] = x.toExponential().split('e');
  return Number(`${m}e${Number(e) + k}`);
}
function roundWith(mode: (v: number) => number) {
  return (args: Thunk[], cx: EvalContext): Value => {
    const x = number(args[0], cx);
    if (typeof x !== 'number') return x;
    const d = args[1] ? int(args[1], cx) : 0;
    if (typeof d !== 'number') return d;
    if (x === 0) return 0;
    const places = Math.max(-308, Math.min(308, d));
    const a = Number(Math.abs(x).toPrecision(15));
    const r = shift(mode(shift(a, places)), -places);
    return num(Math.sign(x) * r);
  };
}

/** Months added by DATE's month overflow (month 13 = January of the next year, 0 = December before). */
function dateFrom(y: number, m: number, d: number): Value {
  if (y < 0 || y > 9999) return err('#VALUE!');
  if (y < 1900) y += 1900; // Excel: DATE(24; 1; 1) is 1924
  const idx = y * 12 + (m - 1);
  const yy = Math.floor(idx / 12), mm = idx - yy * 12 + 1;
  if (yy < 0 || yy > 9999) return err('#VALUE!');
  return dateInRange(dayFromParts(yy, mm, 1) + d - 1);
}

const day = (t: Thunk, cx: EvalContext) => toDay(t(), cx.syntax);

// ---- the functions -----------------------------------------------------------------------

const defs: FunctionDef[] = [
  {
    names: { en: 'IF', 'pt-BR': 'SE' }, min: 2, max: 3,
    help: L('IF(condition, value if true, [value if false])', 'SE(condição; valor se verdadeiro; [valor se falso])'),
    impl: (a) => {
      const c = toBool(a[0]());
      if (typeof c !== 'boolean') return c;
      return c ? a[1]() : a[2] ? a[2]() : false;
    },
  },
  {
    names: { en: 'IFS', 'pt-BR': 'SES' }, min: 2, max: Infinity, pairs: true,
    help: L('IFS(condition1, value1, [condition2, value2], …): the value of the first true condition', 'SES(condição1; valor1; [condição2; valor2]; …): o valor da primeira condição verdadeira'),
    impl: (a) => {
      for (let i = 0; i + 1 < a.length; i += 2) {
        const c = toBool(a[i]());
        if (typeof c !== 'boolean') return c;
        if (c) return a[i + 1]();
      }
      return err('#N/A');
    },
  },
  {
    names: { en: 'AND', 'pt-BR': 'E' }, min: 1, max: Infinity,
    help: L('AND(condition1, [condition2], …)', 'E(condição1; [condição2]; …)'),
    impl: (a) => {
      const b = booleans(a);
      return Array.isArray(b) ? b.every((x) => x) : b;
    },
  },
  {
    names: { en: 'OR', 'pt-BR': 'OU' }, min: 1, max: Infinity,
    help: L('OR(condition1, [condition2], …)', 'OU(condição1; [condição2]; …)'),
    impl: (a) => {
      const b = booleans(a);
      return Array.isArray(b) ? b.some((x) => x) : b;
    },
  },
  {
    names: { en: 'NOT', 'pt-BR': 'NÃO' }, min: 1, max: 1,
    help: L('NOT(condition)', 'NÃO(condição)'),
    impl: (a) => {
      const b = toBool(a[0]());
      return typeof b === 'boolean' ? !b : b;
    },
  },
  {
    names: { en: 'IFERROR', 'pt-BR': 'SEERRO' }, min: 2, max: 2,
    help: L('IFERROR(value, value if error)', 'SEERRO(valor; valor se erro)'),
    impl: (a) => {
      const v = a[0]();
      return isError(v) ? a[1]() : v;
    },
  },
  {
    names: { en: 'ISBLANK', 'pt-BR': 'ÉCÉL.VAZIA' }, min: 1, max: 1,
    help: L('ISBLANK(value): TRUE when the field or metric has no value', 'ÉCÉL.VAZIA(valor): VERDADEIRO quando o campo ou métrica não tem valor'),
    impl: (a) => a[0]() === null,
  },
  {
    names: { en: 'ROUND', 'pt-BR': 'ARRED' }, min: 1, max: 2,
    help: L('ROUND(number, [digits]): halves away from zero', 'ARRED(número; [dígitos]): metades para longe do zero'),
    impl: roundWith(Math.round),
  },
  {
    names: { en: 'ROUNDUP', 'pt-BR': 'ARREDONDAR.PARA.CIMA' }, min: 1, max: 2,
    help: L('ROUNDUP(number, [digits]): away from zero', 'ARREDONDAR.PARA.CIMA(número; [dígitos]): para longe do zero'),
    impl: roundWith(Math.ceil),
  },
  {
    names: { en: 'ROUNDDOWN', 'pt-BR': 'ARREDONDAR.PARA.BAIXO' }, min: 1, max: 2,
    help: L('ROUNDDOWN(number, [digits]): towards zero', 'ARREDONDAR.PARA.BAIXO(número; [dígitos]): em direção ao zero'),
    impl: roundWith(Math.floor),
  },
  {
    names: { en: 'MIN', 'pt-BR': 'MÍNIMO' }, min: 1, max: Infinity,
    help: L('MIN(value1, [value2], …): blanks are skipped', 'MÍNIMO(valor1; [valor2]; …): vazios são ignorados'),
    impl: (a, cx) => extreme(a, cx, Math.min),
  },
  {
    names: { en: 'MAX', 'pt-BR': 'MÁXIMO' }, min: 1, max: Infinity,
    help: L('MAX(value1, [value2], …): blanks are skipped', 'MÁXIMO(valor1; [valor2]; …): vazios são ignorados'),
    impl: (a, cx) => extreme(a, cx, Math.max),
  },
  {
    names: { en: 'ABS', 'pt-BR': 'ABS' }, min: 1, max: 1,
    help: L('ABS(number)', 'ABS(número)'),
    impl: (a, cx) => {
      const x = number(a[0], cx);
      return typeof x === 'number' ? Math.abs(x) : x;
    },
  },
  {
    names: { en: 'SUM', 'pt-BR': 'SOMA' }, min: 1, max: Infinity,
    help: L('SUM(value1, [value2], …): blanks count as nothing', 'SOMA(valor1; [valor2]; …): vazios não contam'),
    impl: (a, cx) => {
      const r = numbers(a, cx);
      if (isError(r)) return r;
      return num(r.values.reduce((s, x) => s + x, 0));
    },
  },
  {
    names: { en: 'AVERAGE', 'pt-BR': 'MÉDIA' }, min: 1, max: Infinity,
    help: L('AVERAGE(value1, [value2], …): blanks are skipped; none gives #DIV/0!', 'MÉDIA(valor1; [valor2]; …): vazios são ignorados; nenhum dá #DIV/0!'),
    impl: (a, cx) => {
      const r = numbers(a, cx);
      if (isError(r)) return r;
      const xs = r.values;
      return xs.length === 0 ? err('#DIV/0!') : num(xs.reduce((s, x) => s + x, 0) / xs.length);
    },
  },
  {
    names: { en: 'LEFT', 'pt-BR': 'ESQUERDA' }, min: 1, max: 2,
    help: L('LEFT(text, [count]): the first characters', 'ESQUERDA(texto; [quantidade]): os primeiros caracteres'),
    impl: (a, cx) => {
      const s = text(a[0], cx);
      const n = a[1] ? int(a[1], cx) : 1;
      if (typeof s !== 'string') return s;
      if (typeof n !== 'number') return n;
      return n < 0 ? err('#VALUE!') : chars(s).slice(0, n).join('');
    },
  },
  {
    names: { en: 'RIGHT', 'pt-BR': 'DIREITA' }, min: 1, max: 2,
    help: L('RIGHT(text, [count]): the last characters', 'DIREITA(texto; [quantidade]): os últimos caracteres'),
    impl: (a, cx) => {
      const s = text(a[0], cx);
      const n = a[1] ? int(a[1], cx) : 1;
      if (typeof s !== 'string') return s;
      if (typeof n !== 'number') return n;
      if (n < 0) return err('#VALUE!');
      const c = chars(s);
      return n === 0 ? '' : c.slice(Math.max(0, c.length - n)).join('');
    },
  },
  {
    names: { en: 'MID', 'pt-BR': 'EXT.TEXTO' }, min: 3, max: 3,
    help: L('MID(text, start, count): start counts from 1', 'EXT.TEXTO(texto; início; quantidade): o início conta a partir de 1'),
    impl: (a, cx) => {
      const s = text(a[0], cx);
      const start = int(a[1], cx);
      const n = int(a[2], cx);
      if (typeof s !== 'string') return s;
      if (typeof start !== 'number') return start;
      if (typeof n !== 'number') return n;
      if (start < 1 || n < 0) return err('#VALUE!');
      return chars(s).slice(start - 1, start - 1 + n).join('');
    },
  },
  {
    names: { en: 'LEN', 'pt-BR': 'NÚM.CARACT' }, min: 1, max: 1,
    help: L('LEN(text): number of characters', 'NÚM.CARACT(texto): número de caracteres'),
    impl: (a, cx) => {
      const s = text(a[0], cx);
      return typeof s === 'string' ? chars(s).length : s;
    },
  },
  {
    names: { en: 'UPPER', 'pt-BR': 'MAIÚSCULA' }, min: 1, max: 1,
    help: L('UPPER(text)', 'MAIÚSCULA(texto)'),
    impl: (a, cx) => {
      const s = text(a[0], cx);
      return typeof s === 'string' ? s.toLocaleUpperCase(cx.locale) : s;
    },
  },
  {
    names: { en: 'LOWER', 'pt-BR': 'MINÚSCULA' }, min: 1, max: 1,
    help: L('LOWER(text)', 'MINÚSCULA(texto)'),
    impl: (a, cx) => {
      const s = text(a[0], cx);
      return typeof s === 'string' ? s.toLocaleLowerCase(cx.locale) : s;
    },
  },
  {
    names: { en: 'CONCAT', 'pt-BR': 'CONCAT' }, min: 1, max: Infinity,
    help: L('CONCAT(text1, [text2], …)', 'CONCAT(texto1; [texto2]; …)'),
    impl: (a, cx) => {
      let out = '';
      for (const t of a) {
        const s = text(t, cx);
        if (typeof s !== 'string') return s;
        out += s;
      }
      return out;
    },
  },
  {
    names: { en: 'TEXT', 'pt-BR': 'TEXTO' }, min: 2, max: 2,
    help: L('TEXT(value, format): e.g. TEXT(mrr, "#,##0.00"), TEXT(renewalDate, "dd/mm/yyyy")', 'TEXTO(valor; formato): p. ex. TEXTO(mrr; "#.##0,00"), TEXTO(renewalDate; "dd/mm/aaaa")'),
    impl: (a, cx) => {
      const v = a[0]();
      const f = text(a[1], cx);
      if (isError(v)) return v;
      if (typeof f !== 'string') return f;
      return textFormat(v, f, cx);
    },
  },
  {
    names: { en: 'DATE', 'pt-BR': 'DATA' }, min: 3, max: 3,
    help: L('DATE(year, month, day): months and days beyond their range roll over', 'DATA(ano; mês; dia): meses e dias fora do intervalo passam para o seguinte'),
    impl: (a, cx) => {
      const y = int(a[0], cx), m = int(a[1], cx), d = int(a[2], cx);
      if (typeof y !== 'number') return y;
      if (typeof m !== 'number') return m;
      if (typeof d !== 'number') return d;
      return dateFrom(y, m, d);
    },
  },
  {
    names: { en: 'YEAR', 'pt-BR': 'ANO' }, min: 1, max: 1,
    help: L('YEAR(date)', 'ANO(data)'),
    impl: (a, cx) => {
      const d = day(a[0], cx);
      return typeof d === 'number' ? yearMonthDay(d)[0] : d;
    },
  },
  {
    names: { en: 'MONTH', 'pt-BR': 'MÊS' }, min: 1, max: 1,
    help: L('MONTH(date): 1–12', 'MÊS(data): 1–12'),
    impl: (a, cx) => {
      const d = day(a[0], cx);
      return typeof d === 'number' ? yearMonthDay(d)[1] : d;
    },
  },
  {
    names: { en: 'DAY', 'pt-BR': 'DIA' }, min: 1, max: 1,
    help: L('DAY(date): 1–31', 'DIA(data): 1–31'),
    impl: (a, cx) => {
      const d = day(a[0], cx);
      return typeof d === 'number' ? yearMonthDay(d)[2] : d;
    },
  },
  {
    names: { en: 'DAYS', 'pt-BR': 'DIAS' }, min: 2, max: 2,
    help: L('DAYS(end date, start date): days from start to end', 'DIAS(data final; data inicial): dias do início ao fim'),
    impl: (a, cx) => {
      const e = day(a[0], cx), s = day(a[1], cx);
      if (typeof e !== 'number') return e;
      if (typeof s !== 'number') return s;
      return e - s;
    },
  },
  {
    names: { en: 'EDATE', 'pt-BR': 'DATAM' }, min: 2, max: 2,
    help: L('EDATE(date, months): same day n months later (clamped to the month end)', 'DATAM(data; meses): mesmo dia n meses depois (limitado ao fim do mês)'),
    impl: (a, cx) => {
      const d = day(a[0], cx), m = int(a[1], cx);
      if (typeof d !== 'number') return d;
      if (typeof m !== 'number') return m;
      if (Math.abs(m) > 120000) return err('#VALUE!');
      return dateInRange(addMonthsDay(d, m));
    },
  },
  {
    names: { en: 'TODAY', 'pt-BR': 'HOJE' }, min: 0, max: 0,
    help: L('TODAY(): the as-of date', 'HOJE(): a data de referência'),
    impl: (_a, cx) => dateOf(cx.today),
  },
];

/** Upper-case, accents removed: "Não", "NAO" and "não" name the same function. */
export const foldName = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();

const byName = new Map<string, FunctionDef>();
for (const d of defs) {
  byName.set(foldName(d.names.en), d);
  byName.set(foldName(d.names['pt-BR']), d);
}

export function lookupFunction(name: string): FunctionDef | undefined {
  return byName.get(foldName(name));
}

export const functionDefs: readonly FunctionDef[] = defs;

