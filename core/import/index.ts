// File import and export: detection, mapping, references, the upsert plan and its writing.
export { sniffKind, decodeText, detectDelimiter, kindProblem, type FileKind, type Delimiter } from './detect.js';
export { numberEvidence, detectNumberLocale, readNumber, type NumberLocale } from './numbers.js';
export { detectDateOrder, readDate, excelSerialToIso, isDateCell, type DateOrder, type DateCell } from './dates.js';
export { foldKey, vendorHeaders, headerIndex, guessMapping, guessTable, tableOfSheetName, type ColumnMap } from './mapping.js';
export { RefIndex, type RefResult, type RefTarget } from './references.js';
export { readSpreadsheet, needsXlsxReader, cellText, type XlsxReader, MAX_FILE_BYTES, MAX_ROWS, type Cell, type RawSheet, type ReadResult } from './sheets.js';
export { planImport, MAX_CELL_CHARS, type ImportPlan, type SheetPlan, type SheetChoice, type FieldDiff, type InvalidRow, type CellProblem, type ExistingRows, type PlanOptions } from './plan.js';
export { applyPlan, type ApplyResult } from './apply.js';
export { invalidRowsCsv } from './invalid.js';
export { workbookSheets, XLSX_MAX_ROWS, type OutSheet, type OutCell } from './export.js';
export { writeXlsx, isoToSerial, type XSheet, type XCell } from './xlsx-write.js';
