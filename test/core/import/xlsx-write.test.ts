// The XLSX writer read back by an independent reader (SheetJS): values keep their types,
// money/percent/date cells carry their number formats, text is escaped, and a sheet far
// larger than one slice of rows comes through whole.
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { writeXlsx } from '../../../core/index.js';

const read = (bytes: Uint8Array) => XLSX.read(bytes, { type: 'array', cellNF: true, cellDates: false });

describe('writeXlsx', () => {
  it('writes typed cells with their formats, escaped text and unique sheet names', () => {
    const bytes = writeXlsx([
      {
        name: 'Clientes', header: ['Nome', 'MRR', 'Adoção', 'Início', 'Ativo'],
        rows: [
          ['A & B <Ltda> "x"', 1850.14, 37.5, { date: '2026-03-01' }, true],
          ['Tab\there\u0001bell', null, undefined, { date: '1900-01-01' }, false],
        ],
        formats: [undefined, 'money', 'percent', undefined, undefined],
      },
      { name: 'Clientes', header: ['x'], rows: [] },
    ], { currency: 'BRL', dateFormat: 'dd/mm/yyyy' });
    const wb = read(bytes);
    expect(wb.SheetNames).toEqual(['Clientes', 'Clientes (2)']);
    const ws = wb.Sheets.Clientes;
    expect(ws.A2.v).toBe('A & B <Ltda> "x"');
    expect(ws.B2).toMatchObject({ t: 'n', v: 1850.14, z: '"R$" #,##0.00' });
    expect(ws.C2).toMatchObject({ t: 'n', v: 37.5, z: '0.0"%"' });
    // 2026-03-01 is day 46082 of Excel's 1900 system; 1900-01-01 is day 1.
    expect(ws.D2).toMatchObject({ t: 'n', v: 46082, z: 'dd/mm/yyyy' });
    expect(ws.D3.v).toBe(1);
    expect(ws.E2).toMatchObject({ t: 'b', v: true });
    expect(ws.E3).toMatchObject({ t: 'b', v: false });
    expect(ws.A3.v).toBe('Tab\therebell'); // the control character is dropped, the tab kept
    expect(ws.B3).toBeUndefined();
  });

  it('writes a sheet of many slices of rows whole, in order', () => {
    const rows = Array.from({ length: 12_345 }, (_, i) => [`c-${i}`, i * 1.5]);
    const wb = read(writeXlsx([{ name: 'Uso', header: ['id', 'n'], rows }]));
    const back = XLSX.utils.sheet_to_json<{ id: string; n: number }>(wb.Sheets.Uso);
    expect(back).toHaveLength(12_345);
    expect(back[0]).toEqual({ id: 'c-0', n: 0 });
    expect(back[12_344]).toEqual({ id: 'c-12344', n: 12_344 * 1.5 });
  });
});
