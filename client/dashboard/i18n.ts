// Card labels, formula sentences and box titles, declared with each figure in core's catalog
// (the names CustomerX and SenseData users know). The dashboard's own words are in the app's
// message catalog (client/i18n, keys `dash.*`).
import { boxTitles, cardByField, type Lang } from '../../core/index.js';

export const cardLabel = (lang: Lang, field: string) => cardByField(field)?.label[lang] ?? field;
export const cardShortLabel = (lang: Lang, field: string) => cardByField(field)?.short?.[lang] ?? cardLabel(lang, field);
export const cardFormula = (lang: Lang, field: string) => cardByField(field)?.formula[lang] ?? '';
export const boxTitle = (lang: Lang, box: string) => boxTitles[box]?.[lang] ?? box;
