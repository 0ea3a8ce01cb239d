// The memory a browser tab holds, read over CDP after a forced GC, thread by thread: the JS
// heap, and the array buffers and external strings kept outside it (the engine's typed
// arrays, the documents' binary chunks).
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** One thread's memory after a forced GC: its JS heap, and the array buffers and external strings it holds outside that heap. */
export interface ThreadMemory {
  heapMB: number;
  buffersMB: number;
}

/** Runtime.getHeapUsage's answer as ThreadMemory (null when it has no heap figure). */
export function threadMemory(r: { usedSize?: number; backingStorageSize?: number } | undefined): ThreadMemory | null {
  if (typeof r?.usedSize !== 'number') return null;
  return { heapMB: r.usedSize / 1048576, buffersMB: (r.backingStorageSize ?? 0) / 1048576 };
}

/** The page's main thread's memory after a forced GC. */
export async function mainMemory(context: BrowserContext, page: Page): Promise<ThreadMemory> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    return threadMemory(await cdp.send('Runtime.getHeapUsage'))!;
  } finally {
    await cdp.detach();
  }
}

/** The derivation worker's memory after a forced GC (null: no worker, or no answer in time). */
export async function workerMemory(browser: Browser, timeoutMs = 10_000): Promise<ThreadMemory | null> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
    const worker = targetInfos.find((t) => t.type === 'worker');
    if (!worker) return null;
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
    const reply = new Promise<ThreadMemory | null>((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
        if (e.sessionId !== sessionId) return;
        const m = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number; backingStorageSize?: number } };
        if (m.id === 2) resolve(threadMemory(m.result));
      });
      setTimeout(() => resolve(null), timeoutMs);
    });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }) });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 2, method: 'Runtime.getHeapUsage' }) });
    return await reply;
  } finally {
    await cdp.detach();
  }
}

/** The page's main thread and its derivation worker (null: unreadable in `workerTimeoutMs`). */
export async function tabMemory(context: BrowserContext, page: Page, browser: Browser, workerTimeoutMs = 10_000): Promise<{ main: ThreadMemory; worker: ThreadMemory | null }> {
  return { main: await mainMemory(context, page), worker: await workerMemory(browser, workerTimeoutMs).catch(() => null) };
}

/** Everything both threads hold: JS heaps and array buffers, MB. */
export const tabMB = (main: ThreadMemory, worker: ThreadMemory): number => main.heapMB + worker.heapMB + main.buffersMB + worker.buffersMB;

/**
 * When the derivation worker last wrote workbook `wb`'s derived cache (ms since the epoch),
 * or null. The worker writes it after 1.5 s without changes: once it is newer than the last
 * edit, the worker is quiet, and its memory is what it holds, not what an edit's work is using.
 */
export const savedAt = (page: Page, wb: string) =>
  page.evaluate((wb) => new Promise<number | null>((resolve) => {
    // At whatever version the app made it (asking for an older one fails with VersionError).
    const q = indexedDB.open('pulso:derived');
    q.onerror = () => resolve(null);
    q.onsuccess = () => {
      if (!q.result.objectStoreNames.contains('output')) { q.result.close(); return resolve(null); }
      const g = q.result.transaction('output').objectStore('output').get(wb);
      g.onsuccess = () => { resolve((g.result as { savedAt?: number } | undefined)?.savedAt ?? null); q.result.close(); };
      g.onerror = () => resolve(null);
    };
  }), wb);
