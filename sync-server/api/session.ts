// Per open workbook, the API's view of it: core's typed access (openWorkbook) over the live
// doc, and derivation engines kept current as updates arrive, created on the first read.
// Sessions hang off the doc (WeakMap): when the room leaves memory and its doc is
// destroyed, the session goes with it.
import type * as Y from 'yjs';
import { createDerivation, openWorkbook, type Derivation, type Workbook } from '../../core/index.js';
import type { ApiOrigin, LiveWorkbook } from './host.js';

/** Today's date (UTC), the as-of date of the live engine. */
export const todayIso = (now = new Date()) => now.toISOString().slice(0, 10);

/** An engine pinned to another as-of date is dropped after this long unused. */
const PINNED_IDLE_MS = 5 * 60_000;

export class WorkbookSession {
  readonly wb: Workbook;
  private live: Derivation | null = null;
  private pinned: { engine: Derivation; timer: NodeJS.Timeout } | null = null;

  constructor(readonly workbook: LiveWorkbook) {
    this.wb = openWorkbook(workbook.doc);
  }

  /**
   * The engine for `asOf`: today's stays for the session's life; one other date is kept
   * (moved with setAsOf, which re-evaluates without re-reading rows) and dropped when idle.
   */
  engine(asOf: string): Derivation {
    const today = todayIso();
    if (asOf === today) {
      this.live ??= createDerivation(this.wb, { asOf: today });
      if (this.live.asOf !== today) this.live.setAsOf(today); // the date rolled over
      return this.live;
    }
    if (this.pinned) {
      clearTimeout(this.pinned.timer);
      if (this.pinned.engine.asOf !== asOf) this.pinned.engine.setAsOf(asOf);
    } else {
      this.pinned = { engine: createDerivation(this.wb, { asOf }), timer: undefined as unknown as NodeJS.Timeout };
    }
    const p = this.pinned;
    p.timer = setTimeout(() => {
      if (this.pinned !== p) return;
      p.engine.dispose();
      this.pinned = null;
    }, PINNED_IDLE_MS);
    p.timer.unref();
    return p.engine;
  }

  /** The live engine if it exists (webhooks follow it). */
  get liveEngine(): Derivation | null {
    return this.live;
  }

  /** One atomic, durable write: `fn` runs inside one doc transaction attributed to `origin`. */
  write(origin: ApiOrigin, fn: (wb: Workbook) => void): Promise<void> {
    return this.workbook.applyServerChange(() => fn(this.wb), origin);
  }

  dispose() {
    this.live?.dispose();
    if (this.pinned) {
      clearTimeout(this.pinned.timer);
      this.pinned.engine.dispose();
    }
    this.live = null;
    this.pinned = null;
  }
}

const sessions = new WeakMap<Y.Doc, WorkbookSession>();

export function sessionOf(live: LiveWorkbook): WorkbookSession {
  let s = sessions.get(live.doc);
  if (!s) {
    s = new WorkbookSession(live);
    sessions.set(live.doc, s);
    live.doc.once('destroy', () => s!.dispose());
  }
  return s;
}
