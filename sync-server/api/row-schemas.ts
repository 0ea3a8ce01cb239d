// Zod schemas of every table's rows, generated from core's schema descriptors (the one
// schema): they check a request's structure (known fields, JSON types, string sizes) and
// describe the rows in the OpenAPI document. Values are then checked by core's
// validateRow (required fields, ranges, enums, dates, references, survey scales).
import { z } from '@hono/zod-openapi';
import { fieldsOf, isIsoDate, schema, tableNames, type FieldDef, type TableName } from '../../core/index.js';

/** Longest text accepted in one cell (a refusal names the field). */
export const MAX_TEXT = 10_000;
/** Longest row id / external id. */
export const MAX_ID = 200;

/** Tables whose rows name a customer (`customerId`, or `customerExternalId` instead). */
export const customerRefTables = new Set<TableName>(
  tableNames.filter((t) => (fieldsOf(t) as Record<string, FieldDef>).customerId?.kind === 'ref'),
);

const isoDate = z.string().refine(isIsoDate, { message: 'must be a date YYYY-MM-DD' }).openapi({ format: 'date', example: '2026-11-30' });

function fieldSchema(def: FieldDef) {
  const describe = <T extends z.ZodType>(s: T) => s.openapi({ description: `${def.label.en} (${def.label['pt-BR']})${def.required ? '. Required when creating a row.' : ''}` });
  switch (def.kind) {
    case 'text': return describe(z.string().max(MAX_TEXT));
    case 'ref': return describe(z.string().min(1).max(MAX_ID));
    case 'date': return describe(isoDate);
    case 'boolean': return describe(z.boolean());
    case 'enum': return describe(z.enum(def.values as [string, ...string[]]));
    case 'number': {
      let n = def.integer ? z.number().int() : z.number();
      if (def.min !== undefined) n = n.min(def.min);
      if (def.max !== undefined) n = n.max(def.max);
      const s = def.oneOf ? n.refine((v) => def.oneOf!.includes(v), { message: `must be one of ${def.oneOf.join(', ')}` }) : n;
      return describe(s);
    }
  }
}

export const rowSchemaName = (table: TableName) => `${table[0].toUpperCase()}${table.slice(1)}Row`;

function buildRowSchema(table: TableName) {
  const shape: Record<string, z.ZodType> = {
    id: z.string().min(1).max(MAX_ID).optional().openapi({ description: 'Row id. Send your own stable ids to make batches idempotent.' }),
  };
  for (const [name, def] of Object.entries(fieldsOf(table) as Record<string, FieldDef>)) {
    // null (or '') clears a field on update.
    shape[name] = fieldSchema(def).nullable().optional();
  }
  if (customerRefTables.has(table)) {
    shape.customerExternalId = z.string().min(1).max(MAX_ID).optional()
      .openapi({ description: 'Instead of customerId: the customer\'s External ID (CPF/CNPJ).' });
  }
  return z.strictObject(shape).openapi(rowSchemaName(table), { description: `A row of ${schema[table].label.en} (${schema[table].label['pt-BR']}).` });
}

export const rowSchemas = Object.fromEntries(tableNames.map((t) => [t, buildRowSchema(t)])) as unknown as Record<TableName, z.ZodType>;
