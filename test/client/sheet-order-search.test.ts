import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook } from '../../core/index.js';
import { foldSearch, hasWords, searchWords } from '../../client/grid/search.js';
import { CustomerRanks, rowOrder } from '../../client/grid/row-order.js';
import type { GridRow } from '../../client/grid/columns.js';

describe('sheet search', () => {
  // A row's text: its cells joined (column-readers.ts), folded.
  const row = foldSearch(['Clínica Pão de Mel S.A.', '12.345.678/0001-90', 'Saúde', '2026-06-15'].join(' ').toUpperCase());
  const finds = (q: string) => hasWords(row, searchWords(q));
  it('ignores accents and case', () => {
    expect(finds('clinica')).toBe(true);
    expect(finds('PAO de mel')).toBe(true);
    expect(finds('saude clínica')).toBe(true);
    expect(finds('clinicas')).toBe(false);
  });
  it('finds a CNPJ by its digits, or as written, or in part', () => {
    expect(finds('12345678000190')).toBe(true);
    expect(finds('12.345.678/0001-90')).toBe(true);
    expect(finds('12345678')).toBe(true);
    expect(finds('12345679')).toBe(false);
    expect(finds('2026-06')).toBe(true);
  });
  it('does not join the digits of two cells', () => {
    expect(hasWords(foldSearch(['12', '34'].join(' ')), searchWords('1234'))).toBe(false);
  });
});

describe('default row order', () => {
  const wb = openWorkbook(new Y.Doc());
  wb.insertMany('customers', [
    { id: 'c1', name: 'Zeta Ltda' },
    { id: 'c2', name: 'Ávila Consultoria' },
    { id: 'c3', name: 'avenida Shopping' },
    { id: 'c4', name: 'Cliente 10' },
    { id: 'c5', name: 'Cliente 2' },
  ]);
  const ranks = new CustomerRanks(wb, () => 'pt-BR');
  const order = (table: 'customers' | 'contracts', rows: GridRow[]) => {
    const nodes = rows.map((data) => ({ data }));
    rowOrder(table, ranks).sort(nodes);
    return nodes.map((n) => n.data.id);
  };
  const customers = () => (wb.list('customers') as unknown as GridRow[]).map((r) => ({ ...r }));

  it('customers by name: accents and case ignored, numbers as numbers', () => {
    expect(order('customers', customers())).toEqual(['c3', 'c2', 'c5', 'c4', 'c1']);
  });
  it('a renamed or new customer takes its new place', () => {
    wb.update('customers', 'c1', { name: 'Aaa Primeiro' });
    wb.insert('customers', { id: 'c6', name: 'Beta' });
    expect(order('customers', customers())).toEqual(['c1', 'c3', 'c2', 'c6', 'c5', 'c4']);
  });
  it('dated sheets newest first, then by customer name, undated last', () => {
    const rows: GridRow[] = [
      { id: 'k1', customerId: 'c4', startDate: '2025-01-01' },
      { id: 'k2', customerId: 'c2', startDate: '2026-03-01' },
      { id: 'k3', customerId: 'c3', startDate: '2025-01-01' },
      { id: 'k4', customerId: 'c1' },
      { id: 'k5', customerId: 'c1', startDate: '2024-12-31' },
    ];
    expect(order('contracts', rows)).toEqual(['k2', 'k3', 'k1', 'k5', 'k4']);
  });
});
