// The cases the old test-only `parseCsv` covered, retargeted to the app's importer
// (readSpreadsheet → planImport): header matching, a missing required column, columns the
// person chose, id/BOM/quoted cells, bad cells reported per line and field, random text.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { guessMapping, planImport, readSpreadsheet, type ExistingRows } from '../../../core/index.js';

const none: ExistingRows = { list: () => [] };
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const plan = (text: string, name: string, opts: Partial<Parameters<typeof planImport>[2]> = {}, existing = none) =>
  planImport(readSpreadsheet(utf8(text), name).sheets, existing, { lang: 'pt-BR', ...opts });

describe('CSV import (the app importer)', () => {
  it('matches headers by field name, labels in both languages and aliases, ignoring case, accents and separators', () => {
    expect(guessMapping('contracts', ['VALOR', 'Início', 'customer_id', 'Cor favorita']).map((m) => m.field)).toEqual(['value', 'startDate', 'customerId', null]);
    expect(guessMapping('contracts', ['inicio', 'Cliente']).map((m) => m.field)).toEqual(['startDate', 'customerId']);
    expect(guessMapping('customers', ['CNPJ', 'Razão Social', 'Data de cadastro']).map((m) => m.field)).toEqual(['externalId', 'name', 'registeredAt']);
    // A field is filled by its first column only.
    expect(guessMapping('contracts', ['Início', 'inicio']).map((m) => m.field)).toEqual(['startDate', null]);
  });

  it('a missing required column is one problem of the sheet, naming the field', () => {
    const p = plan('Tipo,Data,Nota\nNPS,2024-01-01,9\n', 'Pesquisas.csv');
    expect(p.sheets[0].table).toBe('surveys');
    expect(p.sheets[0].problem?.en).toContain('Customer');
    expect(p.counts.new).toBe(0);
  });

  it('uses the columns the person chose instead of the header match (null skips, unknown fields are ignored)', () => {
    const p = plan('Empresa;Obs;Documento\nAcme;vip;12.345.678/0001-90\n', 'x.csv', { choices: [{ table: 'customers', fields: ['name', null, 'externalId'] }] });
    expect(p.sheets[0].mapping.map((m) => m.field)).toEqual(['name', null, 'externalId']);
    expect(p.sheets[0].inserts.map((r) => r.row)).toEqual([{ id: expect.any(String), name: 'Acme', externalId: '12.345.678/0001-90' }]);
    const q = plan('a\nx\n', 'x.csv', { choices: [{ table: 'customers', fields: ['nonsense'] }] });
    expect(q.sheets[0].mapping[0].field).toBeNull();
  });

  it('keeps an id column, strips a BOM and reads quoted cells with commas', () => {
    const p = plan('\ufeffid,Name,Segment\nc1,"Acme, Inc.",SaaS\n', 'customers.csv');
    expect(p.sheets[0].inserts.map((r) => r.row)).toEqual([{ id: 'c1', name: 'Acme, Inc.', segment: 'SaaS' }]);
    expect(p.counts).toEqual({ new: 1, changed: 0, unchanged: 0, invalid: 0 });
  });

  it('reports each bad cell of a pt-BR semicolon file with its line and field; blank lines are skipped', () => {
    const csv = [
      'Cliente;Modelo;Valor;Periodicidade (meses);Início;Fim;Renovação automática;Observação',
      'Acme;Recorrente;1.234,56;12;01/02/2024;31/01/2025;sim;ok',
      '',
      '12.345.678/0001-90;Avulso;abc;1;2024-03-01;;não;',
      'Ninguém;Recorrente;10;2;32/01/2024;;talvez;',
      'Beta;Recorrente;10;2;2024-03-01;;sim;',
    ].join('\r\n');
    const customers = [{ id: 'c1', name: 'ACME', externalId: '98.765.432/0001-10' }, { id: 'c2', name: 'Beta', externalId: '12.345.678/0001-90' }];
    const p = plan(csv, 'contratos.csv', {}, { list: (t) => (t === 'customers' ? customers : []) });
    const s = p.sheets[0];
    expect(s.inserts.map((r) => [r.line, r.row])).toEqual([
      [2, { id: expect.any(String), customerId: 'c1', model: 'recurring', value: 1234.56, billingPeriodMonths: 12, startDate: '2024-02-01', endDate: '2025-01-31', autoRenew: true }],
    ]);
    // Line 4: "abc" is not a value; line 5: unknown customer, 32/01 no date, "talvez" no yes/no
    // (row rules such as the billing period run once every cell reads); line 6: 2 is not a billing period.
    expect(s.invalid.map((r) => [r.line, r.problems.map((x) => x.field).sort()])).toEqual([
      [4, ['value']],
      [5, ['autoRenew', 'customerId', 'startDate']],
      [6, ['billingPeriodMonths']],
    ]);
  });

  it('never throws on random text (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => { planImport(readSpreadsheet(utf8(s), 'x.csv').sheets, none, { lang: 'en' }); }), { numRuns: 200 });
  });
});
