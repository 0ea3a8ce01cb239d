// The sheets as a Brazilian CS analyst meets them (issue 16): numbers edited with the
// decimal comma, the Customers sheet's fields first and derived columns in named, collapsible
// groups, long texts that wrap on demand, a search that ignores accents and CNPJ
// punctuation, a default row order that is the same in every browser and session, a cell's
// error that goes once the cell is fixed, and the notice when a colleague's concurrent edit
// replaced yours. Screenshots in test/artifacts/.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ARTIFACTS, AS_OF, cell, openSheet, reveal, search, snapshotOf, twoEditorsOnDemo, typeInto, waitConfirmed, waitSynced, type Harness, type Row,
} from './browser.js';

vi.setConfig({ testTimeout: 120_000 });
let h: Harness;
let ctxA: BrowserContext, ctxB: BrowserContext;
let a: Page, b: Page;
const WB = 'sheets';

type Api = {
  grid: {
    forEachNodeAfterFilterAndSort(cb: (n: { data: { id: string } }) => void): void;
    getAllDisplayedColumns(): { getColId(): string }[];
    applyColumnState(s: object): void;
    getRowNode(id: string): unknown;
    ensureNodeVisible(node: unknown, position?: string): void;
    ensureIndexVisible(index: number, position?: string): void;
  };
  workbook: { update(t: string, id: string, patch: object): { ok: boolean }; updateSettings(p: object): { ok: boolean }; insert(t: string, r: object): { ok: boolean; value: string } };
};
const shownIds = (p: Page) =>
  p.evaluate(() => {
    const ids: string[] = [];
    (window as unknown as { __pulso: Api }).__pulso.grid.forEachNodeAfterFilterAndSort((n) => ids.push(n.data.id));
    return ids;
  });
const displayedColumns = (p: Page) => p.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.grid.getAllDisplayedColumns().map((c) => c.getColId()));
/** The same accent and case folding a person expects, written here independently of the app. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

beforeAll(async () => {
  // Ana works in Portuguese (her browser's language), Bruno in English.
  ({ h, ctxA, ctxB, a, b } = await twoEditorsOnDemo(WB, 60, { ana: 'pt-BR' }));
});
afterAll(async () => {
  await h?.close();
});

describe('numbers in the editor follow the workbook locale', () => {
  it('pt-BR: shows the decimal comma, reads "1.850,99", refuses "1850.99", and the refusal goes once the cell is fixed', async () => {
    const snap = await snapshotOf(a);
    const contract = snap.contracts[0];
    const customer = snap.customers.find((c) => c.id === contract.customerId)!;
    await openSheet(a, 'contracts');
    await search(a, customer.name);

    await typeInto(a, 'contracts', contract.id, 'value', '1.850,99');
    await expect.poll(async () => (await snapshotOf(a)).contracts.find((c) => c.id === contract.id)!.value).toBe(1850.99);

    // Editing again shows the stored value as a Brazilian writes it, every digit kept.
    const valueCell = cell(a, 'contracts', contract.id, 'value');
    await valueCell.dblclick();
    const editor = valueCell.locator('input');
    await expect.poll(() => editor.inputValue()).toBe('1850,99');
    await a.screenshot({ path: join(ARTIFACTS, 'sheets-editor-decimal-comma.png') });
    await editor.press('Escape');

    // A point is not a decimal mark in pt-BR: refused with how to write it, never read as 185099 or 1850.99.
    await typeInto(a, 'contracts', contract.id, 'value', '1850.99');
    const msg = a.getByTestId('cell-error');
    await msg.waitFor();
    expect(await msg.textContent()).toBe('Não salvo — "1850.99" não é um número como escrito aqui: escreva como 1.234,56');
    await a.screenshot({ path: join(ARTIFACTS, 'sheets-editor-refused.png') });
    expect((await snapshotOf(a)).contracts.find((c) => c.id === contract.id)!.value).toBe(1850.99);

    // The next successful edit of that cell removes the message.
    await typeInto(a, 'contracts', contract.id, 'value', '4321,5');
    await expect.poll(async () => (await snapshotOf(a)).contracts.find((c) => c.id === contract.id)!.value).toBe(4321.5);
    await msg.waitFor({ state: 'detached' });
    await valueCell.dblclick();
    await expect.poll(() => editor.inputValue()).toBe('4321,5');
    await editor.press('Escape');
  });

  it('en-US workbook locale: "1,850.99" is read, "1.850,99" refused', async () => {
    const snap = await snapshotOf(b);
    const contract = snap.contracts[1];
    const customer = snap.customers.find((c) => c.id === contract.customerId)!;
    await b.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.workbook.updateSettings({ locale: 'en-US' }));
    try {
      await openSheet(b, 'contracts');
      await search(b, customer.name);
      await typeInto(b, 'contracts', contract.id, 'value', '1,850.99');
      await expect.poll(async () => (await snapshotOf(b)).contracts.find((c) => c.id === contract.id)!.value).toBe(1850.99);
      const valueCell = cell(b, 'contracts', contract.id, 'value');
      await valueCell.dblclick();
      await expect.poll(() => valueCell.locator('input').inputValue()).toBe('1850.99');
      await valueCell.locator('input').press('Escape');
      await typeInto(b, 'contracts', contract.id, 'value', '1.850,99');
      await expect.poll(() => b.getByTestId('cell-error').textContent()).toBe('Not saved — "1.850,99" is not a number as written here: write it like 1,234.56');
      expect((await snapshotOf(b)).contracts.find((c) => c.id === contract.id)!.value).toBe(1850.99);
    } finally {
      await b.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.workbook.updateSettings({ locale: 'pt-BR' }));
    }
  });
});

describe('the Customers sheet', () => {
  it('puts the fields a CS person edits first, then the derived columns in named groups that collapse to their key columns', async () => {
    await openSheet(a, 'customers');
    await search(a, '');
    const cols = await displayedColumns(a);
    const fieldsFirst = cols.filter((c) => c !== 'row-card' && c !== 'ag-Grid-SelectionColumn').slice(0, 8);
    expect(fieldsFirst).toEqual(['name', 'externalId', 'segment', 'plan', 'phase', 'csOwner', 'csm', 'salesOwner']);
    // Every derived column comes after every field.
    const lastField = Math.max(...['name', 'externalId', 'segment', 'plan', 'phase', 'csOwner', 'csm', 'salesOwner', 'registeredAt', 'riskFlag', 'upsellFlag'].map((c) => cols.indexOf(c)));
    expect(cols.findIndex((c) => c.startsWith('m.'))).toBeGreaterThan(lastField);
    expect(await a.locator('.ag-header-cell[col-id="externalId"] .ag-header-cell-text').textContent()).toBe('CNPJ/CPF');

    // The group headers, in order, as a Brazilian reads them.
    const groups: string[] = [];
    for (const [first, name] of [['m.mrr', 'Receita'], ['m.healthScore', 'Saúde'], ['m.lastInteraction', 'Relacionamento'], ['m.overdueInvoices', 'Suporte e financeiro']] as const) {
      await reveal(a, first);
      const header = a.locator('.ag-header-group-cell').filter({ hasText: name });
      await header.first().waitFor();
      groups.push(name);
    }
    expect(groups).toHaveLength(4);
    const revenue = (await displayedColumns(a)).filter((c) => ['m.mrr', 'm.arr', 'm.tier', 'm.ltv', 'm.daysToRenewal'].includes(c));
    expect(revenue).toEqual(['m.mrr', 'm.arr', 'm.tier', 'm.daysToRenewal', 'm.ltv']);

    // Collapsing "Receita" keeps MRR and days to renewal, hides the rest of the group.
    await reveal(a, 'm.mrr');
    const receita = a.locator('.ag-header-group-cell').filter({ hasText: 'Receita' }).first();
    await receita.locator('.ag-header-expand-icon-expanded').click();
    await expect.poll(async () => (await displayedColumns(a)).filter((c) => c.startsWith('m.') && ['m.mrr', 'm.arr', 'm.status', 'm.tier', 'm.daysToRenewal', 'm.ltv', 'm.tcv'].includes(c))).toEqual(['m.mrr', 'm.daysToRenewal']);
    await a.screenshot({ path: join(ARTIFACTS, 'sheets-customers-groups-collapsed.png') });
    await receita.locator('.ag-header-expand-icon-collapsed').click();
    await expect.poll(async () => (await displayedColumns(a)).includes('m.arr')).toBe(true);
    await reveal(a, 'name');
    await a.screenshot({ path: join(ARTIFACTS, 'sheets-customers.png') });
  });

  it('English headers: the same groups in English, and CNPJ/CPF', async () => {
    await openSheet(b, 'customers');
    expect(await b.locator('.ag-header-cell[col-id="externalId"] .ag-header-cell-text').textContent()).toBe('CNPJ/CPF');
    for (const [first, name] of [['m.mrr', 'Revenue'], ['m.healthScore', 'Health'], ['m.lastInteraction', 'Relationship'], ['m.overdueInvoices', 'Support & billing']] as const) {
      await reveal(b, first);
      await b.locator('.ag-header-group-cell').filter({ hasText: name }).first().waitFor();
    }
  });
});

describe('row card', () => {
  it('Enter on a row\'s number opens it as a card (fields, then the derived groups); Esc closes it', async () => {
    const snap = await snapshotOf(b);
    const target = snap.customers[3];
    await openSheet(b, 'customers');
    await search(b, target.name);
    await cell(b, 'customers', target.id, 'row-card').waitFor();
    await b.evaluate(() => (window as unknown as { __pulso: { grid: { setFocusedCell(i: number, c: string): void } } }).__pulso.grid.setFocusedCell(0, 'row-card'));
    await b.keyboard.press('Enter');
    const card = b.getByTestId('row-card');
    await card.waitFor();
    // The dialog is named by its title (aria-labelledby → its heading): the row's name.
    const titleId = await card.getAttribute('aria-labelledby');
    expect(await b.locator(`[id="${titleId}"]`).textContent()).toContain(target.name);
    expect(await card.locator('h3').allTextContents()).toEqual(['Fields', 'Revenue ƒ', 'Health ƒ', 'Relationship ƒ', 'Support & billing ƒ']);
    expect(await card.getByTestId('card-field-externalId').inputValue()).toBe(target.externalId);
    await b.screenshot({ path: join(ARTIFACTS, 'sheets-row-card.png') });
    await b.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await search(b, '');
  });
});

describe('long texts', () => {
  it('activity titles get room and wrap on demand (remembered)', async () => {
    const snap = await snapshotOf(a);
    const act = snap.activities[0];
    const customer = snap.customers.find((c) => c.id === act.customerId)!;
    const long = 'Reunião de alinhamento trimestral com o patrocinador e o time financeiro para revisar o plano de adoção e a renovação';
    await a.evaluate(([id, title]) => (window as unknown as { __pulso: Api }).__pulso.workbook.update('activities', id, { title }), [act.id, long] as const);
    await openSheet(a, 'activities');
    await search(a, customer.name);
    const title = cell(a, 'activities', act.id, 'title');
    await expect.poll(() => title.textContent()).toBe(long);
    const width = (await title.boundingBox())!.width;
    expect(width).toBeGreaterThanOrEqual(280);
    const oneLine = (await title.boundingBox())!.height;

    await a.getByTestId('wrap-toggle').click();
    expect(await a.getByTestId('wrap-toggle').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await title.boundingBox())!.height).toBeGreaterThan(oneLine * 2);
    await a.evaluate((id) => {
      const g = (window as unknown as { __pulso: { grid: { getRowNode(id: string): unknown; ensureNodeVisible(n: unknown, p: string): void } } }).__pulso.grid;
      g.ensureNodeVisible(g.getRowNode(id), 'middle');
    }, act.id);
    await a.screenshot({ path: join(ARTIFACTS, 'sheets-activities-wrapped.png') });
    await a.reload();
    await openSheet(a, 'activities');
    expect(await a.getByTestId('wrap-toggle').getAttribute('aria-pressed')).toBe('true');
    await a.getByTestId('wrap-toggle').click();
    await search(a, '');
  });
});

describe('sheet search', () => {
  it('ignores accents and case: "clinica" finds every "Clínica"', async () => {
    const snap = await snapshotOf(a);
    const clinics = snap.customers.filter((c) => fold(c.name).includes('clinica'));
    expect(clinics.length).toBeGreaterThan(0);
    expect(clinics.some((c) => c.name.includes('Clínica'))).toBe(true);
    await openSheet(a, 'customers');
    await search(a, 'clinica');
    await expect.poll(async () => (await shownIds(a)).sort()).toEqual(clinics.map((c) => c.id).sort());
    await a.screenshot({ path: join(ARTIFACTS, 'sheets-search-accents.png') });
    await search(a, 'CLÍNICA');
    await expect.poll(async () => (await shownIds(a)).length).toBe(clinics.length);
  });

  it('finds a customer by the digits of its CNPJ, and its rows on other sheets by its name', async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers.find((c) => /^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/.test(c.externalId ?? ''))!;
    const digits = target.externalId.replace(/\D/g, '');
    expect(digits).toHaveLength(14);
    await openSheet(a, 'customers');
    await search(a, digits);
    await expect.poll(() => shownIds(a)).toEqual([target.id]);
    expect(await cell(a, 'customers', target.id, 'externalId').textContent()).toBe(target.externalId);
    // Without accents on another sheet: the customer column searches by name.
    await openSheet(a, 'contracts');
    await search(a, fold(target.name));
    const expected = snap.contracts.filter((k) => k.customerId === target.id).map((k) => k.id).sort();
    await expect.poll(async () => (await shownIds(a)).sort()).toEqual(expected);
    await search(a, '');
    await openSheet(a, 'customers');
    await search(a, '');
  });
});

describe('select all', () => {
  it('while searching, the header box selects the rows shown, not the ones the search hides', async () => {
    await openSheet(b, 'customers');
    const snap = await snapshotOf(b);
    const word = 'Ltda';
    const matching = snap.customers.filter((c) => fold(String(c.name)).includes(fold(word))).length;
    expect(matching).toBeGreaterThan(1);
    expect(matching).toBeLessThan(snap.customers.length);
    await search(b, word);
    await expect.poll(() => b.getByTestId('row-count').textContent()).toBe(`${matching} rows`);
    await b.locator('[data-testid="grid-customers"] .ag-header-select-all input').click();
    await expect.poll(() => b.getByTestId('delete-rows').textContent()).toBe(`Delete selected (${matching})`);
    await b.screenshot({ path: join(ARTIFACTS, 'customers-select-all-while-searching.png') });
    // Unselected again, and the search cleared.
    await b.locator('[data-testid="grid-customers"] .ag-header-select-all input').click();
    await expect.poll(() => b.getByTestId('delete-rows').textContent()).toBe('Delete selected (0)');
    await search(b, '');
  });
});

describe('default row order', () => {
  const collator = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });
  it('customers by name in pt-BR collation, the same after a reload and in a colleague\'s browser', async () => {
    await openSheet(a, 'customers');
    await search(a, '');
    const snap = await snapshotOf(a);
    const byName = [...snap.customers].sort((x, y) => collator.compare(x.name, y.name) || (x.name < y.name ? -1 : 1)).map((c) => c.id);
    await expect.poll(() => shownIds(a)).toEqual(byName);
    await a.reload();
    await openSheet(a, 'customers');
    await expect.poll(() => shownIds(a)).toEqual(byName);
    await openSheet(b, 'customers');
    await search(b, '');
    await expect.poll(() => shownIds(b)).toEqual(byName);
  });

  it('a new customer takes its place by name at once, accents ignored', async () => {
    await openSheet(b, 'customers');
    await search(b, '');
    await b.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.workbook.insert('customers', { id: 'c-abaco', name: 'Ábaco Sistemas' }));
    // "Ábaco" sorts as "abaco": first, before every other demo name (none starts with "Ab" or "Aa").
    const snap = await snapshotOf(b);
    expect(snap.customers.filter((c) => c.id !== 'c-abaco').every((c) => collator.compare('Ábaco Sistemas', c.name) < 0)).toBe(true);
    await expect.poll(async () => (await shownIds(b))[0]).toBe('c-abaco');
    await expect.poll(async () => (await shownIds(a))[0]).toBe('c-abaco');
  });

  it('other sheets newest first; a header click still sorts, and back to the default order', async () => {
    await openSheet(a, 'contracts');
    await search(a, '');
    const snap = await snapshotOf(a);
    const start = new Map(snap.contracts.map((k) => [k.id, k.startDate as string]));
    const ids = await shownIds(a);
    expect(ids).toHaveLength(snap.contracts.length);
    const dates = ids.map((id) => start.get(id)!);
    expect([...dates].sort().reverse()).toEqual(dates);
    // Sorted by value by a header click, then unsorted: the default order again.
    const header = a.locator('.ag-header-cell[col-id="value"] .ag-header-cell-label');
    await header.click();
    await expect.poll(async () => {
      const v = new Map(snap.contracts.map((k) => [k.id, k.value as number]));
      const shown = (await shownIds(a)).map((id) => v.get(id)!);
      return shown.every((x, i) => i === 0 || shown[i - 1] <= x);
    }).toBe(true);
    await header.click();
    await header.click();
    await expect.poll(() => shownIds(a)).toEqual(ids);
  });
});

describe('derived columns after an edit', () => {
  const monthly = (k: Row) =>
    k.model === 'recurring' && (k.billingPeriodMonths ?? 1) === 1 && k.startDate <= AS_OF && !k.canceledAt && (!k.endDate || k.endDate >= AS_OF);
  const showRow = (p: Page, id: string) =>
    p.evaluate((rowId) => {
      const grid = (window as unknown as { __pulso: Api }).__pulso.grid;
      grid.ensureNodeVisible(grid.getRowNode(rowId), 'middle');
    }, id);
  const setValue = (p: Page, id: string, value: number) =>
    p.evaluate(({ id, value }) => (window as unknown as { __pulso: Api }).__pulso.workbook.update('contracts', id, { value }).ok, { id, value });

  it('unsorted, the MRR cell changes where it is and no row moves; sorted by MRR, the customer moves to its new place', async () => {
    await openSheet(a, 'customers');
    await search(a, '');
    const snap = await snapshotOf(a);
    await reveal(a, 'm.mrr');
    // Unsorted (the default order, by name): a new MRR changes the cell, not the order.
    const order = await shownIds(a);
    expect(order).toHaveLength(snap.customers.length);
    const contract = snap.contracts.find(monthly)!;
    expect(contract).toBeDefined();
    await showRow(a, contract.customerId);
    const mrrCell = cell(a, 'customers', contract.customerId, 'm.mrr');
    const before = await mrrCell.textContent();
    expect(await setValue(a, contract.id, contract.value + 1000)).toBe(true);
    await expect.poll(() => mrrCell.textContent(), { timeout: 10_000 }).not.toBe(before);
    expect(await shownIds(a)).toEqual(order);

    // Sorted by MRR, largest first: the lowest customer with a monthly contract, given the largest contract comes first.
    await a.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.grid.applyColumnState({ state: [{ colId: 'm.mrr', sort: 'desc' }], defaultState: { sort: null } }));
    await expect.poll(async () => (await shownIds(a))[0]).not.toBe(undefined);
    const sorted = await shownIds(a);
    const low = snap.contracts.filter(monthly).sort((x, y) => sorted.indexOf(y.customerId) - sorted.indexOf(x.customerId))[0];
    expect(sorted.indexOf(low.customerId)).toBeGreaterThan(5);
    const largest = Math.max(...snap.contracts.map((k) => Number(k.value) || 0));
    expect(await setValue(a, low.id, largest * 100)).toBe(true);
    await expect.poll(async () => (await shownIds(a))[0], { timeout: 10_000 }).toBe(low.customerId);
    await a.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.grid.ensureIndexVisible(0, 'top'));
    await expect.poll(() => cell(a, 'customers', low.customerId, 'm.mrr').isVisible()).toBe(true);
    await a.screenshot({ path: join(ARTIFACTS, 'customers-sorted-by-mrr-after-edit.png') });
    // Back to the default order, every value put back.
    await a.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.grid.applyColumnState({ defaultState: { sort: null } }));
    expect(await setValue(a, low.id, Number(low.value))).toBe(true);
    expect(await setValue(a, contract.id, Number(contract.value))).toBe(true);
    await expect.poll(() => shownIds(a)).toEqual(order);
  });
});

describe('derived columns after a change of settings (every customer at once)', () => {
  type Shown = { id: string; health: number | null };
  // What each row node of the grid holds, and what the engine says, read side by side.
  const gridAndEngine = (p: Page) =>
    p.evaluate(() => {
      const h = (window as unknown as { __pulso: { grid: { forEachNode(cb: (n: { data?: { id: string; $m: { healthScore: number | null } | null } }) => void): void }; derivation: { metrics(): Map<string, { healthScore: number | null }> } } }).__pulso;
      const rows: { id: string; grid: number | null | undefined; engine: number | null | undefined }[] = [];
      const m = h.derivation.metrics();
      h.grid.forEachNode((n) => n.data && rows.push({ id: n.data.id, grid: n.data.$m?.healthScore, engine: m.get(n.data.id)?.healthScore }));
      return rows;
    });
  const setWeights = (p: Page, w: object) => p.evaluate((healthWeights) => (window as unknown as { __pulso: Api }).__pulso.workbook.updateSettings({ healthWeights }).ok, w);

  it('unsorted, every row takes its new health score in place, on screen or not; sorted by health, the rows reorder', async () => {
    await openSheet(a, 'customers');
    await search(a, '');
    await reveal(a, 'm.healthScore');
    const order = await shownIds(a);
    const before = new Map((await gridAndEngine(a)).map((r) => [r.id, r.grid]));
    const weights = await a.evaluate(() => (window as unknown as { __pulso: { workbook: { settings(): { healthWeights: object } } } }).__pulso.workbook.settings().healthWeights);

    // Health from the financial indicator alone: most customers' scores move.
    expect(await setWeights(a, { engagement: 0, adoption: 0, nps: 0, support: 0, financial: 1, relationship: 0 })).toBe(true);
    // The worker recomputes everyone; then every node, shown or not, holds what the engine says.
    await expect.poll(async () => {
      const rows = await gridAndEngine(a);
      return rows.filter((r) => r.engine !== before.get(r.id)).length > order.length / 4 && rows.every((r) => r.grid === r.engine);
    }, { timeout: 15_000 }).toBe(true);
    const after = await gridAndEngine(a);
    expect(after).toHaveLength(order.length);
    const moved = after.filter((r) => r.grid !== before.get(r.id));
    // The last rows were off screen when the scores came: they show the new ones once scrolled to.
    expect(await shownIds(a)).toEqual(order);
    const lastMoved = [...moved].sort((x, y) => order.indexOf(y.id) - order.indexOf(x.id))[0];
    expect(order.indexOf(lastMoved.id)).toBeGreaterThan(20);
    await a.evaluate((id) => {
      const grid = (window as unknown as { __pulso: Api }).__pulso.grid;
      grid.ensureNodeVisible(grid.getRowNode(id), 'middle');
    }, lastMoved.id);
    await expect.poll(() => cell(a, 'customers', lastMoved.id, 'm.healthScore').isVisible()).toBe(true);
    const shown = (await cell(a, 'customers', lastMoved.id, 'm.healthScore').textContent()) ?? '';
    expect(shown).toContain(String(Math.round(lastMoved.grid!)));
    await a.screenshot({ path: join(ARTIFACTS, 'customers-health-after-weights.png') });
    await a.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.grid.ensureIndexVisible(0, 'top'));
    // The first row was on screen all along: it shows its new score too.
    const first = after.find((r) => r.id === order[0])!.grid;
    if (typeof first === 'number') await expect.poll(() => cell(a, 'customers', order[0], 'm.healthScore').textContent()).toContain(String(Math.round(first)));

    // Sorted by health, lowest first: back to the weights of before, the rows follow the new scores.
    await a.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.grid.applyColumnState({ state: [{ colId: 'm.healthScore', sort: 'asc' }], defaultState: { sort: null } }));
    expect(await setWeights(a, weights)).toBe(true);
    await expect.poll(async () => {
      const rows = await gridAndEngine(a);
      return rows.every((r) => r.engine === before.get(r.id) && r.grid === r.engine);
    }, { timeout: 15_000 }).toBe(true);
    const health = new Map((await gridAndEngine(a)).map((r): [string, Shown['health']] => [r.id, r.grid ?? null]));
    await expect.poll(async () => {
      const scores = (await shownIds(a)).map((id) => health.get(id)).filter((x): x is number => typeof x === 'number');
      return scores.length > 0 && scores.every((x, i) => i === 0 || scores[i - 1] <= x);
    }).toBe(true);
    await a.evaluate(() => (window as unknown as { __pulso: Api }).__pulso.grid.applyColumnState({ defaultState: { sort: null } }));
  });
});

describe('same-cell conflicts', () => {
  it('the person whose edit lost sees who won with what, and restores theirs in one click; both converge', async () => {
    const snap = await snapshotOf(a);
    const target = snap.customers[7];
    await openSheet(a, 'customers');
    await openSheet(b, 'customers');
    await search(a, target.name);
    await search(b, target.name);

    // Bruno edits the plan while offline; Ana edits the same cell meanwhile.
    await ctxB.setOffline(true);
    await b.locator('[data-testid="sync-status"][data-state="offline"]').waitFor();
    await typeInto(b, 'customers', target.id, 'plan', 'Plano do Bruno');
    await expect.poll(async () => (await snapshotOf(b)).customers.find((c) => c.id === target.id)!.plan).toBe('Plano do Bruno');
    await typeInto(a, 'customers', target.id, 'plan', 'Plano da Ana');
    await waitConfirmed(a);
    await ctxB.setOffline(false);
    await waitSynced(b);
    await waitConfirmed(b);

    // One value won, the same on both sides (Yjs decides, deterministically).
    await expect.poll(async () => (await snapshotOf(b)).customers.find((c) => c.id === target.id)!.plan).toMatch(/^Plano d[oa] (Bruno|Ana)$/);
    const won = (await snapshotOf(b)).customers.find((c) => c.id === target.id)!.plan as string;
    await expect.poll(async () => (await snapshotOf(a)).customers.find((c) => c.id === target.id)!.plan).toBe(won);
    const anaLost = won === 'Plano do Bruno';
    const [loser, winner] = anaLost ? [a, b] : [b, a];
    const mine = anaLost ? 'Plano da Ana' : 'Plano do Bruno';
    const who = anaLost ? 'Bruno Lima' : 'Ana Souza';
    const text = anaLost
      ? `${who} alterou Plano (${target.name}) para “${won}” ao mesmo tempo que você: seu valor “${mine}” foi substituído.`
      : `${who} changed Plan (${target.name}) to “${won}” at the same time as you: your “${mine}” was replaced.`;
    const notice = loser.getByTestId('conflict-notice');
    await notice.waitFor();
    expect(await notice.getByTestId('conflict-text').textContent()).toBe(text);
    expect(await winner.getByTestId('conflict-notice').count()).toBe(0);
    await loser.screenshot({ path: join(ARTIFACTS, 'sheets-conflict-notice.png') });

    await notice.getByTestId('conflict-restore').click();
    await notice.waitFor({ state: 'detached' });
    await waitConfirmed(loser);
    await expect.poll(async () => (await snapshotOf(a)).customers.find((c) => c.id === target.id)!.plan).toBe(mine);
    await expect.poll(async () => (await snapshotOf(b)).customers.find((c) => c.id === target.id)!.plan).toBe(mine);
    await expect.poll(() => cell(winner, 'customers', target.id, 'plan').textContent()).toBe(mine);
    // Restoring is an ordinary edit built on the winning value: no notice for the other person.
    expect(await winner.getByTestId('conflict-notice').count()).toBe(0);
    await search(a, '');
    await search(b, '');
  });
});
