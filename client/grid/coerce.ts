// What a cell editor or a pasted cell hands over → the typed value to write, or a message.
// Text goes through core's import coercion (locale-aware numbers, DD/MM/YYYY dates,
// sim/não); typed values from the select and date editors are checked with core's field
// rules. Reference cells accept an id or a name (pasted sheets carry names).
import { codeMsg, coerceCell, fieldProblem, isEmpty, type FieldDef, type Lang } from '../../core/index.js';
import { translate, type Translator } from '../i18n/catalog.js';
import { plainDecimal, type NumberNotation } from './number-input.js';

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

export interface EditContext {
  lang: Lang;
  /** The workbook locale's notation: what the number editor shows and reads. */
  notation: NumberNotation;
  resolveRef?: (text: string) => string | undefined;
  t: Translator;
}

/**
 * What a person typed in an editor (grid cell or row card). Numbers are read strictly in
 * the workbook locale's notation ("1.850,99" in pt-BR; "1850.99" there is refused, not
 * guessed); the number is then checked by core's rules, with core's message naming it as
 * the person wrote it (decimal comma or point, no grouping). Everything else as coerceInput.
 */
export function coerceEdit(field: FieldDef, input: unknown, cx: EditContext): Coerced {
  if (field.kind !== 'number' || typeof input !== 'string' || input.trim() === '') return coerceInput(field, input, cx.lang, cx.resolveRef);
  const n = cx.notation.parse(input);
  if (n === null) return { ok: false, message: cx.t('grid.notNumber', { text: input.trim(), example: cx.notation.example }) };
  const comma = cx.notation.decimal === ',';
  return coerceInput(field, comma ? plainDecimal(n).replace('.', ',') : plainDecimal(n), comma ? 'pt-BR' : 'en');
}
