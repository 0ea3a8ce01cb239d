// The one place numbers, money, percentages and dates are formatted (Intl), in the
// workbook's locale and currency (Settings), not in the interface language: a team shares
// one workbook, and "1.850,14" must read the same for everyone in it. The interface
// language only chooses words. main.tsx rebuilds these when the settings change.
import type { Formatters, Unit } from '../app-context.js';

export type { Formatters, Unit };

const DASH = '—';

/** The locale itself when Intl can use it, else a safe default (a peer may have written junk). */
function usableLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'pt-BR';
  } catch {
    return 'pt-BR';
  }
}

/** Money in the currency; an unknown code (never accepted by core, but a peer may be older) falls back to a plain number. */
function moneyFormat(locale: string, currency: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, ...opts });
  } catch {
    return new Intl.NumberFormat(locale, { minimumFractionDigits: opts.notation ? 0 : 2, maximumFractionDigits: opts.notation ? 1 : 2, notation: opts.notation });
  }
}

export function createFormatters(locale: string, currency: string): Formatters {
  const loc = usableLocale(locale);
  // The currency's own minor units: cents for BRL, USD, EUR (R$ 1.850,14); none for JPY.
  const money = moneyFormat(loc, currency);
  // Whole units, for a figure whose cents do not fit its card: R$ 1.222.530.
  const moneyWhole = moneyFormat(loc, currency, { minimumFractionDigits: 0, maximumFractionDigits: 0 });
  // "R$ 14,7 mi" / "R$14.7M": for figures that would not fit; the exact value goes on hover.
  const moneyCompact = moneyFormat(loc, currency, { notation: 'compact', minimumFractionDigits: 0, maximumSignificantDigits: 3 });
  const countCompact = new Intl.NumberFormat(loc, { notation: 'compact', maximumSignificantDigits: 3 });
  const cache = new Map<string, Intl.NumberFormat>();
  const numFmt = (key: string, opts: Intl.NumberFormatOptions) => {
    let f = cache.get(key);
    if (!f) cache.set(key, (f = new Intl.NumberFormat(loc, opts)));
    return f;
  };
  const sign = (signed?: boolean): 'exceptZero' | 'auto' => (signed ? 'exceptZero' : 'auto');
  // Dates are calendar dates: format in UTC so no zone shifts the day.
  const dateFmt = new Intl.DateTimeFormat(loc, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  const monthFmt = new Intl.DateTimeFormat(loc, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const parts = new Intl.NumberFormat(loc).formatToParts(12345.6);
  const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

  const f: Formatters = {
    locale: loc,
    currency,
    decimalSeparator: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    groupSeparator: parts.find((p) => p.type === 'group')?.value ?? ',',
    money: (v, o) => (ok(v) ? (o?.whole ? moneyWhole : money).format(v) : DASH),
    moneyCompact: (v) => (ok(v) ? moneyCompact.format(v) : DASH),
    number: (v, digits = 0, o = {}) =>
      ok(v) ? numFmt(`n${digits}${o.fixed ? 'f' : ''}${o.signed ? 's' : ''}`, { maximumFractionDigits: digits, minimumFractionDigits: o.fixed ? digits : 0, signDisplay: sign(o.signed) }).format(v) : DASH,
    // Percentages are 0–100 in the data (METRICS.md), so divide for Intl's percent style.
    percent: (v, digits = 0, o = {}) =>
      ok(v) ? numFmt(`p${digits}${o.fixed ? 'f' : ''}${o.signed ? 's' : ''}`, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: o.fixed ? digits : 0, signDisplay: sign(o.signed) }).format(v / 100) : DASH,
    compact: (v, unit) => {
      if (!ok(v)) return DASH;
      if (unit === 'money') return moneyCompact.format(v);
      if (unit === 'count') return countCompact.format(v);
      return f.unit(v, unit);
    },
    unit: (v, unit) => {
      if (!ok(v)) return DASH;
      switch (unit) {
        case 'money': return money.format(v);
        case 'count': return f.number(v);
        case 'pct': return f.percent(v, 1, { fixed: true });
        case 'score': return f.number(v, 1, { fixed: true });
        case 'nps': return f.number(v, 1, { signed: true });
        case 'ratio': return f.number(v, 2, { fixed: true });
        case 'months': return f.number(v, 1, { fixed: true });
      }
    },
    date: (v) => {
      if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return v ? String(v) : DASH;
      const t = Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10));
      return Number.isFinite(t) ? dateFmt.format(t) : v;
    },
    // "abr 24" / "Apr 24": short enough for 12 axis labels ("abr. de 24" is not).
    month: (ym) => {
      const t = Date.parse(`${ym}-01T00:00:00Z`);
      if (Number.isNaN(t)) return ym;
      const p = monthFmt.formatToParts(t);
      const month = p.find((x) => x.type === 'month')?.value.replace(/\.$/, '') ?? '';
      const year = p.find((x) => x.type === 'year')?.value ?? '';
      return `${month} ${year}`;
    },
    dateTime: (ms, opts) => new Date(ms).toLocaleString(loc, opts),
  };
  return f;
}
