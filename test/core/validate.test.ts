import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rowIsValid, validateRow, validateSettings } from '../../core/validate.js';
import { tableNames, schema } from '../../core/schema.js';
import { fieldProblem, cleanValue, MAX_MONEY, MAX_COUNT } from '../../core/field.js';
import * as Y from 'yjs';
import { openWorkbook } from '../../core/doc/index.js';
import { ISO_4217_CODES, isCurrencyCode } from '../../core/currency.js';

const codes = (issues: { field: string | null; code: string }[]) => issues.map((e) => `${e.field}:${e.code}`);

describe('validateRow', () => {
  it('accepts a complete valid row of each kind of field', () => {
    expect(validateRow('contracts', { id: 'k1', customerId: 'c1', model: 'recurring', value: 99.9, billingPeriodMonths: 12, setupFee: 0, licenses: 3, startDate: '2024-02-29', autoRenew: true })).toEqual([]);
    expect(validateRow('contacts', { id: 'p1', customerId: 'c1', name: 'Ana', role: 'sponsor', active: false })).toEqual([]);
  });

  it('reports every problem of a row with table, row id, field, code and a message naming them', () => {
    const issues = validateRow('contracts', { id: 'k7', customerId: '', model: 'monthly', value: -1, billingPeriodMonths: 2, licenses: 1.5, startDate: '2023-02-29', autoRenew: 'yes' });
    expect(codes(issues)).toEqual(['customerId:required', 'model:enum', 'value:range', 'billingPeriodMonths:enum', 'licenses:integer', 'startDate:date', 'autoRenew:type']);
    expect(issues[2]).toEqual({
      table: 'contracts', rowId: 'k7', field: 'value', code: 'range',
      message: 'contracts row "k7", field "value": Value must be between 0 and 1000000000000 (got -1)',
      text: { en: 'Value: -1 must be at least 0', 'pt-BR': 'Valor: -1 deve ser no mínimo 0' },
    });
    expect(issues[5].message).toBe('contracts row "k7", field "startDate": Start must be a date YYYY-MM-DD (got "2023-02-29")');
  });

  it('says each problem to people in both languages, by the field label and never the row id', () => {
    const issues = validateRow('contracts', { id: 'k7', customerId: '', model: 'monthly', value: 2e12, billingPeriodMonths: 2, licenses: 1.5, startDate: '2023-02-29', autoRenew: 'yes' });
    expect(issues.map((i) => i.text['pt-BR'])).toEqual([
      'Preencha o campo Cliente',
      'Modelo: "monthly" deve ser Recorrente ou Avulso',
      'Valor: 2000000000000 deve ser no máximo 1.000.000.000.000',
      'Periodicidade (meses): 2 deve ser 1, 3, 6 ou 12',
      'Licenças: 1.5 não é um número inteiro',
      'Início: "2023-02-29" não é uma data (use 31/12/2024 ou 2024-12-31)',
      'Renovação automática: "yes" não é sim ou não (sim/não, true/false, 1/0, x)',
    ]);
    expect(issues.map((i) => i.text.en)[3]).toBe('Billing period (months): 2 must be 1, 3, 6, or 12');
    const named = validateRow('customers', { id: 'c-000007', name: '' });
    expect(named.map((i) => i.text)).toEqual([{ en: 'Name is required', 'pt-BR': 'Preencha o campo Nome' }]);
    expect(JSON.stringify(named.map((i) => i.text))).not.toContain('c-000007');
    const refs = validateRow('surveys', { id: 's1', customerId: 'c-gone', kind: 'csat', date: '2024-01-01', score: 9 }, { customerIds: new Set(['c1']) });
    expect(refs.map((i) => i.text['pt-BR'])).toEqual(['Cliente: este cliente não existe na planilha (excluído?)', 'Nota: 9 deve estar entre 1 e 5 para CSAT']);
  });

  it('names settings by their label in both languages', () => {
    const t = (p: unknown) => validateSettings(p).map((i) => i.text['pt-BR']);
    expect(t({ currency: 'reais' })).toEqual(['Moeda: "reais" não é um código de moeda ISO 4217 (ex.: BRL, USD)']);
    expect(t({ npsWindowDays: 0 })).toEqual(['Janela do NPS (dias): 0 deve ser no mínimo 1']);
    expect(t({ healthWeights: { nps: -1 } })).toEqual(['Peso do NPS: -1 deve ser no mínimo 0']);
    expect(t({ tiers: [{ name: ' ', minMrr: 0 }] })).toEqual(['Nome do porte: não pode ficar vazio']);
    expect(t({ healthBands: { red: 80, green: 50 } })).toEqual(['Faixas de saúde: "vermelho abaixo de" (80) não pode passar de "verde a partir de" (50)']);
    expect(validateSettings({ scheduledTaskDays: 2.5 }).map((i) => i.text.en)).toEqual(['Scheduled tasks horizon (days): 2.5 is not a whole number']);
  });

  it('checks the survey score range by kind (nps 0–10, csat 1–5, ces 1–7)', () => {
    const s = (kind: string, score: number) => codes(validateRow('surveys', { id: 's', customerId: 'c', kind, date: '2024-01-01', score }));
    expect(s('nps', 0)).toEqual([]);
    expect(s('nps', 10)).toEqual([]);
    expect(s('csat', 0)).toEqual(['score:range']);
    expect(s('csat', 5)).toEqual([]);
    expect(s('csat', 6)).toEqual(['score:range']);
    expect(s('ces', 7)).toEqual([]);
    expect(s('ces', 8)).toEqual(['score:range']);
    expect(s('nps', 11)).toEqual(['score:range']);
  });

  it('checks references only when the context gives the ids', () => {
    const row = { id: 's', customerId: 'c9', kind: 'nps', date: '2024-01-01', score: 7, contactId: 'p9' };
    expect(validateRow('surveys', row)).toEqual([]);
    expect(codes(validateRow('surveys', row, { customerIds: new Set(['c1']), contactIds: new Map([['p9', 1]]) }))).toEqual(['customerId:reference']);
  });

  it('does not report endDate before startDate, nor fields it does not know', () => {
    expect(validateRow('contracts', { customerId: 'c', model: 'one-off', value: 1, startDate: '2024-05-01', endDate: '2024-01-01', futureField: 3 })).toEqual([]);
  });

  it('handles junk: non-object rows, bad ids, unknown tables', () => {
    expect(codes(validateRow('customers', 42))).toEqual(['null:type']);
    expect(codes(validateRow('customers', null))).toEqual(['null:type']);
    expect(codes(validateRow('customers', { id: 5, name: 'x' }))).toEqual(['id:type']);
    expect(codes(validateRow('nope' as never, {}))).toEqual(['null:unknown-table']);
  });

  it('never throws on random junk (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...tableNames), fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('id', 'customerId', 'name', 'value', 'kind', 'score', 'date', 'active', 'model', 'startDate'), fc.anything())), (t, row) => {
        const issues = validateRow(t, row, { customerIds: new Set(['c']) });
        for (const i of issues) expect(typeof i.message).toBe('string');
      }),
      { numRuns: 500 },
    );
    fc.assert(fc.property(fc.anything(), (x) => { validateSettings(x); validateSettings({ healthWeights: x, tiers: x, healthBands: x }); }), { numRuns: 300 });
  });
});

describe('rowIsValid', () => {
  // Values that are valid for some field and not for others: enum values of the schema,
  // dates good and bad, ids of rows that exist or not, numbers in and out of every range.
  const enumValues = tableNames.flatMap((t) => Object.values(schema[t].fields).flatMap((f) => ('values' in f ? [...(f as { values: readonly string[] }).values] : [])));
  const pool: unknown[] = ['2026-06-01', '2026-02-30', 'c1', 'gone', 'ct1', '', 'text', 0, 1, 3, 5, 7, 10, 11, -1, 1.5, 1e308, true, false, null, undefined, [], {}, ...new Set(enumValues)];
  // Each field mostly gets a value its own check accepts (so whole rows come out valid), else anything from the pool.
  const rowOf = (t: (typeof tableNames)[number]) => {
    const fields = schema[t].fields as Record<string, Parameters<typeof fieldProblem>[0]>;
    const cells = Object.entries(fields).map(([name, def]) => {
      const fits = pool.filter((v) => v !== null && v !== undefined && v !== '' && fieldProblem(def, v) === null);
      return fc.tuple(fc.constant(name), fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...fits) }, { weight: 1, arbitrary: fc.constantFrom(...pool) }));
    });
    return fc.tuple(fc.constantFrom<unknown>('r1', 'r1', 'r1', '', 5), ...cells).map(([id, ...pairs]) => ({ id, ...Object.fromEntries(pairs as [string, unknown][]) }));
  };
  const refs = { customerIds: new Set(['c1']), contactIds: new Set(['ct1']) };

  it('agrees with validateRow finding nothing, on valid and invalid rows of every table (property)', () => {
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...tableNames).chain((t) => fc.tuple(fc.constant(t), rowOf(t))), ([t, row]) => {
        const valid = rowIsValid(t, row, refs);
        expect(valid).toBe(validateRow(t, row, refs).length === 0);
        seen[valid ? 'valid' : 'invalid']++;
      }),
      { numRuns: 2000, seed: 14 },
    );
    // Both answers were exercised, not only the invalid one.
    expect(seen.valid).toBeGreaterThan(50);
    expect(seen.invalid).toBeGreaterThan(50);
  });

  it('is false for junk, an unknown table and a wrong score for the survey kind', () => {
    expect(rowIsValid('customers', 42)).toBe(false);
    expect(rowIsValid('nope' as never, {})).toBe(false);
    expect(rowIsValid('surveys', { id: 's', customerId: 'c1', date: '2026-06-01', kind: 'csat', score: 9 }, refs)).toBe(false);
    expect(rowIsValid('surveys', { id: 's', customerId: 'c1', date: '2026-06-01', kind: 'nps', score: 9 }, refs)).toBe(true);
    expect(rowIsValid('usage', { id: 'u', customerId: 'gone', date: '2026-06-01', userId: 'ana', actions: 3 }, refs)).toBe(false);
    expect(rowIsValid('usage', { id: 'u', customerId: 'gone', date: '2026-06-01', userId: 'ana', actions: 3 })).toBe(true);
  });
});

describe('validateSettings', () => {
  it('accepts METRICS.md-shaped partial settings', () => {
    expect(validateSettings({ healthWeights: { nps: 25 }, healthBands: { red: 40, green: 80 }, tiers: [{ name: 'Enterprise', minMrr: 50000 }], currency: 'USD', locale: 'en' })).toEqual([]);
  });
  it('names each nested problem', () => {
    const issues = validateSettings({ healthWeights: { nps: -1, bogus: 3 }, healthBands: { red: 90, green: 60 }, csatWindowDays: 1.5, tiers: [{ name: 'A', minMrr: 'x' }], currency: 'real', extra: 1 });
    expect(codes(issues)).toEqual([
      'healthWeights.nps:range',
      'healthWeights:type',
      'csatWindowDays:integer',
      'tiers.0.minMrr:type',
      'currency:type',
      'extra:type',
      'healthBands:range',
    ]);
    expect(issues.every((i) => i.table === 'settings')).toBe(true);
  });
});

describe('settings currency (ISO 4217)', () => {
  it('accepts ISO 4217 codes and refuses three letters that are not one, in both languages', () => {
    for (const c of ['BRL', 'USD', 'EUR', 'JPY', 'CLP']) expect(validateSettings({ currency: c }), c).toEqual([]);
    const [zzz, ...rest] = validateSettings({ currency: 'ZZZ' });
    expect(rest).toEqual([]);
    expect([zzz.field, zzz.code]).toEqual(['currency', 'enum']);
    expect(zzz.text).toEqual({
      en: '"ZZZ" is not an ISO 4217 currency code (such as BRL, USD or EUR)',
      'pt-BR': '"ZZZ" não é um código de moeda ISO 4217 (como BRL, USD ou EUR)',
    });
    // Not three capital letters: a format problem, as before.
    expect(codes(validateSettings({ currency: 'brl' }))).toEqual(['currency:type']);
  });
  it('a workbook keeps its currency when a write of "ZZZ" is refused', () => {
    const wb = openWorkbook(new Y.Doc());
    expect(wb.updateSettings({ currency: 'USD' }).ok).toBe(true);
    const r = wb.updateSettings({ currency: 'ZZZ' });
    expect(r.ok).toBe(false);
    expect(wb.settings().currency).toBe('USD');
  });
  it('knows every currency Intl formats here, except the withdrawn Croatian kuna', () => {
    const intl = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('currency') ?? [];
    expect(intl.filter((c) => !isCurrencyCode(c))).toEqual(intl.includes('HRK') ? ['HRK'] : []);
    expect(ISO_4217_CODES.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
  });
});

describe('maximum amounts (docs/glossary.md)', () => {
  it('money above MAX_MONEY and counts above MAX_COUNT are invalid, so metrics treat them as empty', () => {
    const f = schema.contracts.fields;
    expect(fieldProblem(f.value, 1e308)).toBe('range');
    expect(fieldProblem(f.value, MAX_MONEY)).toBeNull();
    expect(fieldProblem(f.value, MAX_MONEY + 1)).toBe('range');
    expect(fieldProblem(f.setupFee, 5e12)).toBe('range');
    expect(fieldProblem(schema.invoices.fields.amount, 1e13)).toBe('range');
    expect(fieldProblem(f.licenses, MAX_COUNT)).toBeNull();
    expect(fieldProblem(f.licenses, MAX_COUNT + 1)).toBe('range');
    expect(fieldProblem(schema.usage.fields.actions, 1e10)).toBe('range');
    expect(cleanValue(f.value, 1e308)).toBeUndefined();
    expect(cleanValue(f.setupFee, 1e308)).toBe(0);
  });
});
