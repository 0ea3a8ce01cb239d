// Column layout, sort, filters and quick search, remembered per person per sheet.
import type { GridState } from 'ag-grid-community';

interface KV { getItem(k: string): string | null; setItem(k: string, v: string): void }

const key = (workbookId: string, user: string, sheet: string) => `pulso:grid:${workbookId}:${user}:${sheet}`;

export interface SheetPrefs { state?: GridState; quick?: string; /** Long texts wrapped (the "Wrap text" toggle). */ wrap?: boolean }

/** Only the parts of the grid state that are preferences (not focus, scroll or selection). */
export function prefsOf(state: GridState): GridState {
  const { columnOrder, columnSizing, columnPinning, columnVisibility, columnGroup, sort, filter } = state;
  return { columnOrder, columnSizing, columnPinning, columnVisibility, columnGroup, sort, filter };
}

export function loadPrefs(storage: KV, workbookId: string, user: string, sheet: string): SheetPrefs {
  try {
    const raw = storage.getItem(key(workbookId, user, sheet));
    const v = raw ? (JSON.parse(raw) as unknown) : null;
    return v && typeof v === 'object' ? (v as SheetPrefs) : {};
  } catch {
    return {};
  }
}

export function savePrefs(storage: KV, workbookId: string, user: string, sheet: string, prefs: SheetPrefs): void {
  try {
    storage.setItem(key(workbookId, user, sheet), JSON.stringify(prefs));
  } catch {
    /* storage full or disabled: preferences are a convenience */
  }
}
