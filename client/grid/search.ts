// The sheet's quick search, read the way the dashboard's search reads (core's foldText):
// case and accents ignored ("clinica" finds "Clínica"), and punctuation between digits
// ignored on both sides, so a CNPJ typed as digits finds "12.345.678/0001-90" (and a
// phone, a date typed "2026-06" finds the ISO date). Every word must occur in the row.
import { foldText } from '../../core/index.js';

const keys = new Map<string, string>();

/** The form both the typed words and the row's text are compared in. */
export const foldSearch = (s: string): string => foldText(s).replace(/(\d)[.\-/](?=\d)/g, '$1');

/** foldSearch, remembered for the texts ag-grid hands over again on every keystroke. */
export function searchKey(s: string): string {
  let k = keys.get(s);
  if (k === undefined) {
    k = foldSearch(s);
    if (keys.size >= 50_000) keys.clear();
    keys.set(s, k);
  }
  return k;
}

/** ag-grid's quickFilterParser: the typed text → the words to find. */
export const searchWords = (text: string): string[] => searchKey(text).split(' ').filter((w) => w.length > 0);

/** ag-grid's quickFilterMatcher: every word occurs in the row's text (its cells joined). */
export const rowMatches = (words: string[], rowText: string): boolean => {
  const hay = searchKey(rowText);
  return words.every((w) => hay.includes(w));
};
