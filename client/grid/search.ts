// The sheet's quick search, read the way the dashboard's search reads (core's foldText):
// case and accents ignored ("clinica" finds "Clínica"), and punctuation between digits
// ignored on both sides, so a CNPJ typed as digits finds "12.345.678/0001-90" (and a
// phone, a date typed "2026-06" finds the ISO date). Every word must occur in the row.
import { foldText } from '../../core/index.js';

/** The form both the typed words and the row's text are compared in. */
export const foldSearch = (s: string): string => foldText(s).replace(/(\d)[.\-/](?=\d)/g, '$1');

/** The typed text → the words to find. */
export const searchWords = (text: string): string[] => foldSearch(text).split(' ').filter((w) => w.length > 0);

/** Every word occurs in the row's folded text. */
export const hasWords = (folded: string, words: readonly string[]): boolean => words.every((w) => folded.includes(w));
