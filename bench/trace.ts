// A Chromium trace of the whole browser (every page and worker thread) while `run` runs,
// kept in a file for chrome://tracing or Perfetto, and summed up: the slices of 50 ms or
// more per thread, and the garbage collections among them. Where a stall comes from when
// no task of the page's shows it (the stretch's slow first edit).
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { round } from './stats.js';

const CATEGORIES = ['devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.gc', 'disabled-by-default-devtools.timeline', 'blink.user_timing'].join(',');

interface TraceEvent { ph: string; name: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

export interface TraceSummary {
  file: string;
  /** Slices of ≥ minMs, longest first: thread, event name, start (s after the trace began), ms. */
  long: { thread: string; name: string; atS: number; ms: number }[];
  /** Time in garbage collection per thread (ms), from V8's GC events. */
  gcMs: Record<string, number>;
}

export async function traceDuring<T>(browser: Browser, file: string, run: () => Promise<T>, minMs = 50): Promise<{ result: T; summary: TraceSummary }> {
  const cdp = await browser.newBrowserCDPSession();
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  let result: T;
  const chunks: string[] = [];
  try {
    result = await run();
  } finally {
    const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream ?? '')));
    await cdp.send('Tracing.end');
    const stream = await done;
    for (;;) {
      const r = (await cdp.send('IO.read', { handle: stream, size: 1 << 20 })) as { data: string; eof: boolean; base64Encoded?: boolean };
      chunks.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data);
      if (r.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    await cdp.detach();
    writeFileSync(file, chunks.join(''));
  }
  return { result: result!, summary: summarize(file, chunks.join(''), minMs) };
}

function summarize(file: string, text: string, minMs: number): TraceSummary {
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents ?? [];
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const start = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  const threadOf = (e: TraceEvent) => `${threads.get(`${e.pid}:${e.tid}`) ?? 'thread'} ${e.pid}:${e.tid}`;
  const long: TraceSummary['long'] = [];
  const gcMs: Record<string, number> = {};
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const ms = e.dur / 1000;
    // The timeline's GC events (V8's own phases nest inside them).
    if (e.name === 'MajorGC' || e.name === 'MinorGC') gcMs[threadOf(e)] = (gcMs[threadOf(e)] ?? 0) + ms;
    if (ms >= minMs) long.push({ thread: threadOf(e), name: e.name, atS: (e.ts - start) / 1e6, ms });
  }
  long.sort((a, b) => b.ms - a.ms);
  return { file, long: long.slice(0, 40), gcMs };
}

/** The summary's longest slices (at most `slices`, start rounded to `atDigits`) and its GC per thread, as note text ('none' when empty). */
export function describeTrace(summary: TraceSummary, slices: number, atDigits: number): { long: string; gc: string } {
  return {
    long: summary.long.slice(0, slices).map((l) => `${l.name} ${round(l.ms, 0)} ms at ${round(l.atS, atDigits)} s on ${l.thread}`).join('; ') || 'none',
    gc: Object.entries(summary.gcMs).map(([t, ms]) => `${t} ${round(ms, 0)} ms`).join(', ') || 'none',
  };
}
