// How much JavaScript heap one Chromium tab holds before it crashes, split between the page
// and a dedicated worker (`npx tsx bench/cage-probe.ts`; not part of `npm run bench`).
//
// Why: at 100,000 customers the tab holds ~3.7–3.9 GB after GC (page ~0.8, derivation worker
// ~2.9–3.1) and crashed in some runs with no error. Chromium's V8 compresses pointers, and the
// isolates of one renderer process (the page and its dedicated workers) share one 4 GB cage:
// whatever --max-old-space-size says, page + worker cannot hold much more than that.
// Each step opens a fresh page, fills the page with `page` MB of doubles and a worker with
// `worker` MB, and says whether the tab survived: first in JS arrays (in the V8 heap), then in
// Float64Arrays, whose contents V8 keeps outside that heap and its limit.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/e2e/browser.js';

const STEPS: [number, number, 'arrays' | 'typed arrays'][] = [
  [1000, 1000, 'arrays'], [1500, 1500, 'arrays'], [1650, 1650, 'arrays'], [10, 3300, 'arrays'], [3300, 10, 'arrays'],
  [1650, 1650, 'typed arrays'], [2500, 2500, 'typed arrays'],
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--js-flags=--max-old-space-size=16384'] });
try {
  for (const [pageMB, workerMB, kind] of STEPS) {
    const page = await browser.newPage();
    await page.addInitScript('globalThis.__name = (f) => f;');
    const crashed = { yes: false };
    page.on('crash', () => { crashed.yes = true; });
    await page.goto('about:blank');
    const outcome = await page.evaluate(async ({ pageMB, workerMB, typed }) => {
      // 1 MB: 131,072 doubles, in a double-elements array or a Float64Array.
      const fill = typed
        ? (mb: number) => { const keep: Float64Array[] = []; for (let i = 0; i < mb; i++) keep.push(new Float64Array(131072).fill(0.5)); return keep; }
        : (mb: number) => { const keep: number[][] = []; for (let i = 0; i < mb; i++) { const a = new Array<number>(131072); for (let j = 0; j < a.length; j++) a[j] = j + 0.5; keep.push(a); } return keep; };
      (globalThis as unknown as { keep: unknown }).keep = fill(pageMB);
      const src = `const __name = (f) => f; const fill = ${fill.toString()}; self.onmessage = (e) => { self.keep = fill(e.data); postMessage('held'); };`;
      const w = new Worker(URL.createObjectURL(new Blob([src])));
      return await new Promise<string>((resolve) => { w.onmessage = (e) => resolve(String(e.data)); w.onerror = (e) => resolve(`worker error ${e.message}`); w.postMessage(workerMB); });
    }, { pageMB, workerMB, typed: kind === 'typed arrays' }).catch(() => 'crashed');
    console.log(`${kind}: page ${pageMB} MB + worker ${workerMB} MB = ${pageMB + workerMB} MB: ${crashed.yes ? 'the tab crashed' : outcome}`);
    await page.close().catch(() => {});
  }
} finally {
  await browser.close();
}
