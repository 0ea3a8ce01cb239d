// Undo/redo of this person's own edits only: Y.UndoManager tracks the workbook's local
// origin, so a colleague's edit (arriving with the provider's origin) is never undone.
import * as Y from 'yjs';
import { createSignal, type Accessor } from 'solid-js';

export interface Undo {
  undo(): void;
  redo(): void;
  canUndo: Accessor<boolean>;
  canRedo: Accessor<boolean>;
  /**
   * The next change starts an undo step of its own, however soon it follows the last one:
   * for a command (delete rows, restore a row from the history), which must never join the
   * edit before it in one Ctrl+Z (changes within the capture window do).
   */
  newStep(): void;
  /**
   * Until end() or discard(), every tracked change joins one undo step, and undo/redo wait
   * (a Ctrl+Z in the middle of an import applied in slices would split it). discard() ends
   * the group and takes its changes back (an import that stopped halfway leaves nothing).
   */
  group(): UndoGroup;
  destroy(): void;
}

export interface UndoGroup {
  end(): void;
  discard(): void;
}

export function startUndo(scope: Y.AbstractType<unknown>[], origin: unknown): Undo {
  const um = new Y.UndoManager(scope, { trackedOrigins: new Set([origin]), captureTimeout: 300 });
  const [canUndo, setCanUndo] = createSignal(false);
  const [canRedo, setCanRedo] = createSignal(false);
  const sync = () => {
    setCanUndo(um.undoStack.length > 0);
    setCanRedo(um.redoStack.length > 0);
  };
  um.on('stack-item-added', sync);
  um.on('stack-item-popped', sync);
  um.on('stack-cleared', sync);
  let groups = 0;
  return {
    undo: () => {
      if (groups > 0) return;
      um.stopCapturing();
      um.undo();
    },
    redo: () => {
      if (groups > 0) return;
      um.redo();
    },
    newStep: () => {
      if (groups === 0) um.stopCapturing();
    },
    group: () => {
      // stopCapturing makes the next change a new step; an endless capture window makes
      // every change until the end join it (Y.UndoManager merges a transaction into the
      // last stack item while now - lastChange < captureTimeout): an import applied in
      // hundreds of slices, each its own transaction, is one Ctrl+Z.
      um.stopCapturing();
      const depth = um.undoStack.length;
      const saved = um.captureTimeout;
      um.captureTimeout = Number.POSITIVE_INFINITY;
      groups++;
      let open = true;
      const end = () => {
        if (!open) return false;
        open = false;
        groups--;
        um.captureTimeout = saved;
        um.stopCapturing();
        return true;
      };
      return {
        end: () => void end(),
        discard: () => {
          // Only the step this group pushed (none when nothing was applied yet).
          if (!end() || um.undoStack.length <= depth) return;
          um.undo();
          um.redoStack.pop(); // nothing to redo: the import never happened
          sync();
        },
      };
    },
    canUndo,
    canRedo,
    destroy: () => um.destroy(),
  };
}

/** Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y, except inside text fields (they undo typing). */
export function undoKey(e: KeyboardEvent): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !e.shiftKey) return 'redo';
  return null;
}
