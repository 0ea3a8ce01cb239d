// A large table read into memory in steps (the page runs them in slices): the rows it ends
// with are the rows read at once, also when the document changes between two steps.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook, type WorkbookOptions } from '../../../core/doc/index.js';

/** The rows a stored test workbook holds: usage (chunks of 1,000) or contracts (a row table). */
const rowsOf = {
  usage: (count: number) => Array.from({ length: count }, (_, i) => ({ id: `u${i}`, customerId: `c${(i % 3) + 1}`, date: '2026-06-01', userId: `x${i}`, actions: i % 50 })),
  contracts: (count: number) => Array.from({ length: count }, (_, i) => ({ id: `k${i}`, customerId: 'c1', model: 'recurring', startDate: '2026-01-01', value: i % 900 })),
};

/** A stored workbook of 3 customers and `count` rows of `table`, opened fresh each time (nothing read yet). */
function stored(count = 3500, table: keyof typeof rowsOf = 'usage') {
  const src = openWorkbook(new Y.Doc());
  src.insertMany('customers', [{ id: 'c1', name: 'A' }, { id: 'c2', name: 'B' }, { id: 'c3', name: 'C' }] as never);
  expect(src.insertMany(table, rowsOf[table](count) as never).ok).toBe(true);
  const update = Y.encodeStateAsUpdate(src.doc);
  const open = (options?: WorkbookOptions) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return openWorkbook(doc, options);
  };
  return { open };
}

const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('readSteps', () => {
  it('yields between blocks of rows and ends with the same rows as a read at once', () => {
    const { open } = stored();
    const wb = open();
    expect(wb.storedCount('usage')).toBe(3500);
    const steps = wb.readSteps('usage');
    let yields = 0;
    while (!steps.next().done) yields++;
    expect(yields).toBeGreaterThanOrEqual(4); // one per stored chunk of ≤ 1,000 rows
    expect(byId(wb.list('usage'))).toEqual(byId(open().list('usage')));
  });

  it('rows edited, added and deleted between two steps are read as they are at the end', () => {
    const { open } = stored();
    const wb = open();
    const steps = wb.readSteps('usage');
    steps.next();
    steps.next();
    // u5 sits in a chunk already read, u3400 in one not read yet.
    expect(wb.update('usage', 'u5', { actions: 999 }).ok).toBe(true);
    expect(wb.update('usage', 'u3400', { actions: 777 }).ok).toBe(true);
    expect(wb.remove('usage', ['u6']).ok).toBe(true);
    expect(wb.insert('usage', { id: 'new1', customerId: 'c1', date: '2026-06-02', userId: 'n', actions: 1 } as never).ok).toBe(true);
    while (!steps.next().done);
    const rows = wb.list('usage') as unknown as { id: string; actions: number }[];
    expect(rows.find((r) => r.id === 'u5')!.actions).toBe(999);
    expect(rows.find((r) => r.id === 'u3400')!.actions).toBe(777);
    expect(rows.some((r) => r.id === 'u6')).toBe(false);
    expect(rows.find((r) => r.id === 'new1')!.actions).toBe(1);
    expect(rows).toHaveLength(3500);
    expect(wb.count('usage')).toBe(3500);
  });

  it.each([['usage', 3_500], ['contracts', 5_000]] as const)('a read in the middle reads everything at once; the steps then stop (%s)', (table, count) => {
    const wb = stored(count, table).open();
    const steps = wb.readSteps(table);
    steps.next();
    expect(wb.list(table)).toHaveLength(count);
    let more = 0;
    while (!steps.next().done) more++;
    expect(more).toBe(0);
    expect(wb.list(table)).toEqual(rowsOf[table](count).map((r) => expect.objectContaining(r)));
  });
});

// The page keeps Usage rowless (client/main.tsx): its sheet's steps build the row → chunk
// index, and its passes over the rows decode them chunk by chunk, keeping none.
describe('readSteps and scanSteps of a rowless table', () => {
  const ROWLESS: WorkbookOptions = { rowless: ['usage'], keepDecoded: ['usage'] };
  const scan = (wb: ReturnType<ReturnType<typeof stored>['open']>) => {
    const rows: { id: string }[] = [];
    const steps = wb.scanSteps('usage', (r) => rows.push(r));
    let yields = 0;
    while (!steps.next().done) yields++;
    return { rows, yields };
  };

  it('builds the row → chunk index in steps; reads after them are those of a replica keeping its rows', () => {
    const { open } = stored(40_000);
    const wb = open(ROWLESS);
    const kept = open();
    const steps = wb.readSteps('usage');
    let yields = 0;
    while (!steps.next().done) yields++;
    expect(yields).toBeGreaterThanOrEqual(2); // one per 16 chunks of 1,000 ids
    for (const id of ['u0', 'u15999', 'u39999', 'nope']) expect(wb.get('usage', id)).toEqual(kept.get('usage', id));
    expect(wb.count('usage')).toBe(40_000);
  });

  it("a colleague's chunk added and rows removed between two steps: the reads at the end are still right", () => {
    const { open } = stored(40_000);
    const wb = open(ROWLESS);
    const peer = open();
    const steps = wb.readSteps('usage');
    steps.next();
    steps.next();
    // A colleague's change (a write here would build the index at once): a new chunk, a chunk thinned.
    expect(peer.insert('usage', { id: 'new1', customerId: 'c1', date: '2026-06-02', userId: 'n', actions: 1 } as never).ok).toBe(true);
    expect(peer.remove('usage', ['u5', 'u39000']).ok).toBe(true);
    expect(peer.update('usage', 'u20000', { actions: 7 }).ok).toBe(true);
    Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(wb.doc)));
    while (!steps.next().done);
    for (const id of ['new1', 'u5', 'u39000', 'u20000', 'u39999', 'u0']) expect(wb.get('usage', id)).toEqual(peer.get('usage', id));
    expect(byId(scan(wb).rows)).toEqual(byId(peer.list('usage')));
    expect(wb.count('usage')).toBe(peer.count('usage'));
  });

  it('scanSteps visits every live row once, a chunk per step, as edited, and keeps none', () => {
    const { open } = stored(3500);
    const wb = open(ROWLESS);
    const kept = open();
    for (const w of [wb, kept]) {
      expect(w.update('usage', 'u7', { actions: 40 }).ok).toBe(true);
      expect(w.remove('usage', ['u3']).ok).toBe(true);
    }
    const first = scan(wb);
    expect(first.yields).toBeGreaterThanOrEqual(4); // the four stored chunks (and the insert-free edits)
    expect(byId(first.rows)).toEqual(byId(kept.list('usage')));
    expect(first.rows.find((r) => r.id === 'u7')).toMatchObject({ actions: 40 });
    // Two passes, two sets of objects: the table kept none of them.
    const second = scan(wb);
    expect(second.rows.find((r) => r.id === 'u7')).not.toBe(first.rows.find((r) => r.id === 'u7'));
    // A table keeping its rows gives the same rows through the same call.
    expect(byId(scan(kept).rows)).toEqual(byId(first.rows));
  });
});

// A row-per-value table (Contracts: 40,000 rows at 10,000 customers, each a JSON text to
// parse) is read in steps too, not in the one task of its first read.
describe('readSteps of a row table', () => {
  const contracts = (count: number) => stored(count, 'contracts').open;

  it('yields between blocks of rows and ends with the rows a read at once gives, in the same order', () => {
    const open = contracts(5_000);
    const wb = open();
    const steps = wb.readSteps('contracts');
    let yields = 0;
    while (!steps.next().done) yields++;
    expect(yields).toBeGreaterThanOrEqual(2); // 2,000 rows a step
    expect(wb.list('contracts')).toEqual(open().list('contracts'));
  });

  it("a colleague's rows edited, added and deleted between two steps are read as they are at the end", () => {
    const open = contracts(5_000);
    const wb = open();
    const peer = open();
    const steps = wb.readSteps('contracts');
    steps.next();
    // A colleague's change arrives (a write here would read the table at once): k5 was
    // read in the first step, k4999 not yet.
    expect(peer.update('contracts', 'k5', { value: 999 }).ok).toBe(true);
    expect(peer.update('contracts', 'k4999', { value: 777 }).ok).toBe(true);
    expect(peer.remove('contracts', ['k6']).ok).toBe(true);
    expect(peer.insert('contracts', { id: 'new1', customerId: 'c1', model: 'one-off', startDate: '2026-02-01', value: 1 } as never).ok).toBe(true);
    Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(wb.doc)));
    let more = 0;
    while (!steps.next().done) more++;
    expect(more).toBeGreaterThan(0); // the steps went on: nothing read the table at once
    expect(wb.get('contracts', 'k5')).toMatchObject({ value: 999 });
    expect(wb.get('contracts', 'k4999')).toMatchObject({ value: 777 });
    expect(wb.get('contracts', 'k6')).toBeUndefined();
    expect(wb.get('contracts', 'new1')).toMatchObject({ value: 1 });
    expect(wb.list('contracts')).toEqual(peer.list('contracts'));
  });

});
