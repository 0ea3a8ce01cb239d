// Messages between the import wizard (main thread) and the import worker.
import type { ColumnMap, DateOrder, FieldDiff, Lang, Msg, NumberLocale, SheetChoice, TableName } from '../../core/index.js';

export type ToImportWorker =
  | { type: 'read'; bytes: Uint8Array; fileName: string; state: Uint8Array; lang: Lang }
  | { type: 'plan'; choices: SheetChoice[] }
  | { type: 'apply'; validOnly: boolean }
  | { type: 'invalid-csv'; lang: Lang };

export interface SheetPreview {
  sheet: string;
  table: TableName | null;
  guessedTable: TableName | null;
  headers: string[];
  mapping: ColumnMap[];
  unmapped: string[];
  numberLocale: Record<string, NumberLocale>;
  dateOrder: Record<string, DateOrder>;
  problem: Msg | null;
  rows: number;
  counts: { new: number; changed: number; unchanged: number; invalid: number };
  /** The first new rows (as field → value). */
  newRows: { line: number; row: Record<string, unknown> }[];
  changed: { line: number; id: string; diffs: FieldDiff[] }[];
  invalid: { line: number; problems: { field: string | null; message: Msg }[] }[];
}

/** One Yjs update of the import and what it writes (the main thread learns each table's cost per row). */
export interface ImportPiece {
  update: Uint8Array;
  table: TableName;
  rows: number;
}

export interface PlanPreview {
  sheets: SheetPreview[];
  counts: { new: number; changed: number; unchanged: number; invalid: number };
}

export type FromImportWorker =
  | { type: 'read'; ok: true; format: string; encoding?: string; delimiter?: string; sheets: { name: string; rows: number }[] }
  | { type: 'read'; ok: false; problem: Msg }
  | { type: 'plan'; preview: PlanPreview }
  | { type: 'progress'; phase: 'read' | 'plan' | 'write' | 'apply'; done: number; total: number }
  /** Part of the pieces (several messages, so no one task deserializes them all); 'applied' follows with the rest. */
  | { type: 'pieces'; pieces: ImportPiece[] }
  | { type: 'applied'; pieces: ImportPiece[]; inserted: number; updated: number }
  | { type: 'failed'; message: Msg }
  | { type: 'invalid-csv'; text: string };
