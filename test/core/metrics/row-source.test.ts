// The derivation reads a rowless table's rows in batches made as they are read (core/types.ts
// RowSource): prepare must build the same model from batches of any size as from the whole
// arrays, orphans, junk rows and the row ids of each customer (and in list order) included.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateWorkbook, prepareWithRowIds, tableNames, type ListOrder, type RowIdsOf, type RowSource, type WorkbookData, type WorkbookSource } from '../../../core/index.js';

/** The table's rows handed over in batches of the given sizes (cycled), as a rowless table hands them; `length` may understate them (the reader grows). */
function batched<R>(rows: readonly R[], sizes: number[], hint: number): RowSource<R> {
  return {
    length: Math.floor(rows.length * hint),
    batches(fn) {
      for (let i = 0, s = 0; i < rows.length; s++) {
        const size = sizes[s % sizes.length];
        fn(rows.slice(i, i + size));
        i += size;
      }
    },
  };
}

describe('prepare from a row source in batches', () => {
  it('builds the same model, orphans and row ids as from arrays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), fc.constantFrom(1, 0.5, 0), (seed, sizes, hint) => {
        const data: WorkbookData = generateWorkbook({ seed, customers: 6, today: '2026-06-15' });
        // Rows naming a customer that does not exist, and junk a buggy peer could leave.
        data.usage.push({ ...data.usage[0], id: 'orphan-usage', customerId: 'nobody' });
        data.invoices.push({ ...data.invoices[0], id: 'orphan-invoice', customerId: 'nobody' });
        (data.activities as unknown[]).push(null, 42);
        const whole = { ids: {} as RowIdsOf, listed: { contracts: [], invoices: [] } as ListOrder };
        const parts = { ids: {} as RowIdsOf, listed: { contracts: [], invoices: [] } as ListOrder };
        const expected = prepareWithRowIds(data, whole.ids, whole.listed);
        const source = { settings: data.settings } as WorkbookSource;
        for (const t of tableNames) (source as unknown as Record<string, unknown>)[t] = batched(data[t] as unknown[], sizes, hint);
        const got = prepareWithRowIds(source, parts.ids, parts.listed);
        expect(got.customers).toEqual(expected.customers);
        expect(got.orphans).toEqual(expected.orphans);
        expect(got.orphans.map((o) => o.rowId)).toEqual(expect.arrayContaining(['orphan-usage', 'orphan-invoice']));
        expect(parts.ids).toEqual(whole.ids);
        expect(parts.listed).toEqual(whole.listed);
        expect(parts.listed.invoices).toEqual(data.invoices.map((r) => r.id));
      }),
      { seed: 20261201, numRuns: 40 },
    );
  });
});
