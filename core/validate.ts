// Validation of rows and settings, derived from the schema (core/schema.ts) and the
// per-cell check shared with the metrics (core/field.ts). Reports every problem as a
// ValidationIssue; never throws, whatever it is given (junk from a buggy peer, an import,
// an older or newer client).
//
// Decisions (METRICS.md is silent):
// - `endDate < startDate` (contracts) is not reported: the contract is simply never active
//   after its end, which the metrics already handle; an issue has no "warning" severity,
//   and refusing the row would block importing legacy data as it is.
// - Fields the schema does not know (written by a newer client) are not reported.
// - `id` is optional here (imports and inserts assign one); when present it must be a
//   non-empty string.
import { z } from 'zod';
import { fieldsOf, schema, surveyScoreRange, type FieldDef, type TableName } from './schema.js';
import { fieldMax, fieldProblem, isEmpty } from './field.js';
import type { IndicatorName, Settings, ValidationIssue } from './types.js';
import { indicatorNames } from './metrics/health.js';
import { customColumnsSchema } from './formula/settings-schema.js';
import { codeMsg, msg, settingMsg, surveyScoreMsg, type Msg } from './messages.js';
import { isCurrencyCode } from './currency.js';

/** Anything with `has` (a Set, a Map, or a lookup into the doc). */
export interface IdLookup { has(id: string): boolean }

export interface ValidationContext {
  /** When given, a `customerId` not in it is reported as `reference`. */
  customerIds?: IdLookup;
  /** When given, a survey `contactId` not in it is reported as `reference`. */
  contactIds?: IdLookup;
}

const isTable = (t: unknown): t is TableName => typeof t === 'string' && Object.prototype.hasOwnProperty.call(schema, t);

function show(v: unknown): string {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? typeof v);
    return s.length > 40 ? s.slice(0, 37) + '…' : s;
  } catch {
    return typeof v;
  }
}

function describeProblem(field: FieldDef, code: ValidationIssue['code'], v: unknown): string {
  switch (code) {
    case 'required':
      return 'is required';
    case 'date':
      return `must be a date YYYY-MM-DD (got ${show(v)})`;
    case 'integer':
      return `must be a whole number (got ${show(v)})`;
    case 'enum':
      if (field.kind === 'enum') return `must be one of ${field.values.join(', ')} (got ${show(v)})`;
      if (field.kind === 'number' && field.oneOf) return `must be one of ${field.oneOf.join(', ')} (got ${show(v)})`;
      return `has a value that is not allowed (got ${show(v)})`;
    case 'range': {
      if (field.kind !== 'number') return `is out of range (got ${show(v)})`;
      const lo = field.min, hi = fieldMax(field);
      const range = lo !== undefined && hi !== undefined ? `between ${lo} and ${hi}` : lo !== undefined ? `≥ ${lo}` : `≤ ${hi}`;
      return `must be ${range} (got ${show(v)})`;
    }
    case 'type': {
      const want = field.kind === 'number' ? 'a number' : field.kind === 'boolean' ? 'true or false' : field.kind === 'ref' ? 'a row id' : 'text';
      return `must be ${want} (got ${show(v)})`;
    }
    default:
      return `is invalid (got ${show(v)})`;
  }
}

const issue = (table: ValidationIssue['table'], rowId: string, field: string | null, code: ValidationIssue['code'], what: string, text: Msg): ValidationIssue => ({
  table,
  rowId,
  field,
  code,
  message: `${table} row ${JSON.stringify(rowId)}${field === null ? '' : `, field ${JSON.stringify(field)}`}: ${what}`,
  text,
});

/** What one check of a row found (built only for a row that has a problem). */
type Problem =
  | { at: 'id'; value: unknown }
  | { at: 'field'; name: string; def: FieldDef; code: ValidationIssue['code']; value: unknown }
  | { at: 'score'; score: number; kind: keyof typeof surveyScoreRange; lo: number; hi: number };

/**
 * The row rules, each declared once: `found` gets each problem in order and says whether to
 * go on. validateRow words them; rowIsValid stops at the first and builds nothing else.
 */
function eachProblem(table: TableName, r: Record<string, unknown>, ctx: ValidationContext, found: (p: Problem) => boolean): void {
  const rawId = r.id;
  if (rawId !== undefined && (typeof rawId !== 'string' || rawId === '') && !found({ at: 'id', value: rawId })) return;
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  for (const name in fields) {
    const def = fields[name];
    const v = r[name];
    if (isEmpty(v)) {
      if (def.required && !found({ at: 'field', name, def, code: 'required', value: v })) return;
      continue;
    }
    const p = fieldProblem(def, v);
    if (p !== null) {
      if (!found({ at: 'field', name, def, code: p, value: v })) return;
      continue;
    }
    if (def.kind === 'ref') {
      const lookup = def.table === 'customers' ? ctx.customerIds : ctx.contactIds;
      if (lookup && !safeHas(lookup, v as string) && !found({ at: 'field', name, def, code: 'reference', value: v })) return;
    }
  }
  // Row rule: the survey score range depends on the kind (nps 0–10, csat 1–5, ces 1–7).
  if (table === 'surveys') {
    const kind = r.kind as keyof typeof surveyScoreRange;
    const score = r.score;
    if (typeof kind === 'string' && Object.prototype.hasOwnProperty.call(surveyScoreRange, kind) && typeof score === 'number' && fieldProblem(fields.score, score) === null) {
      const [lo, hi] = surveyScoreRange[kind];
      if (score < lo || score > hi) found({ at: 'score', score, kind, lo, hi });
    }
  }
}

const isRowObject = (row: unknown): row is Record<string, unknown> => row !== null && typeof row === 'object' && !Array.isArray(row);

/** Every problem of one row. `row` may be anything; nothing here throws. */
export function validateRow(table: TableName, row: unknown, ctx: ValidationContext = {}): ValidationIssue[] {
  const rawId = row !== null && typeof row === 'object' ? (row as { id?: unknown }).id : undefined;
  const rowId = typeof rawId === 'string' ? rawId : '';
  if (!isTable(table)) return [issue(String(table) as TableName, rowId, null, 'unknown-table', `there is no table ${show(table)}`, msg(`There is no table ${show(table)}`, `Não há tabela ${show(table)}`))];
  if (!isRowObject(row)) return [issue(table, rowId, null, 'type', `the row must be an object (got ${show(row)})`, msg('The row is not a set of fields', 'A linha não é um conjunto de campos'))];
  const out: ValidationIssue[] = [];
  eachProblem(table, row, ctx, (p) => {
    if (p.at === 'id') out.push(issue(table, rowId, 'id', 'type', `id must be a non-empty string (got ${show(p.value)})`, msg('The row has an invalid id', 'A linha tem um id inválido')));
    else if (p.at === 'score') out.push(issue(table, rowId, 'score', 'range', `Score of a ${p.kind.toUpperCase()} survey must be between ${p.lo} and ${p.hi} (got ${p.score})`, surveyScoreMsg((fieldsOf('surveys') as Record<string, FieldDef>).score, p.score, p.kind, p.lo, p.hi)));
    else if (p.code === 'required') out.push(issue(table, rowId, p.name, 'required', `${p.def.label.en} is required`, codeMsg(p.def, 'required', p.value)));
    else if (p.code === 'reference') out.push(issue(table, rowId, p.name, 'reference', `${p.def.label.en} ${show(p.value)} does not exist in ${p.def.kind === 'ref' ? p.def.table : ''}`, codeMsg(p.def, 'reference', p.value)));
    else out.push(issue(table, rowId, p.name, p.code, `${p.def.label.en} ${describeProblem(p.def, p.code, p.value)}`, codeMsg(p.def, p.code, p.value, fieldMax(p.def))));
    return true;
  });
  return out;
}

/**
 * Whether validateRow would find nothing, without wording any problem: the large sheets
 * count the invalid cells of a million rows, almost all valid, and a list and its messages
 * built per row were most of that pass's garbage.
 */
export function rowIsValid(table: TableName, row: unknown, ctx: ValidationContext = {}): boolean {
  if (!isTable(table) || !isRowObject(row)) return false;
  let valid = true;
  eachProblem(table, row, ctx, () => (valid = false));
  return valid;
}

function safeHas(lookup: IdLookup, id: string): boolean {
  try {
    return lookup.has(id);
  } catch {
    return false;
  }
}

// ---- Settings --------------------------------------------------------------------------

const weight = z.number().finite().min(0).max(1000);
const pct = z.number().finite().min(0).max(100);
const days = z.number().int().min(1).max(3660);

/** One zod schema per settings key; `healthWeights`/`healthBands` accept partial objects (a patch). */
export const settingsSchemas = {
  healthWeights: z.strictObject(
    Object.fromEntries(indicatorNames.map((k) => [k, weight.optional()])) as Record<IndicatorName, ReturnType<typeof weight.optional>>,
  ),
  healthBands: z.strictObject({ red: pct.optional(), green: pct.optional() }),
  npsWindowDays: days,
  csatWindowDays: days,
  cesWindowDays: days,
  tiers: z.array(z.strictObject({ name: z.string().trim().min(1).max(100), minMrr: z.number().finite().min(0) })).min(1).max(50),
  scheduledTaskDays: z.number().int().min(0).max(366),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as BRL or USD'),
  locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale tag such as pt-BR or en'),
  customColumns: customColumnsSchema,
} as const;

export type SettingsKey = keyof typeof settingsSchemas;

/** A settings change: nested weights and bands may be partial. */
export type SettingsPatch = {
  [K in keyof Settings]?: K extends 'healthWeights' | 'healthBands' ? Partial<Settings[K]> : Settings[K];
};

function zodCode(code: string): ValidationIssue['code'] {
  switch (code) {
    case 'too_small':
    case 'too_big':
      return 'range';
    case 'invalid_value':
      return 'enum';
    default:
      return 'type';
  }
}

/**
 * Problems of a settings object or patch (every key optional). Unknown keys are reported
 * (`type`). Bands are also checked for order (red ≤ green) when both are given.
 */
export function validateSettings(partial: unknown): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const at = (field: string, code: ValidationIssue['code'], what: string, text: Msg) => out.push(issue('settings', 'settings', field, code, what, text));
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    at('settings', 'type', `settings must be an object (got ${show(partial)})`, msg('The settings are not a set of values', 'As configurações não são um conjunto de valores'));
    return out;
  }
  for (const key of Object.keys(partial)) {
    const value = (partial as Record<string, unknown>)[key];
    if (!Object.prototype.hasOwnProperty.call(settingsSchemas, key)) {
      at(key, 'type', `${key} is not a setting`, msg(`${key} is not a setting`, `${key} não é uma configuração`));
      continue;
    }
    if (value === undefined) continue;
    const res = settingsSchemas[key as SettingsKey].safeParse(value);
    if (!res.success) {
      for (const zi of res.error.issues) {
        const path = [key, ...zi.path.map(String)].join('.');
        const isInt = zi.code === 'invalid_type' && (zi as { expected?: string }).expected === 'int';
        const got = pathGet(value, zi.path);
        const own = (zi as { params?: { text?: Msg } }).params?.text; // formula columns' own messages
        at(path, isInt ? 'integer' : zodCode(zi.code), `${path} ${zi.message} (got ${show(got)})`, own ?? settingMsg(path, zi as { code: string }, got));
      }
    }
  }
  // Three capital letters are not enough: "ZZZ" would format as a bare number everywhere.
  const currency = (partial as { currency?: unknown }).currency;
  if (typeof currency === 'string' && settingsSchemas.currency.safeParse(currency).success && !isCurrencyCode(currency)) {
    at('currency', 'enum', `currency ${show(currency)} is not an ISO 4217 currency code (such as BRL, USD or EUR)`, msg(
      `"${currency}" is not an ISO 4217 currency code (such as BRL, USD or EUR)`,
      `"${currency}" não é um código de moeda ISO 4217 (como BRL, USD ou EUR)`,
    ));
  }
  const bands = (partial as { healthBands?: { red?: unknown; green?: unknown } }).healthBands;
  if (bands && typeof bands === 'object' && typeof bands.red === 'number' && typeof bands.green === 'number' && bands.red > bands.green) {
    at('healthBands', 'range', `healthBands.red (${bands.red}) must not be above healthBands.green (${bands.green})`, bandsMsg(bands.red, bands.green));
  }
  return out;
}

function pathGet(v: unknown, path: readonly PropertyKey[]): unknown {
  let cur = v;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** Red's upper bound above green's lower one. */
export const bandsMsg = (red: number, green: number): Msg =>
  msg(`Health bands: "red below" (${red}) must not be above "green from" (${green})`, `Faixas de saúde: "vermelho abaixo de" (${red}) não pode passar de "verde a partir de" (${green})`);
