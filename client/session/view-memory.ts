// The last open tab (dashboard, a sheet, settings) per workbook in this browser, so a reload
// or a later visit opens where the person left. A `?sheet=` in the address wins (a shared link).
import { tableNames } from '../../core/index.js';
import type { SheetId } from '../app-context.js';

interface KV { getItem(k: string): string | null; setItem(k: string, v: string): void }

const key = (workbookId: string) => `pulso:view:${workbookId}`;
const views: readonly string[] = ['dashboard', ...tableNames, 'settings'];

export const isSheetId = (v: unknown): v is SheetId => typeof v === 'string' && views.includes(v);

/** The tab to open: the address's `?sheet=`, else the remembered one, else the dashboard. */
export function initialView(storage: KV, workbookId: string, params: URLSearchParams): SheetId {
  const asked = params.get('sheet');
  if (isSheetId(asked)) return asked;
  try {
    const kept = storage.getItem(key(workbookId));
    if (isSheetId(kept)) return kept;
  } catch {
    /* storage disabled: no memory */
  }
  return 'dashboard';
}

export function rememberView(storage: KV, workbookId: string, view: SheetId): void {
  try {
    storage.setItem(key(workbookId), view);
  } catch {
    /* storage full or disabled: the memory is a convenience */
  }
}
