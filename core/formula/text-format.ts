// TEXT(value; format): the common Excel format codes. Numbers: 0 and # digits, the locale's
// thousands and decimal separators as written in the locale ("#,##0.00" in English,
// "#.##0,00" in pt-BR), a trailing % (×100), literal text around ("R$ #.##0"). Dates: d,
// dd, m, mm, mmm, mmmm, yy, yyyy (pt-BR also aa, aaaa). Anything else comes back as written.
import { partsOf } from '../metrics/calendar.js';
import { isDate, toDay, toNumber, type Value } from './values.js';
import type { EvalContext } from './functions.js';

const DATE_TOKEN = /yyyy|aaaa|yy|aa|mmmm|mmm|mm|m|dddd|ddd|dd|d/gi;

function monthName(locale: string, m: number, style: 'short' | 'long'): string {
  try {
    return new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m - 1, 1))).replace('.', '');
  } catch {
    return String(m);
  }
}
function weekdayName(locale: string, day: number, style: 'short' | 'long'): string {
  try {
    return new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(new Date(day * 86400000)).replace('.', '');
  } catch {
    return '';
  }
}

function formatDate(day: number, format: string, locale: string): string {
  const [y, m, d] = partsOf(day);
  const pad = (n: number) => String(n).padStart(2, '0');
  return format.replace(DATE_TOKEN, (tok) => {
    switch (tok.toLowerCase()) {
      case 'yyyy': case 'aaaa': return String(y);
      case 'yy': case 'aa': return pad(y % 100);
      case 'mmmm': return monthName(locale, m, 'long');
      case 'mmm': return monthName(locale, m, 'short');
      case 'mm': return pad(m);
      case 'm': return String(m);
      case 'dddd': return weekdayName(locale, day, 'long');
      case 'ddd': return weekdayName(locale, day, 'short');
      case 'dd': return pad(d);
      default: return String(d);
    }
  });
}

function formatNumber(x: number, format: string, cx: EvalContext): string {
  const first = format.search(/[0#]/);
  let last = -1;
  for (let i = format.length - 1; i >= 0; i--) if (format[i] === '0' || format[i] === '#') { last = i; break; }
  if (first < 0) return format;
  const prefix = format.slice(0, first).replace(/"/g, '');
  const suffix = format.slice(last + 1).replace(/"/g, '');
  const core = format.slice(first, last + 1);
  const dec = cx.syntax.decimal, group = dec === ',' ? '.' : ',';
  const point = core.indexOf(dec);
  const intPart = point < 0 ? core : core.slice(0, point);
  const fracPart = point < 0 ? '' : core.slice(point + 1);
  const decimals = (fracPart.match(/[0#]/g) ?? []).length;
  const minInt = (intPart.match(/0/g) ?? []).length;
  const grouped = intPart.includes(group);
  const percent = prefix.includes('%') || suffix.includes('%');
  const v = percent ? x * 100 : x;
  const fixed = Math.abs(Number(v.toPrecision(15))).toFixed(Math.min(decimals, 20));
  let [i, f = ''] = fixed.split('.');
  if (i === '0' && minInt === 0) i = '';
  i = i.padStart(minInt, '0');
  if (grouped) i = i.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  // Optional (#) trailing decimals drop their zeros.
  const optional = decimals - (fracPart.match(/0/g) ?? []).length;
  for (let k = 0; k < optional && f.endsWith('0'); k++) f = f.slice(0, -1);
  const body = f ? `${i}${dec}${f}` : i;
  const negative = v < 0 && /[1-9]/.test(body);
  return `${negative ? '-' : ''}${prefix}${body}${suffix}`;
}

export function textFormat(v: Value, format: string, cx: EvalContext): Value {
  const isDateFormat = /[dy]|a{2}/i.test(format.replace(/"[^"]*"/g, '')) && !/[0#]/.test(format);
  if (isDateFormat) {
    const d = toDay(v, cx.syntax);
    return typeof d === 'number' ? formatDate(d, format, cx.locale) : d;
  }
  if (isDate(v) && !/[0#]/.test(format)) return formatDate(v.day, format, cx.locale);
  const x = toNumber(v, cx.syntax);
  if (typeof x !== 'number') return x;
  return formatNumber(x, format, cx);
}

