// Numbers, money and dates through Intl, in the person's language and the workbook currency.
import type { Lang } from '../../core/index.js';
import type { Formatters } from '../app-context.js';

const DASH = '—';

export function createFormatters(lang: Lang, currency: string): Formatters {
  let money: Intl.NumberFormat;
  try {
    money = new Intl.NumberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 0 });
  } catch {
    // A bad currency code in settings must not break the grid.
    money = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  }
  const nums = new Map<number, Intl.NumberFormat>();
  const numFmt = (d: number) => {
    let f = nums.get(d);
    if (!f) nums.set(d, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: d, minimumFractionDigits: 0 })));
    return f;
  };
  // Dates are calendar dates: format in UTC so no zone shifts the day.
  const dateFmt = new Intl.DateTimeFormat(lang, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  return {
    money: (v) => (ok(v) ? money.format(v) : DASH),
    number: (v, digits = 0) => (ok(v) ? numFmt(digits).format(v) : DASH),
    percent: (v, digits = 0) => (ok(v) ? `${numFmt(digits).format(v)}%` : DASH),
    date: (v) => {
      if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return v ? String(v) : DASH;
      const t = Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10));
      return Number.isFinite(t) ? dateFmt.format(t) : v;
    },
  };
}
