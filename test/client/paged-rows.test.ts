import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import type { IGetRowsParams, SortModelItem } from 'ag-grid-community';
import { openWorkbook, rowIsValid, type WorkbookChange, type WorkbookOptions } from '../../core/index.js';
import { fieldColumns, type ColumnEnv, type GridRow } from '../../client/grid/columns.js';
import { gridRowOf, InvalidCount } from '../../client/grid/invalid-cells.js';
import { PagedRows } from '../../client/grid/paged-rows.js';
import { compileColumnFilters } from '../../client/grid/paged-query.js';
import { columnReaders } from '../../client/grid/column-readers.js';
import { CustomerRanks } from '../../client/grid/row-order.js';
import { searchWords } from '../../client/grid/search.js';
import { mergeSortSteps, runInSlices } from '../../client/grid/slices.js';
import { createFormatters } from '../../client/i18n/format.js';
import { translator } from '../../client/i18n/catalog.js';

describe('slices', () => {
  it('a stable merge sort, the same order as Array.prototype.sort (seeded)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3000 }), (keys) => {
        const order = Uint32Array.from(keys.keys());
        const steps = mergeSortSteps(order, (a, b) => keys[a] - keys[b], 64);
        let r = steps.next();
        while (!r.done) r = steps.next();
        // Array.prototype.sort is stable: equal keys keep their index order.
        const expected = [...keys.keys()].sort((a, b) => keys[a] - keys[b]);
        expect([...r.value]).toEqual(expected);
      }),
      { seed: 20261130, numRuns: 200 },
    );
  });

  it('runs a long job in several slices and hands back its result; a cancelled job gives undefined', async () => {
    const seen: number[] = [];
    const job = runInSlices(
      (function* () {
        for (let i = 0; i < 60; i++) {
          const end = performance.now() + 1;
          while (performance.now() < end) { /* 1 ms of work */ }
          seen.push(i);
          yield;
        }
        return 'done';
      })(),
      5,
    );
    expect(await job.done).toBe('done');
    expect(seen).toHaveLength(60);
    // 60 ms of work in slices of 5 ms: the thread was handed back about a dozen times.
    expect(job.slices).toBeGreaterThanOrEqual(10);
    expect(job.slices).toBeLessThanOrEqual(31);

    const cancelled = runInSlices((function* () { for (;;) yield; })(), 2);
    setTimeout(() => cancelled.cancel(), 10);
    expect(await cancelled.done).toBeUndefined();
  });

  it('a background job waits while a job of the person\'s is waiting for its next slice', async () => {
    const order: string[] = [];
    // Each step 3 ms of work, slices of 2 ms: every step is a slice of its own.
    const job = (name: string, steps: number) =>
      (function* () {
        for (let i = 0; i < steps; i++) {
          const end = performance.now() + 3;
          while (performance.now() < end) { /* work */ }
          order.push(name);
          yield;
        }
        return name;
      })();
    const count = runInSlices(job('count', 4), 2, 'background');
    const view = runInSlices(job('view', 5), 2);
    expect(await Promise.all([view.done, count.done])).toEqual(['view', 'count']);
    // The background job started first, but took no slice before the view was done.
    expect(order).toEqual(['view', 'view', 'view', 'view', 'view', 'count', 'count', 'count', 'count']);
  });
});

const env: ColumnEnv = {
  lang: 'en',
  readOnly: false,
  fmt: createFormatters('en', 'BRL'),
  t: translator(() => 'en'),
  refName: (_t, id) => ({ c1: 'Zeta Ltda', c2: 'Ávila Consultoria', c3: 'Beta SA' })[id],
  refOptions: () => [],
  renewalSoonDays: 30,
};

describe('column filters of a paged sheet', () => {
  const readers = columnReaders(fieldColumns('usage', env));
  const rows: GridRow[] = [
    { id: 'u1', customerId: 'c1', date: '2026-06-01', userId: 'ana@x', actions: 3 },
    { id: 'u2', customerId: 'c2', date: '2026-06-02', userId: 'Bruno@x', actions: 10 },
    { id: 'u3', customerId: 'c3', date: '2026-06-03', userId: 'carla@y', actions: 0 },
  ];
  const kept = (model: Record<string, unknown>) => {
    const test = compileColumnFilters(model as never, readers);
    return rows.filter((r) => !test || test(r)).map((r) => r.id);
  };
  it('text filters read what the cell shows (a customer by name), case and accents ignored', () => {
    expect(kept({ customerId: { filterType: 'text', type: 'contains', filter: 'avila' } })).toEqual(['u2']);
    expect(kept({ userId: { filterType: 'text', type: 'startsWith', filter: 'BRUNO' } })).toEqual(['u2']);
    expect(kept({ userId: { filterType: 'text', type: 'endsWith', filter: '@x' } })).toEqual(['u1', 'u2']);
    expect(kept({ userId: { filterType: 'text', type: 'notContains', filter: 'a' } })).toEqual(['u2']);
    expect(kept({ date: { filterType: 'text', type: 'equals', filter: '2026-06-03' } })).toEqual(['u3']);
  });
  it('number filters, conditions joined by AND / OR, and several columns at once', () => {
    expect(kept({ actions: { filterType: 'number', type: 'greaterThan', filter: 2 } })).toEqual(['u1', 'u2']);
    expect(kept({ actions: { filterType: 'number', type: 'inRange', filter: 0, filterTo: 10 } })).toEqual(['u1']);
    expect(kept({ actions: { filterType: 'number', operator: 'OR', conditions: [{ type: 'equals', filter: 0 }, { type: 'equals', filter: 10 }] } })).toEqual(['u2', 'u3']);
    expect(kept({ actions: { filterType: 'number', type: 'lessThanOrEqual', filter: 10 }, userId: { filterType: 'text', type: 'contains', filter: '@y' } })).toEqual(['u3']);
  });
  it('a filter it cannot read keeps every row', () => {
    expect(kept({ actions: { filterType: 'number', type: 'greaterThan', filter: 'x' } })).toEqual(['u1', 'u2', 'u3']);
    expect(kept({ nothing: { filterType: 'text', type: 'contains', filter: 'a' } })).toEqual(['u1', 'u2', 'u3']);
  });
});

// As the page opens Usage (client/main.tsx: rowless, every chunk's columns kept) and as a
// replica keeping its rows: the view must answer the same.
describe.each([
  ['rows kept', {}],
  ['rowless, as the page keeps Usage', { rowless: ['usage'], keepDecoded: ['usage'] }],
] as [string, WorkbookOptions][])('paged view of a sheet (%s)', (_label, options) => {
  const setup = () => {
    const wb = openWorkbook(new Y.Doc(), options);
    wb.insertMany('customers', [
      { id: 'c1', name: 'Zeta Ltda' },
      { id: 'c2', name: 'Ávila Consultoria' },
      { id: 'c3', name: 'Beta SA' },
    ]);
    wb.insertMany('usage', [
      { id: 'u1', customerId: 'c1', date: '2026-06-01', userId: 'ana', actions: 3 },
      { id: 'u2', customerId: 'c2', date: '2026-06-01', userId: 'bruno', actions: 10 },
      { id: 'u3', customerId: 'c3', date: '2026-06-02', userId: 'carla', actions: 0 },
      { id: 'u4', customerId: 'c1', date: '2026-05-30', userId: 'davi', actions: 7 },
      { id: 'u5', customerId: 'c2', date: '2026-06-02', userId: 'eva', actions: 7 },
    ] as never);
    const refs = { customerIds: { has: (id: string) => wb.get('customers', id) !== undefined } };
    const state = { count: -1, invalid: 0, busy: false, orphans: [] as string[] };
    const view = new PagedRows({
      wb,
      table: 'usage',
      ranks: new CustomerRanks(wb, () => 'pt-BR'),
      check: (raw) => gridRowOf('usage', raw, refs, 'en', (id) => `orphan ${id}`),
      isValid: (raw) => rowIsValid('usage', raw, refs),
      readers: () => columnReaders(fieldColumns('usage', { ...env, refName: (_t, id) => (wb.get('customers', id) as { name?: string } | undefined)?.name })),
      invalid: new InvalidCount(),
      onCount: (n) => (state.count = n),
      onInvalidTotal: (n) => (state.invalid = n),
      onBusy: (b) => (state.busy = b),
      onOrphans: (ids) => (state.orphans = [...ids].sort()),
    });
    // The grid's side: ask for a page with a sort and filter model, and wait for the answer.
    const ask = (sortModel: SortModelItem[] = [], filterModel: Record<string, unknown> = {}, start = 0, end = 100) =>
      new Promise<{ ids: string[]; last: number | undefined }>((resolve) =>
        view.datasource.getRows({ startRow: start, endRow: end, sortModel, filterModel, successCallback: (rows: GridRow[], last?: number) => resolve({ ids: rows.map((r) => r.id), last }), failCallback: () => resolve({ ids: [], last: -1 }), context: undefined } as unknown as IGetRowsParams),
      );
    return { wb, view, state, ask };
  };

  it('answers pages in the default order: newest first, then by customer name (accents ignored), then id', async () => {
    const { ask, state } = setup();
    // 06-02: Ávila (u5), Beta (u3); 06-01: Ávila (u2), Zeta (u1); 05-30: Zeta (u4).
    expect(await ask()).toEqual({ ids: ['u5', 'u3', 'u2', 'u1', 'u4'], last: 5 });
    expect(state.count).toBe(5);
    expect((await ask([], {}, 2, 4)).ids).toEqual(['u2', 'u1']);
  });

  it('sorts by a column (a reference by the name shown), ties in the default order', async () => {
    const { ask } = setup();
    expect((await ask([{ colId: 'actions', sort: 'desc' }])).ids).toEqual(['u2', 'u5', 'u4', 'u1', 'u3']);
    expect((await ask([{ colId: 'customerId', sort: 'asc' }])).ids).toEqual(['u5', 'u2', 'u3', 'u1', 'u4']);
  });

  it('search, drill-down and column filters narrow the rows; clearing them brings every row back', async () => {
    const { view, ask, state } = setup();
    await ask();
    view.setQuery({ words: searchWords('AVILA') });
    expect((await ask()).ids).toEqual(['u5', 'u2']);
    view.setQuery({ words: searchWords('avila eva') });
    expect((await ask()).ids).toEqual(['u5']);
    view.setQuery({ words: [], customers: new Set(['c1']) });
    expect((await ask()).ids).toEqual(['u1', 'u4']);
    expect((await ask([], { actions: { filterType: 'number', type: 'greaterThan', filter: 5 } })).ids).toEqual(['u4']);
    view.setQuery({ customers: null });
    expect(await ask()).toEqual({ ids: ['u5', 'u3', 'u2', 'u1', 'u4'], last: 5 });
    expect(state.busy).toBe(false);
  });

  it('a view never asked for rows (a sheet built ahead, not shown) reads nothing on a change; its first page has the change', async () => {
    const { wb, view, ask, state } = setup();
    const changes: WorkbookChange[] = [];
    const off = wb.subscribe((c) => changes.push(c));
    wb.insert('usage', { id: 'u6', customerId: 'c3', date: '2026-06-03', userId: 'fabio', actions: 5 } as never);
    wb.remove('customers', 'c1');
    off();
    for (const c of changes) view.apply(c);
    await new Promise((r) => setTimeout(r, 20));
    // Nothing counted, ordered or checked: no work for a sheet nobody looks at.
    expect(state).toEqual({ count: -1, invalid: 0, busy: false, orphans: [] });
    expect(view.count).toBe(0);
    expect(await ask()).toEqual({ ids: ['u6', 'u5', 'u3', 'u2', 'u1', 'u4'], last: 6 });
    await new Promise((r) => setTimeout(r, 20));
    expect(state.orphans).toEqual(['u1', 'u4']);
  });

  it('held off screen, a change is only noted; back on screen the view counts, orders and answers it', async () => {
    const { wb, view, ask, state } = setup();
    await ask();
    await new Promise((r) => setTimeout(r, 20));
    view.hold();
    const changes: WorkbookChange[] = [];
    const off = wb.subscribe((c) => changes.push(c));
    wb.remove('customers', 'c1');
    wb.insert('usage', { id: 'u6', customerId: 'c3', date: '2026-06-03', userId: 'fabio', actions: 5 } as never);
    off();
    for (const c of changes) view.apply(c);
    await new Promise((r) => setTimeout(r, 20));
    expect(state).toMatchObject({ count: 5, invalid: 0, orphans: [] });
    view.resume();
    await new Promise((r) => setTimeout(r, 20));
    expect(state).toMatchObject({ count: 6, invalid: 2, orphans: ['u1', 'u4'] });
    expect((await ask()).ids).toEqual(['u6', 'u5', 'u3', 'u2', 'u1', 'u4']);
  });

  it('edits in place: a new row at its place, a removed row gone, an edited row where it was', async () => {
    const { wb, view, ask, state } = setup();
    await ask([{ colId: 'actions', sort: 'asc' }]);
    const changes: WorkbookChange[] = [];
    const off = wb.subscribe((c) => changes.push(c));
    wb.insert('usage', { id: 'u6', customerId: 'c3', date: '2026-06-03', userId: 'fabio', actions: 5 } as never);
    wb.remove('usage', 'u2');
    wb.update('usage', 'u3', { actions: 99 } as never);
    off();
    for (const c of changes) view.apply(c);
    // actions: u3 0 (now 99, stays), u1 3, u6 5, u4/u5 7 (u5 newer first).
    expect((await ask([{ colId: 'actions', sort: 'asc' }])).ids).toEqual(['u3', 'u1', 'u6', 'u5', 'u4']);
    expect(state.count).toBe(5);
    // Sorting again puts the edited row at its new place.
    expect((await ask([{ colId: 'actions', sort: 'desc' }])).ids).toEqual(['u3', 'u5', 'u4', 'u6', 'u1']);
  });

  it('counts invalid cells over every row, and a removed customer turns its rows into orphans', async () => {
    const { wb, view, ask, state } = setup();
    /** Makes a change and hands the view what the workbook reported, as the sheet does. */
    const change = (make: () => void) => {
      const changes: WorkbookChange[] = [];
      const off = wb.subscribe((c) => changes.push(c));
      make();
      off();
      for (const c of changes) view.apply(c);
    };
    const settled = () => new Promise((r) => setTimeout(r, 20));
    await ask();
    await settled();
    expect(state.invalid).toBe(0);
    change(() => wb.remove('customers', 'c1'));
    await settled();
    expect(state.invalid).toBe(2); // u1 and u4's customer
    expect(state.orphans).toEqual(['u1', 'u4']);
    // The customer back: the recount finds those rows valid again and takes them out of the count.
    change(() => wb.insert('customers', { id: 'c1', name: 'Zeta Ltda' }));
    await settled();
    expect(state.invalid).toBe(0);
    expect(state.orphans).toEqual([]);
    change(() => wb.remove('customers', 'c1'));
    await settled();
    expect(state.invalid).toBe(2);
    view.setQuery({ invalidOnly: true });
    expect((await ask()).ids).toEqual(['u1', 'u4']);
    // Cleaned up: the orphans leave the list and the count.
    change(() => wb.remove('usage', ['u1', 'u4']));
    expect(state.orphans).toEqual([]);
    expect(state.invalid).toBe(0);
  });
});
