// The sheet's own rectangle of cells: from the anchor to the cell it was extended to, over
// the displayed columns in their order, and its text as the clipboard's TSV and HTML table.
import { describe, expect, it } from 'vitest';
import { inRect, rectCells, rectOf, rectText } from '../../client/grid/range.js';
import { blockToClipboard } from '../../client/grid/clipboard.js';

const displayed = ['name', 'segment', 'm.mrr', 'plan', 'csOwner'];

describe('rectangle of cells', () => {
  it('spans the displayed columns between the two cells, whichever way it was extended', () => {
    const down = rectOf({ row: 2, col: 'segment' }, { row: 4, col: 'plan' }, displayed);
    expect(down).toEqual({ top: 2, bottom: 4, cols: ['segment', 'm.mrr', 'plan'] });
    // Extended up and to the left from the other corner: the same rectangle.
    expect(rectOf({ row: 4, col: 'plan' }, { row: 2, col: 'segment' }, displayed)).toEqual(down);
    expect(rectCells(down!)).toBe(9);
    expect(rectOf({ row: 0, col: 'name' }, { row: 0, col: 'name' }, displayed)).toEqual({ top: 0, bottom: 0, cols: ['name'] });
    // A column hidden since: no rectangle.
    expect(rectOf({ row: 0, col: 'name' }, { row: 1, col: 'phase' }, displayed)).toBeNull();
  });

  it('knows which cells it covers', () => {
    const r = rectOf({ row: 1, col: 'name' }, { row: 2, col: 'segment' }, displayed);
    expect(inRect(r, 1, 'name')).toBe(true);
    expect(inRect(r, 2, 'segment')).toBe(true);
    expect(inRect(r, 3, 'name')).toBe(false);
    expect(inRect(r, 1, 'm.mrr')).toBe(false);
    expect(inRect(r, null, 'name')).toBe(false);
    expect(inRect(null, 1, 'name')).toBe(false);
  });

  it('copies 2 columns × 3 rows as TSV and an HTML table, derived cells as shown', () => {
    // What each cell shows: rows 5–7 of the sheet, Segment and the derived MRR column.
    const shown: Record<string, string> = {
      '5:segment': 'Varejo', '5:m.mrr': '1500',
      '6:segment': 'Saúde & Bem-estar', '6:m.mrr': '',
      '7:segment': 'Tab\there', '7:m.mrr': '99.5',
    };
    const r = rectOf({ row: 7, col: 'm.mrr' }, { row: 5, col: 'segment' }, displayed)!;
    const block = blockToClipboard(rectText(r, (row, col) => shown[`${row}:${col}`]));
    expect(block.text).toBe('Varejo\t1500\r\nSaúde & Bem-estar\t\r\n"Tab\there"\t99.5\r\n');
    expect(block.html).toBe('<table><tr><td>Varejo</td><td>1500</td></tr><tr><td>Saúde &amp; Bem-estar</td><td></td></tr><tr><td>Tab\there</td><td>99.5</td></tr></table>');
    expect(block.cells).toBe(6);
  });
});
