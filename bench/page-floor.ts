// Floors for the browser benches, measured in a bare page of the same origin and the same run
// (no app): what the browser itself needs for the work a figure includes, so a figure can be
// read as a multiple of it, across runs and machines.
//   open:  the workbook's stored updates read from its y-indexeddb database and applied to a
//          fresh Y.Doc (Yjs alone), and the heap and array buffers that one replica holds after GC;
//   relay: a message to a worker and back: the least an edit's round trip through the
//          derivation worker can take (the bench sees the cell's new text in the DOM, before
//          any frame, so no frame is added).
import type { BrowserContext } from 'playwright-core';
import { pageBundle } from '../test/support/page-bundle.js';
import { median } from './stats.js';
import { mainMemory } from './memory.js';

export interface OpenFloor {
  /** Reading the stored updates (one read-only getAll), ms. */
  readMs: number;
  /** Applying them to a fresh Y.Doc in one transaction, ms. */
  applyMs: number;
  /** The page's JS heap holding that one replica, after GC, MB. */
  replicaMB: number;
  /** The array buffers and external strings the page holds with it (the chunks' bytes), MB. */
  replicaBuffersMB: number;
}

/** The open floor for the workbook stored in `idbName`, in a fresh page at `origin` (the app's origin, so the same storage). */
export async function openFloor(context: BrowserContext, origin: string, idbName: string): Promise<OpenFloor> {
  const code = await pageBundle(new URL('./page-floor-entry.ts', import.meta.url).pathname, 'PulsoFloor');
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/healthz`);
    await page.addScriptTag({ content: code });
    const times = await page.evaluate(async (name) => {
      const Y = (window as unknown as { PulsoFloor: typeof import('yjs') }).PulsoFloor;
      const t0 = performance.now();
      const updates = await new Promise<Uint8Array[]>((resolve, reject) => {
        const q = indexedDB.open(name);
        q.onerror = () => reject(q.error);
        q.onsuccess = () => {
          const db = q.result;
          const get = db.transaction('updates', 'readonly').objectStore('updates').getAll();
          get.onsuccess = () => { db.close(); resolve(get.result as Uint8Array[]); };
          get.onerror = () => { db.close(); reject(get.error); };
        };
      });
      const t1 = performance.now();
      const doc = new Y.Doc();
      doc.transact(() => { for (const u of updates) Y.applyUpdate(doc, u); });
      const t2 = performance.now();
      updates.length = 0;
      (window as unknown as { floorDoc: unknown }).floorDoc = doc;
      return { readMs: t1 - t0, applyMs: t2 - t1 };
    }, idbName);
    const memory = await mainMemory(context, page);
    return { ...times, replicaMB: memory.heapMB, replicaBuffersMB: memory.buffersMB };
  } finally {
    await page.close();
  }
}

/**
 * A worker round trip in a bare page at `origin`, ms: the median over 5 bursts of `n` trips
 * one after another, each burst's time divided by `n` (a page's clock ticks every 0.1 ms,
 * coarser than one trip).
 */
export async function relayFloor(context: BrowserContext, origin: string, n = 200): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/healthz`);
    const samples = await page.evaluate(async (n) => {
      const w = new Worker(URL.createObjectURL(new Blob(['self.onmessage = (e) => self.postMessage(e.data);'])));
      const out: number[] = [];
      for (let burst = 0; burst < 5; burst++) {
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await new Promise<void>((resolve) => { w.onmessage = () => resolve(); w.postMessage(i); });
        out.push((performance.now() - t0) / n);
      }
      w.terminate();
      return out;
    }, n);
    return median(samples);
  } finally {
    await page.close();
  }
}

/**
 * The re-open's floor, ms from navigation start: a bare response of the same origin loaded,
 * the derived cache's head record for workbook `wb` read from IndexedDB (what the app paints
 * its cards from), one number written into the page and the next frame. The app adds its
 * bundle, its start-up and the cards' render; this is what the browser and the machine
 * take for the rest, so the cards' time can be read as a multiple of it.
 */
export async function reopenFloor(context: BrowserContext, origin: string, wb: string): Promise<number> {
  const page = await context.newPage();
  try {
    // tsx compiles the page function with esbuild's keepNames, whose __name helper the page lacks.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(`${origin}/healthz`);
    // NaN when there is no cached head to read (a floor of nothing is no floor).
    return await page.evaluate((wb) => new Promise<number>((resolve) => {
      const give = (ms: number) => { clearTimeout(stalled); resolve(ms); };
      const stalled = setTimeout(() => resolve(Number.NaN), 30_000);
      const q = indexedDB.open('pulso:derived');
      q.onerror = () => give(Number.NaN);
      q.onsuccess = () => {
        const db = q.result;
        if (!db.objectStoreNames.contains('output')) { db.close(); return give(Number.NaN); }
        const get = db.transaction('output', 'readonly').objectStore('output').get(wb);
        get.onerror = () => { db.close(); give(Number.NaN); };
        get.onsuccess = () => {
          db.close();
          if (!get.result) return give(Number.NaN);
          const el = document.createElement('div');
          el.textContent = String(Object.keys(get.result as object).length);
          document.body.append(el);
          requestAnimationFrame(() => give(performance.now()));
        };
      };
    }), wb);
  } finally {
    await page.close();
  }
}
