// Pure parts of export and copy: the CSV each language's Excel opens, the clipboard block,
// and the cascade question's counts.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../client/export/view.js';
import { blockToClipboard } from '../../client/grid/clipboard.js';
import { describeRows } from '../../client/grid/cascade-delete.js';

const sheet = { name: 'Clientes', header: ['Nome', 'MRR', 'Renovação', 'Ativo'], rows: [['Acme; Ltda', 1234.5, { date: '2026-07-01' }, true], ['Beta "B"', null, null, false]] as never };

describe('toCsv', () => {
  it('pt-BR: semicolons, decimal comma, dd/mm/yyyy, a BOM, quoted cells', () => {
    expect(toCsv(sheet, 'pt-BR')).toBe('\ufeffNome;MRR;Renovação;Ativo\r\n"Acme; Ltda";1234,5;01/07/2026;Sim\r\n"Beta ""B""";;;Não');
  });
  it('English: commas, decimal point, ISO dates', () => {
    expect(toCsv(sheet, 'en')).toBe('\ufeffNome,MRR,Renovação,Ativo\r\nAcme; Ltda,1234.5,2026-07-01,Yes\r\n"Beta ""B""",,,No');
  });
});

describe('clipboard block', () => {
  it('TSV with quoted tabs/newlines and an HTML table with escaped text', () => {
    const b = blockToClipboard([['A', 'x\ty'], ['<b>', 'line1\nline2']]);
    expect(b.text).toBe('A\t"x\ty"\r\n<b>\t"line1\nline2"\r\n');
    expect(b.html).toBe('<table><tr><td>A</td><td>x\ty</td></tr><tr><td>&lt;b&gt;</td><td>line1<br>line2</td></tr></table>');
    expect(b.cells).toBe(4);
  });
});

describe('cascade question', () => {
  it('names every table with its count in the interface language', () => {
    const rows = { contracts: ['a', 'b', 'c', 'd'], usage: Array.from({ length: 1100 }, (_, i) => String(i)) };
    expect(describeRows(rows, 'en', (n) => n.toLocaleString('en-US'))).toBe('4 contracts, 1,100 usage');
    expect(describeRows(rows, 'pt-BR', (n) => n.toLocaleString('pt-BR'))).toBe('4 contratos, 1.100 uso');
  });
});
