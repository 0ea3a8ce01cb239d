// What a cell editor or a pasted cell hands over → the typed value to write, or a message.
// Text goes through core's import coercion (locale-aware numbers, DD/MM/YYYY dates,
// sim/não); typed values from the select and date editors are checked with core's field
// rules. Reference cells accept an id or a name (pasted sheets carry names).
import { codeMsg, coerceCell, fieldProblem, isEmpty, type FieldDef, type Lang } from '../../core/index.js';
import { translate } from '../i18n/catalog.js';

/** `message`: in `lang`, naming the field by its label. */
export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

export function coerceInput(field: FieldDef, input: unknown, lang: Lang, resolveRef?: (text: string) => string | undefined): Coerced {
  if (isEmpty(input)) return { ok: true, value: null };
  if (typeof input === 'string') {
    if (field.kind === 'ref') {
      const id = resolveRef?.(input.trim());
      return id ? { ok: true, value: id } : { ok: false, message: translate(lang, 'grid.refNotFound', { label: field.label[lang], value: input.trim() }) };
    }
    const c = coerceCell(field, input, lang);
    return 'error' in c ? { ok: false, message: c.text[lang] } : { ok: true, value: c.value };
  }
  const p = fieldProblem(field, input);
  return p ? { ok: false, message: codeMsg(field, p, input)[lang] } : { ok: true, value: input };
}
