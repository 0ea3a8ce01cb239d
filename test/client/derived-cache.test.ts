// The derived cache's key is the document's exact content: any edit, deletion or settings
// change gives another key, and two replicas with the same content give the same key. Its two
// records (the dashboards' head, the metrics) are used only when whole, of this workbook, build
// and date, and the metrics only with the head they were written with.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook } from '../../core/index.js';
import { contentKey, isCacheHead, metricsOf, type CacheHead } from '../../client/derive/cache.js';

function replica() {
  const doc = new Y.Doc();
  const wb = openWorkbook(doc);
  return { doc, wb };
}

function seeded() {
  const r = replica();
  r.wb.insert('customers', { id: 'c1', name: 'Clínica Aurora' });
  r.wb.insert('contracts', { id: 'k1', customerId: 'c1', model: 'recurring', value: 500, startDate: '2026-01-01' });
  return r;
}

describe('contentKey', () => {
  it('is equal for two replicas holding the same content', async () => {
    const a = seeded();
    const b = replica();
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    expect(await contentKey(b.doc)).toBe(await contentKey(a.doc));
  });

  it('changes after a cell edit, a deletion and a settings change, and never comes back to an old value', async () => {
    const { doc, wb } = seeded();
    const keys = [await contentKey(doc)];
    expect(wb.update('contracts', 'k1', { value: 600 }).ok).toBe(true);
    keys.push(await contentKey(doc));
    expect(wb.remove('contracts', 'k1').ok).toBe(true);
    keys.push(await contentKey(doc));
    wb.updateSettings({ npsWindowDays: 180 });
    keys.push(await contentKey(doc));
    expect(new Set(keys).size).toBe(4);
  });

  it('sees a change that only deletes (a delete set without new structs)', async () => {
    const doc = new Y.Doc();
    const arr = doc.getArray<number>('a');
    arr.push([1, 2, 3]);
    const before = await contentKey(doc);
    const vector = Y.encodeStateVector(doc);
    arr.delete(0, 1);
    // The state vector alone would miss it.
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    expect(await contentKey(doc)).not.toBe(before);
  });
});

describe('cache records', () => {
  const WB = 'team';
  const BUILD = 'b1';
  const AS_OF = '2026-11-22';
  // The format is the module's; read it from a record as written (a head that passes is format-current).
  const head = (over: Partial<CacheHead> = {}): CacheHead => ({
    format: 4, build: BUILD, workbookId: WB, key: 'a'.repeat(64), asOf: AS_OF, savedAt: 1000, parts: 1,
    dashboards: [['[{},null]', {} as never]], details: [['[{},null]', {} as never]], ...over,
  });
  const metricsRecord = (h: CacheHead, over: Record<string, unknown> = {}) => ({
    format: h.format, build: h.build, workbookId: h.workbookId, key: h.key, asOf: h.asOf, savedAt: h.savedAt,
    part: 0, metrics: [['c1', { mrr: 500 }]], ...over,
  });

  it('a whole head of this workbook, build and date is used', () => {
    expect(isCacheHead(head(), WB, BUILD, AS_OF)).toBe(true);
  });

  it('a head of another date, build, workbook or format, or a damaged one, is not', () => {
    expect(isCacheHead(head(), WB, BUILD, '2026-11-21')).toBe(false);
    expect(isCacheHead(head(), WB, 'b2', AS_OF)).toBe(false);
    expect(isCacheHead(head(), 'other', BUILD, AS_OF)).toBe(false);
    expect(isCacheHead(head({ format: 3 }), WB, BUILD, AS_OF)).toBe(false);
    for (const damaged of [null, 7, 'x', {}, { ...head(), dashboards: 'not a list' }, { ...head(), details: [[1, 2]] }, { ...head(), key: 7 }, { ...head(), savedAt: undefined }, { ...head(), parts: 0 }, { ...head(), parts: 1.5 }, { ...head(), parts: undefined }]) {
      expect(isCacheHead(damaged, WB, BUILD, AS_OF)).toBe(false);
    }
  });

  it('the metrics are used only with the head they were written with', () => {
    const h = head();
    expect(metricsOf(h, [metricsRecord(h)])).toEqual([['c1', { mrr: 500 }]]);
    // Written by another write: another document state, date or time, build or workbook.
    expect(metricsOf(h, [metricsRecord(h, { key: 'b'.repeat(64) })])).toBeNull();
    expect(metricsOf(h, [metricsRecord(h, { asOf: '2026-11-21' })])).toBeNull();
    expect(metricsOf(h, [metricsRecord(h, { savedAt: 999 })])).toBeNull();
    expect(metricsOf(h, [metricsRecord(h, { build: 'b2' })])).toBeNull();
    expect(metricsOf(h, [metricsRecord(h, { workbookId: 'other' })])).toBeNull();
    expect(metricsOf(h, [metricsRecord(h, { format: 3 })])).toBeNull();
  });

  it('metrics in several parts are put together in order, and only when every part of that write is there', () => {
    const h = head({ parts: 3 });
    const parts = [0, 1, 2].map((part) => metricsRecord(h, { part, metrics: [[`c${part}`, { mrr: part }]] }));
    expect(metricsOf(h, parts)).toEqual([['c0', { mrr: 0 }], ['c1', { mrr: 1 }], ['c2', { mrr: 2 }]]);
    expect(metricsOf(h, parts.slice(0, 2))).toBeNull(); // one missing
    expect(metricsOf(h, [...parts, metricsRecord(h, { part: 3 })])).toBeNull(); // one too many (a larger earlier write)
    expect(metricsOf(h, [parts[0], parts[2], parts[1]])).toBeNull(); // out of order
    expect(metricsOf(h, [parts[0], metricsRecord(h, { part: 1, savedAt: 999 }), parts[2]])).toBeNull(); // one of another write
  });

  it('damaged or missing metrics are ignored', () => {
    const h = head();
    for (const damaged of [undefined, null, 7, {}, metricsRecord(h, { metrics: 'not a list' }), metricsRecord(h, { metrics: [[1]] }), metricsRecord(h, { part: 'x' })]) {
      expect(metricsOf(h, [damaged])).toBeNull();
    }
    expect(metricsOf(h, [])).toBeNull();
  });

  it('after an edit, a deletion or a settings change the document no longer matches the cached key', async () => {
    const { doc, wb } = seeded();
    const cached = head({ key: await contentKey(doc) });
    expect(await contentKey(doc)).toBe(cached.key);
    wb.update('contracts', 'k1', { value: 700 });
    expect(await contentKey(doc)).not.toBe(cached.key);
    const second = head({ key: await contentKey(doc) });
    wb.updateSettings({ npsWindowDays: 90 });
    expect(await contentKey(doc)).not.toBe(second.key);
  });
});
