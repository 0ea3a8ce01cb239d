// History entries in words: "Ana Souza, 14:02 — Value 500 → 600". Field and table names
// come from the schema in the person's language; values are shown as stored.
import { schema, type Lang, type TableName } from '../../core/index.js';
import type { FieldChange, HistoryEntry } from '../workspace/api.js';

export const isTable = (t: string): t is TableName => Object.prototype.hasOwnProperty.call(schema, t);

export function tableLabel(table: string, lang: Lang): string {
  return isTable(table) ? schema[table].label[lang] : table;
}

export function fieldLabel(table: string, field: string, lang: Lang): string {
  if (!isTable(table)) return field;
  const def = (schema[table].fields as Record<string, { label: Record<Lang, string> } | undefined>)[field];
  return def?.label[lang] ?? field;
}

export function showValue(v: unknown, empty: string): string {
  if (v === null || v === undefined || v === '') return empty;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** "14:02" today, "12/03 14:02" this year, else the full date and time, in the workbook's locale (ctx.fmt.locale). */
export function when(at: number, locale: string, now = new Date()): string {
  const d = new Date(at);
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === now.toDateString()) return time;
  const opts: Intl.DateTimeFormatOptions = d.getFullYear() === now.getFullYear() ? { day: '2-digit', month: '2-digit' } : { day: '2-digit', month: '2-digit', year: 'numeric' };
  return `${d.toLocaleDateString(locale, opts)} ${time}`;
}

/** A short name for a row: its name/title field when the entry has it. */
export function rowLabel(e: HistoryEntry): string {
  for (const f of ['name', 'title', 'subject', 'email']) {
    const c = e.changes.find((x: FieldChange) => x.field === f);
    const v = c ? (c.new ?? c.old) : null;
    if (typeof v === 'string' && v) return v;
  }
  return e.row;
}
