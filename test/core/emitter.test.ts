// The one event emitter: order, unsubscribe while emitting, a throwing listener isolated.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Emitter, openWorkbook, type WorkbookChange } from '../../core/index.js';

describe('Emitter', () => {
  it('calls listeners in subscription order; unsubscribing inside a listener skips nobody else', () => {
    const e = new Emitter<number>();
    const got: string[] = [];
    const offA = e.on((n) => { got.push(`a${n}`); offA(); });
    e.on((n) => got.push(`b${n}`));
    e.emit(1);
    e.emit(2);
    expect(got).toEqual(['a1', 'b1', 'b2']);
    e.clear();
    e.emit(3);
    expect(got).toEqual(['a1', 'b1', 'b2']);
  });

  it('a listener that throws does not stop the next one; its error is reported afterwards', async () => {
    const e = new Emitter<string>();
    const got: string[] = [];
    e.on(() => { throw new Error('faulty view'); });
    e.on((s) => got.push(s));
    const reported = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    expect(() => e.emit('x')).not.toThrow();
    expect(got).toEqual(['x']);
    expect(await reported).toMatchObject({ message: 'faulty view' });
  });

  it('a workbook whose first subscriber throws still tells the second one, with a consistent cache', async () => {
    const wb = openWorkbook(new Y.Doc());
    const seen: WorkbookChange[] = [];
    wb.subscribe(() => { throw new Error('grid bug'); });
    wb.subscribe((c) => seen.push(c));
    const reported = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    expect(wb.insert('customers', { id: 'c1', name: 'Acme' }).ok).toBe(true);
    expect(seen.map((c) => c.tables.customers?.upserted)).toEqual([['c1']]);
    expect(wb.get('customers', 'c1')).toEqual({ id: 'c1', name: 'Acme' });
    expect(await reported).toMatchObject({ message: 'grid bug' });
  });
});
