// A file's bytes → sheets of cells. CSV/TSV/TXT through papaparse after encoding and
// delimiter detection; XLSX through SheetJS (@e965/xlsx, pinned) with every sheet read as
// values: numbers as numbers, date cells as calendar dates, formulas as their cached
// result. Nothing throws: an unreadable file comes back as a message in both languages.
// SheetJS (~400 kB) is passed in by the caller rather than imported here, so the app loads
// it only when a file turns out to be an XLSX (client/import/worker.ts).
import Papa from 'papaparse';
import type * as XLSX from '@e965/xlsx';
import { decodeText, detectDelimiter, kindProblem, sniffKind, type Delimiter } from './detect.js';
import type { DateCell } from './dates.js';
import { msg, type Msg } from '../messages.js';

export type Cell = string | number | boolean | DateCell | null;

export interface RawSheet {
  name: string;
  /** Row 0 is the header; rows[i] is the file's line i + 1. */
  rows: Cell[][];
}

export interface ReadResult {
  sheets: RawSheet[];
  problem: Msg | null;
  format: 'csv' | 'xlsx' | null;
  encoding?: string;
  delimiter?: Delimiter;
}

/** Beyond these the file is refused before parsing (the browser tab would run out of memory). */
export const MAX_FILE_BYTES = 400 * 1024 * 1024;
export const MAX_ROWS = 3_000_000;

const fail = (problem: Msg): ReadResult => ({ sheets: [], problem, format: null });

/** The part of SheetJS the reader uses (`import * as XLSX from '@e965/xlsx'`). */
export type XlsxReader = Pick<typeof XLSX, 'read' | 'SSF'>;

/** Whether reading these bytes needs the XLSX reader (they are a zip: XLSX or a broken one). */
export const needsXlsxReader = (bytes: Uint8Array): boolean => bytes.length <= MAX_FILE_BYTES && sniffKind(bytes) === 'xlsx';

/** `xlsx` is required when needsXlsxReader(bytes) (a programming error otherwise, thrown). */
export function readSpreadsheet(bytes: Uint8Array, fileName = 'file', xlsx?: XlsxReader): ReadResult {
  if (bytes.length > MAX_FILE_BYTES) return fail(msg(`The file is larger than ${MAX_FILE_BYTES / 1048576} MB.`, `O arquivo é maior que ${MAX_FILE_BYTES / 1048576} MB.`));
  const kind = sniffKind(bytes);
  const problem = kindProblem(kind);
  if (problem) return fail(problem);
  if (kind === 'xlsx' && !xlsx) throw new Error('readSpreadsheet: an XLSX file needs the SheetJS reader');
  const res = kind === 'xlsx' ? readXlsx(bytes, xlsx!) : readDelimited(bytes, baseName(fileName));
  if (res.problem) return res;
  const total = res.sheets.reduce((n, s) => n + s.rows.length, 0);
  if (total > MAX_ROWS) return fail(msg(`The file has ${total} rows; the limit is ${MAX_ROWS}.`, `O arquivo tem ${total} linhas; o limite é ${MAX_ROWS}.`));
  res.sheets = res.sheets.map(trimSheet).filter((s) => s.rows.length > 0);
  if (res.sheets.length === 0) return { ...res, problem: msg('The file has no rows.', 'O arquivo não tem linhas.') };
  return res;
}

const baseName = (f: string) => f.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'sheet';

function readDelimited(bytes: Uint8Array, name: string): ReadResult {
  const { text, encoding, mixed } = decodeText(bytes);
  if (text.trim() === '') return fail(msg('The file is empty.', 'O arquivo está vazio.'));
  if (mixed) {
    return fail(msg(
      'The file mixes two text encodings (UTF-8 and Windows-1252), so accents would come out garbled. Open it in Excel or Google Sheets and save it again as "CSV UTF-8".',
      'O arquivo mistura duas codificações de texto (UTF-8 e Windows-1252), e os acentos sairiam corrompidos. Abra-o no Excel ou no Google Sheets e salve de novo como "CSV UTF-8".',
    ));
  }
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  return { sheets: [{ name, rows: parsed.data as Cell[][] }], problem: null, format: 'csv', encoding, delimiter };
}

function readXlsx(bytes: Uint8Array, XLSX: XlsxReader): ReadResult {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, cellDates: false, cellNF: true, cellFormula: false, cellHTML: false, cellText: false, WTF: false });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(m)) return fail(kindProblem('encrypted')!);
    return fail(msg(`The XLSX file could not be read (${m.slice(0, 120)}).`, `Não foi possível ler o arquivo XLSX (${m.slice(0, 120)}).`));
  }
  const sheets: RawSheet[] = [];
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name] as XLSX.WorkSheet & { '!data'?: (XLSX.CellObject | undefined)[][] };
    const data = ws?.['!data'];
    if (!data) continue;
    const rows: Cell[][] = new Array(data.length);
    for (let r = 0; r < data.length; r++) {
      const src = data[r];
      const out: Cell[] = [];
      if (src) for (let c = 0; c < src.length; c++) out[c] = cellValue(src[c], XLSX);
      for (let c = 0; c < out.length; c++) if (out[c] === undefined) out[c] = null;
      rows[r] = out;
    }
    for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = [];
    sheets.push({ name, rows });
  }
  return { sheets, problem: null, format: 'xlsx' };
}

const pad = (n: number) => String(n).padStart(2, '0');

function cellValue(c: XLSX.CellObject | undefined, XLSX: XlsxReader): Cell {
  if (!c) return null;
  switch (c.t) {
    case 'n': {
      const v = c.v as number;
      if (typeof c.z === 'string' && XLSX.SSF.is_date(c.z)) {
        const p = XLSX.SSF.parse_date_code(v);
        if (p && p.y > 0) return { date: `${p.y}-${pad(p.m)}-${pad(p.d)}` };
      }
      return v;
    }
    case 's':
      return typeof c.v === 'string' ? c.v : String(c.v ?? '');
    case 'b':
      return c.v === true;
    case 'd': {
      const d = c.v instanceof Date ? c.v : new Date(String(c.v));
      return Number.isFinite(d.getTime()) ? { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` } : null;
    }
    default:
      return null; // errors (#N/A…) and empty stubs
  }
}

/** Drops trailing empty rows and columns (Excel keeps formatted-but-empty cells). */
function trimSheet(s: RawSheet): RawSheet {
  const empty = (c: Cell) => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');
  let end = s.rows.length;
  while (end > 0 && s.rows[end - 1].every(empty)) end--;
  return { name: s.name, rows: end === s.rows.length ? s.rows : s.rows.slice(0, end) };
}

/** Text of a cell as a person would read it (for the invalid-rows file and messages). */
export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'object') return c.date;
  return String(c);
}
