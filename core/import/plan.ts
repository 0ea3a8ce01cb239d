// The upsert plan of an import: for every sheet, which rows are new, which existing rows
// change (each field's old → new value), which are unchanged and which are invalid (line,
// field, message in both languages). Nothing is written here; apply.ts writes a plan.
//
// Decisions:
// - Customers match an existing row on `id`, else `externalId` (digits compared), else
//   the name (accents and case ignored); other tables on `id` when the file has one.
// - An empty cell leaves the existing value as it is (a partial export re-imported does
//   not wipe fields); new rows simply lack the field.
// - Two lines of one file that are the same row (same id, external id or name) are an
//   error on the second line: which one should win is the person's call.
// - Sheets are planned in reference order (customers before the tables that name them,
//   contacts before surveys), so a contract may name a customer created by the same file.
import { fieldsOf, tableLoadOrder, type FieldDef, type Lang, type TableName } from '../schema.js';
import { validateRow } from '../validate.js';
import { newId } from '../doc/ids.js';
import { detectDateOrder, readDate, type DateOrder } from './dates.js';
import { foldKey, guessMapping, guessTable, type ColumnMap } from './mapping.js';
import { codeMsg, fieldMsg, msg, shown, type Msg } from '../messages.js';
import { detectNumberLocale, readNumber, type NumberLocale } from './numbers.js';
import { RefIndex } from './references.js';
import { cellText, type Cell, type RawSheet } from './sheets.js';

type Row = Record<string, unknown> & { id: string };

/** Excel's own limit on a cell: anything longer is not data a person typed. */
export const MAX_CELL_CHARS = 32767;

export interface SheetChoice {
  /** The table this sheet fills; null skips the sheet. Default: guessed. */
  table?: TableName | null;
  /** The field of each column (null ignores it). Default: guessed from the headers. */
  fields?: (string | null)[];
  /** Remembered header → field choices of earlier imports (folded header keys). */
  remembered?: Record<string, string | null>;
}

export interface FieldDiff { field: string; old: unknown; new: unknown }
export interface CellProblem { field: string | null; message: Msg }
export interface InvalidRow { line: number; problems: CellProblem[]; cells: Cell[] }

export interface SheetPlan {
  sheet: string;
  table: TableName | null;
  headers: string[];
  mapping: ColumnMap[];
  /** Headers of columns that fill no field (ignored). */
  unmapped: string[];
  numberLocale: Record<string, NumberLocale>;
  dateOrder: Record<string, DateOrder>;
  /** A problem of the whole sheet (no header recognised, a required column missing). */
  problem: Msg | null;
  inserts: { line: number; row: Row }[];
  updates: { line: number; id: string; patch: Record<string, unknown>; diffs: FieldDiff[] }[];
  unchanged: number;
  invalid: InvalidRow[];
}

export interface ImportPlan {
  sheets: SheetPlan[];
  counts: { new: number; changed: number; unchanged: number; invalid: number };
}

/** What the plan needs to know of the workbook: its rows per table. */
export interface ExistingRows {
  list(table: TableName): readonly Record<string, unknown>[];
}

export interface PlanOptions {
  /** The workbook locale's language: decides numbers ("1.234") and dates (03/04) no column settles. */
  lang: Lang;
  choices?: SheetChoice[];
  /** Progress callback (rows planned so far, total rows). */
  progress?: (done: number, total: number) => void;
}

export function planImport(sheets: RawSheet[], existing: ExistingRows, opts: PlanOptions): ImportPlan {
  const choices = opts.choices ?? [];
  const prepared = sheets.map((s, i) => prepare(s, choices[i] ?? {}, opts.lang));
  // Reference order; within one table, file order.
  const order = prepared.map((p, i) => i).sort((a, b) => rank(prepared[a].table) - rank(prepared[b].table) || a - b);
  const customers = new RefIndex(existing.list('customers') as Row[]);
  const contacts = new RefIndex(existing.list('contacts') as Row[]);
  const total = sheets.reduce((n, s) => n + Math.max(0, s.rows.length - 1), 0);
  let done = 0;
  for (const i of order) {
    const p = prepared[i];
    if (p.table && !p.problem) fill(p, sheets[i], existing, { customers, contacts }, (n) => opts.progress?.((done += n), total));
  }
  const counts = { new: 0, changed: 0, unchanged: 0, invalid: 0 };
  for (const p of prepared) {
    counts.new += p.inserts.length;
    counts.changed += p.updates.length;
    counts.unchanged += p.unchanged;
    counts.invalid += p.invalid.length;
  }
  return { sheets: prepared, counts };
}

const rank = (t: TableName | null) => (t === null ? 99 : tableLoadOrder.indexOf(t));

function prepare(sheet: RawSheet, choice: SheetChoice, lang: Lang): SheetPlan {
  const headers = (sheet.rows[0] ?? []).map((c) => cellText(c).trim());
  const table = choice.table === undefined ? guessTable(sheet.name, headers) : choice.table;
  const plan: SheetPlan = {
    sheet: sheet.name, table, headers, mapping: [], unmapped: [], numberLocale: {}, dateOrder: {}, problem: null,
    inserts: [], updates: [], unchanged: 0, invalid: [],
  };
  if (!table) return plan;
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  if (choice.fields) {
    const used = new Set<string>();
    plan.mapping = headers.map((header, column) => {
      const f = choice.fields![column] ?? null;
      const ok = f !== null && (f === 'id' || f in fields) && !used.has(f);
      if (ok) used.add(f);
      return { column, header, field: ok ? f : null };
    });
  } else plan.mapping = guessMapping(table, headers, choice.remembered);
  plan.unmapped = plan.mapping.filter((m) => m.field === null && m.header !== '').map((m) => m.header);
  const mapped = new Set(plan.mapping.map((m) => m.field).filter(Boolean));
  if (mapped.size === 0) {
    plan.problem = msg(
      'No column name in the first row was recognised. The first row must name the columns (for example Name, CNPJ, Segment); map the columns below.',
      'Nenhum nome de coluna da primeira linha foi reconhecido. A primeira linha deve nomear as colunas (por exemplo Nome, CNPJ, Segmento); associe as colunas abaixo.',
    );
    return plan;
  }
  // With a key column (id, or a customer's CPF/CNPJ) lines may update existing rows without
  // repeating required fields; new rows without them are then invalid lines, not the whole sheet.
  const keyed = mapped.has('id') || (table === 'customers' && mapped.has('externalId'));
  const missing = keyed ? [] : Object.entries(fields).filter(([n, f]) => f.required && !mapped.has(n));
  if (missing.length) {
    const en = missing.map(([, f]) => f.label.en).join(', ');
    const pt = missing.map(([, f]) => f.label['pt-BR']).join(', ');
    plan.problem = msg(`No column for the required field(s): ${en}.`, `Nenhuma coluna para o(s) campo(s) obrigatório(s): ${pt}.`);
    return plan;
  }
  // Per column: the number locale and the date order its values show.
  for (const m of plan.mapping) {
    const f = m.field ? fields[m.field] : undefined;
    if (!f) continue;
    const values = columnValues(sheet, m.column);
    if (f.kind === 'number') plan.numberLocale[m.field!] = detectNumberLocale(values, lang);
    if (f.kind === 'date') plan.dateOrder[m.field!] = detectDateOrder(values, lang);
  }
  return plan;
}

function* columnValues(sheet: RawSheet, column: number): Iterable<Cell> {
  for (let r = 1; r < sheet.rows.length; r++) yield sheet.rows[r][column] ?? null;
}

const TRUE = new Set(['sim', 's', 'true', 't', '1', 'yes', 'y', 'verdadeiro', 'v', 'x']);
const FALSE = new Set(['nao', 'n', 'false', 'f', '0', 'no', 'falso']);
const isBlank = (c: Cell | undefined) => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

type Converted = { value: unknown } | { problem: Msg };

function convert(f: FieldDef, c: Cell, p: SheetPlan, field: string, refs: { customers: RefIndex; contacts: RefIndex }): Converted {
  if (typeof c === 'string' && c.length > MAX_CELL_CHARS) {
    return { problem: fieldMsg(f, `the cell has ${c.length} characters (the limit is ${MAX_CELL_CHARS})`, `a célula tem ${c.length} caracteres (o limite é ${MAX_CELL_CHARS})`) };
  }
  const text = typeof c === 'string' ? c.trim() : '';
  switch (f.kind) {
    case 'text':
      if (typeof c === 'string') return { value: f.format === 'multiline' ? c.replace(/\r\n/g, '\n') : text };
      if (typeof c === 'number') return { value: Number.isInteger(c) ? c.toFixed(0) : String(c) };
      return { value: cellText(c) };
    case 'number': {
      if (typeof c === 'boolean') return { problem: codeMsg(f, 'type', c) };
      const n = readNumber(c, p.numberLocale[field] ?? 'pt-BR');
      return n === null ? { problem: codeMsg(f, 'type', cellText(c)) } : { value: n };
    }
    case 'date': {
      const d = readDate(c, p.dateOrder[field] ?? 'dmy');
      return d === null ? { problem: codeMsg(f, 'date', cellText(c)) } : { value: d };
    }
    case 'boolean': {
      if (typeof c === 'boolean') return { value: c };
      const k = foldKey(cellText(c));
      if (TRUE.has(k)) return { value: true };
      if (FALSE.has(k)) return { value: false };
      return { problem: codeMsg(f, 'type', cellText(c)) };
    }
    case 'enum': {
      const k = foldKey(cellText(c));
      const labels = f.valueLabels as Record<string, { en: string; 'pt-BR': string }> | undefined;
      for (const v of f.values) if (foldKey(v) === k || (labels?.[v] && (foldKey(labels[v].en) === k || foldKey(labels[v]['pt-BR']) === k))) return { value: v };
      return { problem: codeMsg(f, 'enum', cellText(c)) };
    }
    case 'ref': {
      const r = (f.table === 'customers' ? refs.customers : refs.contacts).resolve(typeof c === 'number' ? String(c) : text);
      if ('id' in r) return { value: r.id };
      const what = f.table === 'customers' ? ['customer', 'cliente'] : ['contact', 'contato'];
      return r.error === 'ambiguous'
        ? { problem: fieldMsg(f, `${shown(cellText(c))} matches ${r.count} ${what[0]}s; use the id or the CPF/CNPJ`, `${shown(cellText(c))} corresponde a ${r.count} ${what[1]}s; use o id ou o CPF/CNPJ`) }
        : { problem: fieldMsg(f, `no ${what[0]} has the id, CPF/CNPJ or name ${shown(cellText(c))}`, `nenhum ${what[1]} tem o id, CPF/CNPJ ou nome ${shown(cellText(c))}`) };
    }
  }
}

const same = (a: unknown, b: unknown) => Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-9);

function fill(p: SheetPlan, sheet: RawSheet, existing: ExistingRows, refs: { customers: RefIndex; contacts: RefIndex }, progress: (n: number) => void): void {
  const table = p.table!;
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  const byId = new Map<string, Record<string, unknown>>();
  for (const r of existing.list(table)) if (typeof r.id === 'string') byId.set(r.id, r);
  const seen = new Map<string, number>(); // row key → first line
  const idCol = p.mapping.find((m) => m.field === 'id');
  const cols = p.mapping.filter((m) => m.field && m.field !== 'id');
  let batch = 0;
  for (let r = 1; r < sheet.rows.length; r++) {
    if (++batch === 5000) { progress(batch); batch = 0; }
    const cells = sheet.rows[r];
    if (!cells || cells.every(isBlank)) continue;
    const line = r + 1;
    const problems: CellProblem[] = [];
    const row: Record<string, unknown> = {};
    for (const m of cols) {
      const c = cells[m.column];
      if (isBlank(c)) continue;
      const f = fields[m.field!];
      const v = convert(f, c as Cell, p, m.field!, refs);
      if ('problem' in v) problems.push({ field: m.field, message: v.problem });
      else row[m.field!] = v.value;
    }
    const rawId = idCol ? cells[idCol.column] : null;
    const givenId = isBlank(rawId) ? undefined : cellText(rawId as Cell).trim();
    if (givenId !== undefined) row.id = givenId;

    // Which existing row this line is.
    let target: string | undefined;
    if (table === 'customers') {
      const hit = refs.customers.match(row);
      if (hit && 'error' in hit) problems.push({ field: 'name', message: msg(`matches ${hit.count} existing customers; add the id or the CPF/CNPJ`, `corresponde a ${hit.count} clientes existentes; informe o id ou o CPF/CNPJ`) });
      else if (hit && byId.has(hit.id)) target = hit.id;
    } else if (givenId !== undefined && byId.has(givenId)) target = givenId;

    const key = target ?? givenId ?? (table === 'customers' ? customerKey(row) : undefined);
    if (key !== undefined && problems.length === 0) {
      const first = seen.get(key);
      if (first !== undefined) problems.push({ field: null, message: msg(`the same row as line ${first}`, `a mesma linha que a linha ${first}`) });
    }
    // Row rules (required fields, survey score by kind) on the row as it will be.
    if (problems.length === 0) {
      const merged = target ? { ...byId.get(target), ...row } : row;
      for (const e of validateRow(table, merged)) {
        if (e.code === 'reference') continue; // resolved above
        problems.push({ field: e.field, message: e.text });
      }
    }
    if (problems.length) {
      p.invalid.push({ line, problems, cells });
      continue;
    }
    if (key !== undefined) seen.set(key, line);
    if (target) {
      const old = byId.get(target)!;
      const diffs: FieldDiff[] = [];
      const patch: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) {
        if (k === 'id' || same(old[k], v) || sameKey(table, k, old[k], v)) continue;
        diffs.push({ field: k, old: old[k], new: v });
        patch[k] = v;
      }
      if (diffs.length) p.updates.push({ line, id: target, patch, diffs });
      else p.unchanged++;
      continue;
    }
    const id = givenId ?? newId();
    seen.set(id, line);
    const out = { ...row, id } as Row;
    p.inserts.push({ line, row: out });
    // Later sheets (and later lines) may name this new row.
    if (table === 'customers') refs.customers.add(out);
    if (table === 'contacts') refs.contacts.add(out);
    byId.set(id, out);
  }
  progress(batch);
}

/** A customer's name differing only in accents/case, or its CPF/CNPJ only in punctuation, is the same value. */
function sameKey(table: TableName, field: string, a: unknown, b: unknown): boolean {
  if (table !== 'customers' || typeof a !== 'string' || typeof b !== 'string') return false;
  if (field === 'name') return foldKey(a) === foldKey(b);
  if (field === 'externalId') { const d = a.replace(/\D/g, ''); return d.length >= 3 && d === b.replace(/\D/g, ''); }
  return false;
}

function customerKey(row: Record<string, unknown>): string | undefined {
  const d = typeof row.externalId === 'string' ? row.externalId.replace(/\D/g, '') : '';
  if (d.length >= 3) return 'x:' + d;
  if (typeof row.name === 'string' && !row.externalId) return 'n:' + foldKey(row.name);
  return undefined;
}
