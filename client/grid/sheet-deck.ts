// The sheets a person has opened stay alive while another view is shown, out of the document
// (detached, so nothing outside the sheet on screen can find or focus them) but with their
// grid, rows, scroll, search and selection. Why: a switch used to destroy the grid it left
// and create the one it opened, in the click's task; at 10,000 customers destroying the
// Customers grid took ~50 ms and creating a sheet's grid ~30–110 ms (CPU profile of
// 2026-12-01), and going back to Customers built its 10,000 rows and metrics again.
// Sheets not opened yet can be built ahead, one per idle moment (`prepareWhenIdle`), so
// that a first switch only attaches a grid that exists.
// A sheet opened with a drill-down filter is the exception: it is dropped when left, as a
// view of the moment.
import { createRoot, createSignal, type Accessor, type Owner } from 'solid-js';

interface Kept {
  el: HTMLElement;
  dispose: () => void;
}

/** Builds one sheet's element; `shown` says whether it is the one on screen. */
export type MakeSheet = (shown: Accessor<boolean>) => HTMLElement;

/** A sheet to build ahead of time. */
export interface Ahead {
  key: string;
  make: MakeSheet;
}

/** An idle moment long enough to build a grid in (Chromium's longest is 50 ms). */
const IDLE_MS = 45;

export class SheetDeck {
  private readonly kept = new Map<string, Kept>();
  private readonly transient = new Set<string>();
  private readonly shownKey = createSignal<string | null>(null);
  private readonly ahead = { queue: [] as Ahead[], cancel: null as (() => void) | null };

  /** `owner`: the app's, so the sheets see its context and are disposed with it. */
  constructor(private readonly owner: Owner | null) {}

  /** The element of the sheet under `key`, built on the first call; it becomes the one shown. */
  show(key: string, make: MakeSheet, keep: boolean): HTMLElement {
    const [shown, setShown] = this.shownKey;
    const left = shown();
    if (left !== null && left !== key && this.transient.has(left)) this.drop(left);
    const k = this.kept.get(key) ?? this.build(key, make);
    if (!keep) this.transient.add(key);
    setShown(key);
    return k.el;
  }

  /** No sheet on screen (the dashboard or settings is shown). */
  hide(): void {
    const [shown, setShown] = this.shownKey;
    const left = shown();
    setShown(null);
    if (left !== null && this.transient.has(left)) this.drop(left);
  }

  /** Builds these sheets (those not built yet), one per idle moment of the page; replaces any earlier list. */
  prepareWhenIdle(sheets: Ahead[]): void {
    this.ahead.queue = sheets.filter((s) => !this.kept.has(s.key));
    this.scheduleAhead();
  }

  /** The keys of the sheets built and kept. */
  keys(): string[] {
    return [...this.kept.keys()];
  }

  /** Drops every sheet whose key `stale` says no longer applies (another language). */
  dropWhere(stale: (key: string) => boolean): void {
    for (const key of [...this.kept.keys()]) if (stale(key) && key !== this.shownKey[0]()) this.drop(key);
  }

  dispose(): void {
    this.ahead.queue = [];
    this.ahead.cancel?.();
    for (const key of [...this.kept.keys()]) this.drop(key);
  }

  private build(key: string, make: MakeSheet): Kept {
    const k = createRoot((dispose) => ({ el: make(() => this.shownKey[0]() === key), dispose }), this.owner ?? undefined);
    this.kept.set(key, k);
    return k;
  }

  private scheduleAhead(): void {
    this.ahead.cancel?.();
    this.ahead.cancel = null;
    if (!this.ahead.queue.length) return;
    this.ahead.cancel = whenIdle((idleMs) => {
      this.ahead.cancel = null;
      // A short idle moment means the page is busy (typing, scrolling, painting): wait for a longer one.
      const next = idleMs >= IDLE_MS ? this.ahead.queue.shift() : undefined;
      if (next && !this.kept.has(next.key)) this.build(next.key, next.make);
      this.scheduleAhead();
    });
  }

  private drop(key: string): void {
    const k = this.kept.get(key);
    if (!k) return;
    this.kept.delete(key);
    this.transient.delete(key);
    k.el.remove();
    k.dispose();
  }
}

/** Calls `fn` with the idle time left when the page is next idle (a timer where the browser has no idle callbacks); returns the cancel. */
function whenIdle(fn: (idleMs: number) => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback((d) => fn(d.timeRemaining()));
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(() => fn(IDLE_MS), 500);
  return () => clearTimeout(id);
}
