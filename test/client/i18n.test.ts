import { describe, expect, it } from 'vitest';
import { fieldsOf, type FieldDef } from '../../core/index.js';
import { browserLang, catalogs, translate, type MessageKey } from '../../client/i18n/catalog.js';
import { createFormatters } from '../../client/i18n/format.js';
import { newRowDefaults } from '../../client/grid/new-row.js';

// pt-BR texts that may equal the English one: brand, file-format and metric names that
// Brazilian CS teams use as they are (SenseData and CustomerX show them this way).
const SAME_IN_BOTH = new Set([
  'Pulso', 'Offline', 'NPS', 'CSAT', 'CES', 'MRR', 'ARR', 'TCV', 'LTV', 'CS', 'CSM', 'MRR / ARR',
  'Status', 'Health score', 'Churn', 'Upsell', 'Ticket', 'Tickets', 'SLA {date}', 'Var. 7D', 'Var. 15D', 'Var. 30D',
  'CSV', 'XLSX', 'PNG', 'URL', 'Webhooks', 'editor', '—',
]);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalog', () => {
  const keys = Object.keys(catalogs.en) as MessageKey[];
  it('has every key in both languages, and no other', () => {
    expect(keys.length).toBeGreaterThan(400);
    expect(Object.keys(catalogs['pt-BR']).sort()).toEqual([...keys].sort());
  });
  it('has no empty text, and the same placeholders in both languages', () => {
    for (const k of keys) {
      expect(catalogs.en[k].trim(), k).not.toBe('');
      expect(catalogs['pt-BR'][k].trim(), k).not.toBe('');
      expect(placeholders(catalogs['pt-BR'][k]), k).toEqual(placeholders(catalogs.en[k]));
    }
  });
  it('translates every pt-BR text, except the names on the allowlist', () => {
    const same = keys.filter((k) => catalogs['pt-BR'][k] === catalogs.en[k] && !SAME_IN_BOTH.has(catalogs.en[k]));
    expect(same).toEqual([]);
  });
  it('fills placeholders', () => {
    expect(translate('pt-BR', 'grid.rows', { n: 3 })).toBe('3 linhas');
    expect(translate('en', 'grid.rows', { n: 3 })).toBe('3 rows');
    expect(translate('pt-BR', 'dash.list.more', { n: 4 })).toBe('+4 — abrir todos');
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
  it('names a new customer, activity or contact in the interface language', () => {
    const name = (t: 'customers' | 'activities' | 'contacts', lang: 'en' | 'pt-BR') => {
      const r = newRowDefaults(t, fieldsOf(t) as Record<string, FieldDef>, { asOf: '2026-06-15', lang });
      return r[t === 'activities' ? 'title' : 'name'];
    };
    expect([name('customers', 'pt-BR'), name('activities', 'pt-BR'), name('contacts', 'pt-BR')]).toEqual(['Novo cliente', 'Nova atividade', 'Novo contato']);
    expect([name('customers', 'en'), name('activities', 'en'), name('contacts', 'en')]).toEqual(['New customer', 'New activity', 'New contact']);
  });
});
