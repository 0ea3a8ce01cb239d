// The `openTickets` customer column (core/catalog/columns.ts): tickets open on D, i.e.
// openedAt ≤ D and (closedAt empty or > D). Expected counts worked out by hand (D = 2024-03-15).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { computeCustomerMetrics, customerColumns, createDerivation, openWorkbook, type WorkbookData } from '../../../core/index.js';
import { metricColumns } from '../../../client/grid/columns.js';
import { translator } from '../../../client/i18n/catalog.js';
import { createFormatters } from '../../../client/i18n/format.js';

const D = '2024-03-15';
const t = (id: string, customerId: string, o: Record<string, unknown>) => ({ id, customerId, ...o });
const data = {
  customers: [{ id: 'a', name: 'Alfa' }, { id: 'b', name: 'Beta' }],
  contracts: [], activities: [], surveys: [], invoices: [], usage: [], contacts: [],
  tickets: [
    t('t1', 'a', { openedAt: '2024-03-01' }), // open
    t('t2', 'a', { openedAt: '2024-03-10', closedAt: '2024-03-15' }), // closed on D: not open
    t('t3', 'a', { openedAt: '2024-03-16' }), // opened after D
    t('t4', 'a', { openedAt: '2024-02-01', closedAt: '2024-03-20' }), // closed after D: open on D
    t('t5', 'a', { openedAt: '2024-13-01' }), // invalid date: counts as never opened
    t('t6', 'a', { openedAt: D }), // opened on D: open
    t('t7', 'b', { openedAt: '2023-01-01', closedAt: '2023-02-01' }), // long closed
  ],
} as unknown as WorkbookData;

describe('openTickets', () => {
  it('counts the tickets open on D', () => {
    const m = computeCustomerMetrics(data, D);
    expect(m.get('a')!.openTickets).toBe(3); // t1, t4, t6
    expect(m.get('b')!.openTickets).toBe(0);
    expect(computeCustomerMetrics(data, '2024-03-20').get('a')!.openTickets).toBe(3); // t1, t3, t6 (t4 closed on 03-20)
    expect(computeCustomerMetrics(data, '2023-01-15').get('b')!.openTickets).toBe(1);
  });

  it('is a grid column with both labels and its formula on hover', () => {
    const def = customerColumns.find((c) => c.id === 'openTickets')!;
    expect([def.label.en, def.label['pt-BR'], def.kind, def.anchor]).toEqual(['Open tickets', 'Tickets abertos', 'count', 'glossary.md#opentickets']);
    const col = metricColumns({ lang: 'pt-BR', readOnly: true, fmt: createFormatters('pt-BR', 'BRL'), t: translator(() => 'pt-BR'), refName: () => undefined, refOptions: () => [], renewalSoonDays: 30 })
      .find((c) => c.colId === 'm.openTickets')!;
    expect(col.headerName).toBe('Tickets abertos');
    expect(String(col.headerTooltip)).toContain('Tickets abertos até a data de referência');
    expect(col.filter).toBe('agNumberColumnFilter'); // sortable and filterable as a number
  });

  it('follows edits through the incremental engine', () => {
    const wb = openWorkbook(new Y.Doc());
    wb.insert('customers', { id: 'a', name: 'Alfa' });
    const d = createDerivation(wb, { asOf: D });
    expect(d.get('a')!.openTickets).toBe(0);
    wb.insert('tickets', { id: 'x', customerId: 'a', openedAt: '2024-03-02' });
    expect(d.get('a')!.openTickets).toBe(1);
    wb.update('tickets', 'x', { closedAt: '2024-03-10' });
    expect(d.get('a')!.openTickets).toBe(0);
    expect(d.metrics()).toEqual(computeCustomerMetrics(wb.snapshot(), D));
    d.dispose();
  });
});
