import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coerceCell, parseDate, parseNumber, parseTsvBlock } from '../../core/import.js';
import { schema, tableNames, type FieldDef } from '../../core/schema.js';

const f = (t: keyof typeof schema, name: string) => (schema[t].fields as Record<string, FieldDef>)[name];

describe('cell conversion', () => {
  it('reads pt-BR and en numbers', () => {
    expect(parseNumber('1.234,56', 'pt-BR')).toBe(1234.56);
    expect(parseNumber('R$ 1.234,56', 'pt-BR')).toBe(1234.56);
    expect(parseNumber('1234,5', 'pt-BR')).toBe(1234.5);
    expect(parseNumber('1.234', 'pt-BR')).toBe(1234);
    expect(parseNumber('1234.56', 'pt-BR')).toBe(1234.56); // system export with a dot
    expect(parseNumber('-2.000.000', 'pt-BR')).toBe(-2000000);
    expect(parseNumber('1,234.56', 'en')).toBe(1234.56);
    expect(parseNumber('1,234', 'en')).toBe(1234);
    expect(parseNumber('1.234', 'en')).toBe(1.234);
    expect(parseNumber('12abc', 'pt-BR')).toBeNull();
    expect(parseNumber('1.2.3', 'en')).toBeNull();
  });

  it('reads ISO and day-first dates, and month-first in en when valid', () => {
    expect(parseDate('31/12/2024', 'pt-BR')).toBe('2024-12-31');
    expect(parseDate('2024-12-31', 'pt-BR')).toBe('2024-12-31');
    expect(parseDate('2024-02-29T10:00:00Z', 'pt-BR')).toBe('2024-02-29');
    expect(parseDate('1/2/24', 'pt-BR')).toBe('2024-02-01');
    expect(parseDate('02/01/2024', 'en')).toBe('2024-02-01');
    expect(parseDate('31/12/2024', 'en')).toBe('2024-12-31');
    expect(parseDate('29/02/2023', 'pt-BR')).toBeNull();
    expect(parseDate('tomorrow', 'en')).toBeNull();
  });

  it('converts by field kind and explains each refusal', () => {
    expect(coerceCell(f('customers', 'riskFlag'), 'Sim')).toEqual({ value: true });
    expect(coerceCell(f('customers', 'riskFlag'), 'não')).toEqual({ value: false });
    expect(coerceCell(f('customers', 'riskFlag'), '0')).toEqual({ value: false });
    expect(coerceCell(f('customers', 'riskFlag'), 'talvez')).toMatchObject({ error: 'type' });
    expect(coerceCell(f('contracts', 'model'), 'Recorrente')).toEqual({ value: 'recurring' });
    expect(coerceCell(f('contracts', 'model'), 'one-off')).toEqual({ value: 'one-off' });
    expect(coerceCell(f('contracts', 'model'), 'mensal')).toMatchObject({ error: 'enum' });
    expect(coerceCell(f('contracts', 'billingPeriodMonths'), '12')).toEqual({ value: 12 });
    expect(coerceCell(f('contracts', 'billingPeriodMonths'), '2')).toMatchObject({ error: 'enum' });
    expect(coerceCell(f('contracts', 'licenses'), '2,5')).toEqual({
      error: 'integer', message: '"2,5" is not a whole number', text: { en: 'Licenses: "2,5" is not a whole number', 'pt-BR': 'Licenças: "2,5" não é um número inteiro' },
    });
    expect(coerceCell(f('contracts', 'value'), 'abc', 'pt-BR')).toMatchObject({ text: { 'pt-BR': 'Valor: "abc" não é um número' } });
    expect(coerceCell(f('contracts', 'billingPeriodMonths'), '2', 'pt-BR')).toMatchObject({ text: { 'pt-BR': 'Periodicidade (meses): 2 deve ser 1, 3, 6 ou 12' } });
    expect(coerceCell(f('contracts', 'value'), '-3')).toMatchObject({ error: 'range' });
    expect(coerceCell(f('contracts', 'startDate'), '31/02/2024')).toMatchObject({ error: 'date' });
    expect(coerceCell(f('customers', 'name'), '  Acme  ')).toEqual({ value: 'Acme' });
    expect(coerceCell(f('customers', 'name'), '   ')).toEqual({ value: null });
  });

  it('never throws on random text (property)', () => {
    const defs = tableNames.flatMap((t) => Object.values(schema[t].fields as Record<string, FieldDef>));
    fc.assert(fc.property(fc.constantFrom(...defs), fc.string(), fc.constantFrom('en' as const, 'pt-BR' as const), (d, s, l) => { coerceCell(d, s, l); }), { numRuns: 500 });
    fc.assert(fc.property(fc.string(), (s) => { parseTsvBlock(s); }), { numRuns: 200 });
  });
});

describe('parseTsvBlock', () => {
  it('splits a block copied from a spreadsheet, keeping quoted newlines and empty cells', () => {
    expect(parseTsvBlock('a\tb\r\n"line 1\nline 2"\t\r\n')).toEqual([['a', 'b'], ['line 1\nline 2', '']]);
    expect(parseTsvBlock('1.234,56')).toEqual([['1.234,56']]);
    expect(parseTsvBlock('')).toEqual([]);
  });
});
