// Property: after random writes on two replicas exchanging updates at random moments,
// both replicas show the same rows, each replica's incrementally kept cache equals a
// fresh load of its doc, and the change events replayed over time give the same row set.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { openWorkbook, type Workbook } from '../../../core/doc/index.js';

type Op =
  | { kind: 'insertUsage'; who: number; n: number }
  | { kind: 'insertUsageId'; who: number; id: number; actions: number }
  | { kind: 'insertActivity'; who: number; id: number }
  | { kind: 'update'; who: number; table: 'activities' | 'usage' | 'customers'; pick: number; field: number; value: number }
  | { kind: 'remove'; who: number; table: 'activities' | 'usage'; pick: number }
  | { kind: 'sync'; aFirst: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insertUsage' as const), who: fc.integer({ min: 0, max: 1 }), n: fc.integer({ min: 1, max: 5 }) }),
  // Explicit usage ids from a small pool: concurrent inserts put one id in two chunks.
  fc.record({ kind: fc.constant('insertUsageId' as const), who: fc.integer({ min: 0, max: 1 }), id: fc.integer({ min: 0, max: 3 }), actions: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('insertActivity' as const), who: fc.integer({ min: 0, max: 1 }), id: fc.integer({ min: 0, max: 6 }) }),
  fc.record({
    kind: fc.constant('update' as const), who: fc.integer({ min: 0, max: 1 }),
    table: fc.constantFrom('activities' as const, 'usage' as const, 'customers' as const),
    pick: fc.nat(), field: fc.integer({ min: 0, max: 2 }), value: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), who: fc.integer({ min: 0, max: 1 }), table: fc.constantFrom('activities' as const, 'usage' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('sync' as const), aFirst: fc.boolean() }),
);

function sync(a: Workbook, b: Workbook, aFirst: boolean) {
  const ua = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc));
  const ub = Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc));
  if (aFirst) { Y.applyUpdate(a.doc, ub); Y.applyUpdate(b.doc, ua); } else { Y.applyUpdate(b.doc, ua); Y.applyUpdate(a.doc, ub); }
}

function apply(ws: Workbook[], op: Op, seq: { n: number }) {
  if (op.kind === 'sync') return sync(ws[0], ws[1], op.aFirst);
  const w = ws[op.who];
  switch (op.kind) {
    case 'insertUsage':
      w.insertMany('usage', Array.from({ length: op.n }, () => ({ customerId: 'c1', date: '2024-01-01', userId: `u${seq.n++}`, actions: 1 })));
      return;
    case 'insertUsageId':
      w.insertMany('usage', [{ id: `x${op.id}`, customerId: 'c1', date: '2024-01-01', userId: 'x', actions: op.actions }, { customerId: 'c1', date: '2024-01-02', userId: `u${seq.n++}`, actions: 0 }]);
      return;
    case 'insertActivity':
      // Explicit ids: both replicas may create the same id concurrently.
      w.insert('activities', { id: `a${op.id}`, customerId: 'c1', title: `t${op.who}` });
      return;
    case 'update': {
      const rows = w.list(op.table);
      if (rows.length === 0) return;
      const id = rows[op.pick % rows.length].id;
      const patch =
        op.table === 'usage' ? [{ actions: op.value }, { userId: `v${op.value}` }, { date: `2024-01-0${op.value + 1}` }][op.field]
        : op.table === 'activities' ? [{ title: `T${op.value}` }, { owner: op.value === 0 ? '' : `o${op.value}` }, { dueDate: `2024-02-0${op.value + 1}` }][op.field]
        : [{ name: `N${op.value}` }, { segment: op.value === 0 ? null : `s${op.value}` }, { riskFlag: op.value > 1 }][op.field];
      w.update(op.table, id, patch);
      return;
    }
    case 'remove': {
      const rows = w.list(op.table);
      if (rows.length) w.remove(op.table, rows[op.pick % rows.length].id);
    }
  }
}

const byId = (rows: { id: string }[]) => [...rows].sort((x, y) => (x.id < y.id ? -1 : 1));

describe('convergence (property)', () => {
  it('replicas converge and the incremental cache and events equal a fresh load', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const base = new Y.Doc();
        openWorkbook(base).insert('customers', { id: 'c1', name: 'Acme' });
        const ws = [1, 2].map((cid) => {
          const d = new Y.Doc();
          d.clientID = cid;
          Y.applyUpdate(d, Y.encodeStateAsUpdate(base));
          return openWorkbook(d);
        });
        // Replays change events into a plain mirror of the rows, as the engine does.
        const mirror = new Map<string, unknown>();
        for (const t of ['activities', 'usage', 'customers'] as const) for (const r of ws[0].list(t)) mirror.set(`${t}/${r.id}`, r);
        ws[0].subscribe((c) => {
          for (const [t, ch] of Object.entries(c.tables)) {
            for (const id of ch!.removed) mirror.delete(`${t}/${id}`);
            for (const id of ch!.upserted) mirror.set(`${t}/${id}`, ws[0].get(t as 'usage', id));
          }
        });
        // A replica that follows ws[0] update by update and never reads its chunked tables
        // until the end: its events come from ids and edits only, and must be exact too.
        const lazy = openWorkbook(cloneDoc(ws[0].doc));
        const lazyIds = new Map<string, Set<string>>([['activities', new Set()], ['usage', new Set()], ['customers', new Set()]]);
        for (const t of ['activities', 'usage', 'customers'] as const) {
          const other = openWorkbook(cloneDoc(ws[0].doc));
          for (const r of other.list(t)) lazyIds.get(t)!.add(r.id);
        }
        const unknownRemoved: string[] = [];
        lazy.subscribe((c) => {
          for (const t of ['activities', 'usage', 'customers'] as const) {
            const ch = c.tables[t];
            if (!ch) continue;
            const set = lazyIds.get(t)!;
            for (const id of ch.removed) { if (!set.delete(id)) unknownRemoved.push(`${t}/${id}`); }
            for (const id of ch.upserted) set.add(id);
          }
        });
        ws[0].doc.on('update', (u: Uint8Array) => Y.applyUpdate(lazy.doc, u));
        const seq = { n: 0 };
        for (const op of ops) apply(ws, op, seq);
        sync(ws[0], ws[1], true);
        // A third replica, opened empty, receives everything in one transaction.
        const late = openWorkbook(new Y.Doc());
        const lateSeen = new Set<string>();
        late.subscribe((c) => { for (const [t, ch] of Object.entries(c.tables)) { for (const id of ch!.upserted) lateSeen.add(`${t}/${id}`); for (const id of ch!.removed) lateSeen.delete(`${t}/${id}`); } });
        Y.applyUpdate(late.doc, Y.encodeStateAsUpdate(ws[0].doc));
        for (const t of ['activities', 'usage', 'customers'] as const) {
          const a = byId(ws[0].list(t));
          expect(byId(ws[1].list(t))).toEqual(a);
          expect(byId(openWorkbook(cloneDoc(ws[0].doc)).list(t))).toEqual(a);
          expect(byId(late.list(t))).toEqual(a);
          expect([...lateSeen].filter((k) => k.startsWith(t + '/')).sort()).toEqual(a.map((r) => `${t}/${r.id}`).sort());
          expect(byId([...mirror.entries()].filter(([k]) => k.startsWith(t + '/')).map(([, v]) => v as { id: string }))).toEqual(a);
        }
        expect(unknownRemoved).toEqual([]);
        for (const t of ['activities', 'usage', 'customers'] as const) {
          expect([...lazyIds.get(t)!].sort()).toEqual(ws[0].list(t).map((r) => r.id).sort());
          expect(byId(lazy.list(t))).toEqual(byId(ws[0].list(t)));
        }
      }),
      { numRuns: 250 },
    );
  });
});

function cloneDoc(doc: Y.Doc): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
  return d;
}
