// Data in and out, as a person does it in Chromium: the import wizard (preview counts,
// invalid rows download, confirm, Ctrl+Z), Export workbook → import into an empty
// workbook, sheet exports opened and checked, copy between two sheets, a Name/CNPJ/Segment
// paste on Customers, and deleting a customer with all its rows (and undoing it).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, cell, loadDemo, newPerson, openSheet, openWorkbook, reveal, search, snapshotOf, startHarness, waitConfirmed, waitSynced, type Harness, type Snap } from './browser.js';

vi.setConfig({ testTimeout: 120_000 });
let h: Harness;
let ctxA: BrowserContext;
let a: Page;

beforeAll(async () => {
  h = await startHarness();
  ctxA = await newPerson(h);
  await ctxA.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.server.httpUrl });
  a = await openWorkbook(h, ctxA, 'io-empty', 'editor', 'Ana Souza', '&demo=25');
  await waitSynced(a);
});
afterAll(async () => {
  await h?.close();
});

const wizardFile = async (page: Page, name: string, buffer: Buffer, mimeType = 'text/csv') => {
  await page.getByTestId('import-open').click();
  await page.getByTestId('import-file').setInputFiles({ name, mimeType, buffer });
  await page.getByTestId('import-summary').waitFor();
};
const summary = async (page: Page) => {
  const s = page.getByTestId('import-summary');
  return Object.fromEntries(await Promise.all(['new', 'changed', 'unchanged', 'invalid'].map(async (k) => [k, Number(await s.getAttribute(`data-${k}`))])));
};
const TABLES = ['customers', 'contracts', 'activities', 'surveys', 'invoices', 'tickets', 'usage', 'contacts'] as const;
const rowsOf = (s: Snap) => Object.fromEntries(TABLES.map((t) => [t, [...s[t]].sort((x, y) => (x.id < y.id ? -1 : 1))]));

describe('import wizard', () => {
  it('previews a Brazilian Excel CSV, downloads the invalid rows, imports the valid ones as one undoable step', async () => {
    // Windows-1252, semicolons, pt-BR dates: as Excel in Portuguese saves "CSV (separado por vírgulas)".
    const csv = Buffer.from(
      'Cliente;ID Original;Segmento;CS;Data de Registro;Coluna extra\r\n' +
        'Padaria São João;12.345.678/0001-90;Varejo;Ana Souza;05/03/2024;x\r\n' +
        'Clínica Saúde;98.765.432/0001-10;Saúde;Bruno Lima;31/01/2023;y\r\n' +
        'Açougue Boi Bom;11.222.333/0001-81;Varejo;Ana Souza;31/02/2024;z\r\n',
      'latin1',
    );
    await wizardFile(a, 'carteira.csv', csv);
    expect(await summary(a)).toEqual({ new: 2, changed: 0, unchanged: 0, invalid: 1 });
    expect(await a.getByTestId('import-info').textContent()).toContain('windows-1252');
    expect(await a.getByTestId('import-table').inputValue()).toBe('customers');
    expect(await a.getByTestId('import-unmapped').textContent()).toContain('Coluna extra');
    const invalid = a.getByTestId('import-invalid');
    expect(await invalid.textContent()).toContain('Line 4');
    expect(await invalid.textContent()).toContain('Registered: "31/02/2024" is not a date');
    await a.screenshot({ path: join(ARTIFACTS, 'import-preview.png') });

    const [dl] = await Promise.all([a.waitForEvent('download'), a.getByTestId('import-invalid-download').click()]);
    const text = readFileSync((await dl.path())!, 'utf8');
    expect(text).toContain('Sheet,Line,Cliente,ID Original,Segmento,CS,Data de Registro,Coluna extra,Error');
    expect(text).toContain('carteira,4,Açougue Boi Bom,11.222.333/0001-81,Varejo,Ana Souza,31/02/2024,z,"Registered: ""31/02/2024"" is not a date');

    expect(await a.getByTestId('import-confirm').textContent()).toBe('Import the 2 valid rows');
    await a.getByTestId('import-confirm').click();
    const done = a.getByTestId('import-done');
    await done.waitFor();
    expect(await done.getAttribute('data-new')).toBe('2');
    let snap = await snapshotOf(a);
    expect(snap.customers.map((c) => [c.name, c.externalId, c.segment, c.registeredAt]).sort()).toEqual([
      ['Clínica Saúde', '98.765.432/0001-10', 'Saúde', '2023-01-31'],
      ['Padaria São João', '12.345.678/0001-90', 'Varejo', '2024-03-05'],
    ]);
    await a.getByTestId('import-wizard').getByRole('button', { name: 'Close' }).first().click();
    await a.getByTestId('import-wizard').waitFor({ state: 'detached' });

    // Re-import with one change: matched by CNPJ, previewed as old → new.
    const again = Buffer.from('CNPJ;Segmento\n12345678000190;Padarias\n98765432000110;Saúde\n', 'utf8');
    await wizardFile(a, 'again.csv', again);
    expect(await summary(a)).toEqual({ new: 0, changed: 1, unchanged: 1, invalid: 0 });
    expect(await a.getByTestId('import-changed').textContent()).toContain('Segment: Varejo → Padarias');
    // Cancel writes nothing.
    await a.getByTestId('import-cancel').click();
    snap = await snapshotOf(a);
    expect(snap.customers.find((c) => c.name === 'Padaria São João')!.segment).toBe('Varejo');

    // Ctrl+Z undoes the whole import.
    await a.locator('body').click({ position: { x: 5, y: 300 } });
    await a.keyboard.press('Control+z');
    await expect.poll(async () => (await snapshotOf(a)).customers.length).toBe(0);
  });

  it('closing the wizard while the import is being applied writes nothing', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `Cliente ${i + 1};Varejo`);
    await wizardFile(a, 'grande.csv', Buffer.from(`Cliente;Segmento\n${lines.join('\n')}\n`, 'utf8'));
    expect(await summary(a)).toEqual({ new: 4000, changed: 0, unchanged: 0, invalid: 0 });
    await a.getByTestId('import-confirm').click();
    await a.locator('[data-testid="import-progress"][data-phase="import.applying"]').waitFor();
    await a.getByTestId('import-cancel').click();
    await a.getByTestId('import-wizard').waitFor({ state: 'detached' });
    // Whether it was closed before the first slice or between two: what was applied is taken back.
    await a.waitForTimeout(1500);
    expect((await snapshotOf(a)).customers.length).toBe(0);
  });

  it('a file that is not a spreadsheet gets a clear message and writes nothing', async () => {
    await a.getByTestId('import-open').click();
    await a.getByTestId('import-file').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
    await expect.poll(() => a.getByTestId('import-error').textContent()).toBe('This file is not a spreadsheet (CSV, TSV or XLSX).');
    await a.getByTestId('import-cancel').click();
    expect((await snapshotOf(a)).customers.length).toBe(0);
  });
});

describe('export', () => {
  let source: Page;
  beforeAll(async () => {
    const ctx = await newPerson(h);
    source = await openWorkbook(h, ctx, 'io-demo', 'editor', 'Carla Dias', '&demo=25');
    await waitSynced(source);
    await loadDemo(source);
    await waitConfirmed(source);
  });

  it('Export workbook imports back into an empty workbook to exactly the same data', { timeout: 240_000 }, async () => {
    const [dl] = await Promise.all([source.waitForEvent('download'), source.getByTestId('export-workbook').click()]);
    const bytes = readFileSync((await dl.path())!);
    const before = await snapshotOf(source);
    const ctx = await newPerson(h);
    const target = await openWorkbook(h, ctx, 'io-roundtrip', 'editor', 'Davi Reis');
    await waitSynced(target);
    await wizardFile(target, dl.suggestedFilename(), bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const total = TABLES.reduce((n, t) => n + before[t].length, 0);
    expect(await summary(target)).toEqual({ new: total, changed: 0, unchanged: 0, invalid: 0 });
    await target.getByTestId('import-confirm').click();
    await target.getByTestId('import-done').waitFor();
    expect(rowsOf(await snapshotOf(target))).toEqual(rowsOf(before));
    // The derivation held its recomputation during the apply; closing the wizard releases it
    // and the figures are the source workbook's.
    await target.getByTestId('import-done').getByRole('button').click();
    type D = { __pulso: { derivation: { dashboard(o: object): Promise<{ mrr: number; customers: number }> } } };
    const figures = (pg: Page) => pg.evaluate(() => (window as unknown as D).__pulso.derivation.dashboard({}).then((d) => [d.mrr, d.customers]));
    expect(await figures(target)).toEqual(await figures(source));
    await ctx.close();
  });

  it('exports the figures and the monthly series as XLSX, and a chart as PNG', async () => {
    const d = source;
    await d.getByTestId('sheet-dashboard').click();
    await d.locator('[data-testid="dashboard"][data-state="ready"]').waitFor();
    const expected = await d.evaluate(() => (window as unknown as { __pulso: { derivation: { dashboard(o: object): Promise<{ mrr: number; customers: number; series: { month: string; mrr: number }[] }> } } }).__pulso.derivation.dashboard({}));
    const [dl] = await Promise.all([d.waitForEvent('download'), d.getByTestId('export-dashboard').click()]);
    const wb = XLSX.read(readFileSync((await dl.path())!), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['Figures', 'Monthly series']);
    const figures = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Figures, { header: 1, raw: true });
    expect(figures.find((r) => r[2] === 'mrr')?.[1]).toBeCloseTo(expected.mrr, 6);
    expect(figures.find((r) => r[2] === 'customers')?.[1]).toBe(expected.customers);
    const series = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Monthly series'], { header: 1, raw: true });
    expect(series.slice(1).map((r) => r[0])).toEqual(expected.series.map((p) => p.month));
    expect((series[series.length - 1][1] as number)).toBeCloseTo(expected.series[expected.series.length - 1].mrr, 6);

    await d.locator('[data-testid="chart-mrr"]').waitFor();
    await d.waitForTimeout(500);
    const [png] = await Promise.all([d.waitForEvent('download'), d.getByTestId('chart-mrr-png').click()]);
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(5000);
  });

  it('CSV (pt-BR) and XLSX of the Customers sheet hold what the person sees', async () => {
    await source.getByTestId('lang').selectOption('pt-BR');
    await openSheet(source, 'customers');
    await search(source, 'Ltda');
    const shown = Number((await source.getByTestId('row-count').textContent())!.replace(/\D/g, ''));
    expect(shown).toBeGreaterThan(0);
    const [csvDl] = await Promise.all([source.waitForEvent('download'), source.getByTestId('export-csv').click()]);
    const csv = readFileSync((await csvDl.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.length).toBe(shown + 1);
    // The sheet's order: the customer's fields first, then the derived columns (MRR, ARR, Status…).
    expect(lines[0].startsWith('Nome;CNPJ/CPF;Segmento;Plano;Fase;CS;CSM;Comercial;')).toBe(true);
    const header = lines[0].split(';');
    const mrrAt = header.indexOf('MRR');
    expect(header.slice(mrrAt, mrrAt + 3)).toEqual(['MRR', 'ARR', 'Status']);
    expect(lines.slice(1).every((l) => /ltda/i.test(l.split(';')[0]))).toBe(true);
    // Decimal comma, no dot thousands: MRR column.
    expect(lines.slice(1).every((l) => /^(\d+(,\d+)?)?$/.test(l.split(';')[mrrAt]))).toBe(true);

    const [xDl] = await Promise.all([source.waitForEvent('download'), source.getByTestId('export-xlsx').click()]);
    const wb = XLSX.read(readFileSync((await xDl.path())!), { type: 'buffer', cellNF: true });
    const ws = wb.Sheets[wb.SheetNames[0]];
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true });
    expect(rows.length).toBe(shown + 1);
    expect((rows[0] as string[]).slice(0, 3)).toEqual(['Nome', 'CNPJ/CPF', 'Segmento']);
    const mrrCell = ws[XLSX.utils.encode_cell({ r: 1, c: (rows[0] as string[]).indexOf('MRR') })] as XLSX.CellObject;
    expect(mrrCell.t).toBe('n');
    expect(String(mrrCell.z)).toContain('R$');
    await search(source, '');
    await source.getByTestId('lang').selectOption('en');
  });
});

describe('clipboard and deletion', () => {
  let p: Page;
  beforeAll(async () => {
    const ctx = await newPerson(h);
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.server.httpUrl });
    p = await openWorkbook(h, ctx, 'io-clip', 'editor', 'Eva Melo', '&demo=20');
    await waitSynced(p);
    await loadDemo(p);
    await waitConfirmed(p);
  });

  it('Ctrl+C on Customers and Ctrl+V on Contacts copies the cell between two sheets', async () => {
    const snap = await snapshotOf(p);
    const customer = snap.customers[3];
    const contact = snap.contacts[0];
    await openSheet(p, 'customers');
    await search(p, customer.name);
    await cell(p, 'customers', customer.id, 'name').click();
    await p.keyboard.press('Control+c');
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(`${customer.name}\r\n`);
    await openSheet(p, 'contacts');
    await search(p, contact.name);
    await reveal(p, 'name');
    await cell(p, 'contacts', contact.id, 'name').click();
    await p.keyboard.press('Control+v');
    await expect.poll(async () => (await snapshotOf(p)).contacts.find((c) => c.id === contact.id)!.name).toBe(customer.name);
    await search(p, '');
  });

  it('Shift+click or Shift+arrows select a rectangle that Ctrl+C copies as TSV and an HTML table; Esc clears it', async () => {
    await openSheet(p, 'customers');
    await search(p, '');
    type G = { getDisplayedRowAtIndex(i: number): { data: { id: string } }; getAllDisplayedColumns(): { getColId(): string }[] };
    const ids = await p.evaluate(() => [0, 1, 2].map((i) => (window as unknown as { __pulso: { grid: G } }).__pulso.grid.getDisplayedRowAtIndex(i).data.id));
    const cols = await p.evaluate(() => (window as unknown as { __pulso: { grid: G } }).__pulso.grid.getAllDisplayedColumns().map((c) => c.getColId()));
    expect(cols.indexOf('plan')).toBe(cols.indexOf('segment') + 1);
    const snap = await snapshotOf(p);
    const rows = ids.map((id) => snap.customers.find((c) => c.id === id)!);
    const expected = rows.map((c) => `${c.segment ?? ''}\t${c.plan ?? ''}`).join('\r\n') + '\r\n';
    const marked = () => p.locator('[data-testid="grid-customers"] .ag-cell.cell-range').count();

    await reveal(p, 'segment');
    await cell(p, 'customers', ids[0], 'segment').click();
    await cell(p, 'customers', ids[2], 'plan').click({ modifiers: ['Shift'] });
    await expect.poll(marked).toBe(6);
    await p.keyboard.press('Control+c');
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    const html = await p.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      return await (await item.getType('text/html')).text();
    });
    expect(html).toContain(`<tr><td>${rows[0].segment ?? ''}</td><td>${rows[0].plan ?? ''}</td></tr>`);
    expect(html.match(/<tr>/g)?.length).toBe(3);
    await p.keyboard.press('Escape');
    await expect.poll(marked).toBe(0);

    // The keyboard: from the anchor, Shift+→ then Shift+↓ twice.
    await cell(p, 'customers', ids[0], 'segment').click();
    await p.keyboard.press('Shift+ArrowRight');
    await p.keyboard.press('Shift+ArrowDown');
    await p.keyboard.press('Shift+ArrowDown');
    await expect.poll(marked).toBe(6);
    await p.keyboard.press('Control+c');
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    // A plain click moves the anchor and drops the rectangle.
    await cell(p, 'customers', ids[1], 'segment').click();
    await expect.poll(marked).toBe(0);
  });

  it('a Name/CNPJ/Segment block pasted on Customers skips the derived columns and adds rows', async () => {
    await openSheet(p, 'customers');
    const snap = await snapshotOf(p);
    const first = snap.customers.find((c) => c.name.length > 0)!;
    await search(p, first.name);
    await cell(p, 'customers', first.id, 'name').click();
    const block = `${first.name}\t${first.externalId ?? ''}\tNovo segmento\nEmpresa Colada Um\t11.111.111/0001-11\tVarejo\nEmpresa Colada Dois\t22.222.222/0001-22\tSaúde\n`;
    await p.evaluate((t) => navigator.clipboard.writeText(t), block);
    await p.keyboard.press('Control+v');
    await p.getByTestId('paste-report').waitFor();
    expect(await p.getByTestId('paste-report').textContent()).toContain('Pasted 3 row(s).');
    const now = await snapshotOf(p);
    expect(now.customers.find((c) => c.id === first.id)!.segment).toBe('Novo segmento');
    expect(now.customers.filter((c) => c.name.startsWith('Empresa Colada')).map((c) => [c.name, c.externalId, c.segment])).toEqual([
      ['Empresa Colada Um', '11.111.111/0001-11', 'Varejo'],
      ['Empresa Colada Dois', '22.222.222/0001-22', 'Saúde'],
    ]);
    await search(p, '');
  });

  it('deleting a customer asks with the count of its rows, removes them all, and Ctrl+Z brings every row back', async () => {
    const before = await snapshotOf(p);
    const customer = before.customers.find((c) => before.contracts.some((k) => k.customerId === c.id) && before.usage.some((u) => u.customerId === c.id))!;
    const owned = (s: Snap) => Object.fromEntries(TABLES.filter((t) => t !== 'customers').map((t) => [t, s[t].filter((r) => r.customerId === customer.id).length]));
    const counts = owned(before);
    await openSheet(p, 'customers');
    await search(p, customer.name);
    await p.evaluate((id) => (window as unknown as { __pulso: { grid: { getRowNode(id: string): { setSelected(v: boolean): void } } } }).__pulso.grid.getRowNode(id).setSelected(true), customer.id);
    const asked = new Promise<string>((resolve) => p.once('dialog', (d) => { resolve(d.message()); void d.accept(); }));
    await p.getByTestId('delete-rows').click();
    const question = await asked;
    expect(question).toContain(`Delete 1 customer(s) and ${counts.contracts} contracts`);
    // Counts are written in the workbook's locale (pt-BR by default), whatever the interface language.
    expect(question).toContain(`${counts.usage.toLocaleString('pt-BR')} usage`);
    await expect.poll(async () => (await snapshotOf(p)).customers.some((c) => c.id === customer.id)).toBe(false);
    const after = await snapshotOf(p);
    expect(Object.values(owned(after)).every((n) => n === 0)).toBe(true);
    await p.locator('body').click({ position: { x: 5, y: 300 } });
    await p.keyboard.press('Control+z');
    await expect.poll(async () => (await snapshotOf(p)).customers.some((c) => c.id === customer.id)).toBe(true);
    expect(rowsOf(await snapshotOf(p))).toEqual(rowsOf(before));
  });

  it('a customer removed without its rows leaves orphans listed in the invalid-cells view, cleaned up in one click', async () => {
    const before = await snapshotOf(p);
    const customer = before.customers.find((c) => before.contracts.filter((k) => k.customerId === c.id).length >= 2)!;
    const orphans = before.contracts.filter((k) => k.customerId === customer.id).map((k) => k.id).sort();
    await openSheet(p, 'contracts');
    await search(p, '');
    // As an older client or a direct API call would: the customer only, not its rows.
    await p.evaluate((id) => (window as unknown as { __pulso: { workbook: { remove(t: string, id: string): unknown } } }).__pulso.workbook.remove('customers', id), customer.id);
    await expect.poll(() => p.getByTestId('clean-orphans').getAttribute('data-count'), { timeout: 10_000 }).toBe(String(orphans.length));
    expect(await p.getByTestId('invalid-count').textContent()).toBe(`${orphans.length} invalid cells`);
    // The view lists each orphan row, its Customer cell marked with why.
    await p.getByTestId('invalid-count').click();
    await expect.poll(() => p.getByTestId('row-count').textContent()).toBe(`${orphans.length} rows`);
    const listed = await p.evaluate(() => {
      const g = (window as unknown as { __pulso: { grid: { forEachNodeAfterFilter(cb: (n: { data: { id: string; $invalid?: Record<string, string> } }) => void): void } } }).__pulso.grid;
      const out: [string, Record<string, string> | undefined][] = [];
      g.forEachNodeAfterFilter((n) => out.push([n.data.id, n.data.$invalid]));
      return out.sort((x, y) => x[0].localeCompare(y[0]));
    });
    expect(listed).toEqual(orphans.map((id) => [id, { customerId: `Customer ${customer.id} no longer exists` }]));
    await reveal(p, 'customerId');
    await expect.poll(() => p.locator('[data-testid="grid-contracts"] .ag-cell.cell-invalid[col-id="customerId"]').count()).toBe(orphans.length);
    // One click (and the confirmation) removes them all.
    p.once('dialog', (d) => void d.accept());
    await p.getByTestId('clean-orphans').click();
    await expect.poll(async () => (await snapshotOf(p)).contracts.filter((k) => k.customerId === customer.id).length).toBe(0);
    await p.getByTestId('clean-orphans').waitFor({ state: 'detached' });
    await p.getByTestId('invalid-count').waitFor({ state: 'detached' });
    // Ctrl+Z twice: the orphans, then their customer, and nothing is invalid any more.
    await p.locator('body').click({ position: { x: 5, y: 300 } });
    await p.keyboard.press('Control+z');
    await expect.poll(async () => (await snapshotOf(p)).contracts.filter((k) => k.customerId === customer.id).length).toBe(orphans.length);
    await p.keyboard.press('Control+z');
    await expect.poll(async () => (await snapshotOf(p)).customers.some((c) => c.id === customer.id)).toBe(true);
    await p.getByTestId('invalid-count').waitFor({ state: 'detached' });
    expect(rowsOf(await snapshotOf(p))).toEqual(rowsOf(before));
  });
});
