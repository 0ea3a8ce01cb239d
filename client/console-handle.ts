// `window.__pulso`: the app's console handle, for people debugging in the browser and for the
// browser tests and benchmarks. Its shape is a stable interface (docs/console.md): add
// members, never rename or remove one.
import type * as Y from 'yjs';
import type { GridApi } from 'ag-grid-community';
import type { Workbook } from '../core/index.js';
import type { AppContext } from './app-context.js';
import type { WorkerDerivation } from './derive/client.js';
import type { SyncSession } from './session/sync.js';

export interface PulsoHandle {
  /** The workbook's Y.Doc (the shared document). */
  doc: Y.Doc;
  /** The typed workbook API over the doc (core's openWorkbook): insert/update/remove/get/list/snapshot/subscribe. */
  workbook: Workbook;
  /** The derivation worker's client: metrics(), dashboard(...), detail(...), drill(...), onChange(...). */
  derivation: WorkerDerivation;
  /** The sync session (y-websocket provider, status, unconfirmed changes). */
  sync: SyncSession;
  /** The app context every view receives (language, settings, as-of date, openSheet...). */
  ctx: AppContext;
  /** The ag-grid API of the sheet on screen (set when a sheet opens). */
  grid?: GridApi;
  /** The sheets built and kept (client/grid/sheet-deck.ts), as `table|drill-down label|language`. */
  sheets?: () => string[];
}

type WithHandle = { __pulso?: PulsoHandle };

/** Installs the handle (main.tsx, once). */
export function exposeHandle(h: PulsoHandle): void {
  (globalThis as WithHandle).__pulso = h;
}

/** Points `__pulso.grid` at the sheet on screen. */
export function exposeGrid(api: GridApi): void {
  const h = (globalThis as WithHandle).__pulso;
  if (h) h.grid = api;
}

/** Points `__pulso.sheets` at the deck's list of built sheets. */
export function exposeSheets(list: () => string[]): void {
  const h = (globalThis as WithHandle).__pulso;
  if (h) h.sheets = list;
}
