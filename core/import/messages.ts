// Import messages in both interface languages. Core stays pure: a message is data
// ({ en, 'pt-BR' }); the client shows the one of the person's language.
import type { FieldDef, Label } from '../schema.js';

export type Msg = Label;
export const msg = (en: string, pt: string): Msg => ({ en, 'pt-BR': pt });

/** A cell shown in a message: quoted, cut at 40 characters. */
export function shown(v: unknown): string {
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
  return JSON.stringify(s.length > 40 ? s.slice(0, 37) + '…' : s);
}

/** "field label: problem" for a cell that does not fit its field. */
export function fieldMsg(field: FieldDef, en: string, pt: string): Msg {
  return msg(`${field.label.en}: ${en}`, `${field.label['pt-BR']}: ${pt}`);
}

/** The message for a validation code on a field (codes of core/validate.ts). */
export function codeMsg(field: FieldDef | undefined, code: string, value: unknown): Msg {
  const v = shown(value);
  const f = (en: string, pt: string) => (field ? fieldMsg(field, en, pt) : msg(en, pt));
  switch (code) {
    case 'required':
      return f('is required', 'é obrigatório');
    case 'date':
      return f(`${v} is not a date (use 31/12/2024 or 2024-12-31)`, `${v} não é uma data (use 31/12/2024 ou 2024-12-31)`);
    case 'integer':
      return f(`${v} is not a whole number`, `${v} não é um número inteiro`);
    case 'range': {
      if (field?.kind !== 'number') return f(`${v} is out of range`, `${v} está fora do intervalo`);
      const lo = field.min, hi = field.max;
      const en = lo !== undefined && hi !== undefined ? `between ${lo} and ${hi}` : lo !== undefined ? `at least ${lo}` : `at most ${hi}`;
      const pt = lo !== undefined && hi !== undefined ? `entre ${lo} e ${hi}` : lo !== undefined ? `no mínimo ${lo}` : `no máximo ${hi}`;
      return f(`${v} must be ${en}`, `${v} deve ser ${pt}`);
    }
    case 'enum': {
      if (field?.kind === 'enum') {
        const labels = field.valueLabels as Record<string, Label> | undefined;
        const en = field.values.map((x) => labels?.[x]?.en ?? x).join(', ');
        const pt = field.values.map((x) => labels?.[x]?.['pt-BR'] ?? x).join(', ');
        return f(`${v} is not one of ${en}`, `${v} não é um de ${pt}`);
      }
      if (field?.kind === 'number' && field.oneOf) return f(`${v} must be one of ${field.oneOf.join(', ')}`, `${v} deve ser um de ${field.oneOf.join(', ')}`);
      return f(`${v} is not allowed`, `${v} não é permitido`);
    }
    case 'type': {
      if (field?.kind === 'number') return f(`${v} is not a number`, `${v} não é um número`);
      if (field?.kind === 'boolean') return f(`${v} is not yes/no (sim/não, true/false, 1/0, x)`, `${v} não é sim/não (sim/não, true/false, 1/0, x)`);
      return f(`${v} has the wrong type`, `${v} tem o tipo errado`);
    }
    case 'reference':
      return f(`${v} does not exist`, `${v} não existe`);
    default:
      return f(`${v} is invalid`, `${v} é inválido`);
  }
}
