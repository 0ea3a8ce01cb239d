import { describe, expect, it } from 'vitest';
import { fieldsOf, type FieldDef } from '../../core/index.js';
import { planPaste, type PasteColumn } from '../../client/grid/paste.js';
import { coerceInput } from '../../client/grid/coerce.js';

const f = fieldsOf('contracts') as Record<string, FieldDef>;
const cols: PasteColumn[] = [
  { colId: 'value', label: 'Value', field: f.value },
  { colId: 'startDate', label: 'Start', field: f.startDate },
  { colId: 'm.mrr', label: 'MRR', field: null },
];
const coerce = (field: FieldDef, text: string) => coerceInput(field, text, 'pt-BR');

describe('planPaste', () => {
  it('maps lines to the rows below the focused cell and cells to the columns to its right', () => {
    const plan = planPaste([['1.234,50', '31/12/2025'], ['10', '2026-01-02']], ['c1', 'c2'], cols, coerce);
    expect(plan.errors).toEqual([]);
    expect(plan.updates).toEqual([
      { line: 1, id: 'c1', patch: { value: 1234.5, startDate: '2025-12-31' } },
      { line: 2, id: 'c2', patch: { value: 10, startDate: '2026-01-02' } },
    ]);
  });
  it('rejects a whole line when one cell is invalid, naming the line and column', () => {
    const plan = planPaste([['abc', '31/12/2025'], ['5', '']], ['c1', 'c2'], cols, coerce);
    expect(plan.updates).toEqual([{ line: 2, id: 'c2', patch: { value: 5, startDate: null } }]);
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0].line).toBe(1);
    expect(plan.errors[0].message).toBe('Valor: "abc" não é um número');
  });
  it('refuses values pasted onto a computed column', () => {
    const plan = planPaste([['1', '2026-01-01', '999']], ['c1'], cols, coerce);
    expect(plan.updates).toEqual([]);
    expect(plan.errors).toEqual([{ line: 1, message: 'MRR: computed, read-only' }]);
    expect(planPaste([['1', '2026-01-01', '999']], ['c1'], cols, coerce, 'pt-BR').errors).toEqual([{ line: 1, message: 'MRR: calculado, somente leitura' }]);
  });
  it('lines past the last row become new rows, without empty fields', () => {
    const plan = planPaste([['7', '']], [null], cols, coerce);
    expect(plan.inserts).toEqual([{ line: 1, row: { value: 7 } }]);
  });
});

describe('coerceInput', () => {
  it('reads numbers in the person\'s locale and clears on empty', () => {
    expect(coerceInput(f.value, '1.234,5', 'pt-BR')).toEqual({ ok: true, value: 1234.5 });
    expect(coerceInput(f.value, '1,234.5', 'en')).toEqual({ ok: true, value: 1234.5 });
    expect(coerceInput(f.value, '', 'en')).toEqual({ ok: true, value: null });
  });
  it('reports a value that breaks the field rule', () => {
    const r = coerceInput(f.value, '-5', 'en');
    expect(r.ok).toBe(false);
    const p = coerceInput(f.billingPeriodMonths, '2', 'en');
    expect(p.ok).toBe(false);
  });
  it('checks typed values from select editors', () => {
    expect(coerceInput(f.autoRenew, true, 'en')).toEqual({ ok: true, value: true });
    expect(coerceInput(f.model, 'recurring', 'en')).toEqual({ ok: true, value: 'recurring' });
    expect(coerceInput(f.model, 'Avulso', 'pt-BR')).toEqual({ ok: true, value: 'one-off' });
  });
  it('resolves a reference by id or by name', () => {
    const names: Record<string, string> = { 'Acme Ltda': 'cust1' };
    const resolve = (t: string) => (t === 'cust1' ? 'cust1' : names[t]);
    expect(coerceInput(f.customerId, 'Acme Ltda', 'en', resolve)).toEqual({ ok: true, value: 'cust1' });
    expect(coerceInput(f.customerId, 'cust1', 'en', resolve)).toEqual({ ok: true, value: 'cust1' });
    expect(coerceInput(f.customerId, 'Nobody', 'en', resolve)).toEqual({ ok: false, message: 'Customer: "Nobody" not found' });
    expect(coerceInput(f.customerId, 'Ninguém', 'pt-BR', resolve)).toEqual({ ok: false, message: 'Cliente: "Ninguém" não encontrado' });
  });
});
