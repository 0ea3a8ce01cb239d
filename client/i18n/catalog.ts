// The app's message catalog: one module per language (en.ts is the source of the keys,
// pt-BR.ts must match it key for key), one typed translate(). Keys are checked by the
// compiler, and so are the `{placeholder}` parameters, read from the English text:
// `translate('pt-BR', 'grid.rows', { n: 3 })` compiles, `{ m: 3 }` or a misspelt key do not.
import type { Lang } from '../../core/index.js';
import { en } from './en.js';
import { ptBR } from './pt-BR.js';

export type MessageKey = keyof typeof en;
/** A language's catalog: exactly the keys of the English one. */
export type Messages = { readonly [K in MessageKey]: string };

/** The `{name}` placeholders of a text, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
export type MessageParams<K extends MessageKey> = Record<Placeholders<(typeof en)[K]>, string | number>;
/** The params argument: required when the text has placeholders, absent otherwise. */
export type ParamArgs<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never] ? [] : [params: MessageParams<K>];

/** A key whose text has no placeholder (a title, a label). */
export type PlainKey = { [K in MessageKey]: ParamArgs<K> extends [] ? K : never }[MessageKey];

export const catalogs: Record<Lang, Messages> = { en, 'pt-BR': ptBR };

/** The message `key` in `lang`, placeholders filled. */
export function translate<K extends MessageKey>(lang: Lang, key: K, ...params: ParamArgs<K>): string {
  let s: string = catalogs[lang]?.[key] ?? en[key] ?? key;
  const vars = params[0] as Record<string, string | number> | undefined;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** A translate() bound to a language (what views receive as `ctx.t`). */
export type Translator = <K extends MessageKey>(key: K, ...params: ParamArgs<K>) => string;
export const translator = (lang: () => Lang): Translator => (key, ...params) => translate(lang(), key, ...params);

/** pt-BR when the browser prefers Portuguese, else English. */
export function browserLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    if (l.toLowerCase().startsWith('pt')) return 'pt-BR';
    if (l.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}
