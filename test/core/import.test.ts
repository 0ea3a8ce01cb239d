import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coerceCell, matchHeader, parseCsv, parseDate, parseNumber, parseTsvBlock } from '../../core/import.js';
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
    fc.assert(fc.property(fc.string(), (s) => { parseCsv(s, 'contracts'); parseTsvBlock(s); }), { numRuns: 200 });
  });
});

describe('parseTsvBlock', () => {
  it('splits a block copied from a spreadsheet, keeping quoted newlines and empty cells', () => {
    expect(parseTsvBlock('a\tb\r\n"line 1\nline 2"\t\r\n')).toEqual([['a', 'b'], ['line 1\nline 2', '']]);
    expect(parseTsvBlock('1.234,56')).toEqual([['1.234,56']]);
    expect(parseTsvBlock('')).toEqual([]);
  });
});

describe('parseCsv', () => {
  it('matches headers by name, labels in both languages and aliases, ignoring case and accents', () => {
    expect(matchHeader('contracts', 'VALOR')).toBe('value');
    expect(matchHeader('contracts', 'Início')).toBe('startDate');
    expect(matchHeader('contracts', 'inicio')).toBe('startDate');
    expect(matchHeader('contracts', 'customer_id')).toBe('customerId');
    expect(matchHeader('contracts', 'Cliente')).toBe('customerId');
    expect(matchHeader('customers', 'CNPJ')).toBe('externalId');
    expect(matchHeader('customers', 'Razão Social')).toBe('name');
    expect(matchHeader('customers', 'Data de cadastro')).toBe('registeredAt');
    expect(matchHeader('contracts', 'Cor favorita')).toBeNull();
  });

  it('imports a pt-BR semicolon file, reporting each bad cell with its row number and field', () => {
    const csv = [
      'Cliente;Modelo;Valor;Periodicidade (meses);Início;Fim;Renovação automática;Observação',
      'Acme;Recorrente;1.234,56;12;01/02/2024;31/01/2025;sim;ok',
      '',
      '12.345.678/0001-90;Avulso;abc;1;2024-03-01;;não;',
      'Ninguém;Recorrente;10;2;32/01/2024;;talvez;',
    ].join('\r\n');
    const customers = [{ id: 'c1', name: 'ACME', externalId: '98.765.432/0001-10' }, { id: 'c2', name: 'Beta', externalId: '12.345.678/0001-90' }];
    const r = parseCsv(csv, 'contracts', 'pt-BR', { customers });
    expect(r.mapping.map((m) => m.field)).toEqual(['customerId', 'model', 'value', 'billingPeriodMonths', 'startDate', 'endDate', 'autoRenew', null]);
    expect(r.rows[0]).toEqual({ customerId: 'c1', model: 'recurring', value: 1234.56, billingPeriodMonths: 12, startDate: '2024-02-01', endDate: '2025-01-31', autoRenew: true });
    expect(r.rows[1]).toEqual({ customerId: 'c2', model: 'one-off', billingPeriodMonths: 1, startDate: '2024-03-01', autoRenew: false });
    expect(r.rowNumbers).toEqual([2, 4, 5]);
    expect(r.issues.map((i) => `${i.rowId}:${i.field}:${i.code}`)).toEqual([
      '4:value:type',
      '5:customerId:reference',
      '5:billingPeriodMonths:enum',
      '5:startDate:date',
      '5:autoRenew:type',
    ]);
    expect(r.issues[0].message).toBe('Row 4, column "Valor" (Value): "abc" is not a number');
  });

  it('reports a missing required column once, and required cells left empty per row', () => {
    const r = parseCsv('name,segment\nAcme,SaaS\n,Indústria\n', 'customers', 'en');
    expect(r.rows).toEqual([{ name: 'Acme', segment: 'SaaS' }, { segment: 'Indústria' }]);
    expect(r.issues.map((i) => `${i.rowId}:${i.field}:${i.code}`)).toEqual(['3:name:required']);
    const s = parseCsv('Tipo,Data,Nota\nNPS,2024-01-01,9\nCSAT,2024-01-01,9\n', 'surveys', 'en');
    expect(s.issues.map((i) => `${i.rowId}:${i.field}:${i.code}`)).toEqual(['header:customerId:required', '3:score:range']);
    expect(s.issues[1].message).toBe('Row 3 (Score): Score of a CSAT survey must be between 1 and 5 (got 9)');
  });

  it('uses the columns the user chose instead of the header match', () => {
    const r = parseCsv('Empresa;Obs;Documento\nAcme;vip;12.345.678/0001-90\n', 'customers', 'pt-BR', { fields: ['name', null, 'externalId'] });
    expect(r.mapping.map((m) => m.field)).toEqual(['name', null, 'externalId']);
    expect(r.rows).toEqual([{ name: 'Acme', externalId: '12.345.678/0001-90' }]);
    expect(parseCsv('a\nx\n', 'customers', 'en', { fields: ['nonsense'] }).mapping[0].field).toBeNull();
  });

  it('keeps an id column, strips a BOM and reads quoted cells with commas', () => {
    const r = parseCsv('\ufeffid,Name,Segment\nc1,"Acme, Inc.",SaaS\n', 'customers', 'en');
    expect(r.rows).toEqual([{ id: 'c1', name: 'Acme, Inc.', segment: 'SaaS' }]);
    expect(r.issues).toEqual([]);
  });
});
