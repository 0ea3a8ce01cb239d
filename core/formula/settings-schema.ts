// settings.customColumns as stored in the workbook: validated here, with the other settings
// (core/validate.ts). Refused: a formula that does not parse (with its position), duplicate
// ids or labels, a label or id a built-in field already uses. A formula naming a column
// that is later removed is accepted (it shows #REF! in its cells).
import { z } from 'zod';
import { formulaSyntaxProblem } from './columns.js';
import { MAX_FORMULA_LENGTH } from './parse.js';
import { foldRef, isBuiltinName } from './references.js';

export const CUSTOM_COLUMN_FORMATS = ['number', 'money', 'percent', 'date', 'text'] as const;
/** Most formula columns a workbook holds. */
export const MAX_CUSTOM_COLUMNS = 50;

export const customColumnsSchema = z
  .array(
    z.strictObject({
      id: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/, 'must be a letter or _ followed by up to 39 letters, digits or _'),
      label: z.string().trim().min(1).max(80),
      formula: z.string().min(1).max(MAX_FORMULA_LENGTH),
      format: z.enum(CUSTOM_COLUMN_FORMATS).optional(),
    }),
  )
  .max(MAX_CUSTOM_COLUMNS)
  .superRefine((cols, ctx) => {
    const ids = new Set<string>(), labels = new Set<string>();
    cols.forEach((c, i) => {
      const id = foldRef(c.id), label = foldRef(c.label);
      if (ids.has(id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `id ${JSON.stringify(c.id)} is used by another formula column` });
      if (labels.has(label)) ctx.addIssue({ code: 'custom', path: [i, 'label'], message: `name ${JSON.stringify(c.label)} is used by another formula column` });
      if (isBuiltinName(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `id ${JSON.stringify(c.id)} is a built-in field` });
      if (isBuiltinName(c.label)) ctx.addIssue({ code: 'custom', path: [i, 'label'], message: `name ${JSON.stringify(c.label)} is a built-in field or metric` });
      ids.add(id);
      labels.add(label);
      const p = formulaSyntaxProblem(c.formula);
      if (p) ctx.addIssue({ code: 'custom', path: [i, 'formula'], message: `does not parse at character ${p.start + 1}: ${p.message.en}` });
    });
  });
