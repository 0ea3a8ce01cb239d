// The derived cache's writer (client/derive/cache.ts) in Chromium's real IndexedDB: a write
// puts its metrics parts one per task and is abandoned, all or nothing, when the output goes
// out of date while it is being written (the worker's `current()` turns false); the output
// written before stays whole and readable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './browser.js';
import { pageBundle } from '../support/page-bundle.js';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness();
  // cache.ts alone, as `window.PulsoCache`.
  const code = await pageBundle('client/derive/cache.ts', 'PulsoCache', { __DERIVATION_BUILD__: JSON.stringify('test-build') });
  page = await h.browser.newPage();
  // Same origin as the app (IndexedDB needs one), no app holding the databases.
  await page.goto(`${h.server.httpUrl}/healthz`);
  await page.addScriptTag({ content: code });
}, 180_000);

afterAll(async () => {
  await h?.close();
});

interface Outcome {
  first: string;
  second: string;
  puts: number;
  head: { key: string; parts: number } | null;
  metrics: number;
  tags: string[];
  third?: string;
  thirdKey?: string;
}

describe('derived cache write', () => {
  it('an out-of-date write is abandoned between its parts and the last output stays whole', async () => {
    const r = await page.evaluate(async () => {
      type Api = {
        writeDerivedCache(c: object, current?: () => boolean): Promise<string>;
        readCacheHead(wb: string, build: string, asOf: string): Promise<{ key: string; parts: number } | null>;
        readCacheMetrics(head: object): Promise<[string, { tag: string }][] | null>;
      };
      const api = (window as unknown as { PulsoCache: Api }).PulsoCache;
      // 6,000 customers: three parts of 2,500, 2,500 and 1,000.
      const metrics = (tag: string) => Array.from({ length: 6000 }, (_, i) => [`c${i}`, { tag, mrr: i }]);
      const base = { workbookId: 'w1', build: 'test-build', asOf: '2026-06-15', dashboards: [], details: [] };
      const first = await api.writeDerivedCache({ ...base, key: 'A', metrics: metrics('A') });
      // Out of date once the first part is put: the second and third are never put.
      let puts = 0;
      const second = await api.writeDerivedCache({ ...base, key: 'B', metrics: metrics('B') }, () => puts++ < 1);
      const head = await api.readCacheHead('w1', 'test-build', '2026-06-15');
      const m = head ? await api.readCacheMetrics(head) : null;
      const out: Outcome = { first, second, puts, head: head && { key: head.key, parts: head.parts }, metrics: m?.length ?? -1, tags: [...new Set((m ?? []).map((e) => e[1].tag))] };
      const third = await api.writeDerivedCache({ ...base, key: 'C', metrics: metrics('C').slice(0, 10) });
      const after = await api.readCacheHead('w1', 'test-build', '2026-06-15');
      const mc = after ? await api.readCacheMetrics(after) : null;
      return { ...out, third, thirdKey: `${after?.key}/${after?.parts}/${mc?.length}` };
    });
    expect(r.first).toBe('written');
    expect(r.second).toBe('abandoned');
    // Asked before each part: yes for the first, no for the second.
    expect(r.puts).toBe(2);
    expect(r.head).toEqual({ key: 'A', parts: 3 });
    expect(r.metrics).toBe(6000);
    expect(r.tags).toEqual(['A']);
    // A smaller output afterwards leaves none of the bigger one's parts behind.
    expect(r.third).toBe('written');
    expect(r.thirdKey).toBe('C/1/10');
  });
});
