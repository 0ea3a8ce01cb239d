// The choices of Settings' currency and locale, named in the interface language
// ("BRL — Real brasileiro", "português (Brasil)"). Currencies are ISO 4217 codes the browser
// can also format (core validates against ISO 4217 itself, so nothing offered is refused).
import { ISO_4217_CODES, isCurrencyCode, type Lang } from '../../core/index.js';

export interface Choice { code: string; label: string }

/** Locales a workbook is formatted in (numbers, money, dates; formula syntax follows pt-BR or not). */
export const LOCALES = ['pt-BR', 'en-US', 'en-GB', 'es-ES'] as const;

function names(lang: Lang, type: 'currency' | 'language'): (code: string) => string | undefined {
  try {
    const dn = new Intl.DisplayNames(lang, { type });
    return (code) => {
      try {
        const n = dn.of(code);
        return n && n !== code ? n : undefined;
      } catch {
        return undefined;
      }
    };
  } catch {
    return () => undefined;
  }
}

function browserCurrencies(): readonly string[] {
  const sv = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  try {
    return sv ? sv('currency') : ISO_4217_CODES;
  } catch {
    return ISO_4217_CODES;
  }
}

/** Every currency on offer, by code, with the current one kept even if the browser does not know it. */
export function currencyOptions(current: string, lang: Lang): Choice[] {
  const name = names(lang, 'currency');
  const codes = new Set(browserCurrencies().filter(isCurrencyCode));
  if (current) codes.add(current);
  return [...codes].sort().map((code) => {
    const n = name(code);
    return { code, label: n ? `${code} — ${n}` : code };
  });
}

export function localeOptions(current: string, lang: Lang): Choice[] {
  const name = names(lang, 'language');
  const codes: string[] = [...LOCALES];
  if (current && !codes.includes(current)) codes.push(current);
  return codes.map((code) => {
    const n = name(code);
    return { code, label: n ? `${n} — ${code}` : code };
  });
}
