// File import with real-world shapes: a semicolon Windows-1252 CSV with pt-BR numbers and
// dates (Brazilian Excel's "CSV (separado por vírgulas)"), Google Sheets' CSV (UTF-8, comma,
// English numbers), an XLSX written by another program, and the bad files people send.
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import * as Y from 'yjs';
import {
  applyPlan, decodeText, detectDateOrder, detectDelimiter, detectNumberLocale, excelSerialToIso, guessMapping, guessTable,
  invalidRowsCsv, openWorkbook, planImport, readDate, readSpreadsheet, sniffKind, type ExistingRows, type TableName,
} from '../../../core/index.js';

const none: ExistingRows = { list: () => [] };
const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('detection', () => {
  it('tells UTF-8 (with or without BOM) from Windows-1252', () => {
    expect(decodeText(latin1('Razão Social;Ação\r\n'))).toEqual({ text: 'Razão Social;Ação\r\n', encoding: 'windows-1252', bom: false, mixed: false });
    expect(decodeText(utf8('\ufeffNome;Ação'))).toEqual({ text: 'Nome;Ação', encoding: 'utf-8', bom: true });
    expect(decodeText(utf8('Nome,Ação')).encoding).toBe('utf-8');
    // Windows-1252 specifics (not Latin-1): the euro sign and curly quotes.
    expect(decodeText(new Uint8Array([0x80, 0x93, 0x61, 0x94])).text).toBe('€“a”');
  });

  it('finds the delimiter, ignoring delimiters inside quotes', () => {
    expect(detectDelimiter('Nome;Valor\nAcme;"1.234,56"\nBeta;10,5\n')).toBe(';');
    expect(detectDelimiter('Name,Value\n"Acme, Inc.","1,234.56"\nBeta,10.5\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
  });

  it('decides number locale per column and date order from the values', () => {
    expect(detectNumberLocale(['1.234', '10', '1.234,56'], 'en')).toBe('pt-BR');
    expect(detectNumberLocale(['1,234.56', '3'], 'pt-BR')).toBe('en');
    expect(detectNumberLocale(['1.234', '5'], 'pt-BR')).toBe('pt-BR'); // no proof: the workbook locale
    expect(detectNumberLocale(['1.234', '5'], 'en')).toBe('en');
    expect(detectDateOrder(['03/04/2024', '25/12/2024'], 'en')).toBe('dmy');
    expect(detectDateOrder(['03/04/2024', '12/25/2024'], 'pt-BR')).toBe('mdy');
    expect(detectDateOrder(['03/04/2024'], 'pt-BR')).toBe('dmy');
  });

  it('reads every date shape', () => {
    expect(readDate('31/12/2024', 'dmy')).toBe('2024-12-31');
    expect(readDate('31/12/24', 'dmy')).toBe('2024-12-31');
    expect(readDate('2024-12-31', 'dmy')).toBe('2024-12-31');
    expect(readDate('05/03/2024 14:30', 'dmy')).toBe('2024-03-05');
    expect(readDate('05/03/2024 14:30', 'mdy')).toBe('2024-05-03');
    expect(readDate(45292, 'dmy')).toBe('2024-01-01'); // Excel serial
    expect(readDate('45292', 'dmy')).toBe('2024-01-01');
    expect(excelSerialToIso(61)).toBe('1900-03-01'); // past Excel's phantom 29 Feb 1900
    expect(readDate('30/02/2024', 'dmy')).toBeNull();
  });

  it('sniffs files by content, not by name', () => {
    expect(sniffKind(new Uint8Array())).toBe('empty');
    expect(sniffKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1]))).toBe('xlsx');
    expect(sniffKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))).toBe('binary'); // a PNG renamed .csv
    const ole = new Uint8Array(600);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    ole.set(Array.from('EncryptionInfo').flatMap((c) => [c.charCodeAt(0), 0]), 300);
    expect(sniffKind(ole)).toBe('encrypted');
  });
});

describe('mapping', () => {
  it("maps SenseData and CustomerX headers to our fields", () => {
    const headers = ['Cliente', 'ID Original', 'CS', 'CSM', 'Comercial', 'Segmento', 'Plano', 'Fase', 'Data de Registro', 'Coluna estranha'];
    expect(guessMapping('customers', headers).map((m) => m.field)).toEqual(['name', 'externalId', 'csOwner', 'csm', 'salesOwner', 'segment', 'plan', 'phase', 'registeredAt', null]);
    expect(guessMapping('contracts', ['Cliente', 'Valor', 'Início', 'Fim', 'Renovação automática']).map((m) => m.field)).toEqual(['customerId', 'value', 'startDate', 'endDate', 'autoRenew']);
    expect(guessMapping('invoices', ['Cliente', 'Emissão', 'Vencimento', 'Valor', 'Pagamento']).map((m) => m.field)).toEqual(['customerId', 'issueDate', 'dueDate', 'amount', 'paidAt']);
  });

  it('guesses the table from the sheet name (en or pt-BR), else from the headers', () => {
    const cases: [string, TableName][] = [['Clientes', 'customers'], ['Contratos', 'contracts'], ['Títulos', 'invoices'], ['Faturas', 'invoices'], ['Chamados', 'tickets'], ['Uso', 'usage'], ['Contatos', 'contacts'], ['Pesquisas', 'surveys'], ['Atividades', 'activities']];
    for (const [name, t] of cases) expect(guessTable(name, [])).toBe(t);
    expect(guessTable('export_2024', ['Cliente', 'Data', 'Usuário', 'Ações'])).toBe('usage');
    expect(guessTable('Sheet1', ['Cliente', 'ID Original', 'Segmento'])).toBe('customers');
  });
});

describe('a semicolon Windows-1252 CSV from Brazilian Excel', () => {
  const customersCsv = latin1(
    'Cliente;ID Original;Segmento;CS;Data de Registro\r\n' +
      'Padaria São João Ltda;12.345.678/0001-90;Varejo;Ana Souza;05/03/2024\r\n' +
      'Clínica Saúde & Cia;98.765.432/0001-10;Saúde;Bruno Lima;31/01/2023\r\n' +
      '\r\n',
  );
  const contractsCsv = latin1(
    'Cliente;Tipo de contrato;Valor;Início;Fim;Renovação automática\r\n' +
      '12345678000190;Recorrente;R$ 1.234,56;01/02/2024;31/01/2025;sim\r\n' +
      'CLINICA SAUDE & CIA;recorrente;"2.000,00";15/06/24;;não\r\n' +
      'Desconhecida SA;Avulso;500;01/02/2024;;x\r\n',
  );

  it('reads names, accents, pt-BR numbers and dates, and resolves customers by CNPJ and name', () => {
    const c = readSpreadsheet(customersCsv, 'clientes.csv');
    expect(c.problem).toBeNull();
    expect(c.encoding).toBe('windows-1252');
    expect(c.delimiter).toBe(';');
    const k = readSpreadsheet(contractsCsv, 'contratos.csv');
    const plan = planImport([...c.sheets, ...k.sheets], none, { lang: 'pt-BR' });
    const [cs, ks] = plan.sheets;
    expect(cs.table).toBe('customers');
    expect(ks.table).toBe('contracts');
    expect(cs.inserts.map((r) => r.row.name)).toEqual(['Padaria São João Ltda', 'Clínica Saúde & Cia']);
    expect(cs.inserts[0].row).toMatchObject({ externalId: '12.345.678/0001-90', segment: 'Varejo', csOwner: 'Ana Souza', registeredAt: '2024-03-05' });
    const padaria = cs.inserts[0].row.id, clinica = cs.inserts[1].row.id;
    expect(ks.inserts.map((r) => r.row)).toEqual([
      { id: expect.any(String), customerId: padaria, model: 'recurring', value: 1234.56, startDate: '2024-02-01', endDate: '2025-01-31', autoRenew: true },
      { id: expect.any(String), customerId: clinica, model: 'recurring', value: 2000, startDate: '2024-06-15', autoRenew: false },
    ]);
    expect(ks.invalid).toHaveLength(1);
    expect(ks.invalid[0].line).toBe(4);
    expect(ks.invalid[0].problems[0].field).toBe('customerId');
    expect(ks.invalid[0].problems[0].message['pt-BR']).toBe('Cliente: nenhum cliente tem o id, CPF/CNPJ ou nome "Desconhecida SA"');
    expect(ks.invalid[0].problems[0].message.en).toBe('Customer: no customer has the id, CPF/CNPJ or name "Desconhecida SA"');
    expect(plan.counts).toEqual({ new: 4, changed: 0, unchanged: 0, invalid: 1 });

    // The invalid rows as a CSV to fix: the original cells plus the line and the error.
    const csv = invalidRowsCsv(plan, 'pt-BR');
    expect(csv.startsWith('\ufeffPlanilha;Linha;Cliente;Tipo de contrato;Valor;Início;Fim;Renovação automática;Erro\r\n')).toBe(true);
    expect(csv).toContain('contratos;4;Desconhecida SA;Avulso;500;01/02/2024;;x;"Cliente: nenhum cliente tem o id, CPF/CNPJ ou nome ""Desconhecida SA"""');
  });
});

describe("Google Sheets' CSV", () => {
  it('reads UTF-8, comma-separated, English numbers and ISO/US dates', () => {
    const text = 'Name,External ID,Segment,Registered\n"Acme, Inc.",11.222.333/0001-81,SaaS,3/25/2024\nBeta Co,,Retail,2024-01-09\n';
    const r = readSpreadsheet(utf8(text), 'Customers - Sheet1.csv');
    expect(r).toMatchObject({ problem: null, encoding: 'utf-8', delimiter: ',' });
    const plan = planImport(r.sheets, none, { lang: 'pt-BR' });
    expect(plan.sheets[0].inserts.map((x) => [x.row.name, x.row.registeredAt])).toEqual([['Acme, Inc.', '2024-03-25'], ['Beta Co', '2024-01-09']]);
    const money = 'Customer,Model,Value,Start\nAcme,recurring,"1,234.56",2024-01-01\nAcme,one-off,99.9,2024-01-01\n';
    const k = planImport(readSpreadsheet(utf8(money), 'contracts.csv').sheets, { list: (t) => (t === 'customers' ? [{ id: 'c1', name: 'Acme' }] : []) }, { lang: 'pt-BR' });
    expect(k.sheets[0].numberLocale.value).toBe('en');
    expect(k.sheets[0].inserts.map((x) => x.row.value)).toEqual([1234.56, 99.9]);
  });
});

describe('an XLSX written by another program', () => {
  // Built cell by cell the way LibreOffice/Excel store them: inline and shared strings,
  // date cells as serials with a date format, a formula with its cached result, booleans.
  function otherProgramXlsx(): Uint8Array {
    const wb = XLSX.utils.book_new();
    const clientes = XLSX.utils.aoa_to_sheet([
      ['Nome', 'CNPJ', 'Segmento', 'Data de cadastro', 'Risco de churn (manual)'],
      ['Alfa Tecnologia', '11.111.111/0001-11', 'SaaS', new Date(Date.UTC(2023, 4, 17, 12)), true],
      ['Beta Logística', 22222222000122, 'Logística', 45292, false],
    ], { cellDates: true, UTC: true } as XLSX.AOA2SheetOpts);
    clientes['D3'].z = 'dd/mm/yyyy';
    const contratos = XLSX.utils.aoa_to_sheet([
      ['Cliente', 'Modelo', 'Valor', 'Início'],
      ['Alfa Tecnologia', 'Recorrente', 1500, 45000],
      ['22.222.222/0001-22', 'Avulso', 0, 45100],
    ]);
    contratos['D2'].z = 'm/d/yy';
    contratos['D3'].z = 'yyyy-mm-dd';
    contratos['C3'] = { t: 'n', v: 2400, f: 'C2*1.6' }; // a formula: its cached value is imported
    XLSX.utils.book_append_sheet(wb, contratos, 'Contratos'); // out of reference order on purpose
    XLSX.utils.book_append_sheet(wb, clientes, 'Clientes');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['notes'], ['ignore me']]), 'Notas');
    return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
  }

  it('imports every sheet in reference order, with values rather than display text', () => {
    const r = readSpreadsheet(otherProgramXlsx(), 'carteira.xlsx', XLSX);
    expect(r.problem).toBeNull();
    expect(r.sheets.map((s) => s.name)).toEqual(['Contratos', 'Clientes', 'Notas']);
    const plan = planImport(r.sheets, none, { lang: 'pt-BR', choices: [{}, {}, { table: null }] });
    const [k, c] = plan.sheets;
    expect(c.inserts.map((x) => x.row)).toEqual([
      { id: expect.any(String), name: 'Alfa Tecnologia', externalId: '11.111.111/0001-11', segment: 'SaaS', registeredAt: '2023-05-17', riskFlag: true },
      { id: expect.any(String), name: 'Beta Logística', externalId: '22222222000122', segment: 'Logística', registeredAt: '2024-01-01', riskFlag: false },
    ]);
    expect(k.inserts.map((x) => x.row)).toEqual([
      { id: expect.any(String), customerId: c.inserts[0].row.id, model: 'recurring', value: 1500, startDate: '2023-03-15' },
      { id: expect.any(String), customerId: c.inserts[1].row.id, model: 'one-off', value: 2400, startDate: '2023-06-23' },
    ]);
    expect(plan.sheets[2].table).toBeNull();
  });
});

describe('the upsert plan and its diff', () => {
  function existing() {
    const wb = openWorkbook(new Y.Doc());
    wb.insertMany('customers', [
      { id: 'c1', name: 'Acme Ltda', externalId: '12.345.678/0001-90', segment: 'SaaS' },
      { id: 'c2', name: 'Padaria Pão Quente', segment: 'Varejo' },
      { id: 'c3', name: 'Duplicada' },
      { id: 'c4', name: 'duplicada' },
    ]);
    wb.insertMany('contracts', [{ id: 'k1', customerId: 'c1', model: 'recurring', value: 100, startDate: '2024-01-01' }]);
    return wb;
  }

  it('matches customers by id, CNPJ digits, then name; diffs only the fields that change', () => {
    const wb = existing();
    const csv = 'id;Nome;CNPJ;Segmento;Plano\n' +
      ';ACME LTDA;12345678000190;Indústria;\n' + // by CNPJ digits: segment changes
      ';padaria pao quente;;Varejo;\n' + // by name (accents/case): nothing changes
      'c3;Duplicada;;;Pro\n' + // by id: plan set
      ';Duplicada;;;\n' + // ambiguous name
      ';Nova Empresa;;Saúde;Basic\n' + // new
      ';Nova Empresa;;Saúde;Basic\n'; // the same new row twice
    const plan = planImport(readSpreadsheet(utf8(csv), 'x.csv').sheets, wb, { lang: 'pt-BR' });
    const s = plan.sheets[0];
    expect(plan.counts).toEqual({ new: 1, changed: 2, unchanged: 1, invalid: 2 });
    expect(s.updates).toEqual([
      // The name (case only) and the CNPJ (punctuation only) are the same values: not changes.
      { line: 2, id: 'c1', patch: { segment: 'Indústria' }, diffs: [{ field: 'segment', old: 'SaaS', new: 'Indústria' }] },
      { line: 4, id: 'c3', patch: { plan: 'Pro' }, diffs: [{ field: 'plan', old: undefined, new: 'Pro' }] },
    ]);
    expect(s.invalid.map((r) => [r.line, r.problems[0].message.en])).toEqual([
      [5, 'matches 2 existing customers; add the id or the CPF/CNPJ'],
      [7, 'the same row as line 6'],
    ]);
    // Nothing was written by planning.
    expect(wb.get('customers', 'c1')!.segment).toBe('SaaS');
    expect(wb.count('customers')).toBe(4);
  });

  it('reports row rules with line, field and a message in both languages, and writes valid rows in one transaction', () => {
    const wb = existing();
    const csv = 'Cliente;Tipo;Data;Nota\nAcme Ltda;NPS;01/03/2024;9\nAcme Ltda;CSAT;01/03/2024;9\nAcme Ltda;NPS;32/03/2024;5\n';
    const plan = planImport(readSpreadsheet(utf8(csv), 'Pesquisas.csv').sheets, wb, { lang: 'pt-BR' });
    expect(plan.sheets[0].table).toBe('surveys');
    expect(plan.sheets[0].invalid.map((r) => [r.line, r.problems[0].field, r.problems[0].message['pt-BR']])).toEqual([
      [3, 'score', 'Nota: 9 deve estar entre 1 e 5 para CSAT'],
      [4, 'date', 'Data: "32/03/2024" não é uma data (use 31/12/2024 ou 2024-12-31)'],
    ]);
    let transactions = 0;
    wb.doc.on('afterTransaction', () => transactions++);
    const res = applyPlan(wb, plan);
    expect(res).toMatchObject({ ok: true, inserted: 1, updated: 0 });
    expect(transactions).toBe(1);
    expect(wb.list('surveys')).toEqual([{ id: expect.any(String), customerId: 'c1', kind: 'nps', date: '2024-03-01', score: 9 }]);
  });
});

describe('bad input', () => {
  const read = (b: Uint8Array, name = 'x.csv') => readSpreadsheet(b, name, XLSX);
  it('refuses empty, binary, password-protected and old .xls files with a message in both languages', () => {
    expect(read(new Uint8Array()).problem).toEqual({ en: 'The file is empty.', 'pt-BR': 'O arquivo está vazio.' });
    expect(read(utf8('\ufeff\r\n\r\n  \r\n')).problem?.en).toMatch(/empty|no rows/);
    expect(read(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])).problem?.['pt-BR']).toBe('Este arquivo não é uma planilha (CSV, TSV ou XLSX).');
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(read(ole, 'x.xls').problem?.en).toMatch(/^This is an old Excel file \(\.xls\)/);
    const encrypted = new Uint8Array(ole);
    encrypted.set(Array.from('EncryptionInfo').flatMap((c) => [c.charCodeAt(0), 0]), 512);
    expect(read(encrypted, 'x.xlsx').problem?.['pt-BR']).toMatch(/^O arquivo está protegido por senha/);
    expect(read(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]), 'broken.xlsx').problem?.en).toMatch(/could not be read/);
  });

  it('a file mixing UTF-8 and Windows-1252 lines is refused rather than garbled', () => {
    const mixed = new Uint8Array([...utf8('Nome;Segmento\nJoão;Saúde\n'), ...latin1('José;Educação\n')]);
    expect(read(mixed).problem?.en).toMatch(/^The file mixes two text encodings/);
    expect(read(latin1('Nome;Segmento\nJosé;Educação\n')).problem).toBeNull();
  });

  it('a file without a header row is a sheet problem; nothing can be planned from it', () => {
    const r = read(utf8('Acme;12.345.678/0001-90;SaaS\nBeta;;Varejo\n'));
    const plan = planImport(r.sheets, none, { lang: 'pt-BR', choices: [{ table: 'customers' }] });
    expect(plan.sheets[0].problem?.en).toMatch(/^No column name in the first row was recognised/);
    expect(plan.counts).toEqual({ new: 0, changed: 0, unchanged: 0, invalid: 0 });
  });

  it('a huge cell and 20,000 rows of garbage are invalid rows, not a crash', { timeout: 120_000 }, () => {
    const huge = 'x'.repeat(40000);
    const lines = ['Nome;Data de cadastro', `"${huge}";01/01/2024`];
    for (let i = 0; i < 20000; i++) lines.push(`${i};zz${(i * 7919).toString(36)}`);
    const plan = planImport(read(utf8(lines.join('\n'))).sheets, none, { lang: 'pt-BR' });
    expect(plan.counts.invalid).toBe(20001);
    expect(plan.sheets[0].invalid[0].problems[0].message.en).toBe('Name: the cell has 40000 characters (the limit is 32767)');
    expect(plan.sheets[0].invalid[1].problems[0].field).toBe('registeredAt');
  });
});
