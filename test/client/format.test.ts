// The app's one formatter module (client/i18n/format.ts): the workbook's locale and currency
// decide how every number, amount and date reads; money keeps its cents; compact notation
// for figures that would not fit. Expected strings are written out by hand.
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../client/i18n/format.js';
import { makeFormatter } from '../../client/dashboard/format.js';

const sp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('shows cents: 1850.14 is R$ 1.850,14, not R$ 1.850; 1850.99 is not rounded up', () => {
    const pt = createFormatters('pt-BR', 'BRL');
    expect(sp(pt.money(1850.14))).toBe('R$ 1.850,14');
    expect(sp(pt.money(1850.99))).toBe('R$ 1.850,99');
    expect(sp(pt.money(1850))).toBe('R$ 1.850,00');
    expect(sp(pt.money(-19130.5))).toBe('-R$ 19.130,50');
    // A currency without minor units keeps none.
    expect(sp(createFormatters('pt-BR', 'JPY').money(1850.4))).toBe('JP¥ 1.850');
  });
  it('whole units and compact notation for figures that do not fit', () => {
    const pt = createFormatters('pt-BR', 'BRL');
    const en = createFormatters('en-US', 'BRL');
    expect(sp(pt.money(14670360.45, { whole: true }))).toBe('R$ 14.670.360');
    expect(sp(pt.moneyCompact(14670360.45))).toBe('R$ 14,7 mi');
    expect(en.moneyCompact(14670360.45)).toBe('R$14.7M');
    expect(sp(pt.moneyCompact(1222530))).toBe('R$ 1,22 mi');
    expect(sp(pt.compact(12000, 'money'))).toBe('R$ 12 mil');
    expect(en.compact(152300, 'count')).toBe('152K');
  });
});

describe('the workbook locale drives every format', () => {
  it('numbers, percentages, dates and months in pt-BR and en-US', () => {
    const pt = createFormatters('pt-BR', 'USD');
    const us = createFormatters('en-US', 'USD');
    expect(sp(pt.money(1234.5))).toBe('US$ 1.234,50');
    expect(us.money(1234.5)).toBe('$1,234.50');
    expect(pt.number(1234.56, 1)).toBe('1.234,6');
    expect(us.number(1234.56, 1)).toBe('1,234.6');
    expect(pt.percent(12.5, 1)).toBe('12,5%');
    expect(us.percent(2.25, 1, { signed: true })).toBe('+2.3%');
    expect(us.unit(12, 'pct')).toBe('12.0%');
    expect(pt.date('2026-01-31')).toBe('31/01/2026');
    expect(us.date('2026-01-31')).toBe('01/31/2026');
    expect(pt.month('2024-04')).toBe('abr 24');
    expect(us.month('2024-04')).toBe('Apr 24');
    expect([pt.locale, pt.decimalSeparator, pt.groupSeparator]).toEqual(['pt-BR', ',', '.']);
    expect([us.locale, us.decimalSeparator, us.groupSeparator]).toEqual(['en-US', '.', ',']);
  });
  it('the dashboard adds words in the interface language to the workbook format', () => {
    const f = makeFormatter(createFormatters('pt-BR', 'BRL'), 'en');
    expect(f(12, 'months')).toBe('12,0 months');
    expect(f(12.34, 'nps')).toBe('+12,3');
    expect(f(null, 'months')).toBe('—');
  });
  it('survives a locale or currency a peer wrote that Intl cannot use', () => {
    const f = createFormatters('not a locale!', 'NOT A CURRENCY');
    expect(f.locale).toBe('pt-BR');
    expect(f.money(10)).toBe('10,00');
    expect(f.money(null)).toBe('—');
  });
});
