// Screens the rowless page touches, in en and pt-BR: Activities and Invoices sheets, the
// customer delete question, and a hostile peer's garbage chunk in Activities.
import { startHarness, newPerson, openWorkbook, loadDemo, waitConfirmed, openSheet } from '../test/e2e/browser.js';
const h = await startHarness();
for (const [locale, tag] of [['en-US', 'en'], ['pt-BR', 'pt']] as const) {
  const ctx = await newPerson(h, locale);
  const page = await openWorkbook(h, ctx, `look-${tag}`, 'editor', 'Ana Souza', '&demo=300');
  await loadDemo(page); await waitConfirmed(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const s of ['activities', 'invoices', 'usage']) {
    await openSheet(page, s);
    await page.locator(`[data-testid="grid-${s}"] .ag-row[row-id]`).first().waitFor();
    await page.waitForTimeout(600);
    await page.screenshot({ path: `/tmp/look/${tag}-${s}.png` });
  }
  // A hostile peer's chunk in Activities: not a chunk, and a chunk whose columns are garbage.
  await page.evaluate(() => {
    const p = (window as any).__pulso;
    const chunks = p.doc.getMap('chunks.activities');
    p.doc.transact(() => { chunks.set('evil-1', 'not a chunk'); chunks.set('evil-2', { ids: ['x1', 'x2', 7], cols: { title: 'nope', customerId: { dict: 5, idx: 'z' } } }); });
  }, undefined);
  await openSheet(page, 'activities');
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/look/${tag}-activities-hostile.png` });
  console.log(tag, 'activities after the hostile chunks:', await page.getByTestId('grid-activities').locator('xpath=../..').locator('text=/\\d[\\d.,]* (rows|linhas)/').first().textContent().catch(() => '?'));
  await openSheet(page, 'customers');
  await page.locator('[data-testid="grid-customers"] .ag-row[row-index="0"] .ag-selection-checkbox input').first().check();
  const question = new Promise<string>((resolve) => page.once('dialog', async (d) => { const m = d.message(); await d.accept(); resolve(m); }));
  const t0 = Date.now();
  await page.getByTestId('delete-rows').click();
  console.log(tag, 'question after', Date.now() - t0, 'ms:', await question);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/look/${tag}-customers-deleted.png` });
  console.log(tag, 'page errors:', errors.length ? errors : 'none');
  await ctx.close();
}
await h.close();
