// Deleting customers takes every row of theirs, on the page's replica whose chunked tables
// are rowless: their rows are found in slices (no list of row objects), and a row given to
// those customers by a colleague while they were being counted goes with them too.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chunkedTables, dependentRows, findOrphans, generateWorkbook, openWorkbook, tableLoadOrder, type TableName, type WorkbookData } from '../../core/index.js';
import { deleteCustomersCascade } from '../../client/grid/cascade-delete.js';
import { translator } from '../../client/i18n/catalog.js';

const data = generateWorkbook({ seed: 11, customers: 12, today: '2026-06-15' });

/** The demo in a shared doc: a page's replica (chunked tables rowless) and a colleague's. */
function setup() {
  const doc = new Y.Doc();
  const colleague = openWorkbook(doc);
  for (const t of tableLoadOrder) {
    const r = colleague.insertMany(t, data[t] as never[]);
    if (!r.ok) throw new Error(r.errors[0]?.message);
  }
  const page = openWorkbook(doc, { rowless: [...chunkedTables], keepDecoded: ['usage'] });
  return { page, colleague };
}

/** Each table's rows of `customerId`, read straight from the generated data. */
function rowsOf(customerId: string): Partial<Record<TableName, string[]>> {
  const out: Partial<Record<TableName, string[]>> = {};
  for (const t of tableLoadOrder) {
    if (t === 'customers') continue;
    const ids = (data[t] as { id: string; customerId?: string }[]).filter((r) => r.customerId === customerId).map((r) => r.id);
    if (ids.length) out[t] = ids;
  }
  return out;
}

const sorted = (rows: Partial<Record<string, string[]>>) => Object.fromEntries(Object.entries(rows).map(([t, ids]) => [t, [...ids!].sort()]));

describe('cascade delete on rowless tables', () => {
  it('finds the same rows as the data holds, in every table', () => {
    const { page } = setup();
    const c = (data as WorkbookData).customers[3].id;
    const expected = rowsOf(c);
    expect(Object.keys(expected)).toEqual(expect.arrayContaining(['usage', 'activities', 'invoices']));
    expect(sorted(dependentRows(page, [c]))).toEqual(sorted(expected));
  });

  it('asks with the count, then removes the customer, its rows, and a row a colleague added meanwhile', async () => {
    const { page, colleague } = setup();
    const c = data.customers[5].id;
    const expected = rowsOf(c);
    const t = translator(() => 'en');
    const questions: string[] = [];
    const done = await deleteCustomersCascade(page, [c], t, 'en', String, (q) => {
      questions.push(q);
      // A colleague's new activity for this customer arrives after the count.
      colleague.insert('activities', { id: 'late-activity', customerId: c, title: 'Call back', type: 'call', dueDate: '2026-06-20' });
      return true;
    });
    expect(done).toBe(true);
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain(`${expected.usage!.length} usage`);
    expect(questions[0]).toContain(`${expected.activities!.length} activities`);
    expect(page.get('customers', c)).toBeUndefined();
    expect(page.get('activities', 'late-activity')).toBeUndefined();
    expect(findOrphans(page)).toEqual({});
    expect(page.list('usage').length).toBe(data.usage.length - expected.usage!.length);
  });

  it('a "no" at the question changes nothing', async () => {
    const { page } = setup();
    const c = data.customers[2].id;
    const before = page.list('usage').length;
    const done = await deleteCustomersCascade(page, [c], translator(() => 'pt-BR'), 'pt-BR', String, () => false);
    expect(done).toBe(false);
    expect(page.get('customers', c)).toBeDefined();
    expect(page.list('usage').length).toBe(before);
  });
});
