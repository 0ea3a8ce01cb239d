import { describe, expect, it } from 'vitest';
import { fieldsOf, tableNames } from '../../core/index.js';
import { fieldColumns, metricColumns, type ColumnEnv } from '../../client/grid/columns.js';
import { loadPrefs, prefsOf, savePrefs } from '../../client/grid/persist.js';
import { createFormatters } from '../../client/i18n/format.js';
import { translate } from '../../client/i18n/strings.js';

const env = (readOnly = false): ColumnEnv => ({
  lang: 'en',
  readOnly,
  fmt: createFormatters('en', 'BRL'),
  t: (k, v) => translate('en', k, v),
  refName: (_t, id) => (id === 'c1' ? 'Acme Ltda' : undefined),
  refOptions: () => [{ id: 'c1', name: 'Acme Ltda' }],
  renewalSoonDays: 30,
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
    expect(byId.value.cellEditor).toBe('agTextCellEditor');
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
      ['mrr', 'arr', 'status', 'tier', 'healthScore', 'situation', 'variation7d', 'variation15d', 'variation30d', 'engagementScore', 'nps', 'csat', 'licenses', 'renewalDate', 'daysToRenewal', 'pendingActivities', 'lateActivities', 'lastInteraction', 'lastPurchase', 'overdueInvoices', 'ticketsAboveSla', 'activeUsers30d', 'tcv', 'ltv', 'sponsor'].map((k) => `m.${k}`),
    );
    expect(cols.every((c) => c.editable === false && c.headerTooltip === 'Computed from the workbook (METRICS.md); read-only')).toBe(true);
  });
});

class MemoryStorage {
  m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

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
