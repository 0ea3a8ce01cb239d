// settings.customColumns as stored in the workbook: validated here, with the other settings
// (core/validate.ts). Refused: a formula that does not parse (with its position), duplicate
// ids or labels, a label or id a built-in field already uses. A formula naming a column
// that is later removed is accepted (it shows #REF! in its cells).
import { z } from 'zod';
import { formulaSyntaxProblem } from './columns.js';
import { MAX_FORMULA_LENGTH } from './parse.js';
import { foldRef, isBuiltinName } from './references.js';
import { msg, type Msg } from '../messages.js';

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
    // `params.text`: the message people read (core/validate.ts shows it in their language).
    const add = (path: (string | number)[], message: string, text: Msg) => ctx.addIssue({ code: 'custom', path, message, params: { text } });
    cols.forEach((c, i) => {
      const id = foldRef(c.id), label = foldRef(c.label);
      const name = JSON.stringify(c.label);
      if (ids.has(id)) add([i, 'id'], `id ${JSON.stringify(c.id)} is used by another formula column`, msg(`Another formula column already uses the id of ${name}`, `Outra coluna de fórmula já usa o id de ${name}`));
      if (labels.has(label)) add([i, 'label'], `name ${name} is used by another formula column`, msg(`Another formula column is called ${name}`, `Outra coluna de fórmula já se chama ${name}`));
      if (isBuiltinName(c.id)) add([i, 'id'], `id ${JSON.stringify(c.id)} is a built-in field`, msg(`The id of ${name} is already a field or metric`, `O id de ${name} já é um campo ou métrica`));
      if (isBuiltinName(c.label)) add([i, 'label'], `name ${name} is a built-in field or metric`, msg(`${name} is already a field or metric: choose another name`, `${name} já é um campo ou métrica: escolha outro nome`));
      ids.add(id);
      labels.add(label);
      const p = formulaSyntaxProblem(c.formula);
      if (p) add([i, 'formula'], `does not parse at character ${p.start + 1}: ${p.message.en}`, msg(`Formula of ${name}, at character ${p.start + 1}: ${p.message.en}`, `Fórmula de ${name}, no caractere ${p.start + 1}: ${p.message['pt-BR']}`));
    });
  });
