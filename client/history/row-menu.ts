// The row context menu's state: a sheet reports a right-click on a row; the workspace bar
// shows the menu (History) and the row's history. Plain signals: one menu at a time.
import { createSignal } from 'solid-js';
import type { TableName } from '../../core/index.js';

export interface RowTarget { table: TableName; rowId: string }
const [menu, setMenu] = createSignal<(RowTarget & { x: number; y: number }) | null>(null);
const [historyOf, setHistoryOf] = createSignal<RowTarget | null>(null);

export const rowMenu = menu;
export const closeRowMenu = () => setMenu(null);
/** Called by a sheet on right-click. */
export const openRowMenu = (t: RowTarget & { x: number; y: number }) => setMenu(t);
export const rowHistoryTarget = historyOf;
export const showRowHistory = (t: RowTarget | null) => { setMenu(null); setHistoryOf(t); };
