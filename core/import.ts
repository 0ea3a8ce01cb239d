// Import mapping: CSV files and blocks pasted from Excel / Google Sheets into rows of a
// table, derived from the schema (field names, en and pt-BR labels, aliases). Parsing is
// papaparse's; this module only maps headers and converts cell text by field kind. Every
// bad cell becomes an issue naming the row number and the field; nothing throws.
//
// Decisions:
// - Locale defaults to pt-BR (the primary market). Numbers are read leniently in either
//   locale: "1.234,56" and "1234,56" (pt-BR), "1,234.56" and "1234.56" (en); a lone
//   separator followed by exactly three digits is a thousands separator of the locale
//   ("1.234" is 1234 in pt-BR, 1.234 in en). "R$", "$", "€", spaces and "%" are ignored.
// - Dates: ISO (a time part is dropped), dd/mm/yyyy (also with - or .); in en, mm/dd/yyyy
//   when that is a real date, else dd/mm/yyyy. Two-digit years: 00–69 → 20xx, 70–99 → 19xx.
// - Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2.
// - Blank lines are skipped. Columns that match no field are listed in `mapping` with
//   field null and otherwise ignored. A required field with no column is reported once
//   (rowId 'header') instead of once per row.
import Papa from 'papaparse';
import { fieldsOf, type FieldDef, type Lang, type RowTypes, type TableName } from './schema.js';
import { fieldProblem, isIsoDate } from './field.js';
import type { ValidationIssue } from './types.js';
import { validateRow } from './validate.js';
import { foldWords } from './text.js';
import { codeMsg, msg, type Msg } from './messages.js';

/** A converted cell, or why not: `message` in English (logs, API), `text` for people (field label included). */
export type Coerced = { value: unknown } | { error: ValidationIssue['code']; message: string; text: Msg };

/** Lower case, accents and punctuation removed, words separated by one space. */
export function normalizeHeader(s: string): string {
  return foldWords(s);
}
const squash = (s: string) => s.replace(/ /g, '');
const camelWords = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1 $2');

// ---- Cells -----------------------------------------------------------------------------

// Per locale: [decimal mark, grouping mark] and the patterns built from them (compiled once).
const numberPatterns = (dec: string, grp: string) => {
  const e = (c: string) => (c === '.' ? '\\.' : c);
  return {
    dec,
    grp,
    grouped: new RegExp(`^\\d{1,3}(${e(grp)}\\d{3})+(${e(dec)}\\d+)?$`),
    plain: new RegExp(`^\\d*(${e(dec)}\\d+)?$`),
    otherDecimal: new RegExp(`^\\d+${e(grp)}\\d+$`), // the other locale's decimal mark
    otherGrouped: new RegExp(`^\\d{1,3}(${e(dec)}\\d{3})+(${e(grp)}\\d+)?$`), // the other locale's grouping
  };
};
const NUMBER = { 'pt-BR': numberPatterns(',', '.'), en: numberPatterns('.', ',') } as const;

export function parseNumber(text: string, locale: Lang = 'pt-BR'): number | null {
  let s = text.trim().replace(/[\s\u00a0]/g, '').replace(/^(R\$|US\$|\$|€)/i, '').replace(/%$/, '');
  let neg = false;
  if (/^\(.*\)$/.test(s)) { neg = true; s = s.slice(1, -1); }
  if (s.startsWith('-')) { neg = !neg; s = s.slice(1); }
  s = s.replace(/^(R\$|US\$|\$|€)/i, '');
  const p = NUMBER[locale] ?? NUMBER['pt-BR'];
  let plain: string | null = null;
  if (p.grouped.test(s)) plain = s.split(p.grp).join('').replace(p.dec, '.');
  else if (s !== '' && p.plain.test(s)) plain = s.replace(p.dec, '.');
  else if (p.otherDecimal.test(s)) plain = s.replace(p.grp, '.');
  else if (p.otherGrouped.test(s)) plain = s.split(p.dec).join('').replace(p.grp, '.');
  else if (/^\d+(\.\d+)?e[+-]?\d+$/i.test(s)) plain = s;
  if (plain === null || plain === '' || plain === '.') return null;
  const n = Number(plain);
  return Number.isFinite(n) ? (neg ? -n : n) : null;
}

const pad = (n: number) => String(n).padStart(2, '0');
export function parseDate(text: string, locale: Lang = 'pt-BR'): string | null {
  const s = text.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) {
    const iso = `${m[1]}-${pad(+m[2])}-${pad(+m[3])}`;
    return isIsoDate(iso) ? iso : null;
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
  if (!m) return null;
  let y = +m[3];
  if (m[3].length === 2) y += y < 70 ? 2000 : 1900;
  const dmy = `${y}-${pad(+m[2])}-${pad(+m[1])}`;
  const mdy = `${y}-${pad(+m[1])}-${pad(+m[2])}`;
  if (locale === 'en' && isIsoDate(mdy)) return mdy;
  return isIsoDate(dmy) ? dmy : null;
}

const TRUE = new Set(['sim', 's', 'true', 't', '1', 'yes', 'y', 'verdadeiro', 'v', 'x']);
const FALSE = new Set(['nao', 'n', 'false', 'f', '0', 'no', 'falso']);

/** Converts one cell's text for a field. Empty text is `{ value: null }` (clears the cell). */
export function coerceCell(field: FieldDef, text: string, locale: Lang = 'pt-BR'): Coerced {
  const raw = typeof text === 'string' ? text : String(text ?? '');
  const s = raw.trim();
  if (s === '') return { value: null };
  const shown = JSON.stringify(s.length > 40 ? s.slice(0, 37) + '…' : s);
  const bad = (error: ValidationIssue['code'], message: string, v: unknown = s): Coerced => ({ error, message, text: codeMsg(field, error, v) });
  const checked = (v: unknown, what: string): Coerced => {
    const p = fieldProblem(field, v);
    return p === null ? { value: v } : bad(p, `${shown} ${what}`, v);
  };
  switch (field.kind) {
    case 'text':
      return { value: field.format === 'multiline' ? raw.replace(/\r\n/g, '\n') : s };
    case 'ref':
      return { value: s };
    case 'date': {
      const d = parseDate(s, locale);
      return d === null ? bad('date', `${shown} is not a date (use 31/12/2024 or 2024-12-31)`) : { value: d };
    }
    case 'boolean': {
      const n = normalizeHeader(s);
      if (TRUE.has(n)) return { value: true };
      if (FALSE.has(n)) return { value: false };
      return bad('type', `${shown} is not yes/no (sim/não, true/false, 1/0)`);
    }
    case 'enum': {
      const n = normalizeHeader(s);
      for (const v of field.values) {
        const labels = field.valueLabels?.[v];
        if (normalizeHeader(v) === n || (labels && (normalizeHeader(labels.en) === n || normalizeHeader(labels['pt-BR']) === n))) return { value: v };
      }
      return bad('enum', `${shown} is not one of ${field.values.join(', ')}`);
    }
    case 'number': {
      const n = parseNumber(s, locale);
      if (n === null) return bad('type', `${shown} is not a number`);
      const range = field.min !== undefined && field.max !== undefined ? `between ${field.min} and ${field.max}` : field.min !== undefined ? `≥ ${field.min}` : `≤ ${field.max}`;
      const p = fieldProblem(field, n);
      if (p === 'integer') return bad(p, `${shown} is not a whole number`);
      if (p === 'range') return bad(p, `${shown} must be ${range}`, n);
      if (p === 'enum') return bad(p, `${shown} must be one of ${field.oneOf?.join(', ')}`, n);
      return checked(n, 'is not a valid number');
    }
  }
}

// ---- Blocks and files ------------------------------------------------------------------

/** A block copied from Excel / Google Sheets (tab-separated, quoted cells may hold newlines and tabs). */
export function parseTsvBlock(text: string): string[][] {
  if (typeof text !== 'string' || text === '') return [];
  const body = text.replace(/\r?\n$/, '');
  const res = Papa.parse<string[]>(body, { delimiter: '\t', quoteChar: '"', skipEmptyLines: false });
  return res.data.map((r) => r.map((c) => (c ?? '').replace(/\r\n/g, '\n')));
}

export interface ColumnMapping {
  column: number;
  header: string;
  /** The field the column fills ('id' for the row id), or null when it matches none. */
  field: string | null;
}

export interface CustomerRefSource { id: string; name?: unknown; externalId?: unknown }

export interface CsvImport<T extends TableName> {
  /** Converted rows; a bad cell is left out of its row (and reported in `issues`). */
  rows: (Partial<RowTypes[T]> & { id?: string })[];
  /** Spreadsheet row number of each row (header = 1). */
  rowNumbers: number[];
  issues: ValidationIssue[];
  mapping: ColumnMapping[];
}

/** The field a header names in this table (field name, en/pt-BR label or alias), else null. */
export function matchHeader(table: TableName, header: string): string | null {
  return headerIndex(table).get(squash(normalizeHeader(header))) ?? null;
}

const indexes = new Map<TableName, Map<string, string>>();
function headerIndex(table: TableName): Map<string, string> {
  let idx = indexes.get(table);
  if (idx) return idx;
  idx = new Map([['id', 'id']]);
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  // Earlier passes win: a field's own name over any label, labels over aliases.
  const passes: ((name: string, f: FieldDef) => string[])[] = [
    (name) => [name, camelWords(name)],
    (_, f) => [f.label.en, f.label['pt-BR']],
    (_, f) => f.aliases ?? [],
  ];
  for (const pass of passes) for (const [name, f] of Object.entries(fields)) {
    for (const c of pass(name, f)) {
      const k = squash(normalizeHeader(c));
      if (k && !idx.has(k)) idx.set(k, name);
    }
  }
  indexes.set(table, idx);
  return idx;
}

/**
 * Parses a CSV file (delimiter , ; tab or | detected) into rows of `table`.
 * With `opts.customers`, a customerId cell may also hold the customer's external id
 * (CPF/CNPJ, compared by digits) or name (case/accent-insensitive).
 */
export interface CsvOptions {
  /** Resolve customer cells by id, CPF/CNPJ or name. */
  customers?: Iterable<CustomerRefSource>;
  /** The field of each column, chosen by the user (overrides header matching); null skips a column. */
  fields?: (string | null)[];
}

export function parseCsv<T extends TableName>(text: string, table: T, lang: Lang = 'pt-BR', opts: CsvOptions = {}): CsvImport<T> {
  const out: CsvImport<T> = { rows: [], rowNumbers: [], issues: [], mapping: [] };
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  const body = typeof text === 'string' ? text.replace(/^\ufeff/, '') : '';
  const res = Papa.parse<string[]>(body, { delimiter: '', delimitersToGuess: [',', ';', '\t', '|'], skipEmptyLines: false });
  const data = res.data;
  // `rowId` here is the spreadsheet's row number, which people recognise: the text names it.
  const at = (rowId: string, field: string | null, code: ValidationIssue['code'], message: string, text: Msg) => out.issues.push({ table, rowId, field, code, message, text });
  const lineMsg = (row: number | string, t: Msg) => msg(`Row ${row}: ${t.en}`, `Linha ${row}: ${t['pt-BR']}`);
  for (const e of res.errors) {
    if (e.code === 'UndetectableDelimiter') continue; // one column: fine
    at(String((e.row ?? 0) + 1), null, 'type', `Row ${(e.row ?? 0) + 1}: ${e.message}`, lineMsg((e.row ?? 0) + 1, msg(e.message, 'a linha não pôde ser lida')));
  }
  if (data.length === 0 || data[0].every((h) => h.trim() === '')) {
    at('header', null, 'required', 'The file has no header row', msg('The file has no header row', 'O arquivo não tem linha de cabeçalho'));
    return out;
  }
  const used = new Set<string>();
  out.mapping = data[0].map((header, column) => {
    const chosen = opts.fields?.[column];
    const f = opts.fields ? (chosen === 'id' || (chosen && chosen in fields) ? chosen : null) : matchHeader(table, header);
    const field = f && !used.has(f) ? f : null;
    if (field) used.add(field);
    return { column, header, field };
  });
  const missing = Object.entries(fields).filter(([name, f]) => f.required && !used.has(name)).map(([name]) => name);
  for (const name of missing) at('header', name, 'required', `No column for the required field ${fields[name].label.en} (${fields[name].label['pt-BR']})`, msg(`No column for the required field ${fields[name].label.en}`, `Nenhuma coluna para o campo obrigatório ${fields[name].label['pt-BR']}`));
  const resolveCustomer = customerResolver(opts.customers);

  for (let r = 1; r < data.length; r++) {
    const cells = data[r];
    if (cells.every((c) => c.trim() === '')) continue;
    const rowNo = r + 1;
    const row: Record<string, unknown> = {};
    const bad = new Set<string>();
    for (const m of out.mapping) {
      if (!m.field) continue;
      const cell = cells[m.column] ?? '';
      const label = `Row ${rowNo}, column ${JSON.stringify(m.header)}`;
      if (m.field === 'id') {
        if (cell.trim()) row.id = cell.trim();
        continue;
      }
      const def = fields[m.field];
      const c = coerceCell(def, cell, lang);
      if ('error' in c) {
        bad.add(m.field);
        at(String(rowNo), m.field, c.error, `${label} (${def.label.en}): ${c.message}`, lineMsg(rowNo, c.text));
        continue;
      }
      if (c.value === null) continue;
      if (def.kind === 'ref' && def.table === 'customers' && resolveCustomer) {
        const id = resolveCustomer(c.value as string);
        if (id === undefined) {
          bad.add(m.field);
          at(String(rowNo), m.field, 'reference', `${label} (${def.label.en}): no customer has the id, CPF/CNPJ or name ${JSON.stringify(c.value)}`,
            lineMsg(rowNo, msg(`${def.label.en}: no customer has the id, CPF/CNPJ or name ${JSON.stringify(c.value)}`, `${def.label['pt-BR']}: nenhum cliente tem o id, CPF/CNPJ ou nome ${JSON.stringify(c.value)}`)));
          continue;
        }
        row[m.field] = id;
      } else row[m.field] = c.value;
    }
    // Row rules (required fields, survey score by kind) on what converted cleanly.
    for (const e of validateRow(table, row)) {
      if (e.field !== null && (bad.has(e.field) || (e.code === 'required' && missing.includes(e.field)))) continue;
      const def = e.field ? fields[e.field] : undefined;
      const prefix = `${table} row ${JSON.stringify(e.rowId)}${e.field === null ? '' : `, field ${JSON.stringify(e.field)}`}: `;
      const what = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
      at(String(rowNo), e.field, e.code, `Row ${rowNo}${def ? ` (${def.label.en})` : ''}: ${what}`, lineMsg(rowNo, e.text));
    }
    out.rows.push(row as CsvImport<T>['rows'][number]);
    out.rowNumbers.push(rowNo);
  }
  return out;
}

function customerResolver(customers: Iterable<CustomerRefSource> | undefined): ((v: string) => string | undefined) | null {
  if (!customers) return null;
  const byId = new Set<string>();
  const byExternal = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const c of customers) {
    byId.add(c.id);
    if (typeof c.externalId === 'string') {
      const d = c.externalId.replace(/\D/g, '');
      if (d && !byExternal.has(d)) byExternal.set(d, c.id);
      const n = normalizeHeader(c.externalId);
      if (n && !byExternal.has(n)) byExternal.set(n, c.id);
    }
    if (typeof c.name === 'string') {
      const n = normalizeHeader(c.name);
      if (n && !byName.has(n)) byName.set(n, c.id);
    }
  }
  return (v) => {
    if (byId.has(v)) return v;
    const d = v.replace(/\D/g, '');
    return (d && byExternal.get(d)) || byExternal.get(normalizeHeader(v)) || byName.get(normalizeHeader(v));
  };
}
