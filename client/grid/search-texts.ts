// The in-memory sheet's quick search. ag-grid's own quick filter builds every row's text on
// the first keystroke, from every column's value (262 ms in one task on Customers at 10,000
// customers). Here a row's text is the one a paged sheet searches (its fields, a customer by
// the name shown: column-readers.ts), kept per row id, built in slices once the sheet opens
// and forgotten when the row changes; a keystroke only tests the words.
import type { GridRow } from './columns.js';
import { searchTextOf, type ColumnReader } from './column-readers.js';
import { hasWords } from './search.js';
import { runInSlices, type SliceJob } from './slices.js';

export class SearchTexts {
  private texts = new Map<string, string>();
  private job: SliceJob<void> | null = null;

  constructor(private readers: () => readonly ColumnReader[]) {}

  /** Every word occurs in the row's text (built now if it is not kept yet). */
  matches(row: GridRow, words: readonly string[]): boolean {
    let text = this.texts.get(row.id);
    if (text === undefined) this.texts.set(row.id, (text = searchTextOf(this.readers(), row)));
    return hasWords(text, words);
  }

  /** Rows that changed or left: their text is built again when next needed. */
  forget(ids: Iterable<string>) {
    for (const id of ids) this.texts.delete(id);
  }

  /** Every text (a customer renamed: the rows naming it read differently). */
  clear() {
    this.texts.clear();
  }

  /** Builds the texts the rows lack, a slice at a time. */
  warm(rows: readonly GridRow[]) {
    this.job?.cancel();
    const { texts, readers } = this;
    this.job = runInSlices(
      (function* () {
        const read = readers();
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          if (!texts.has(row.id)) texts.set(row.id, searchTextOf(read, row));
          if ((i & 255) === 255) yield;
        }
      })(),
    );
  }

  dispose() {
    this.job?.cancel();
  }
}
