// One replica: validated writes, change events, unknown fields, settings, a buggy peer's garbage.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook, SCHEMA_VERSION, type WorkbookChange } from '../../../core/doc/index.js';
import { defaultSettings } from '../../../core/types.js';

function fresh() {
  const wb = openWorkbook(new Y.Doc());
  wb.insert('customers', { id: 'c1', name: 'Acme' });
  return wb;
}

describe('writes are validated first', () => {
  it('an invalid insert changes nothing (state vector unchanged) and names row and field', () => {
    const wb = fresh();
    const sv = Y.encodeStateVector(wb.doc);
    const r = wb.insert('contracts', { id: 'k1', customerId: 'c1', model: 'recurring', value: -5, startDate: '2024-02-30' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.rowId, e.field, e.code])).toEqual([
      ['k1', 'value', 'range'],
      ['k1', 'startDate', 'date'],
    ]);
    expect(r.errors[0].message).toContain('k1');
    expect(r.errors[0].message).toContain('value');
    expect(Y.encodeStateVector(wb.doc)).toEqual(sv);
    expect(wb.count('contracts')).toBe(0);
  });

  it('insertMany is all-or-nothing', () => {
    const wb = fresh();
    const sv = Y.encodeStateVector(wb.doc);
    const r = wb.insertMany('activities', [
      { id: 'a1', customerId: 'c1', title: 'Kickoff' },
      { id: 'a2', customerId: 'nope', title: 'QBR' },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toMatchObject([{ table: 'activities', rowId: 'a2', field: 'customerId', code: 'reference' }]);
    expect(wb.count('activities')).toBe(0);
    expect(Y.encodeStateVector(wb.doc)).toEqual(sv);
  });

  it('an invalid update changes nothing; a duplicate id is refused', () => {
    const wb = fresh();
    wb.insert('surveys', { id: 's1', customerId: 'c1', kind: 'nps', date: '2024-05-01', score: 9 });
    const sv = Y.encodeStateVector(wb.doc);
    // 9 is a valid NPS score but not a valid CSAT score (1–5): switching the kind is refused on score.
    const r = wb.update('surveys', 's1', { kind: 'csat' });
    expect(r.ok ? [] : r.errors.map((e) => [e.rowId, e.field, e.code])).toEqual([['s1', 'score', 'range']]);
    const r2 = wb.update('surveys', 's1', { date: '' });
    expect(r2.ok ? [] : r2.errors.map((e) => [e.field, e.code])).toEqual([['date', 'required']]);
    const r3 = wb.update('surveys', 's1', { id: 'other', color: 'red' });
    expect(r3.ok ? [] : r3.errors.map((e) => [e.field, e.code])).toEqual([['id', 'readonly'], ['color', 'type']]);
    expect(Y.encodeStateVector(wb.doc)).toEqual(sv);
    const dup = wb.insert('customers', { id: 'c1', name: 'Again' });
    expect(dup.ok ? null : dup.errors[0].code).toBe('duplicate-id');
    expect(wb.update('surveys', 'missing', { score: 1 }).ok).toBe(false);
  });

  it('generates ids and lets one transaction insert a customer and its contract', () => {
    const wb = openWorkbook(new Y.Doc());
    let ids: string[] = [];
    wb.transact(() => {
      const c = wb.insert('customers', { name: 'Beta' });
      if (!c.ok) throw new Error('customer');
      const k = wb.insert('contracts', { customerId: c.value, model: 'one-off', value: 10, startDate: '2024-01-01' });
      if (!k.ok) throw new Error(JSON.stringify(k.errors));
      expect(wb.update('contracts', k.value, { product: 'Setup' }).ok).toBe(true);
      ids = [c.value, k.value];
    });
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(wb.get('contracts', ids[1])).toEqual({ id: ids[1], customerId: ids[0], model: 'one-off', value: 10, startDate: '2024-01-01', product: 'Setup' });
  });
});

describe('chunked tables inside one transaction', () => {
  it('a row inserted earlier in the transaction can be read, edited and deleted before it ends', () => {
    const wb = fresh();
    const seen: WorkbookChange[] = [];
    wb.subscribe((c) => seen.push(c));
    wb.transact(() => {
      expect(wb.insertMany('activities', [
        { id: 'a1', customerId: 'c1', title: 'Kickoff' },
        { id: 'a2', customerId: 'c1', title: 'QBR' },
      ]).ok).toBe(true);
      expect(wb.get('activities', 'a1')).toEqual({ id: 'a1', customerId: 'c1', title: 'Kickoff' });
      expect(wb.update('activities', 'a1', { doneAt: '2024-03-01' }).ok).toBe(true);
      expect(wb.remove('activities', 'a2').ok).toBe(true);
      expect(wb.insert('activities', { id: 'a2', customerId: 'c1', title: 'again' }).ok).toBe(false); // id still in use in its chunk
      expect(wb.insert('tickets', { id: 't1', customerId: 'c1', openedAt: '2024-03-02' }).ok).toBe(true);
      expect(wb.remove('tickets', 't1').ok).toBe(true);
    });
    expect(wb.list('activities')).toEqual([{ id: 'a1', customerId: 'c1', title: 'Kickoff', doneAt: '2024-03-01' }]);
    expect(wb.count('tickets')).toBe(0);
    expect(wb.doc.getMap('chunks.tickets').size).toBe(0); // inserted and deleted: nothing left
    expect(seen).toHaveLength(1);
    expect(seen[0].tables).toEqual({ activities: { upserted: ['a1'], removed: [] } });
  });
});

describe('subscribe', () => {
  it('reports the exact rows changed, once per transaction, for local and remote changes', () => {
    const a = fresh();
    const b = openWorkbook(new Y.Doc());
    const seenA: WorkbookChange[] = [];
    const seenB: WorkbookChange[] = [];
    a.subscribe((c) => seenA.push(c));
    b.subscribe((c) => seenB.push(c));
    a.doc.on('update', (u: Uint8Array) => Y.applyUpdate(b.doc, u, 'net'));
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc), 'net');
    expect(seenB[0].tables).toEqual({ customers: { upserted: ['c1'], removed: [] } });
    expect(seenB[0].local).toBe(false);

    a.transact(() => {
      a.insert('customers', { id: 'c2', name: 'Two' });
      a.update('customers', 'c1', { plan: 'Gold' });
      a.insertMany('usage', [
        { id: 'u1', customerId: 'c1', date: '2024-01-01', userId: 'x', actions: 3 },
        { id: 'u2', customerId: 'c2', date: '2024-01-01', userId: 'y', actions: 4 },
      ]);
    });
    const expected = { customers: { upserted: ['c1', 'c2'], removed: [] }, usage: { upserted: ['u1', 'u2'], removed: [] } };
    expect(seenA.at(-1)!.tables).toEqual(expected);
    expect(seenA.at(-1)!.local).toBe(true);
    expect(seenA.at(-1)!.origin).toBe(a.origin);
    expect(seenB.at(-1)!.tables).toEqual(expected);

    a.update('usage', 'u2', { actions: 5 });
    expect(seenB.at(-1)!.tables).toEqual({ usage: { upserted: ['u2'], removed: [] } });
    a.remove('usage', 'u1');
    expect(seenB.at(-1)!.tables).toEqual({ usage: { upserted: [], removed: ['u1'] } });
    a.remove('customers', ['c2']);
    expect(seenA.at(-1)!.tables).toEqual({ customers: { upserted: [], removed: ['c2'] } });
    expect(seenB.at(-1)!.tables).toEqual({ customers: { upserted: [], removed: ['c2'] } });
    const n = seenA.length;
    a.update('customers', 'c1', { plan: 'Gold' }); // no change: no write, no event
    expect(seenA.length).toBe(n);
    expect(b.snapshot().customers).toEqual([{ id: 'c1', name: 'Acme', plan: 'Gold' }]);
  });

  it('undo through Y.UndoManager over sharedTypes restores a removed row and reports it', () => {
    const wb = fresh();
    const um = new Y.UndoManager(wb.sharedTypes, { trackedOrigins: new Set([wb.origin]), captureTimeout: 0 });
    wb.update('customers', 'c1', { segment: 'SaaS' });
    wb.remove('customers', 'c1');
    const seen: WorkbookChange[] = [];
    wb.subscribe((c) => seen.push(c));
    um.undo();
    expect(wb.get('customers', 'c1')).toEqual({ id: 'c1', name: 'Acme', segment: 'SaaS' });
    expect(seen[0].tables.customers).toEqual({ upserted: ['c1'], removed: [] });
    expect(seen[0].local).toBe(true);
  });
});

describe('undo on chunked tables', () => {
  it('undo/redo of an insert, a cell edit and a delete of an activity', () => {
    const wb = fresh();
    const um = new Y.UndoManager(wb.sharedTypes, { trackedOrigins: new Set([wb.origin]), captureTimeout: 0 });
    const seen: WorkbookChange[] = [];
    wb.subscribe((c) => seen.push(c));
    wb.insert('activities', { id: 'a1', customerId: 'c1', title: 'Kickoff', owner: 'Ana' });
    wb.update('activities', 'a1', { owner: 'Bia' });
    wb.remove('activities', 'a1');
    expect(wb.count('activities')).toBe(0);
    um.undo(); // the delete
    expect(wb.get('activities', 'a1')).toEqual({ id: 'a1', customerId: 'c1', title: 'Kickoff', owner: 'Bia' });
    expect(seen.at(-1)!.tables.activities).toEqual({ upserted: ['a1'], removed: [] });
    um.undo(); // the edit
    expect(wb.get('activities', 'a1')!.owner).toBe('Ana');
    um.undo(); // the insert
    expect(wb.get('activities', 'a1')).toBeUndefined();
    expect(seen.at(-1)!.tables.activities).toEqual({ upserted: [], removed: ['a1'] });
    um.redo();
    um.redo();
    expect(wb.get('activities', 'a1')!.owner).toBe('Bia');
  });
});

describe('forward compatibility and settings', () => {
  it('never drops fields a newer client wrote', () => {
    const wb = openWorkbook(new Y.Doc());
    // A newer client stored a field this version does not know, plus an edit of another one.
    wb.doc.transact(() => {
      wb.doc.getMap('rows.customers').set('c9', { name: 'Zeta', churnReason: 'price' });
      wb.doc.getMap('edits.customers').set('c9\x1fnps2', 7);
    });
    expect(wb.update('customers', 'c9', { segment: 'SaaS' }).ok).toBe(true);
    expect(wb.get('customers', 'c9')).toEqual({ id: 'c9', name: 'Zeta', churnReason: 'price', nps2: 7, segment: 'SaaS' });
    expect(openWorkbook(cloneDoc(wb.doc)).get('customers', 'c9')).toEqual({ id: 'c9', name: 'Zeta', churnReason: 'price', nps2: 7, segment: 'SaaS' });
  });

  it('settings: METRICS.md defaults, validated partial updates, per-member merge of weights', () => {
    const a = openWorkbook(new Y.Doc());
    expect(a.settings()).toEqual(defaultSettings);
    expect(a.schemaVersion).toBe(SCHEMA_VERSION);
    const b = openWorkbook(new Y.Doc());
    expect(a.updateSettings({ healthWeights: { nps: 40 } }).ok).toBe(true);
    expect(b.updateSettings({ healthWeights: { support: 0 }, currency: 'USD' }).ok).toBe(true);
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    const w = { engagement: 30, nps: 40, financial: 20, support: 0, adoption: 10, relationship: 5 };
    expect(a.settings().healthWeights).toEqual(w);
    expect(b.settings().healthWeights).toEqual(w);
    expect(b.settings().currency).toBe('USD');
    expect(b.snapshot().settings).toEqual({ ...defaultSettings, healthWeights: w, currency: 'USD' });

    const bad = a.updateSettings({ healthBands: { red: 80 } }); // above green 75
    expect(bad.ok ? null : bad.errors.map((e) => [e.field, e.code])).toEqual([['healthBands', 'range']]);
    const bad2 = a.updateSettings({ npsWindowDays: 0, tiers: [{ name: '', minMrr: 5 }] } as never);
    expect(bad2.ok ? null : bad2.errors.map((e) => [e.field, e.code])).toEqual([['npsWindowDays', 'range'], ['tiers.0.name', 'range']]);
    expect(a.settings().healthBands).toEqual({ red: 50, green: 75 });
  });

  it('ignores invalid stored settings and shows the defaults instead', () => {
    const wb = openWorkbook(new Y.Doc());
    const m = wb.doc.getMap('settings');
    m.set('healthWeights.nps', 'lots');
    m.set('healthWeights.engagement', 10);
    m.set('tiers', [{ name: 'x' }]);
    m.set('currency', 42);
    m.set('scheduledTaskDays', 3);
    expect(wb.settings()).toEqual({
      ...defaultSettings,
      healthWeights: { ...defaultSettings.healthWeights, engagement: 10 },
      scheduledTaskDays: 3,
    });
  });
});

describe('a buggy peer', () => {
  it('cannot give a row a prototype through a "__proto__" field, edit or column', () => {
    const peer = new Y.Doc();
    peer.transact(() => {
      peer.getMap('rows.customers').set('c1', '{"name": "Ok", "__proto__": {"segment": "Enterprise"}}');
      peer.getMap('edits.customers').set('c1\x1f__proto__', { riskFlag: true });
      peer.getMap('chunks.tickets').set('t', { ids: ['t1'], cols: JSON.parse('{"customerId": ["c1"], "__proto__": [{"status": "open"}]}') });
    });
    const wb = openWorkbook(new Y.Doc());
    Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(peer));
    for (const row of [wb.get('customers', 'c1')!, wb.get('tickets', 't1')!]) expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(wb.get('customers', 'c1')).toEqual({ id: 'c1', name: 'Ok' });
    expect(wb.get('tickets', 't1')).toEqual({ id: 't1', customerId: 'c1' });
  });

  it('writes garbage into the maps: reads never throw, validateAll names every problem', () => {
    const peer = new Y.Doc();
    peer.transact(() => {
      const rows = peer.getMap('rows.customers');
      rows.set('c1', { name: 'Ok' });
      rows.set('c2', 42); // not an object
      rows.set('c3', { name: 7, riskFlag: 'yes' });
      peer.getMap('rows.contracts').set('k1', { customerId: 'ghost', model: 'monthly', value: 'abc', startDate: '2024-13-01' });
      peer.getMap('edits.customers').set('no-separator', 1);
      peer.getMap('edits.customers').set('c1\x1fregisteredAt', { nested: true });
      peer.getMap('chunks.usage').set('bad', { ids: 'nope' });
      peer.getMap('chunks.usage').set('half', { ids: ['u1', 5, 'u2'], cols: { customerId: ['c1'], actions: 'x' } });
      peer.getMap('settings').set('tiers', 'none');
    });
    const wb = openWorkbook(new Y.Doc());
    Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(peer));
    expect(wb.get('customers', 'c2')).toEqual({ id: 'c2' });
    expect(wb.get('customers', 'c1')).toEqual({ id: 'c1', name: 'Ok', registeredAt: { nested: true } });
    expect(wb.list('usage')).toEqual([{ id: 'u1', customerId: 'c1' }, { id: 'u2' }]);
    expect(wb.settings().tiers).toEqual(defaultSettings.tiers);
    const snap = wb.snapshot();
    expect(snap.contracts).toHaveLength(1);
    const got = wb.validateAll().map((e) => `${e.table}/${e.rowId}/${e.field}/${e.code}`).sort();
    expect(got).toEqual([
      'contracts/k1/customerId/reference',
      'contracts/k1/model/enum',
      'contracts/k1/startDate/date',
      'contracts/k1/value/type',
      'customers/c1/registeredAt/date',
      'customers/c2/name/required',
      'customers/c2/null/type',
      'customers/c3/name/type',
      'customers/c3/riskFlag/type',
      'usage/bad/null/type',
      'usage/u1/actions/required',
      'usage/u1/date/required',
      'usage/u1/userId/required',
      'usage/u2/actions/required',
      'usage/u2/customerId/required',
      'usage/u2/date/required',
      'usage/u2/userId/required',
    ]);
    // A valid fix of one field is accepted even though the row has other problems.
    expect(wb.update('contracts', 'k1', { model: 'recurring' }).ok).toBe(true);
  });
});

function cloneDoc(doc: Y.Doc): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
  return d;
}

describe('chunk storage formats', () => {
  it('new chunks are stored as binary; a doc written with JSON chunks still opens, edits and deletes', () => {
    const wb = fresh();
    wb.insertMany('usage', [{ id: 'u9', customerId: 'c1', date: '2024-03-01', userId: 'ana', actions: 2 }]);
    const stored = [...wb.doc.getMap('chunks.usage').values()];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toBeInstanceOf(Uint8Array);
    expect(wb.doc.getMap('rows.customers').get('c1')).toBe('{"name":"Acme"}');
    expect(wb.get('customers', 'c1')).toEqual({ id: 'c1', name: 'Acme' });
    // Text or bytes that are not a row read as a row with only its id, and are reported.
    wb.doc.getMap('rows.customers').set('c2', '{"name":');
    expect(wb.get('customers', 'c2')).toEqual({ id: 'c2' });
    expect(wb.validateAll().map((e) => [e.rowId, e.field, e.code])).toEqual([['c2', null, 'type'], ['c2', 'name', 'required']]);
    wb.remove('customers', 'c2');
    // UTF-8 bytes of the JSON (written by a build of this version for a short while) read too.
    wb.doc.getMap('rows.customers').set('c3', new TextEncoder().encode('{"name":"Três"}'));
    expect(wb.get('customers', 'c3')).toEqual({ id: 'c3', name: 'Três' });
    wb.remove('customers', 'c3');

    // The earlier version's format: the chunk object itself, with a dictionary column.
    const old = new Y.Doc();
    old.getMap('rows.customers').set('c1', { name: 'Acme' });
    old.getMap('chunks.usage').set('k1', {
      ids: ['u1', 'u2'],
      cols: { customerId: { dict: ['c1'], idx: [0, 0] }, date: ['2024-01-01', '2024-01-02'], userId: ['ana', 'bia'], actions: [3, 4] },
    });
    const w2 = openWorkbook(old);
    expect(w2.get('usage', 'u2')).toEqual({ id: 'u2', customerId: 'c1', date: '2024-01-02', userId: 'bia', actions: 4 });
    expect(w2.update('usage', 'u1', { actions: 7 }).ok).toBe(true);
    expect(w2.get('usage', 'u1')).toEqual({ id: 'u1', customerId: 'c1', date: '2024-01-01', userId: 'ana', actions: 7 });
    expect(w2.remove('usage', 'u2').ok).toBe(true);
    expect(w2.list('usage').map((r) => r.id)).toEqual(['u1']);
    expect(w2.insert('usage', { id: 'u3', customerId: 'c1', date: '2024-01-03', userId: 'ana', actions: 1 }).ok).toBe(true);
    expect(w2.count('usage')).toBe(2);
    expect(w2.validateAll()).toEqual([]);
  });
});

describe('a chunked table nobody has read yet', () => {
  it('reports exact ids from ids and edits alone, and gives no before rows', () => {
    const writer = fresh();
    const reader = openWorkbook(new Y.Doc());
    writer.doc.on('update', (u: Uint8Array) => Y.applyUpdate(reader.doc, u));
    Y.applyUpdate(reader.doc, Y.encodeStateAsUpdate(writer.doc));
    const seen: { upserted: string[]; removed: string[]; before: boolean }[] = [];
    reader.subscribe((c) => { if (c.tables.usage) seen.push({ ...c.tables.usage, before: c.before?.usage !== undefined }); });
    const u = (id: string, actions: number) => ({ id, customerId: 'c1', date: '2024-01-01', userId: 'ana', actions });

    writer.insertMany('usage', [u('u1', 1), u('u2', 2), u('u3', 3)]);
    writer.update('usage', 'u2', { actions: 9 });
    writer.remove('usage', 'u3');
    // A later edit of the deleted row (as from a peer that had not seen the delete) is an orphan: no event.
    writer.doc.getMap('edits.usage').set('u3\x1factions', 5);
    writer.remove('usage', ['u1', 'u2']); // the chunk's last rows: the chunk and its tombstones go
    expect(seen).toEqual([
      { upserted: ['u1', 'u2', 'u3'], removed: [], before: false },
      { upserted: ['u2'], removed: [], before: false },
      { upserted: [], removed: ['u3'], before: false },
      { upserted: [], removed: ['u1', 'u2'], before: false },
    ]);

    writer.insertMany('usage', [u('u4', 4)]);
    expect(reader.get('usage', 'u4')).toEqual({ id: 'u4', customerId: 'c1', date: '2024-01-01', userId: 'ana', actions: 4 });
    writer.update('usage', 'u4', { actions: 6 });
    // Once read, events carry what the row was.
    expect(seen.at(-1)).toEqual({ upserted: ['u4'], removed: [], before: true });
    expect(reader.count('usage')).toBe(1);
  });
});

describe('a rows table nobody has read yet', () => {
  it('reports exact ids from Yjs key actions and edit keys, and builds on first read', () => {
    const writer = fresh();
    const reader = openWorkbook(new Y.Doc());
    writer.doc.on('update', (u: Uint8Array) => Y.applyUpdate(reader.doc, u));
    Y.applyUpdate(reader.doc, Y.encodeStateAsUpdate(writer.doc));
    const seen: { upserted: string[]; removed: string[]; before: boolean }[] = [];
    reader.subscribe((c) => { if (c.tables.contracts) seen.push({ ...c.tables.contracts, before: c.before?.contracts !== undefined }); });
    const k = (id: string, value: number) => ({ id, customerId: 'c1', model: 'recurring' as const, value, startDate: '2024-01-01' });

    writer.insertMany('contracts', [k('k1', 100), k('k2', 200)]);
    writer.update('contracts', 'k2', { value: 250 });
    writer.remove('contracts', 'k1');
    writer.doc.getMap('edits.contracts').set('k1\x1fvalue', 5); // orphan edit of the deleted row: no event
    writer.transact(() => {
      writer.insert('contracts', k('k3', 300));
      writer.remove('contracts', 'k3'); // created and deleted in one transaction: nothing happened
    });
    expect(seen).toEqual([
      { upserted: ['k1', 'k2'], removed: [], before: false },
      { upserted: ['k2'], removed: [], before: false },
      { upserted: [], removed: ['k1'], before: false },
    ]);
    expect(reader.list('contracts')).toEqual([{ id: 'k2', customerId: 'c1', model: 'recurring', value: 250, startDate: '2024-01-01' }]);
    writer.update('contracts', 'k2', { value: 260 });
    expect(seen.at(-1)).toEqual({ upserted: ['k2'], removed: [], before: true });
  });
});
