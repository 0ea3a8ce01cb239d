// The column mapping a person chose, remembered per workbook and table (by folded header),
// so next month's export of the same tool maps itself.
import type { TableName } from '../../core/index.js';

type Memory = Partial<Record<TableName, Record<string, string | null>>>;
const key = (workbookId: string) => `pulso:import-mapping:${workbookId}`;

export function loadMapping(storage: Storage, workbookId: string): Memory {
  try {
    const v = JSON.parse(storage.getItem(key(workbookId)) ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Memory) : {};
  } catch {
    return {};
  }
}

export function rememberMapping(storage: Storage, workbookId: string, table: TableName, choices: Record<string, string | null>): void {
  const all = loadMapping(storage, workbookId);
  all[table] = { ...(all[table] ?? {}), ...choices };
  try {
    storage.setItem(key(workbookId), JSON.stringify(all));
  } catch {
    // A full storage only loses the memory, never the import.
  }
}
