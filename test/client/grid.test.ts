import { describe, expect, it } from 'vitest';
import { fieldsOf, tableNames } from '../../core/index.js';
import { fieldColumns, metricColumns, metricGroups, type ColumnEnv } from '../../client/grid/columns.js';
import { NumberEditor } from '../../client/grid/number-editor.js';
import { customerColumns } from '../../core/index.js';
import { loadPrefs, prefsOf, savePrefs } from '../../client/grid/persist.js';
import { createFormatters } from '../../client/i18n/format.js';
import { translator } from '../../client/i18n/catalog.js';
import { MemoryStorage } from './memory-storage.js';

const env = (readOnly = false): ColumnEnv => ({
  lang: 'en',
  readOnly,
  fmt: createFormatters('en', 'BRL'),
  t: translator(() => 'en'),
  refName: (_t, id) => (id === 'c1' ? 'Acme Ltda' : undefined),
  refOptions: () => [{ id: 'c1', name: 'Acme Ltda' }],
  renewalSoonDays: 30,
  weights: () => ({ engagement: 30, nps: 20, financial: 20, support: 15, adoption: 10, relationship: 5 }),
});

describe('columns', () => {
  it('one editable column per schema field, with the editor its kind needs', () => {
    for (const t of tableNames) {
      const cols = fieldColumns(t, env());
      expect(cols.map((c) => c.colId)).toEqual(Object.keys(fieldsOf(t)));
      expect(cols.every((c) => c.editable === true)).toBe(true);
    }
    const byId = Object.fromEntries(fieldColumns('contracts', env()).map((c) => [c.colId, c]));
    expect(byId.startDate.cellEditor).toBe('agDateStringCellEditor');
    expect(byId.model.cellEditor).toBe('agSelectCellEditor');
    // Numbers are typed as text in the workbook locale's notation (read by the sheet, strictly).
    expect(byId.value.cellEditor).toBe(NumberEditor);
    expect(byId.customerId.cellEditorPopup).toBe(true);
  });
  it('a viewer gets no editable column', () => {
    expect(fieldColumns('customers', env(true)).some((c) => c.editable)).toBe(false);
  });
  it('shows a customer reference by name, and says when the customer is missing', () => {
    const ref = fieldColumns('contracts', env()).find((c) => c.colId === 'customerId')!;
    const fmt = ref.valueFormatter as (p: { value: unknown }) => string;
    expect(fmt({ value: 'c1' })).toBe('Acme Ltda');
    expect(fmt({ value: 'gone' })).toBe('(missing customer gone)');
  });
  it('the Customers sheet has every derived column of the issue, computed and read-only', () => {
    const cols = metricColumns(env());
    expect(cols.map((c) => c.colId)).toEqual(
      customerColumns.filter((c) => c.grid).map((c) => `m.${c.id}`),
    );
    expect(cols[0].colId).toBe('m.mrr');
    expect(cols.map((c) => c.headerName).slice(0, 4)).toEqual(['MRR', 'ARR', 'Status', 'Tier']);
    // Each header explains the column with its catalog formula sentence, then says it is computed.
    expect(cols.every((c) => c.editable === false && String(c.headerTooltip).endsWith('Computed from the workbook (METRICS.md); read-only'))).toBe(true);
    expect(cols[0].headerTooltip).toBe('Monthly value of the recurring contracts active on the as-of date.\nComputed from the workbook (METRICS.md); read-only');
  });
});

describe('column groups of the Customers sheet', () => {
  it('every derived grid column sits in one of the four named groups, each keeping key columns when collapsed', () => {
    const groups = metricGroups(env());
    expect(groups.map((g) => g.headerName)).toEqual(['Revenue', 'Health', 'Relationship', 'Support & billing']);
    expect(metricGroups({ ...env(), lang: 'pt-BR' }).map((g) => g.headerName)).toEqual(['Receita', 'Saúde', 'Relacionamento', 'Suporte e financeiro']);
    const inGroups = groups.flatMap((g) => g.children.map((c) => (c as { colId: string }).colId));
    expect([...inGroups].sort()).toEqual(metricColumns(env()).map((c) => c.colId).sort());
    const keys = groups.map((g) => g.children.filter((c) => !(c as { columnGroupShow?: string }).columnGroupShow).map((c) => (c as { colId: string }).colId));
    expect(keys).toEqual([['m.mrr', 'm.daysToRenewal'], ['m.healthScore', 'm.situation'], ['m.lateActivities', 'm.lastInteraction'], ['m.overdueInvoices', 'm.ticketsAboveSla']]);
  });
});

describe('health score hover', () => {
  it('explains the score: value × weight → contribution, indicators without data left out', () => {
    const col = metricColumns(env()).find((c) => c.colId === 'm.healthScore')!;
    const get = col.tooltipValueGetter as (p: { data: unknown }) => string | null;
    const m = { healthScore: 92.5, indicators: { engagement: 80, adoption: 100, nps: null, support: 100, financial: 100, relationship: 100 } };
    // Counted weights: 30 + 10 + 15 + 20 + 5 = 80 (NPS has no data). Contributions: 30·80/80 = 30,
    // 10·100/80 = 12.5, 15·100/80 = 18.75, 20·100/80 = 25, 5·100/80 = 6.25; sum 92.5.
    expect(get({ data: { id: 'c1', $m: m } })!.split('\n')).toEqual([
      'Health score 92.5',
      'Engagement: 80 × 30 → 30',
      'Adoption: 100 × 10 → 12.5',
      'NPS: no data — left out',
      'Support: 100 × 15 → 18.8',
      'Financial: 100 × 20 → 25',
      'Relationship: 100 × 5 → 6.3',
    ]);
    expect(get({ data: { id: 'c2', $m: { ...m, healthScore: null } } })).toBeNull();
  });
});

describe('sheet preferences', () => {
  it('keeps layout, sort and filters per person and sheet, not focus or scroll', () => {
    const s = new MemoryStorage();
    const state = { sort: { sortModel: [{ colId: 'name', sort: 'asc' as const }] }, focusedCell: { colId: 'name', rowIndex: 3, rowPinned: null }, scroll: { top: 10, left: 0 } };
    savePrefs(s, 'wb', 'Ana', 'customers', { state: prefsOf(state), quick: 'acme' });
    expect(loadPrefs(s, 'wb', 'Ana', 'customers')).toEqual({ state: { sort: { sortModel: [{ colId: 'name', sort: 'asc' }] } }, quick: 'acme' });
    expect(loadPrefs(s, 'wb', 'Bruno', 'customers')).toEqual({});
    expect(loadPrefs(s, 'wb', 'Ana', 'contracts')).toEqual({});
  });
  it('garbage in storage gives no preferences instead of an error', () => {
    const s = new MemoryStorage();
    s.setItem('pulso:grid:wb:Ana:customers', '{not json');
    expect(loadPrefs(s, 'wb', 'Ana', 'customers')).toEqual({});
  });
});
