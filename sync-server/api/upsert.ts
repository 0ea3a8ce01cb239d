// Batch upsert of rows into one table: validate the whole batch against the workbook as it
// is, then write it in one transaction — or nothing when any row is invalid. Matching by
// id (any table) or by External ID (customers). Sending the same batch twice changes
// nothing the second time: every row then compares equal and counts as unchanged.
import { isEmpty, newId, validateRow, type TableName, type ValidationContext, type Workbook } from '../../core/index.js';
import type { ItemError } from './errors.js';
import { zodItemErrors } from './errors.js';
import { customerRefTables, rowSchemas } from './row-schemas.js';

export type Match = 'id' | 'externalId';
type Row = Record<string, unknown> & { id?: string };

export interface UpsertPlan {
  inserts: Row[];
  updates: { id: string; patch: Record<string, unknown> }[];
  unchanged: number;
  /** The row id of each item, in request order (generated for new rows sent without one). */
  ids: string[];
}

export type Planned = { ok: true; plan: UpsertPlan } | { ok: false; errors: ItemError[] };

/** External ID → customer id, for customerExternalId and match=externalId (first row wins, like the metrics). */
export function externalIdIndex(wb: Workbook): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of wb.list('customers')) {
    if (typeof c.externalId === 'string' && c.externalId.trim() && !out.has(c.externalId.trim())) out.set(c.externalId.trim(), c.id);
  }
  return out;
}

export function refContext(wb: Workbook): ValidationContext {
  return {
    customerIds: { has: (id) => wb.get('customers', id) !== undefined },
    contactIds: { has: (id) => wb.get('contacts', id) !== undefined },
  };
}

const coreError = (index: number, id: string | undefined, e: { field: string | null; code: string; message: string }): ItemError =>
  ({ index, ...(id ? { id } : {}), field: e.field, code: e.code, message: `rows[${index}]: ${e.message}` });

export function planUpsert(wb: Workbook, table: TableName, rows: unknown[], match: Match): Planned {
  const errors: ItemError[] = [];
  if (match === 'externalId' && table !== 'customers') {
    return { ok: false, errors: [{ field: 'match', code: 'enum', message: 'match "externalId" applies to the customers table only; use "id"' }] };
  }
  const ctx = refContext(wb);
  const needsExt = match === 'externalId' || (customerRefTables.has(table) && rows.some((r) => r && typeof r === 'object' && 'customerExternalId' in r));
  const byExt = needsExt ? externalIdIndex(wb) : new Map<string, string>();
  const plan: UpsertPlan = { inserts: [], updates: [], unchanged: 0, ids: [] };
  const seenIds = new Set<string>();
  const seenExt = new Set<string>();
  rows.forEach((raw, index) => {
    const parsed = rowSchemas[table].safeParse(raw);
    const rawId = raw && typeof raw === 'object' && typeof (raw as Row).id === 'string' ? (raw as Row).id : undefined;
    if (!parsed.success) {
      const fields = new Set<string | null>();
      for (const e of zodItemErrors(parsed.error)) {
        fields.add(e.field);
        errors.push({ index, ...(rawId ? { id: rawId } : {}), field: e.field, code: e.code, message: `rows[${index}].${e.message}` });
      }
      // Every problem at once: the value checks too (references, …) on fields zod did not already name.
      if (raw && typeof raw === 'object' && !Array.isArray(raw) && !(rawId && wb.get(table, rawId))) {
        for (const e of validateRow(table, raw, ctx)) if (!fields.has(e.field) && !(e.field === 'customerId' && 'customerExternalId' in raw)) errors.push(coreError(index, rawId, e));
      }
      return;
    }
    const row = { ...(parsed.data as Row) };
    const rowErrors: ItemError[] = [];
    // customerExternalId → customerId
    if (row.customerExternalId !== undefined) {
      const ext = String(row.customerExternalId).trim();
      delete row.customerExternalId;
      const cid = byExt.get(ext);
      if (row.customerId !== undefined && row.customerId !== null) {
        rowErrors.push({ index, field: 'customerExternalId', code: 'type', message: `rows[${index}]: send customerId or customerExternalId, not both` });
      } else if (!cid) {
        rowErrors.push({ index, field: 'customerExternalId', code: 'reference', message: `rows[${index}]: no customer has External ID ${JSON.stringify(ext)}` });
      } else row.customerId = cid;
    }
    // Which existing row does it match?
    let existingId: string | undefined;
    if (match === 'externalId') {
      const ext = typeof row.externalId === 'string' ? row.externalId.trim() : '';
      if (!ext) rowErrors.push({ index, field: 'externalId', code: 'required', message: `rows[${index}]: externalId is required when match is "externalId"` });
      else if (seenExt.has(ext)) rowErrors.push({ index, field: 'externalId', code: 'duplicate-id', message: `rows[${index}]: External ID ${JSON.stringify(ext)} appears twice in the batch` });
      else {
        seenExt.add(ext);
        existingId = byExt.get(ext);
        if (existingId && row.id !== undefined && row.id !== existingId) {
          rowErrors.push({ index, id: row.id, field: 'id', code: 'readonly', message: `rows[${index}]: External ID ${JSON.stringify(ext)} belongs to row ${JSON.stringify(existingId)}, not ${JSON.stringify(row.id)}` });
        }
      }
    } else if (row.id !== undefined && wb.get(table, row.id) !== undefined) existingId = row.id;
    const id = existingId ?? row.id;
    if (id !== undefined) {
      if (seenIds.has(id)) rowErrors.push({ index, id, field: 'id', code: 'duplicate-id', message: `rows[${index}]: id ${JSON.stringify(id)} appears twice in the batch` });
      seenIds.add(id);
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      return;
    }
    if (existingId === undefined) {
      row.id ??= newId();
      plan.ids[index] = row.id;
      const clean: Row = {};
      for (const [k, v] of Object.entries(row)) if (!isEmpty(v)) clean[k] = v;
      for (const e of validateRow(table, clean, ctx)) errors.push(coreError(index, clean.id, e));
      plan.inserts.push(clean);
      return;
    }
    plan.ids[index] = existingId;
    // Update: same rule as core's update — the patch may not introduce a problem.
    const cur = wb.get(table, existingId) as unknown as Record<string, unknown>;
    const patch: Record<string, unknown> = {};
    const next: Record<string, unknown> = { ...cur };
    let changes = 0;
    for (const [k, v] of Object.entries(row)) {
      if (k === 'id') continue;
      if (isEmpty(v)) {
        if (cur[k] !== undefined) { changes++; patch[k] = null; }
        delete next[k];
      } else {
        if (!Object.is(cur[k], v)) { changes++; patch[k] = v; }
        next[k] = v;
      }
    }
    const had = new Set(validateRow(table, cur, ctx).map((e) => `${e.field}|${e.code}`));
    const now = validateRow(table, next, ctx).filter((e) => (e.field !== null && e.field in row) || !had.has(`${e.field}|${e.code}`));
    for (const e of now) errors.push(coreError(index, existingId, e));
    if (now.length) return;
    if (changes === 0) plan.unchanged++;
    else plan.updates.push({ id: existingId, patch });
  });
  return errors.length ? { ok: false, errors } : { ok: true, plan };
}

/** Writes a validated plan; call inside one transaction (WorkbookSession.write). */
export function applyPlan(wb: Workbook, table: TableName, plan: UpsertPlan): void {
  if (plan.inserts.length) {
    const r = wb.insertMany(table, plan.inserts as never);
    if (!r.ok) throw new Error(`insert refused after validation: ${r.errors[0]?.message}`);
  }
  for (const u of plan.updates) {
    const r = wb.update(table, u.id, u.patch);
    if (!r.ok) throw new Error(`update refused after validation: ${r.errors[0]?.message}`);
  }
}
