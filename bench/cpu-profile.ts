// An optional CPU profile of a page's main thread over part of a benchmark, written as a
// .cpuprofile that Chrome's DevTools opens: how a slow sample is explained. Off unless the
// bench's environment variable names a file.
import { writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

export interface CpuProfile {
  /** Stops the profile and writes it (nothing when profiling is off). */
  stop(): Promise<void>;
}

export async function startCpuProfile(context: BrowserContext, page: Page, file: string | undefined, intervalUs: number): Promise<CpuProfile> {
  if (!file) return { stop: async () => {} };
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  return { stop: async () => writeFileSync(file, JSON.stringify((await cdp.send('Profiler.stop')).profile)) };
}
