// Numbers as a person edits them in a cell, in a locale's notation: the editor shows
// 4321,5 (pt-BR) or 4321.5 (en) — no grouping, every digit kept — and reads back what
// the person types, strictly: the locale's decimal mark, its grouping only where it is
// exactly right ("1.850,99" in pt-BR, "1,850.99" in en). Anything else ("1850.99" in
// pt-BR, "1,5" in en, "abc", "1e3") is refused, never guessed: the person is told how to
// write it. Pasted blocks keep core's lenient reading (core/import.ts parseNumber).

export interface NumberNotation {
  /** The locale tag actually used (an unknown tag falls back to English). */
  locale: string;
  decimal: string;
  group: string;
  /** The value as the editor shows it: sign, digits, the locale's decimal mark; no grouping, no exponent. */
  format(n: number): string;
  /** The typed text as a number, or null when it is not a number written in this locale. */
  parse(text: string): number | null;
  /** 1234.56 as this locale writes it with grouping ("1.234,56"): the example shown on a refusal. */
  example: string;
}

const cache = new Map<string, NumberNotation>();

/** The notation of a locale tag (e.g. the workbook settings' `locale`), cached. */
export function numberNotation(locale: string): NumberNotation {
  let n = cache.get(locale);
  if (!n) cache.set(locale, (n = build(locale)));
  return n;
}

function intl(locale: string, grouping: boolean | 'always'): Intl.NumberFormat {
  const opts = { useGrouping: grouping, maximumFractionDigits: 0, numberingSystem: 'latn' } as Intl.NumberFormatOptions;
  try {
    return new Intl.NumberFormat(locale, opts);
  } catch {
    return new Intl.NumberFormat('en', opts);
  }
}

function build(locale: string): NumberNotation {
  const always = intl(locale, 'always');
  const usual = intl(locale, true);
  const parts = new Intl.NumberFormat(always.resolvedOptions().locale, { useGrouping: 'always', numberingSystem: 'latn' } as Intl.NumberFormatOptions).formatToParts(1234567.5);
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  // Locales that group with a space (fr: U+202F) accept any space a keyboard types.
  const spaceGroup = /\s/.test(group);
  const isGroup = (c: string) => c === group || (spaceGroup && /\s/.test(c));
  const example = new Intl.NumberFormat(always.resolvedOptions().locale, { minimumFractionDigits: 2, numberingSystem: 'latn' } as Intl.NumberFormatOptions).format(1234.56);

  const format = (n: number): string => {
    if (!Number.isFinite(n)) return '';
    const s = plainDecimal(n);
    return decimal === '.' ? s : s.replace('.', decimal);
  };

  const parse = (text: string): number | null => {
    if (typeof text !== 'string') return null;
    // A currency symbol and surrounding spaces are allowed ("R$ 1.850,99"); the sign before or after the symbol.
    let s = text.trim();
    let neg = false;
    const sign = () => {
      if (!neg && (s.startsWith('-') || s.startsWith('\u2212'))) { neg = true; s = s.slice(1).trim(); }
    };
    sign();
    s = s.replace(/^[A-Z]{0,3}\p{Sc}/u, '').replace(/\p{Sc}$/u, '').trim();
    sign();
    if (s === '') return null;
    // Split off the decimal part at the locale's mark (only one allowed).
    const at = s.indexOf(decimal);
    const int = at < 0 ? s : s.slice(0, at);
    const frac = at < 0 ? '' : s.slice(at + decimal.length);
    if (at >= 0 && !/^\d+$/.test(frac)) return null;
    let digits: string;
    if (/^\d*$/.test(int)) digits = int;
    else {
      // Grouped: only the locale's grouping mark, and exactly where the locale puts it.
      let plain = '';
      let normalized = '';
      for (const c of int) {
        if (c >= '0' && c <= '9') { plain += c; normalized += c; }
        else if (isGroup(c)) normalized += group;
        else return null;
      }
      if (plain === '') return null;
      const v = BigInt(plain);
      if (normalized !== always.format(v) && normalized !== usual.format(v)) return null;
      digits = plain;
    }
    if (digits === '' && frac === '') return null;
    const n = Number(`${digits || '0'}.${frac || '0'}`);
    if (!Number.isFinite(n)) return null;
    return neg ? -n : n;
  };

  return { locale: always.resolvedOptions().locale, decimal, group, format, parse, example };
}

/** The shortest digits that read back as n (String(n)), written out without an exponent: 1.5e-7 → "0.00000015". */
export function plainDecimal(n: number): string {
  if (n === 0) return '0';
  const s = String(Math.abs(n));
  const sign = n < 0 ? '-' : '';
  const e = s.indexOf('e');
  if (e < 0) return sign + s;
  const exp = Number(s.slice(e + 1));
  const [whole, fraction = ''] = s.slice(0, e).split('.');
  const mantissa = whole + fraction;
  const point = whole.length + exp; // position of the decimal point in mantissa
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${mantissa}`;
  if (point >= mantissa.length) return sign + mantissa + '0'.repeat(point - mantissa.length);
  return `${sign}${mantissa.slice(0, point)}.${mantissa.slice(point)}`;
}
