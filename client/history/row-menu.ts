// The row context menu's state: a sheet reports a right-click on a row; the workspace bar
// shows the menu (History) and the row's history. Plain signals: one menu at a time.
import { createSignal } from 'solid-js';
import type { TableName } from '../../core/index.js';

export interface RowTarget { table: TableName; rowId: string }
const [menu, setMenu] = createSignal<(RowTarget & { x: number; y: number }) | null>(null);
const [historyOf, setHistoryOf] = createSignal<RowTarget | null>(null);

/** What had the focus when the menu opened (a grid cell): it gets it back when the menu closes. */
let opener: HTMLElement | null = null;

export const rowMenu = menu;
export const closeRowMenu = () => {
  if (!menu()) return;
  const inside = document.activeElement?.closest('.row-menu');
  setMenu(null);
  if (inside) opener?.focus();
};
/** Called by a sheet on right-click, or Shift+F10 / the context-menu key on a cell. */
export const openRowMenu = (t: RowTarget & { x: number; y: number }) => {
  const at = document.activeElement;
  if (at instanceof HTMLElement && !at.closest('.row-menu')) opener = at;
  setMenu(t);
};
export const rowHistoryTarget = historyOf;
export const showRowHistory = (t: RowTarget | null) => {
  // The focus goes back to the cell first, so the history dialog returns it there when it closes.
  if (menu()) opener?.focus();
  setMenu(null);
  setHistoryOf(t);
};
