import { describe, expect, it } from 'vitest';
import { fieldsOf, type FieldDef } from '../../core/index.js';
import { browserLang, strings, translate } from '../../client/i18n/strings.js';
import { createFormatters } from '../../client/i18n/format.js';
import { newRowDefaults } from '../../client/grid/new-row.js';

describe('strings', () => {
  it('every string exists in both languages, non-empty', () => {
    for (const [k, e] of Object.entries(strings)) {
      expect(e.en, k).not.toBe('');
      expect(e['pt-BR'], k).not.toBe('');
    }
  });
  it('fills placeholders and shows unknown keys as-is', () => {
    expect(translate('pt-BR', 'grid.rows', { n: 3 })).toBe('3 linhas');
    expect(translate('en', 'grid.rows', { n: 3 })).toBe('3 rows');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
  it('follows the browser language', () => {
    expect(browserLang(['pt-PT', 'en'])).toBe('pt-BR');
    expect(browserLang(['en-GB'])).toBe('en');
    expect(browserLang(['de-DE'])).toBe('en');
  });
});

describe('formatters', () => {
  it('formats money (with cents), numbers, percentages and calendar dates per locale', () => {
    const pt = createFormatters('pt-BR', 'BRL');
    const en = createFormatters('en', 'BRL');
    expect(pt.money(1234.4)).toBe('R$\u00a01.234,40');
    expect(en.money(1234.4)).toBe('R$1,234.40');
    expect(pt.number(1234.56, 1)).toBe('1.234,6');
    expect(en.percent(12.345, 1)).toBe('12.3%');
    // A calendar date never shifts with the time zone.
    expect(pt.date('2026-01-31')).toBe('31/01/2026');
    expect(en.date('2026-01-31')).toBe('01/31/2026');
  });
  it('shows a dash for missing values and survives a bad currency code', () => {
    const f = createFormatters('en', 'NOT A CURRENCY');
    expect(f.money(null)).toBe('—');
    expect(f.money(10)).toBe('10.00');
    expect(f.number(Number.NaN)).toBe('—');
  });
});

describe('new row defaults', () => {
  it('fills required fields so the new row validates', () => {
    const row = newRowDefaults('contracts', fieldsOf('contracts') as Record<string, FieldDef>, { asOf: '2026-06-15', customerId: 'c1' });
    expect(row).toEqual({ customerId: 'c1', model: 'recurring', value: 0, billingPeriodMonths: 1, setupFee: 0, licenses: 0, startDate: '2026-06-15', autoRenew: false });
  });
});
