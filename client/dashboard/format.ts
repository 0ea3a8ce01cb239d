// The dashboard's view of the app's one formatter module (client/i18n/format.ts): a value
// in its unit, in the workbook's locale and currency, with the interface language's words.
// Null (no defined value) shows as an em dash: a 0 would be a lie (METRICS.md: undefined
// metrics are null, never 0).
import type { Lang } from '../../core/index.js';
import type { Formatters, Unit } from '../app-context.js';

export type { Unit };

export interface Formatter {
  (value: number | null | undefined, unit: Unit): string;
  /** Money without cents (R$ 1.222.530), for a card too narrow for the cents; other units as is. */
  whole(value: number | null | undefined, unit: Unit): string;
  /** Short form for axes and narrow cards: R$ 1,22 mi / R$1.22M. */
  compact(value: number | null | undefined, unit: Unit): string;
  date(iso: string): string;
  month(yyyyMm: string): string;
}

export const NONE = '—';

/** The dashboard formatter over the app's formatters; `lang` only picks words ("meses"). */
export function makeFormatter(fmt: Formatters, lang: Lang): Formatter {
  const monthsWord = lang === 'pt-BR' ? 'meses' : 'months';
  const f = ((value, unit) => {
    const s = fmt.unit(value, unit);
    return unit === 'months' && s !== NONE ? `${s} ${monthsWord}` : s;
  }) as Formatter;
  f.whole = (value, unit) => (unit === 'money' ? fmt.money(value, { whole: true }) : f(value, unit));
  f.compact = (value, unit) => (unit === 'money' || unit === 'count' ? fmt.compact(value, unit) : f(value, unit));
  f.date = (iso) => fmt.date(iso);
  f.month = (ym) => fmt.month(ym);
  return f;
}
