// The interface language outside a workbook (home, access page): the same choice the app keeps.
import type { Lang } from '../../core/index.js';
import { browserLang } from '../i18n/catalog.js';

export function pageLang(): Lang {
  const saved = localStorage.getItem('pulso:lang');
  return saved === 'en' || saved === 'pt-BR' ? saved : browserLang(navigator.languages);
}
