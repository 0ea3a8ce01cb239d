// Restoring a version (sync-server/version-restore.ts) brings back its formula columns,
// whether the version stored them as the old array or one entry per column.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook } from '../../core/index.js';
import { applyRestore, openVersion } from '../../sync-server/version-restore.js';

const annual = { id: 'annual', label: 'Annual', formula: 'mrr*12' };
const risk = { id: 'risk', label: 'Risk', formula: 'healthScore<50' };

describe('restoring formula columns', () => {
  it('from a version that still held the array: the live workbook gets them one entry per column', () => {
    const old = new Y.Doc();
    old.getMap('settings').set('customColumns', [annual, risk]);
    const version = openVersion(Y.encodeStateAsUpdate(old));
    const live = openWorkbook(new Y.Doc());
    expect(live.updateSettings({ customColumns: [{ id: 'x2', label: 'Double', formula: 'mrr*2' }] }).ok).toBe(true);
    const r = applyRestore(live, version, {}, true);
    expect(r.settings).toBe(true);
    expect(r.skipped).toEqual([]);
    expect(live.settings().customColumns).toEqual([annual, risk]);
    const keys = [...live.doc.getMap('settings').keys()].filter((k) => k.startsWith('customColumns')).sort();
    expect(keys).toEqual(['customColumns.annual', 'customColumns.risk']);
  });

  it('from a version in the new form, onto a live workbook without formula columns', () => {
    const v = openWorkbook(new Y.Doc());
    expect(v.updateSettings({ customColumns: [risk, annual] }).ok).toBe(true);
    const live = openWorkbook(new Y.Doc());
    applyRestore(live, openVersion(Y.encodeStateAsUpdate(v.doc)), {}, true);
    expect(live.settings().customColumns).toEqual([risk, annual]);
  });
});
