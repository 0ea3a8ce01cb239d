// Number formatting for the dashboard, all through Intl so pt-BR gets "R$ 1.234,50" and
// "12,5%" and English gets "R$1,234.50" / "12.5%". Null (no defined value) shows as an em
// dash: a 0 would be a lie (METRICS.md: undefined metrics are null, never 0).
import type { Lang } from '../../core/index.js';

export type Unit = 'money' | 'count' | 'pct' | 'score' | 'nps' | 'ratio' | 'months';

export interface Formatter {
  (value: number | null | undefined, unit: Unit): string;
  /** Short form for axes: 1,2 mi / 1.2M. */
  compact(value: number | null | undefined, unit: Unit): string;
  date(iso: string): string;
  month(yyyyMm: string): string;
}

export const NONE = '—';

/** Builds a formatter for a language and the workbook's currency. Unknown currency codes fall back to plain numbers. */
export function makeFormatter(lang: Lang, currency: string): Formatter {
  const money = safeNumberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 0 });
  const moneyCompact = safeNumberFormat(lang, { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const one = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const two = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
  // Percentages are 0–100 in the data (METRICS.md), so divide for Intl's percent style.
  const pct = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dateFmt = new Intl.DateTimeFormat(lang, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const monthFmt = new Intl.DateTimeFormat(lang, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const monthsWord = lang === 'pt-BR' ? 'meses' : 'months';

  const f = ((value, unit) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
    switch (unit) {
      case 'money': return money.format(value);
      case 'count': return count.format(value);
      case 'pct': return pct.format(value / 100);
      case 'score': return one.format(value);
      case 'nps': return signed.format(value);
      case 'ratio': return two.format(value);
      case 'months': return `${one.format(value)} ${monthsWord}`;
    }
  }) as Formatter;
  f.compact = (value, unit) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
    if (unit === 'money') return moneyCompact.format(value);
    if (unit === 'count') return compact.format(value);
    return f(value, unit);
  };
  f.date = (iso) => {
    const t = Date.parse(`${iso}T00:00:00Z`);
    return Number.isNaN(t) ? iso : dateFmt.format(t);
  };
  // "abr 24" / "Apr 24": short enough for 12 axis labels ("abr. de 24" is not).
  f.month = (ym) => {
    const t = Date.parse(`${ym}-01T00:00:00Z`);
    if (Number.isNaN(t)) return ym;
    const parts = monthFmt.formatToParts(t);
    const month = parts.find((p) => p.type === 'month')?.value.replace(/\.$/, '') ?? '';
    const year = parts.find((p) => p.type === 'year')?.value ?? '';
    return `${month} ${year}`;
  };
  return f;
}

function safeNumberFormat(lang: Lang, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(lang, opts);
  } catch {
    // A bad currency code in settings must not take the dashboard down.
    const { style: _s, currency: _c, ...rest } = opts;
    return new Intl.NumberFormat(lang, { ...rest, maximumFractionDigits: 2 });
  }
}
