// settings.customColumns stored one entry per column (core/doc/custom-columns.ts): two
// people adding or editing different formula columns at once both keep their change;
// editing the same one, one whole definition wins on every replica; documents that still
// hold the old array read as before and are rewritten in the new form on the next write.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook, type CustomColumn, type Workbook } from '../../../core/index.js';

const sync = (a: Workbook, b: Workbook) => {
  const ua = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc));
  const ub = Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc));
  Y.applyUpdate(b.doc, ua);
  Y.applyUpdate(a.doc, ub);
};
/** Two replicas of one workbook; client ids fixed so "who wins" is the same every run. */
function pair(): [Workbook, Workbook] {
  const da = new Y.Doc(), db = new Y.Doc();
  da.clientID = 1;
  db.clientID = 2;
  return [openWorkbook(da), openWorkbook(db)];
}
const ok = (r: { ok: boolean }) => expect(r.ok).toBe(true);
const col = (id: string, label: string, formula: string, format?: CustomColumn['format']): CustomColumn => ({ id, label, formula, ...(format ? { format } : {}) });
const base = col('annual', 'Annual', 'mrr*12');

describe('formula columns merge', () => {
  it('two people adding different columns at once: both kept, in the same order on both replicas', () => {
    const [a, b] = pair();
    ok(a.updateSettings({ customColumns: [base] }));
    sync(a, b);
    // Concurrently (no sync in between): each appends one after "annual".
    ok(a.updateSettings({ customColumns: [...a.settings().customColumns, col('risk', 'Risk', 'IF(healthScore<50,"yes","no")')] }));
    ok(b.updateSettings({ customColumns: [...b.settings().customColumns, col('band', 'Band', 'healthBand')] }));
    sync(a, b);
    // Both got position 1 (after annual's 0): tie broken by id, "band" < "risk".
    const expected = [base, col('band', 'Band', 'healthBand'), col('risk', 'Risk', 'IF(healthScore<50,"yes","no")')];
    expect(a.settings().customColumns).toEqual(expected);
    expect(b.settings().customColumns).toEqual(expected);
  });

  it('one person edits a column while another adds one: both changes kept', () => {
    const [a, b] = pair();
    ok(a.updateSettings({ customColumns: [base, col('risk', 'Risk', 'healthScore<50')] }));
    sync(a, b);
    ok(a.updateSettings({ customColumns: [col('annual', 'Annual value', 'ROUND(mrr*12, 0)', 'money'), col('risk', 'Risk', 'healthScore<50')] }));
    ok(b.updateSettings({ customColumns: [base, col('risk', 'Risk', 'healthScore<50'), col('x2', 'Double', 'mrr*2')] }));
    sync(a, b);
    const expected = [col('annual', 'Annual value', 'ROUND(mrr*12, 0)', 'money'), col('risk', 'Risk', 'healthScore<50'), col('x2', 'Double', 'mrr*2')];
    expect(a.settings().customColumns).toEqual(expected);
    expect(b.settings().customColumns).toEqual(expected);
  });

  it('two people editing the same column at once: one whole definition wins on both replicas, never a mix', () => {
    const [a, b] = pair();
    ok(a.updateSettings({ customColumns: [base] }));
    sync(a, b);
    const fromA = col('annual', 'Annual (A)', 'mrr*12', 'money');
    const fromB = col('annual', 'Annual', 'arr', 'number');
    ok(a.updateSettings({ customColumns: [fromA] }));
    ok(b.updateSettings({ customColumns: [fromB] }));
    sync(a, b);
    const got = a.settings().customColumns;
    expect(b.settings().customColumns).toEqual(got);
    expect(got).toHaveLength(1);
    expect([fromA, fromB]).toContainEqual(got[0]);
    // Yjs keeps the write of the higher client id for one key: replica b (2).
    expect(got[0]).toEqual(fromB);
  });

  it('a delete and a concurrent add: the deleted column goes, the added one stays', () => {
    const [a, b] = pair();
    ok(a.updateSettings({ customColumns: [base, col('risk', 'Risk', 'healthScore<50')] }));
    sync(a, b);
    ok(a.updateSettings({ customColumns: [col('risk', 'Risk', 'healthScore<50')] }));
    ok(b.updateSettings({ customColumns: [base, col('risk', 'Risk', 'healthScore<50'), col('x2', 'Double', 'mrr*2')] }));
    sync(a, b);
    const ids = [col('risk', 'Risk', 'healthScore<50'), col('x2', 'Double', 'mrr*2')];
    expect(a.settings().customColumns).toEqual(ids);
    expect(b.settings().customColumns).toEqual(ids);
  });

  it('two columns added at once whose names clash (Risk / risk): one is shown, not none', () => {
    const [a, b] = pair();
    ok(a.updateSettings({ customColumns: [col('risk_a', 'Risk', '1')] }));
    ok(b.updateSettings({ customColumns: [col('risk_b', 'risk', '2')] }));
    sync(a, b);
    // Both at position 0: id order, risk_a first; risk_b's name folds to the same and is dropped.
    expect(a.settings().customColumns).toEqual([col('risk_a', 'Risk', '1')]);
    expect(b.settings().customColumns).toEqual([col('risk_a', 'Risk', '1')]);
  });

  it('reorders and renames keep the order asked for', () => {
    const [a] = pair();
    ok(a.updateSettings({ customColumns: [base, col('risk', 'Risk', '1'), col('x2', 'Double', 'mrr*2')] }));
    ok(a.updateSettings({ customColumns: [col('x2', 'Double', 'mrr*2'), base, col('risk', 'Risk!', '1')] }));
    expect(a.settings().customColumns.map((c) => [c.id, c.label])).toEqual([['x2', 'Double'], ['annual', 'Annual'], ['risk', 'Risk!']]);
  });
});

describe('documents that still hold the array', () => {
  it('read as before, then written one entry per column (the array key removed)', () => {
    const wb = openWorkbook(new Y.Doc());
    const m = wb.doc.getMap('settings');
    m.set('customColumns', [base, col('risk', 'Risk', 'healthScore<50', 'text')]);
    expect(wb.settings().customColumns).toEqual([base, col('risk', 'Risk', 'healthScore<50', 'text')]);
    ok(wb.updateSettings({ customColumns: [...wb.settings().customColumns, col('x2', 'Double', 'mrr*2')] }));
    expect(m.has('customColumns')).toBe(false);
    expect([...m.keys()].filter((k) => k.startsWith('customColumns.')).sort()).toEqual(['customColumns.annual', 'customColumns.risk', 'customColumns.x2']);
    expect(m.get('customColumns.risk')).toEqual({ label: 'Risk', formula: 'healthScore<50', format: 'text', position: 1 });
    expect(wb.settings().customColumns.map((c) => c.id)).toEqual(['annual', 'risk', 'x2']);
  });

  it('an old client writing the array after the migration: its columns still show, after the others', () => {
    const [a, b] = pair();
    ok(a.updateSettings({ customColumns: [base] }));
    sync(a, b);
    b.doc.getMap('settings').set('customColumns', [base, col('old', 'From old app', 'mrr')]);
    sync(a, b);
    expect(a.settings().customColumns).toEqual([base, col('old', 'From old app', 'mrr')]);
  });

  it('an invalid stored entry hides only itself', () => {
    const wb = openWorkbook(new Y.Doc());
    ok(wb.updateSettings({ customColumns: [base] }));
    const m = wb.doc.getMap('settings');
    m.set('customColumns.bad', { label: 'Bad', formula: 'SUM(', position: 1 });
    m.set('customColumns.mrr', { label: 'Shadow', formula: '1', position: 2 }); // a built-in id
    m.set('customColumns.junk', 42);
    expect(wb.settings().customColumns).toEqual([base]);
    expect(wb.snapshot().settings!.customColumns).toEqual([base]);
  });
});
