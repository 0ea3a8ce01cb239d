// Undo/redo of this person's own edits only: Y.UndoManager tracks the workbook's local
// origin, so a colleague's edit (arriving with the provider's origin) is never undone.
import * as Y from 'yjs';
import { createSignal, type Accessor } from 'solid-js';

export interface Undo {
  undo(): void;
  redo(): void;
  canUndo: Accessor<boolean>;
  canRedo: Accessor<boolean>;
  /** Until the returned function is called, every tracked change joins one undo step. */
  group(): () => void;
  destroy(): void;
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
  return {
    undo: () => {
      um.stopCapturing();
      um.undo();
    },
    redo: () => um.redo(),
    group: () => {
      // stopCapturing makes the next change a new step; an endless capture window makes
      // every change until the end join it (an import applied in pieces is one Ctrl+Z).
      um.stopCapturing();
      const saved = um.captureTimeout;
      um.captureTimeout = Number.POSITIVE_INFINITY;
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        um.captureTimeout = saved;
        um.stopCapturing();
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
