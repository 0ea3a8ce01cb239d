// Changes within the undo manager's capture window (300 ms) join one undo step; a command
// (deleting rows, restoring a row from the history) starts a step of its own however soon
// it follows, so Ctrl+Z takes back the command alone. Found by the workspace e2e test on a
// fast machine: a restore 160 ms after the delete was undone together with the delete.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook } from '../../core/index.js';
import { startUndo } from '../../client/undo.js';

function setup() {
  const wb = openWorkbook(new Y.Doc());
  wb.insert('customers', { id: 'c1', name: 'Acme', segment: 'SaaS' });
  const undo = startUndo(wb.sharedTypes as Y.AbstractType<unknown>[], wb.origin);
  return { wb, undo };
}

describe('undo steps', () => {
  it('two changes in quick succession are one step', () => {
    const { wb, undo } = setup();
    wb.remove('customers', 'c1');
    wb.insert('customers', { id: 'c1', name: 'Acme', segment: 'SaaS' });
    undo.undo();
    // Both taken back: the customer is there, as before the delete.
    expect(wb.get('customers', 'c1')).toMatchObject({ name: 'Acme' });
    expect(undo.canUndo()).toBe(false);
  });

  it('a command right after another change is a step of its own', () => {
    const { wb, undo } = setup();
    wb.remove('customers', 'c1');
    undo.newStep();
    wb.insert('customers', { id: 'c1', name: 'Acme', segment: 'SaaS' });
    undo.undo();
    expect(wb.get('customers', 'c1')).toBeUndefined(); // the restore alone taken back
    undo.undo();
    expect(wb.get('customers', 'c1')).toMatchObject({ name: 'Acme' }); // then the delete
    undo.redo();
    undo.redo();
    expect(wb.get('customers', 'c1')).toMatchObject({ name: 'Acme' });
  });

  it('inside a group (an import being applied) the group stays one step', () => {
    const { wb, undo } = setup();
    const group = undo.group();
    wb.insert('customers', { id: 'c2', name: 'Beta' });
    undo.newStep();
    wb.insert('customers', { id: 'c3', name: 'Gama' });
    group.end();
    undo.undo();
    expect(wb.get('customers', 'c2')).toBeUndefined();
    expect(wb.get('customers', 'c3')).toBeUndefined();
  });
});
