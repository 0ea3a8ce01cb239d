// Formula columns as the workbook holds them: references between columns, cycles,
// removed columns, the refusal of bad formulas with their position (dialog and settings
// validation), the locale rewrite and renames; and end to end through the document,
// computeCustomerMetrics and the incremental engine.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  checkFormula, computeCustomerMetrics, computeDashboard, createDerivation, evaluateCustomColumns, localizeFormula, openWorkbook,
  parseFormula, renameReferences, syntaxOf, validateSettings, type CustomColumn, type CustomerMetrics,
} from '../../../core/index.js';

const base = computeCustomerMetrics({ customers: [{ id: 'c', name: 'A' }], contracts: [], activities: [], surveys: [], invoices: [], tickets: [], usage: [], contacts: [] }, '2024-03-15').get('c')!;
const m = (o: Partial<CustomerMetrics>): CustomerMetrics => ({ ...base, ...o });
const cols = (...fs: [string, string, string][]): CustomColumn[] => fs.map(([id, label, formula]) => ({ id, label, formula }));
const run = (defs: CustomColumn[], o: Partial<CustomerMetrics> = {}) => evaluateCustomColumns(defs, { id: 'c', name: 'A' }, m(o), '2024-03-15', 'en-US');

describe('columns referring to each other', () => {
  it('reads another formula column by id or by [label], in any order of definition', () => {
    const defs = cols(['total', 'Total', 'base * 2'], ['base', 'Base value', 'mrr + 1'], ['label', 'Label', 'IF([Total] > 100, "big", "small")']);
    expect(run(defs, { mrr: 99 })).toEqual({ total: 200, base: 100, label: 'big' });
  });
  it('gives #CYCLE! to every column on a cycle, and to the ones reading it', () => {
    const defs = cols(['a', 'A col', 'b + 1'], ['b', 'B col', '[A col] + 1'], ['c', 'C col', 'a * 2'], ['d', 'D col', 'd'], ['ok', 'Fine', 'IFERROR(c, 7)']);
    expect(run(defs)).toEqual({ a: { error: '#CYCLE!' }, b: { error: '#CYCLE!' }, c: { error: '#CYCLE!' }, d: { error: '#CYCLE!' }, ok: 7 });
  });
  it('gives #REF! where a formula names a removed column, never an exception', () => {
    const defs = cols(['x', 'X', '[Gone] * 2'], ['y', 'Y', 'removedId + 1']);
    expect(run(defs)).toEqual({ x: { error: '#REF!' }, y: { error: '#REF!' } });
  });
  it('returns the same empty object for every customer when there are no formula columns', () => {
    expect(run([])).toBe(run([]));
    expect(run([])).toEqual({});
  });
});

describe('refusing a formula when it is saved', () => {
  it('reports a parse error with its position', () => {
    const r = parseFormula('IF(mrr > 1, "a" "b")');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.start).toBe(16); // the second string, where a separator was expected
    const unclosed = parseFormula('ROUND(mrr, 2');
    expect(unclosed.ok === false && unclosed.problem.start).toBe(12); // at the end
    const pt = parseFormula('SE(mrr > 1.5; 1; 0)', syntaxOf('pt-BR'));
    expect(pt.ok === false && pt.problem.start).toBe(10); // the "." of 1.5
    expect(pt.ok === false && pt.problem.message['pt-BR']).toContain('vírgula');
    const comma = parseFormula('SE(mrr > 1, 1, 0)', syntaxOf('pt-BR'));
    expect(comma.ok === false && comma.problem.start).toBe(10);
  });
  it('the dialog check also refuses unknown names, argument counts and cycles, with positions', () => {
    const defs = cols(['a', 'A', 'mine * 2']);
    const self = { id: 'mine', label: 'Mine' };
    expect(checkFormula('mrr * 2', 'en-US', defs, self)).toEqual({ ok: true });
    const unknown = checkFormula('mrr + bogus', 'en-US', defs, self);
    expect(unknown.ok === false && [unknown.problem.start, unknown.problem.end]).toEqual([6, 11]);
    const fn = checkFormula('1 + FOO(2)', 'en-US', defs, self);
    expect(fn.ok === false && fn.problem.start).toBe(4);
    expect(fn.ok === false && fn.problem.message.en).toContain('FOO');
    const arity = checkFormula('ROUND(1, 2, 3)', 'en-US', defs, self);
    expect(arity.ok === false && arity.problem.message.en).toBe('ROUND takes 1 to 2 argument(s), not 3.');
    const cycle = checkFormula('[A] + 1', 'en-US', defs, self);
    expect(cycle.ok === false && cycle.problem.message.en).toContain('refers back to itself');
    expect(checkFormula('SE(mrr>1;1;0)', 'pt-BR', defs, self)).toEqual({ ok: true });
  });
  it('settings validation refuses formulas that parse in no syntax, duplicates and built-in names', () => {
    expect(validateSettings({ customColumns: cols(['a', 'A', 'mrr*2'], ['b', 'B', 'SE(mrr>1,5;1;0)']) })).toEqual([]);
    const bad = validateSettings({ customColumns: cols(['a', 'A', 'mrr*(2']) });
    expect(bad.map((i) => i.field)).toEqual(['customColumns.0.formula']);
    expect(bad[0].message).toContain('character 7');
    const dup = validateSettings({ customColumns: cols(['a', 'Same', '1'], ['a', 'same', '2']) });
    expect(dup.map((i) => i.field).sort()).toEqual(['customColumns.1.id', 'customColumns.1.label']);
    const builtin = validateSettings({ customColumns: cols(['mrr', 'Health score', '1']) });
    expect(builtin.map((i) => i.field).sort()).toEqual(['customColumns.0.id', 'customColumns.0.label']);
    expect(validateSettings({ customColumns: [{ id: 'a', label: 'A', formula: '1', format: 'weird' }] })[0].field).toBe('customColumns.0.format');
    expect(validateSettings({ customColumns: 'nope' })[0].field).toBe('customColumns');
  });
});

describe('hostile formulas', () => {
  it('never throw: deep nesting is refused, long chains evaluate, junk is a parse problem', () => {
    const deep = '('.repeat(200) + '1' + ')'.repeat(200);
    const r = parseFormula(deep);
    expect(r.ok === false && r.problem.message.en).toContain('nested too deeply');
    expect(run(cols(['x', 'X', '-'.repeat(500) + '1'])).x).toEqual({ error: '#NAME?' });
    expect(run(cols(['x', 'X', Array(900).fill('1').join('+')])).x).toBe(900);
    expect(parseFormula('x'.repeat(2001)).ok).toBe(false);
    expect(parseFormula(42 as unknown as string).ok).toBe(false);
    for (const junk of ['"', '[', '[]', ')', '(', '1 2', 'IF(', 'IF(1,', '#', '1,,2', 'a..b(', '\u0000']) {
      const p = parseFormula(junk);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.problem.start).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('rewriting formulas', () => {
  it('moves a formula between the English and pt-BR syntax', () => {
    expect(localizeFormula('IF(mrr > 1.5, "a,b", 2)', 'en-US', 'pt-BR')).toBe('IF(mrr > 1,5; "a,b"; 2)');
    expect(localizeFormula('SE(mrr > 1,5; "a;b"; 2)', 'pt-BR', 'en')).toBe('SE(mrr > 1.5, "a;b", 2)');
    expect(localizeFormula('mrr*2', 'pt-BR', 'pt-BR')).toBe('mrr*2');
  });
  it('follows a renamed column in the formulas that read it by label', () => {
    const defs = cols(['a', 'Old name', '1'], ['b', 'B', '[old name] + [Old name]*a']);
    expect(renameReferences(defs[1].formula, 'en-US', defs, 'a', 'New name')).toBe('[New name] + [New name]*a');
  });
});

describe('through the workbook', () => {
  const data = () => {
    const doc = new Y.Doc();
    const wb = openWorkbook(doc);
    wb.insert('customers', { id: 'c1', name: 'Alfa', segment: 'SaaS' });
    wb.insert('customers', { id: 'c2', name: 'Beta', segment: 'Varejo' });
    wb.insert('contracts', { id: 'k1', customerId: 'c1', model: 'recurring', value: 3000, startDate: '2023-01-01' });
    wb.insert('contracts', { id: 'k2', customerId: 'c2', model: 'recurring', value: 500, startDate: '2023-01-01' });
    return wb;
  };
  it('computeCustomerMetrics returns metrics.custom, and the engine follows edits and definition changes', () => {
    const wb = data();
    expect(wb.updateSettings({ customColumns: cols(['size', 'Size', 'IF(mrr >= 1000, "large", "small")'], ['twice', 'Twice', 'mrr*2']) }).ok).toBe(true);
    const eng = createDerivation(wb, { asOf: '2024-03-15' });
    expect(eng.get('c1')!.custom).toEqual({ size: 'large', twice: 6000 });
    expect(eng.get('c2')!.custom).toEqual({ size: 'small', twice: 1000 });
    const changes: string[][] = [];
    eng.onChange((e) => changes.push(e.customers));
    wb.update('contracts', 'k2', { value: 1500 });
    expect(eng.get('c2')!.custom).toEqual({ size: 'large', twice: 3000 });
    expect(changes.at(-1)).toContain('c2');
    wb.update('customers', 'c1', { segment: 'Indústria' });
    expect(wb.updateSettings({ customColumns: cols(['seg', 'Seg', 'UPPER(segment)']) }).ok).toBe(true);
    expect(eng.get('c1')!.custom).toEqual({ seg: 'INDÚSTRIA' });
    const full = computeCustomerMetrics(wb.snapshot(), '2024-03-15');
    for (const id of ['c1', 'c2']) expect(eng.get(id)).toEqual(full.get(id));
  });
  it('a refused formula changes nothing and says where', () => {
    const wb = data();
    const r = wb.updateSettings({ customColumns: cols(['x', 'X', 'mrr +* 2']) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toContain('character 6');
    expect(wb.settings().customColumns).toEqual([]);
  });
  it('the dashboard filter selects on formula columns by value or range', () => {
    const wb = data();
    wb.updateSettings({ customColumns: cols(['size', 'Size', 'IF(mrr >= 1000, "Large", "small")'], ['m', 'M', 'mrr']) });
    const snap = wb.snapshot();
    const count = (filter: object) => computeDashboard(snap, { asOf: '2024-03-15', filter }).customers;
    expect(count({ custom: { size: ['large'] } })).toBe(1);
    expect(count({ custom: { size: ['small', 'LARGE'] } })).toBe(2);
    expect(count({ custom: { m: { min: 400, max: 600 } } })).toBe(1);
    expect(count({ custom: { m: { min: 10000 } } })).toBe(0);
    expect(count({ custom: { gone: ['x'] } })).toBe(0);
    expect(count({ custom: 'junk' })).toBe(2);
  });
});
