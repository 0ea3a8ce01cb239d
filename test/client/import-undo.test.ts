// The wizard's write path without the browser: the worker's replica writes the plan in
// pieces (one update each); the main doc applies them in separate tasks with the
// workbook's origin inside undo.group(): one Ctrl+Z takes the whole import back, and the
// person's earlier edit stays its own step.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyPlan, openWorkbook, planImport, readSpreadsheet } from '../../core/index.js';
import { startUndo } from '../../client/undo.js';

describe('an import applied in pieces', () => {
  it('is one undo step, separate from the edit before it', async () => {
    const main = openWorkbook(new Y.Doc());
    main.insert('customers', { id: 'c1', name: 'Acme', segment: 'SaaS' });
    const undo = startUndo(main.sharedTypes as Y.AbstractType<unknown>[], main.origin);
    main.update('customers', 'c1', { plan: 'Pro' }); // the person's own edit, just before

    const replicaDoc = new Y.Doc();
    Y.applyUpdate(replicaDoc, Y.encodeStateAsUpdate(main.doc));
    const replica = openWorkbook(replicaDoc);
    const lines = ['Nome;Segmento', 'Acme;Indústria', ...Array.from({ length: 9 }, (_, i) => `Nova ${i};Varejo`)];
    const plan = planImport(readSpreadsheet(new TextEncoder().encode(lines.join('\n')), 'c.csv').sheets, replica, { lang: 'pt-BR' });
    const pieces: Uint8Array[] = [];
    replicaDoc.on('update', (u: Uint8Array) => pieces.push(u));
    expect(applyPlan(replica, plan, { rowsPerTransaction: 3 }).ok).toBe(true);
    expect(pieces.length).toBe(4); // 9 new rows in 3 pieces, then the one update

    const end = undo.group();
    for (const u of pieces) {
      Y.applyUpdate(main.doc, u, main.origin);
      await new Promise((r) => setTimeout(r, 5));
    }
    end();
    expect(main.count('customers')).toBe(10);
    expect(main.get('customers', 'c1')!.segment).toBe('Indústria');
    undo.undo();
    expect(main.list('customers').map((c) => [c.name, c.segment, c.plan])).toEqual([['Acme', 'SaaS', 'Pro']]);
    undo.undo();
    expect(main.get('customers', 'c1')!.plan).toBeUndefined();
    undo.destroy();
  });
});
