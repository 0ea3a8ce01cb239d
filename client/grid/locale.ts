// ag-grid's own words (filter menus "Equals"/"Igual", column menu, paging, screen-reader
// labels) in the interface language, from ag-grid's locale package (same version as the grid).
// The sheet remounts on a language change, so the text is read once per grid.
import { AG_GRID_LOCALE_BR, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale';
import type { Lang } from '../../core/index.js';

// Where the package's Portuguese keeps an English word or a US format.
const BR_FIXES: Record<string, string> = {
  dateFormatOoo: 'dd/mm/aaaa',
  ariaRowSelect: 'Pressione ESPAÇO para selecionar esta linha',
  ariaRowDeselect: 'Pressione ESPAÇO para desmarcar esta linha',
  ariaRowToggleSelection: 'Pressione ESPAÇO para alternar a seleção da linha',
  ariaRowSelectAll: 'Pressione ESPAÇO para alternar a seleção de todas as linhas',
};

const BR: Record<string, string> = { ...AG_GRID_LOCALE_BR, ...BR_FIXES };

/** The grid's `localeText` for a language. */
export const gridLocaleText = (lang: Lang): Record<string, string> => (lang === 'pt-BR' ? BR : AG_GRID_LOCALE_EN);
