// Messages a person reads (validation, import, settings), in both interface languages. Core
// stays pure: a message is data ({ en, 'pt-BR' }) and the app shows the one of the person's
// language. A message names the field by its label and never shows a row's internal id:
// whoever shows it adds the row the way a person recognises it (the cell, the customer's
// name, the line of a paste or an import).
import type { FieldDef, Label, Lang } from './schema.js';
import type { ValidationIssue } from './types.js';

export type Msg = Label;
export const msg = (en: string, pt: string): Msg => ({ en, 'pt-BR': pt });

/** A cell shown in a message: numbers as they are, text quoted and cut at 40 characters. */
export function shown(v: unknown): string {
  if (typeof v === 'number') return String(v);
  let s: string;
  try {
    s = typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) ?? '' : String(v);
  } catch {
    s = typeof v;
  }
  return JSON.stringify(s.length > 40 ? s.slice(0, 37) + '…' : s);
}

const numberIn = (lang: Lang, n: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 6 }).format(n);
/** "1, 3, 6 or 12" / "1, 3, 6 ou 12". */
const either = (lang: Lang, items: readonly string[]) => new Intl.ListFormat(lang, { type: 'disjunction' }).format(items);
const both = (f: (lang: Lang) => string): Msg => ({ en: f('en'), 'pt-BR': f('pt-BR') });

/** "Label: problem" for a cell that does not fit its field (the problem alone without a field). */
export function fieldMsg(field: FieldDef | undefined, en: string, pt: string): Msg {
  return field ? msg(`${field.label.en}: ${en}`, `${field.label['pt-BR']}: ${pt}`) : msg(en, pt);
}

/**
 * The message for a validation code on a field's value (codes of core/validate.ts).
 * `max` is the field's effective ceiling (core/field.ts fieldMax) when the schema gives none.
 */
export function codeMsg(field: FieldDef | undefined, code: ValidationIssue['code'], value: unknown, max?: number): Msg {
  const v = shown(value);
  const f = (en: string, pt: string) => fieldMsg(field, en, pt);
  switch (code) {
    case 'required':
      return field ? msg(`${field.label.en} is required`, `Preencha o campo ${field.label['pt-BR']}`) : msg('A value is required', 'Preencha o campo');
    case 'date':
      return f(`${v} is not a date (use 31/12/2024 or 2024-12-31)`, `${v} não é uma data (use 31/12/2024 ou 2024-12-31)`);
    case 'integer':
      return f(`${v} is not a whole number`, `${v} não é um número inteiro`);
    case 'range': {
      if (field?.kind !== 'number') return f(`${v} is out of range`, `${v} está fora do intervalo`);
      const lo = field.min, hi = field.max ?? max;
      // Name the bound the value broke (a money field's ceiling is a trillion: not worth showing otherwise).
      const below = lo !== undefined && typeof value === 'number' && value < lo;
      const t = both((lang) => {
        const pt = lang === 'pt-BR';
        if (lo !== undefined && hi !== undefined && field.max !== undefined) return pt ? `deve estar entre ${numberIn(lang, lo)} e ${numberIn(lang, hi)}` : `must be between ${numberIn(lang, lo)} and ${numberIn(lang, hi)}`;
        if (below || hi === undefined) return pt ? `deve ser no mínimo ${numberIn(lang, lo ?? 0)}` : `must be at least ${numberIn(lang, lo ?? 0)}`;
        return pt ? `deve ser no máximo ${numberIn(lang, hi)}` : `must be at most ${numberIn(lang, hi)}`;
      });
      return f(`${v} ${t.en}`, `${v} ${t['pt-BR']}`);
    }
    case 'enum': {
      if (field?.kind === 'enum') {
        const labels = field.valueLabels as Record<string, Label> | undefined;
        const t = both((lang) => either(lang, field.values.map((x) => labels?.[x]?.[lang] ?? x)));
        return f(`${v} must be ${t.en}`, `${v} deve ser ${t['pt-BR']}`);
      }
      if (field?.kind === 'number' && field.oneOf) {
        const oneOf = field.oneOf;
        const t = both((lang) => either(lang, oneOf.map((n) => numberIn(lang, n))));
        return f(`${v} must be ${t.en}`, `${v} deve ser ${t['pt-BR']}`);
      }
      return f(`${v} is not allowed`, `${v} não é permitido`);
    }
    case 'type': {
      if (field?.kind === 'number') return f(`${v} is not a number`, `${v} não é um número`);
      if (field?.kind === 'boolean') return f(`${v} is not yes or no (sim/não, true/false, 1/0, x)`, `${v} não é sim ou não (sim/não, true/false, 1/0, x)`);
      if (field?.kind === 'ref') return f(`${v} is not a reference to a row`, `${v} não é uma referência a uma linha`);
      return f(`${v} has the wrong type`, `${v} tem o tipo errado`);
    }
    case 'reference':
      if (field?.kind === 'ref') {
        return field.table === 'customers'
          ? f('this customer does not exist in the workbook (deleted?)', 'este cliente não existe na planilha (excluído?)')
          : f('this contact does not exist in the workbook (deleted?)', 'este contato não existe na planilha (excluído?)');
      }
      return f(`${v} does not exist`, `${v} não existe`);
    default:
      return f(`${v} is invalid`, `${v} é inválido`);
  }
}

/** Survey scores by kind (nps 0–10, csat 1–5, ces 1–7). */
export function surveyScoreMsg(field: FieldDef, score: unknown, kind: string, lo: number, hi: number): Msg {
  const k = kind.toUpperCase();
  return fieldMsg(field, `${shown(score)} must be between ${lo} and ${hi} for ${k}`, `${shown(score)} deve estar entre ${lo} e ${hi} para ${k}`);
}

// ---- Settings -------------------------------------------------------------------------------

const settingLabels: Record<string, Label> = {
  healthWeights: msg('Health score weights', 'Pesos do health score'),
  healthBands: msg('Health bands', 'Faixas de saúde'),
  'healthBands.red': msg('Red below', 'Vermelho abaixo de'),
  'healthBands.green': msg('Green from', 'Verde a partir de'),
  engagement: msg('Engagement weight', 'Peso de engajamento'),
  adoption: msg('Adoption weight', 'Peso de adoção'),
  nps: msg('NPS weight', 'Peso do NPS'),
  support: msg('Support weight', 'Peso de suporte'),
  financial: msg('Financial weight', 'Peso financeiro'),
  relationship: msg('Relationship weight', 'Peso de relacionamento'),
  npsWindowDays: msg('NPS window (days)', 'Janela do NPS (dias)'),
  csatWindowDays: msg('CSAT window (days)', 'Janela do CSAT (dias)'),
  cesWindowDays: msg('CES window (days)', 'Janela do CES (dias)'),
  scheduledTaskDays: msg('Scheduled tasks horizon (days)', 'Horizonte de tarefas agendadas (dias)'),
  tiers: msg('Tiers', 'Portes'),
  'tiers.name': msg('Tier name', 'Nome do porte'),
  'tiers.minMrr': msg('Tier minimum MRR', 'MRR mínimo do porte'),
  currency: msg('Currency', 'Moeda'),
  locale: msg('Locale', 'Localidade'),
  customColumns: msg('Formula columns', 'Colunas de fórmula'),
  'customColumns.label': msg('Formula column name', 'Nome da coluna de fórmula'),
  'customColumns.formula': msg('Formula', 'Fórmula'),
  'customColumns.id': msg('Formula column id', 'Id da coluna de fórmula'),
  'customColumns.format': msg('Formula column format', 'Formato da coluna de fórmula'),
};

/** The label of a settings path ("healthWeights.nps", "tiers.2.name"), in both languages. */
export function settingLabel(path: string): Label {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  const whole = parts.join('.');
  return settingLabels[whole] ?? settingLabels[parts[parts.length - 1]] ?? settingLabels[parts[0]] ?? msg(path, path);
}

/** A settings problem, from zod's issue code and bounds. */
export function settingMsg(path: string, zod: { code: string; minimum?: unknown; maximum?: unknown; expected?: string }, value: unknown): Msg {
  const l = settingLabel(path);
  const v = shown(value);
  const t = both((lang) => {
    const pt = lang === 'pt-BR';
    const n = (x: unknown) => (typeof x === 'number' || typeof x === 'bigint' ? numberIn(lang, Number(x)) : String(x));
    if (path === 'currency') return pt ? `${v} não é um código de moeda ISO 4217 (ex.: BRL, USD)` : `${v} is not an ISO 4217 currency code (e.g. BRL, USD)`;
    if (path === 'locale') return pt ? `${v} não é uma localidade (ex.: pt-BR, en-US)` : `${v} is not a locale (e.g. pt-BR, en-US)`;
    if (zod.code === 'too_small' && Array.isArray(value)) return pt ? 'precisa de ao menos um item' : 'needs at least one entry';
    if (zod.code === 'too_small' && typeof value === 'string') return pt ? 'não pode ficar vazio' : 'must not be empty';
    if (zod.code === 'too_big' && (Array.isArray(value) || typeof value === 'string')) return pt ? 'é longo demais' : 'is too long';
    if (zod.code === 'too_small') return pt ? `${v} deve ser no mínimo ${n(zod.minimum)}` : `${v} must be at least ${n(zod.minimum)}`;
    if (zod.code === 'too_big') return pt ? `${v} deve ser no máximo ${n(zod.maximum)}` : `${v} must be at most ${n(zod.maximum)}`;
    if (zod.expected === 'int') return pt ? `${v} não é um número inteiro` : `${v} is not a whole number`;
    if (zod.expected === 'number') return pt ? `${v} não é um número` : `${v} is not a number`;
    if (zod.code === 'unrecognized_keys') return pt ? 'tem um item desconhecido' : 'has an unknown entry';
    return pt ? `${v} não é válido` : `${v} is not valid`;
  });
  return msg(`${l.en}: ${t.en}`, `${l['pt-BR']}: ${t['pt-BR']}`);
}

// ---- Showing issues ------------------------------------------------------------------------

/** The issues' messages in one language, each once, joined. */
export function issuesText(issues: readonly Pick<ValidationIssue, 'text'>[], lang: Lang): string {
  return [...new Set(issues.map((i) => i.text[lang]))].join('; ');
}
