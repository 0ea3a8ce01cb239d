// The Yjs document layer: typed, validated access to a workbook doc (see layout.ts).
export { openWorkbook, type Workbook, type WorkbookChange, type WorkbookOptions, type RowInput } from './workbook.js';
export { SCHEMA_VERSION, CHUNK_SIZE, chunkedTables } from './layout.js';
export { newId } from './ids.js';
export { watchCellConflicts, type CellConflict } from './conflicts.js';
// Validation and import are re-exported here so that core/index.js exposes them through this barrel.
export * from '../validate.js';
export * from '../import.js';
